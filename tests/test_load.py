"""`python -m ingest load` on the real node: a dump mixing every format and broken files gives
exact counts and searchable fields; a re-run changes nothing; an updated notice updates just
that document; a load killed mid-run or cut off from Elasticsearch completes on re-run to the
same index as an uninterrupted load; a malicious archive is refused."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.cli import main
from search import indexes
from search.client import connect
from search.documents import analyse_notices, analysis_pool, build_document, index_action, submit_documents
from search.models import Attachment, Notice
from tests.es_proxy import FaultyProxy

ROOT = Path(__file__).resolve().parent.parent
LOAD = Path(__file__).parent / "fixtures" / "load"
sys.path.insert(0, str(ROOT / "scripts"))
from notice_corpus import generate_notices, write_corpus  # noqa: E402

FIXTURE_REASONS = {
    "parse:empty_page": 1,
    "parse:no_labelled_fields": 1,
    "parse:undecodable_page": 1,
    "read:invalid_csv": 1,
    "read:invalid_json": 1,
    "validate:invalid_date": 1,
    "validate:invalid_record": 1,
}


def load(capsys, *args: str) -> dict:
    """Run the command in-process with --json and return its summary."""
    assert main(["load", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def ids_and_hashes(es, alias: str) -> dict[str, str]:
    index = indexes.current_index(es, alias)
    return {s["id"]: s["content_hash"] for s in indexes.scan_sources(es, index)}


def warc_with_one_page(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (LOAD / "pages" / "quyet-dinh-khen-thuong.html").read_bytes().replace(b"1520/", b"1777/")
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://namdinh.example.vn/van-ban/1777",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
        )


@pytest.fixture
def mixed_dump(tmp_path: Path) -> Path:
    """The committed fixtures plus archives built here: a zip of two pages, a tar.gz of one text
    dump, a WARC with one page and a zip that tries to write outside any extraction directory."""
    dump = tmp_path / "dump"
    shutil.copytree(LOAD, dump)
    with zipfile.ZipFile(dump / "trang.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("quyet-dinh-khen-thuong.html", "thong-bao-khoi-thi-dua.txt"):
            archive.write(LOAD / "pages" / name, f"trang/{name}")
    warc_with_one_page(dump / "crawl.warc.gz")
    page = (
        "Số ký hiệu: 33/TB-UBND\nTrích yếu: Thông báo lịch tiếp công dân tháng 9\nNgày ban hành: 28/08/2023\n"
    )
    with tarfile.open(dump / "thong-bao.tar.gz", "w:gz") as archive:
        member = tarfile.TarInfo("thong-bao/33-tb-ubnd.txt")
        member.size = len(page.encode())
        archive.addfile(member, io.BytesIO(page.encode()))
    with zipfile.ZipFile(dump / "doc-hai.zip", "w") as archive:
        archive.writestr("../../../../tmp/vanban-owned.txt", "Trích yếu: chiếm quyền")
    return dump


def test_a_mixed_dump_loads_with_exact_counts_is_searchable_and_reloads_as_unchanged(
    es, index_name, mixed_dump, tmp_path, capsys
):
    quarantine = tmp_path / "quarantine.jsonl"
    first = load(capsys, str(mixed_dump), "--index", index_name, "--quarantine", str(quarantine))
    # 5 notices from pages (3 listing rows, 1 HTML, 1 text), 3 NDJSON, 2 CSV, 2 in the zip, 1 in the tar,
    # 1 in the WARC;
    # quarantined: the 7 broken records of the fixtures and the malicious zip, refused whole.
    expected_reasons = {**FIXTURE_REASONS, "read:unsafe_archive": 1}
    assert (first["seen"], first["indexed"], first["unchanged"], first["quarantined"]) == (22, 14, 0, 8)
    assert first["reasons"] == expected_reasons
    assert not Path("/tmp/vanban-owned.txt").exists()

    refused = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert len(refused) == 8 and all(r["source"] and r["stage"] and r["reason"] for r in refused)
    assert {r["source"] for r in refused if r["reason"] == "unsafe_archive"} == {"dump/doc-hai.zip"}

    es.indices.refresh(index=index_name)
    assert es.count(index=index_name)["count"] == 14
    by_number = es.search(index=index_name, query={"term": {"number_key": "1520/QD-UBND"}})["hits"]["hits"]
    assert {h["_source"]["source"] for h in by_number} == {
        "dump/pages/quyet-dinh-khen-thuong.html",
        "dump/trang.zip!trang/quyet-dinh-khen-thuong.html",
    }
    citing = es.count(index=index_name, query={"term": {"numbers": "91/2017/ND-CP"}})["count"]
    assert citing == 6  # the seed twice (dir, zip), the decision twice, the WARC page, the NDJSON circular
    folded = es.count(index=index_name, query={"match_phrase": {"text.body.folded_syllables": "thi dua"}})[
        "count"
    ]
    assert folded >= 5
    from_tar = es.search(index=index_name, query={"term": {"number_key": "33/TB-UBND"}})["hits"]["hits"]
    assert [h["_source"]["source"] for h in from_tar] == ["dump/thong-bao.tar.gz!thong-bao/33-tb-ubnd.txt"]
    from_warc = es.search(index=index_name, query={"term": {"number_key": "1777/QD-UBND"}})["hits"]["hits"]
    assert [h["_source"]["source"] for h in from_warc] == ["https://namdinh.example.vn/van-ban/1777"]

    again = load(capsys, str(mixed_dump), "--index", index_name, "--quarantine", str(quarantine))
    assert (again["seen"], again["indexed"], again["unchanged"], again["quarantined"]) == (22, 0, 14, 8)

    ndjson = mixed_dump / "exports" / "notices.ndjson"
    ndjson.write_text(
        ndjson.read_text(encoding="utf-8").replace("hệ thống giáo dục quốc dân", "hệ thống giáo dục"),
        encoding="utf-8",
    )
    before = ids_and_hashes(es, index_name)
    updated = load(capsys, str(mixed_dump), "--index", index_name, "--quarantine", str(quarantine))
    assert (updated["indexed"], updated["unchanged"]) == (1, 13)
    after = ids_and_hashes(es, index_name)
    assert {k for k in after if after[k] != before.get(k)} == {"ndjson-0001"}


def test_a_dry_run_parses_and_analyses_but_writes_nothing(es, index_name, tmp_path, capsys):
    report = load(
        capsys, str(LOAD), "--index", index_name, "--dry-run", "--quarantine", str(tmp_path / "q.jsonl")
    )
    assert (report["seen"], report["indexed"], report["quarantined"], report["dry_run"]) == (17, 10, 7, True)
    assert not es.indices.exists_alias(name=index_name)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A dump big enough to be interrupted: 800 generated notices as NDJSON plus 40 text pages."""
    root = tmp_path_factory.mktemp("corpus") / "corpus"
    write_corpus(root / "notices.ndjson", 800, seed=11)
    write_corpus(root / "pages", 40, seed=12, fmt="text")
    return root


