"""Bad pages give a typed ParseError naming the page and the reason, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.detect import check_size, max_page_bytes
from ingest.errors import (
    BinaryPage,
    EmptyPage,
    NoLabelledFields,
    PageTooLarge,
    ParseError,
    UndecodablePage,
)
from ingest.models import RawPage
from ingest.pages import parse_listing_links, parse_page, read_page
from search.errors import VanbanError

PAGES = Path(__file__).parent / "fixtures" / "pages"
DETAIL = (PAGES / "h01_table_th_td.html").read_bytes()


def page(data: bytes | str, charset: str | None = None) -> RawPage:
    if isinstance(data, str):
        return RawPage(source="mem://page", text=data)
    return RawPage(source="mem://page", data=data, declared_charset=charset)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyPage),
        (b" \n\t\r\n ", EmptyPage),
        ("   \n", EmptyPage),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinaryPage),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", BinaryPage),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryPage),
        (b"So ky hieu: 12/QD\x00\x00\x00\x01\x02", BinaryPage),
        ("Số ký hiệu: 1\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 40, BinaryPage),
        (b"<html><body><p>Tin t\xe1\xbb\xa9c h\xc3\xb4m nay</p></body></html>", NoLabelledFields),
        (b"Just some English prose with no labels at all.\nAnd a second line.", NoLabelledFields),
        ("<html><body><h1>Tin</h1><p><b>Tác giả:</b> Minh An</p><p>Bài viết.</p>", NoLabelledFields),
        ("Số ký hiệu:\nTrích yếu:\nNgười ký:\n", NoLabelledFields),
        ("Tác giả: Minh An\nNguồn tin: Báo tỉnh\n", NoLabelledFields),
    ],
    ids=["empty", "whitespace", "blank-text", "pdf", "docx", "png", "nul", "controls", "html-no-label",
         "prose", "news-with-unknown-label", "labels-without-values", "unknown-labels-only"],
)
def test_bad_pages_raise_the_typed_error_naming_the_source(
    data: bytes | str, error: type[ParseError]
) -> None:
    with pytest.raises(error) as caught:
        parse_page(page(data))
    assert caught.value.source == "mem://page"
    assert "\n" not in str(caught.value) and str(caught.value).startswith("mem://page: ")


def test_parse_errors_are_vanban_errors_so_the_cli_reports_them() -> None:
    for error in (EmptyPage, BinaryPage, PageTooLarge, UndecodablePage, NoLabelledFields):
        assert issubclass(error, ParseError) and issubclass(error, VanbanError)


def test_bytes_that_are_no_plausible_vietnamese_are_undecodable() -> None:
    # Invalid UTF-8 whose every legacy reading is gibberish.
    data = bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0x20]) * 300
    with pytest.raises(UndecodablePage) as caught:
        parse_page(page(data))
    assert "plausible" in caught.value.reason


def test_a_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(PageTooLarge) as caught:
        read_page(huge)
    assert caught.value.source == str(huge) and "52,428,800 bytes" in caught.value.reason


def test_a_file_that_never_ends_is_refused_after_the_cap() -> None:
    # /dev/zero reports size 0, like a pipe: only a bounded read stops it.
    with pytest.raises(PageTooLarge):
        read_page("/dev/zero")


def test_a_page_in_memory_over_the_cap_is_refused_too() -> None:
    row = "<p>Số ký hiệu: 1/QĐ</p>".encode()
    data = b"<html><body>" + row * (max_page_bytes() // len(row) + 1)
    assert len(data) > max_page_bytes()
    with pytest.raises(PageTooLarge):
        parse_page(page(data))


def test_the_cap_comes_from_the_config_and_a_caller_may_lower_it() -> None:
    assert max_page_bytes() == 20 * 1024 * 1024
    check_size("x", 1000, limit=1000)
    with pytest.raises(PageTooLarge):
        check_size("x", 1001, limit=1000)


def test_a_missing_file_is_a_parse_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_page(tmp_path / "nope.html")
    assert caught.value.source.endswith("nope.html") and "cannot read" in caught.value.reason


@pytest.mark.parametrize("cut", range(40, len(DETAIL), 97))
def test_html_truncated_anywhere_gives_notices_or_a_parse_error(cut: int) -> None:
    try:
        notices = parse_page(page(DETAIL[:cut]))
    except ParseError:
        return
    # Once the number row is in, it is read, whatever comes after it was cut.
    if b"2316/Q" in DETAIL[:cut] and b"</td></tr>" in DETAIL[DETAIL.index(b"2316/Q") : cut]:
        assert notices[0].number == "2316/QĐ-UBND"


def test_truncated_utf8_in_the_middle_of_a_letter_still_decodes() -> None:
    data = "Số ký hiệu: 12/QĐ-UBND\nTrích yếu: Về việc tăng cường".encode()[:-1]
    notices = parse_page(page(data))
    assert notices[0].number == "12/QĐ-UBND"


def test_a_deeply_nested_page_is_read_or_refused_without_a_traceback() -> None:
    html = "<div>" * 5000 + "<p>Số ký hiệu: 3/QĐ-UB</p>" + "</div>" * 5000
    try:
        notices = parse_page(page(html))
    except ParseError as error:
        assert error.reason
    else:
        assert notices[0].number == "3/QĐ-UB"


def test_utf8_declared_but_cp1258_bytes_decode_by_plausibility() -> None:
    text = "Số ký hiệu: 7/TB-UBND\nTrích yếu: Thông báo lịch tiếp công dân của Chủ tịch Ủy ban\n"
    from search.legacy import encode_legacy

    notices = parse_page(page(encode_legacy(text, "cp1258"), charset="utf-8"))
    assert notices[0].title == "Thông báo lịch tiếp công dân của Chủ tịch Uỷ ban"


def test_listing_links_of_a_bad_page_raise_the_same_typed_errors() -> None:
    with pytest.raises(EmptyPage):
        parse_listing_links(page(b""))
    with pytest.raises(BinaryPage):
        parse_listing_links(page(b"%PDF-1.4 ..."))


def test_a_raw_page_holds_bytes_or_text_not_both() -> None:
    with pytest.raises(ValueError):
        RawPage(source="x", data=b"a", text="a")
    with pytest.raises(ValueError):
        RawPage(source="x")


def test_symlinked_or_special_files_are_read_like_files(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("Số ký hiệu: 5/KH-UBND\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    os.symlink(target, link)
    assert parse_page(read_page(link))[0].number == "5/KH-UBND"
