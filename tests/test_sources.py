"""Record sources: every file, archive member, export line and WARC record becomes exactly one
item (page, notice or quarantine record), malicious or oversized archives are refused whole,
and locations do not depend on where the dump sits."""

from __future__ import annotations

import io
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from ingest.models import RawPage
from ingest.sources import Ignored, Limits, Quarantined, iter_items, unsafe_member
from search.models import Notice, Status, notice_id

LOAD = Path(__file__).parent / "fixtures" / "load"


def describe(items) -> list[tuple[str, str, str]]:
    """(kind, location, reason-or-id) per item: enough to compare whole streams exactly."""
    out = []
    for item in items:
        if isinstance(item, RawPage):
            out.append(("page", item.source, ""))
        elif isinstance(item, Notice):
            out.append(("notice", item.source, item.id))
        elif isinstance(item, Quarantined):
            out.append(("quarantined", item.source, f"{item.stage}:{item.reason}"))
        else:
            out.append(("ignored", item.source, item.reason))
    return out


def test_the_fixture_dump_gives_one_item_per_record_in_a_stable_order():
    assert describe(iter_items([LOAD])) == [
        ("page", "load/broken/khong-phai-van-ban.html", ""),
        ("page", "load/broken/ma-hong.txt", ""),
        ("page", "load/broken/trang-rong.txt", ""),
        ("notice", "https://chinhphu.example.vn/tb-215", "csv-001"),
        ("notice", "https://mof.example.vn/cv-1234", "csv-002"),
        ("quarantined", "load/exports/danh-muc.csv:4", "validate:invalid_date"),
        ("quarantined", "load/exports/danh-muc.csv:5", "read:invalid_csv"),
        ("notice", "https://vbpl.example.vn/van-ban/45-2019-qh14", "ndjson-0001"),
        ("notice", "https://vbpl.example.vn/van-ban/08-2017-tt-bnv", "ndjson-0002"),
        # No id or source in the record: both come from its location, so they are stable.
        ("notice", "load/exports/notices.ndjson:4", "aeb5efc1117d7275e79bad2f"),
        ("quarantined", "load/exports/notices.ndjson:5", "validate:invalid_record"),
        ("quarantined", "load/exports/notices.ndjson:6", "read:invalid_json"),
        ("page", "load/pages/danh-sach-van-ban.html", ""),
        ("page", "load/pages/quyet-dinh-khen-thuong.html", ""),
        ("page", "load/pages/thong-bao-khoi-thi-dua.txt", ""),
    ]


def test_csv_cells_in_portal_wording_are_understood_and_kept():
    notices = [i for i in iter_items([LOAD / "exports" / "danh-muc.csv"]) if isinstance(i, Notice)]
    by_id = {n.id: n for n in notices}
    assert (by_id["csv-002"].status, by_id["csv-002"].status_text) == (Status.in_force, "Còn hiệu lực")
    assert by_id["csv-001"].extra == {"Ghi chú": "Bản sao"}


def test_a_csv_with_vietnamese_headers_maps_them_through_the_vocabulary(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(
        "Số ký hiệu,Trích yếu,Ngày ban hành,Trạng thái\n05/CT-TTg,Về phòng chống dịch,"
        "31/03/2020,Đang có hiệu lưc\n",
        encoding="utf-8",
    )
    (notice,) = iter_items([export])
    assert isinstance(notice, Notice)
    assert (notice.number, notice.title, str(notice.issued_date), notice.status) == (
        "05/CT-TTg",
        "Về phòng chống dịch",
        "2020-03-31",
        Status.in_force,
    )


def copy_dump(tmp_path: Path) -> Path:
    shutil.copytree(LOAD, tmp_path / "load")
    return tmp_path / "load"


def test_zip_and_tar_members_are_streamed_with_the_same_items_as_the_directory(tmp_path):
    root = copy_dump(tmp_path)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    with zipfile.ZipFile(tmp_path / "dump.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(tmp_path).as_posix())
    with tarfile.open(tmp_path / "dump.tar.gz", "w:gz") as archive:
        for path in files:
            archive.add(path, path.relative_to(tmp_path).as_posix())
    from_dir = describe(iter_items([root]))

    def unwrap(items, prefix):
        return [(k, loc.replace(prefix, ""), r) for k, loc, r in describe(items)]

    from_zip = unwrap(iter_items([tmp_path / "dump.zip"]), "dump.zip!")
    from_tar = unwrap(iter_items([tmp_path / "dump.tar.gz"]), "dump.tar.gz!")
    # Ids derived from locations differ by the archive prefix; everything else is the same.
    strip = lambda rows: [(k, loc, "" if k == "notice" and len(r) == 24 else r) for k, loc, r in rows]  # noqa: E731
    assert strip(from_zip) == strip(from_dir)
    assert strip(from_tar) == strip(from_dir)
    page = next(i for i in iter_items([tmp_path / "dump.tar.gz"]) if isinstance(i, RawPage))
    assert page.data == (root / "broken" / "khong-phai-van-ban.html").read_bytes()


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "pages/../../x.html", "C:\\x.html"])
def test_a_zip_with_an_escaping_member_is_refused_whole(tmp_path, name):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("pages/ok.txt", "Trích yếu: hợp lệ")
        archive.writestr(name, "Trích yếu: độc hại")
    items = list(iter_items([tmp_path / "evil.zip"]))
    assert describe(items) == [("quarantined", "evil.zip", "read:unsafe_archive")]
    assert unsafe_member(name)