def run_loader(*args: str, env_url: str | None = None) -> subprocess.Popen:
    """The command in a child process, in small batches and one process so that it is still
    running when a test interrupts it, even on a fast machine."""
    env = dict(os.environ)
    if env_url:
        env["VANBAN_ES_URL"] = env_url
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "load", *args, "--json", "--batch-size", "50", "--processes", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def indexed_so_far(es, alias: str) -> int:
    """Documents written so far; counted from indexing stats because refresh is off during loads."""
    if not es.indices.exists_alias(name=alias):
        return 0
    stats = es.indices.stats(index=alias, metric="indexing")
    return int(stats["_all"]["primaries"]["indexing"]["index_total"])


def test_a_load_killed_mid_run_completes_on_rerun_to_the_same_index(es, index_name, corpus, tmp_path, capsys):
    killed = run_loader(str(corpus), "--index", index_name, "--quarantine", str(tmp_path / "q1.jsonl"))
    deadline = time.monotonic() + 120
    while indexed_so_far(es, index_name) < 150 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL, "the load finished before it could be killed"
    partial = indexed_so_far(es, index_name)

    rerun = load(capsys, str(corpus), "--index", index_name, "--quarantine", str(tmp_path / "q2.jsonl"))
    reference = f"{index_name}-ref"
    uninterrupted = load(
        capsys, str(corpus), "--index", reference, "--quarantine", str(tmp_path / "q3.jsonl")
    )

    assert rerun["seen"] == uninterrupted["seen"] == 840
    assert (
        rerun["unchanged"] >= min(partial, 150)
        and rerun["indexed"] + rerun["unchanged"] == uninterrupted["indexed"]
    )
    assert ids_and_hashes(es, index_name) == ids_and_hashes(es, reference)
    name = indexes.current_index(es, index_name)
    flat = es.indices.get_settings(index=name, name="index.refresh_interval", flat_settings=True)
    assert (
        flat[name]["settings"]["index.refresh_interval"] == "1s"
    )  # the kill left -1; the re-run restored it


