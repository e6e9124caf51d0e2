"""Attachment text: PDF and DOCX made at test time; a scanned PDF and a legacy .doc reported."""

from __future__ import annotations

import pytest

from ingest.attachments import (
    ScannedPDF,
    UnreadableFile,
    UnsupportedFormat,
    extract_text,
    file_format,
    is_attachment_link,
)
from tests.portal.files import docx_with_text, legacy_doc, pdf_with_text, scanned_pdf


def test_pdf_text_layer_is_extracted_with_vietnamese_letters() -> None:
    pdf = pdf_with_text(["Phụ lục: danh sách tập thể được khen thưởng", "Kèm theo Quyết định số 12/QĐ-UBND"])
    text = extract_text(pdf, "http://a.vn/files/pl.pdf")
    assert text == "Phụ lục: danh sách tập thể được khen thưởng\nKèm theo Quyết định số 12/QĐ-UBND"


def test_docx_paragraphs_and_table_cells_are_extracted() -> None:
    data = docx_with_text(["Kế hoạch tổ chức Hội nghị sơ kết"], [["Nơi nhận:", "KT. CHỦ TỊCH"]])
    assert (
        extract_text(data, "http://a.vn/kh.docx")
        == "Kế hoạch tổ chức Hội nghị sơ kết\nNơi nhận: | KT. CHỦ TỊCH"
    )


def test_a_scanned_pdf_is_reported_not_silently_empty() -> None:
    with pytest.raises(ScannedPDF) as caught:
        extract_text(scanned_pdf(pages=3), "http://a.vn/scan.pdf")
    assert "scanned PDF without a text layer (3 page(s)" in str(caught.value)
    assert caught.value.url == "http://a.vn/scan.pdf"


def test_a_legacy_word_doc_is_reported_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="legacy Word .doc"):
        extract_text(legacy_doc(), "http://a.vn/cv.doc")


def test_a_truncated_pdf_is_unreadable() -> None:
    pdf = pdf_with_text(["Thông báo"])
    with pytest.raises(UnreadableFile, match="unreadable PDF"):
        extract_text(pdf[: len(pdf) // 3], "http://a.vn/cut.pdf")


def test_format_comes_from_magic_bytes_before_names() -> None:
    pdf = pdf_with_text(["Thông báo kết quả thi đua năm 2018"])
    assert file_format(pdf, "http://a.vn/tai-ve?id=3", "application/octet-stream") == "pdf"
    assert file_format(docx_with_text(["x"]), "http://a.vn/file.doc") == "docx"
    assert file_format(legacy_doc(), "http://a.vn/file.docx") == "doc"
    assert file_format(b"\x89PNG\r\n", "http://a.vn/anh.png", "image/png") == "other"


def test_an_image_is_an_unsupported_format() -> None:
    with pytest.raises(UnsupportedFormat, match="image/png"):
        extract_text(b"\x89PNG\r\n\x1a\n", "http://a.vn/anh.png", "image/png")


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://a.vn/f/QD-12.PDF", True), ("http://a.vn/f/kh.docx?v=2", True), ("http://a.vn/vb/12", False)],
)
def test_attachment_links_are_told_by_extension(url: str, expected: bool) -> None:
    assert is_attachment_link(url) is expected


def test_a_pdf_typed_in_a_tcvn3_font_is_repaired_by_the_shared_normaliser() -> None:
    from search.legacy import encode_legacy

    text = "Thông báo kết quả thi đua khen thưởng năm 2018 của các đơn vị trực thuộc"
    mojibake = encode_legacy(text, "tcvn3").decode("latin-1")
    assert mojibake != text
    assert extract_text(pdf_with_text([mojibake]), "http://a.vn/tb.pdf") == text


def test_an_english_annex_is_kept_as_written() -> None:
    text = "Annex 2: list of participating agencies and budget (VND million)"
    assert extract_text(docx_with_text([text]), "http://a.vn/annex.docx") == text