def test_a_tar_with_a_link_or_an_escaping_member_is_refused_whole(tmp_path):
    for name, member in [
        ("link.tar.gz", tarfile.TarInfo("pages/passwd")),
        ("dots.tar.gz", tarfile.TarInfo("../x")),
    ]:
        if name == "link.tar.gz":
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
        with tarfile.open(tmp_path / name, "w:gz") as archive:
            ok = tarfile.TarInfo("pages/ok.txt")
            ok.size = 3
            archive.addfile(ok, io.BytesIO(b"abc"))
            archive.addfile(member, io.BytesIO(b""))
        assert describe(iter_items([tmp_path / name])) == [("quarantined", name, "read:unsafe_archive")]


def test_zip_bombs_and_oversized_members_are_refused_by_size(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(4):
            archive.writestr(f"p{n}.txt", b"0" * 2_000_000)  # 8 MB that compress to a few KB
    assert (tmp_path / "bomb.zip").stat().st_size < 100_000
    tight = Limits(max_archive_bytes=5_000_000, max_file_bytes=1_000_000)
    assert describe(iter_items([tmp_path / "bomb.zip"], tight)) == [
        ("quarantined", "bomb.zip", "read:archive_too_large")
    ]
    roomy = Limits(max_archive_bytes=50_000_000, max_file_bytes=1_000_000)
    reasons = {r for _, _, r in describe(iter_items([tmp_path / "bomb.zip"], roomy))}
    assert reasons == {"read:file_too_large"}


def test_nested_archives_and_overlong_lines_are_quarantined_not_read(tmp_path):
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as archive:
        archive.writestr("inner.zip", b"PK\x03\x04")
    (tmp_path / "big.ndjson").write_bytes(
        b'{"id": "a", "source": "s", "title": "' + b"x" * 5000 + b'"}\n{"id": "b", "source": "s"}\n'
    )
    items = describe(
        iter_items([tmp_path / "outer.zip", tmp_path / "big.ndjson"], Limits(max_line_bytes=1000))
    )
    assert items == [
        ("quarantined", "outer.zip!inner.zip", "read:nested_archive"),
        ("quarantined", "big.ndjson:1", "read:line_too_large"),
        ("notice", "s", "b"),
    ]


def test_warc_responses_of_pages_become_raw_pages_and_the_rest_is_ignored_not_lost(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = "<html><body><p>Số ký hiệu: 01/TB-UBND</p></body></html>".encode()
    with open(tmp_path / "crawl.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, content_type, payload in [
            ("https://portal.example.vn/vb/1", "text/html; charset=UTF-8", html),
            ("https://portal.example.vn/logo.png", "image/png", b"\x89PNG..."),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
        writer.write_record(
            writer.create_warc_record(
                "https://portal.example.vn/vb/1", "request", payload=io.BytesIO(b"GET /vb/1 HTTP/1.1\r\n\r\n")
            )
        )
    items = list(iter_items([tmp_path / "crawl.warc.gz"]))
    page, image, request = items
    assert isinstance(page, RawPage)
    assert (page.source, page.data, page.declared_charset) == (
        "https://portal.example.vn/vb/1",
        html,
        "utf-8",
    )
    assert isinstance(image, Ignored) and image.reason == "warc_not_a_page"
    assert isinstance(request, Ignored) and request.reason == "warc_request"


def test_missing_paths_and_garbage_archives_are_quarantined(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"not a zip at all")
    (tmp_path / "broken.tar.gz").write_bytes(b"\x1f\x8b not gzip either")
    assert describe(iter_items([tmp_path / "nope", tmp_path / "broken.zip", tmp_path / "broken.tar.gz"])) == [
        ("quarantined", str(tmp_path / "nope"), "read:missing_path"),
        ("quarantined", "broken.zip", "read:bad_archive"),
        ("quarantined", "broken.tar.gz", "read:bad_archive"),
    ]


def test_locations_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    root = copy_dump(tmp_path)
    monkeypatch.chdir(tmp_path)
    here = describe(iter_items(["load"]))
    monkeypatch.chdir(root / "pages")
    assert describe(iter_items([str(root)])) == here


def test_a_gzipped_export_is_read_through_gzip(tmp_path):
    import gzip

    data = (LOAD / "exports" / "notices.ndjson").read_bytes()
    (tmp_path / "notices.ndjson.gz").write_bytes(gzip.compress(data))
    gz = describe(iter_items([tmp_path / "notices.ndjson.gz"]))
    plain = describe(iter_items([LOAD / "exports" / "notices.ndjson"]))
    assert [(k, r if k != "notice" or len(r) != 24 else "") for k, _, r in gz] == [
        (k, r if k != "notice" or len(r) != 24 else "") for k, _, r in plain
    ]
    assert gz[-1][1] == "notices.ndjson.gz:6"


def test_files_without_a_telling_name_are_read_by_their_first_bytes(tmp_path):
    shutil.copy(LOAD / "exports" / "notices.ndjson", tmp_path / "export")
    with zipfile.ZipFile(tmp_path / "bundle", "w") as archive:
        archive.write(LOAD / "pages" / "quyet-dinh-khen-thuong.html", "trang.html")
    (tmp_path / "list.dat").write_text('[{"id": "x1", "source": "s1"}, {"id": "x2", "source": "s2"}]')
    kinds = [(k, r) for k, _, r in describe(iter_items([tmp_path]))]
    assert kinds == [
        ("page", ""),  # the zip's member
        ("notice", "ndjson-0001"),
        ("notice", "ndjson-0002"),
        ("notice", notice_id(f"{tmp_path.name}/export:4")),
        ("quarantined", "validate:invalid_record"),
        ("quarantined", "read:invalid_json"),
        ("notice", "x1"),
        ("notice", "x2"),
    ]