def test_elasticsearch_unreachable_is_one_clear_line_and_exit_1(index_name):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    process = run_loader(str(LOAD), "--index", index_name, env_url=f"http://127.0.0.1:{port}")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip().count("\n") == 0 and f"no Elasticsearch at http://127.0.0.1:{port}" in err
    assert out == ""


def test_elasticsearch_going_away_mid_run_stops_cleanly_and_a_rerun_completes(
    es, index_name, corpus, tmp_path, capsys
):
    with FaultyProxy(connect(check=False).transport.node_pool.get().base_url) as proxy:
        proxy.cut_after_bulks = 3
        process = run_loader(
            str(corpus), "--index", index_name, "--quarantine", str(tmp_path / "q1.jsonl"), env_url=proxy.url
        )
        out, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert err.strip().count("\n") == 0 and "stopped answering" in err and "Traceback" not in err
    written = indexed_so_far(es, index_name)
    assert written == 150  # three batches of 50 went through before the cut

    rerun = load(capsys, str(corpus), "--index", index_name, "--quarantine", str(tmp_path / "q2.jsonl"))
    assert (rerun["seen"], rerun["unchanged"], rerun["indexed"] + rerun["unchanged"]) == (840, 150, 840)
    es.indices.refresh(index=index_name)
    assert es.count(index=index_name)["count"] == 840


def test_the_bundled_samples_for_the_demo_all_load(tmp_path, capsys):
    report = load(capsys, str(ROOT / "samples"), "--dry-run", "--quarantine", str(tmp_path / "q.jsonl"))
    assert (report["seen"], report["indexed"], report["quarantined"]) == (15, 15, 0)


def test_a_request_elasticsearch_refuses_is_one_line_and_exit_1(es, tmp_path, capsys):
    # Index names must be lower case: Elasticsearch answers 400, the command says so in one line.
    assert (
        main(["load", str(LOAD), "--index", "Notices-UPPER", "--quarantine", str(tmp_path / "q.jsonl")]) == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ingest load: Elasticsearch refused the request (400)")


def test_pool_workers_prepare_exactly_the_documents_the_one_process_path_builds():
    # The load's pool path (analysis, IndexedDocument and JSON in the workers) must index what
    # build_document + index_action give in one process: same ids, hashes, fields and tokens.
    with_attachment = Notice(
        id="dinh-kem",
        body="",
        source="t/dinh-kem",
        attachments=[Attachment(name="pl.pdf", url="https://x.example.vn/pl.pdf", text="Phụ lục: kí duyệt")],
    )
    notices = [n.with_content_hash() for n in [*generate_notices(40, 11), with_attachment]]
    assert any(n.references for n in notices) and any(n.title is None for n in notices)
    expected = [
        index_action(build_document(n, t, datetime(2026, 1, 1, tzinfo=UTC)), "x")["_source"]
        for n, t in zip(notices, analyse_notices(notices), strict=True)
    ]
    with analysis_pool(2) as pool:
        assert pool is not None
        prepared = submit_documents(notices, pool, chunk_size=3)()
    assert [(d.id, d.content_hash) for d in prepared] == [(n.id, n.content_hash) for n in notices]
    sources = [json.loads(d.source) for d in prepared]
    assert all(s.pop("indexed_at") for s in sources)
    assert sources == [{k: v for k, v in e.items() if k != "indexed_at"} for e in expected]
