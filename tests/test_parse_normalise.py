"""ParsedNotice → Notice: ids, hashes, and the decisions documented in ingest/normalise.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.detect import detect_kind
from ingest.models import PageKind, ParsedNotice, RawPage
from ingest.normalise import row_identity, to_notice
from ingest.pages import parse_page, read_page
from search.models import Attachment, Status, notice_id

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_413800830483a456.txt"
LISTING = FIXTURES / "pages" / "l01_standard.html"


def parsed(**fields: str) -> ParsedNotice:
    return ParsedNotice(source="mem://n", fields=fields)


def test_reparsing_the_same_page_gives_the_same_id_and_hash() -> None:
    first = parse_page(read_page(SEED, source="dump/000.txt"))[0]
    again = parse_page(read_page(SEED, source="dump/000.txt"))[0]
    assert first.id == again.id == notice_id("dump/000.txt")
    assert first.content_hash == again.content_hash and len(first.content_hash) == 64


def test_the_same_notice_at_another_path_has_another_id_but_the_same_content_hash() -> None:
    here = parse_page(read_page(SEED, source="a/000.txt"))[0]
    there = parse_page(read_page(SEED, source="b/000.txt"))[0]
    assert here.id != there.id
    assert here.content_hash == there.content_hash


def test_a_changed_field_changes_the_content_hash() -> None:
    text = SEED.read_text(encoding="utf-8")
    before = parse_page(RawPage(source="s", text=text))[0]
    after = parse_page(RawPage(source="s", text=text.replace("30/07/2018\nTrạng", "31/07/2018\nTrạng")))[0]
    assert after.effective_date == date(2018, 7, 31)
    assert before.id == after.id and before.content_hash != after.content_hash


def test_listing_rows_take_the_detail_url_as_source_and_the_row_in_their_id() -> None:
    base = "https://tinh.example.gov.vn/van-ban/chi-dao-dieu-hanh"
    rows = parse_page(read_page(LISTING, base_url=base))
    assert [r.source_row for r in rows] == [0, 1, 2]
    detail = "https://tinh.example.gov.vn/van-ban/chi-tiet/4521"
    assert rows[0].source == detail
    assert rows[0].id == notice_id(row_identity(detail, 0)) == notice_id(f"{detail}#row=0")
    assert len({r.id for r in rows}) == 3


def test_an_impossible_date_keeps_the_notice_and_its_raw_value_in_extra() -> None:
    notice = to_notice(parsed(number="5/QĐ-UBND", issued_date="31/02/2018", effective_date="01/03/2018"))
    assert notice.issued_date is None and notice.effective_date == date(2018, 3, 1)
    assert notice.extra == {"invalid:issued_date": "31/02/2018"}
    assert notice.number == "5/QĐ-UBND"


def test_a_date_field_holding_words_is_kept_in_extra_too() -> None:
    notice = to_notice(parsed(expiry_date="Không xác định"))
    assert notice.expiry_date is None and notice.extra == {"invalid:expiry_date": "Không xác định"}


def test_a_number_field_without_a_number_is_kept_in_extra() -> None:
    notice = to_notice(parsed(number="Đang cập nhật"))
    assert notice.number is None and notice.extra == {"invalid:number": "Đang cập nhật"}


def test_later_different_values_of_a_field_are_reported_as_a_conflict() -> None:
    notice = ParsedNotice(source="mem://n")
    notice.add("signer", "Nguyễn Văn A")
    notice.add("signer", "Nguyễn Văn A")
    notice.add("signer", "Trần Văn B")
    notice.add("signer", "Lê Thị C")
    result = to_notice(notice)
    assert result.signer == "Nguyễn Văn A"
    assert result.extra == {"conflict:signer": "Trần Văn B | Lê Thị C"}


def test_values_equal_once_normalised_are_no_conflict() -> None:
    notice = ParsedNotice(source="mem://n")
    for number in ("56/2015/NĐ-CP", "56/ 2015/ NÐ - CP", "57/2015/NĐ-CP"):
        notice.add("number", number)
    notice.add("signer", "Nguyễn  Văn A")
    notice.add("signer", "Nguyễn Văn A ")
    result = to_notice(notice)
    assert result.number == "56/2015/NĐ-CP"
    assert result.extra == {"conflict:number": "57/2015/NĐ-CP"}


def test_an_empty_first_value_gives_way_to_a_later_one() -> None:
    notice = ParsedNotice(source="mem://n")
    notice.add("signer", "")
    notice.add("signer", "Trần Văn B")
    assert to_notice(notice).signer == "Trần Văn B" and not notice.conflicts


def test_doc_type_comes_from_the_number_when_the_page_gives_none() -> None:
    assert to_notice(parsed(number="91/2017/NÐ-CP")).doc_type == "Nghị định"
    assert to_notice(parsed(number="1234/BTC-TCT")).doc_type is None
    assert to_notice(parsed(number="1/QĐ-UB", doc_type="Chỉ thị")).doc_type == "Chỉ thị"


def test_status_words_map_to_the_enum_and_the_raw_text_is_kept() -> None:
    assert to_notice(parsed(status="Hết hiệu lực một phần")).status is Status.partly_expired
    notice = to_notice(parsed(status="Đang có hiệu lưc"))
    assert notice.status is Status.in_force and notice.status_text == "Đang có hiệu lưc"
    assert to_notice(parsed()).status is Status.unknown


def test_the_notice_does_not_cite_itself() -> None:
    notice = to_notice(ParsedNotice(
        source="mem://n",
        fields={
            "number": "12/2019/TT-BNV",
            "title": "Thông tư 12/2019/TT-BNV hướng dẫn Nghị định 91/2017/NĐ-CP",
        },
    ))
    assert [r.number for r in notice.references] == ["91/2017/NĐ-CP"]


def test_values_are_normalised_by_the_shared_normaliser() -> None:
    nfd = "Nguye\u0302\u0303n Va\u0306n A\u00a0\u00a0 "
    notice = to_notice(ParsedNotice(
        source="mem://n",
        fields={"signer": nfd, "number": "56/ 2015/ NÐ \u2013 CP"},
        body="  \n\nĐoạn một.   \n\n\n\nĐoạn hai.\n",
        attachments=[Attachment(name="  Tải\u00a0về ", url=" https://x.example/a.pdf ")],
    ))
    assert notice.signer == "Nguyễn Văn A"
    assert notice.number == "56/2015/NĐ-CP"
    assert notice.body == "Đoạn một.\n\nĐoạn hai."
    assert [(a.name, a.url) for a in notice.attachments] == [("Tải về", "https://x.example/a.pdf")]


def test_the_kind_is_detected_from_the_content() -> None:
    dump_with_angles = RawPage(source="a", text="Số ký hiệu: 1/QĐ\nvalue < 3 and x > 2")
    assert detect_kind(dump_with_angles) is PageKind.text_dump
    assert detect_kind(RawPage(source="b", text="<p>Số ký hiệu: 1/QĐ</p>")) is PageKind.html_detail
    assert detect_kind(read_page(LISTING)) is PageKind.html_listing
    four_columns = FIXTURES / "pages" / "h02_four_columns.html"
    assert detect_kind(read_page(four_columns)) is PageKind.html_detail


def test_a_listing_table_needs_adjacent_known_headers() -> None:
    html = ("<table><tr><td>Số ký hiệu</td><td>1/QĐ</td><td>Trích yếu</td><td>Về việc A</td></tr>"
            "<tr><td>Ngày ban hành</td><td>01/02/2020</td><td>Người ký</td><td>B</td></tr></table>")
    notices = parse_page(RawPage(source="c", text=html))
    assert len(notices) == 1 and notices[0].number == "1/QĐ" and notices[0].signer == "B"
