"""Protected spans are found, kept whole and reach all four token lists intact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import analyse
from search.spans import SpanKind, find_spans
from search.textnorm import fold

# (text, [(kind, token), ...]): what find_spans must report, in order.
CASES = [
    ("Nghị định 91/2017/NĐ-CP của Chính phủ", [("number", "91/2017/nđ-cp")]),
    ("Kế hoạch số 02-KH/KTĐCQĐ.", [("number", "02-kh/ktđcqđ")]),
    ("Quyết định 1234/QĐ-UBND ngày", [("number", "1234/qđ-ubnd")]),
    ("Công văn 1234/BTC-TCT, gửi", [("number", "1234/btc-tct")]),
    ("Chỉ thị 22-CT/TW", [("number", "22-ct/tw")]),
    ("Luật 45/2019/QH14", [("number", "45/2019/qh14")]),
    ("văn bản 01/VBHN-BGDĐT", [("number", "01/vbhn-bgdđt")]),
    ("số 56/ 2015/ NĐ - CP", [("number", "56/2015/nđ-cp")]),
    ("số 91/2017/NĐ–CP (gạch ngang dài)", [("number", "91/2017/nđ-cp")]),
    ("Thông tư 12a/2019/TT-BTC", [("number", "12a/2019/tt-btc")]),
    ("ngày 24/7/2018", [("date", "24/7/2018")]),
    ("ngày 30/07/2018", [("date", "30/7/2018")]),
    ("ngày 30-07-2018", [("date", "30/7/2018")]),
    ("ngày 31.7.2017", [("date", "31/7/2017")]),
    ("tháng 7/2018", [("date", "7/2018")]),
    ("(11/6/1948 – 11/6/2018)", [("date", "11/6/1948"), ("date", "11/6/2018")]),
    ("ngày 32/13/2018 không có", []),
    ("kinh phí 1.000.000 đồng", [("decimal", "1.000.000")]),
    ("tăng 3,5%", [("decimal", "3,5")]),
    ("1.234.567,89 đồng", [("decimal", "1.234.567,89")]),
    (
        "xem http://vanban.chinhphu.vn/portal/page?id=1.",
        [("url", "http://vanban.chinhphu.vn/portal/page?id=1")],
    ),
    ("(https://moha.gov.vn/a/b.htm)", [("url", "https://moha.gov.vn/a/b.htm")]),
    ("trang www.ThaiNguyen.gov.vn, ", [("url", "www.thainguyen.gov.vn")]),
    ("thư tới VanThu@moha.gov.vn.", [("email", "vanthu@moha.gov.vn")]),
    ("a.b-c+d@sub.tinh.gov.vn", [("email", "a.b-c+d@sub.tinh.gov.vn")]),
    ("PGS.TS Nguyễn Duy Bắc", [("abbreviation", "pgs.ts")]),
    ("tại TP.HCM.", [("abbreviation", "tp.hcm")]),
    ("Th.S Lê Văn A", [("abbreviation", "th.s")]),
    ("GS.TSKH Trần B", [("abbreviation", "gs.tskh")]),
    ("Tp.HCM và Tp.Hà Nội", [("abbreviation", "tp.hcm")]),
    ("Đảng.Các cơ quan", []),
    ("UBND tỉnh, COVID-19", []),
    (
        "Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ",
        [("number", "91/2017/nđ-cp"), ("date", "31/7/2017")],
    ),
    ("http://a.vn/van-ban/91/2017/ND-CP", [("url", "http://a.vn/van-ban/91/2017/nd-cp")]),
]


def test_the_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_spans_found(text, expected):
    assert [(s.kind.value, s.token) for s in find_spans(text)] == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_spans_point_at_what_was_written(text, expected):
    for span in find_spans(text):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(("text", "expected"), [c for c in CASES if c[1]])
def test_spans_survive_analysis_whole_in_all_four_lists(text, expected):
    analysis = analyse(text)
    for _kind, token in expected:
        assert token in analysis.words
        assert token in analysis.syllables
        assert fold(token) in analysis.folded_words
        assert fold(token) in analysis.folded_syllables
    # ... and none of their pieces leaks out as a token of its own.
    pieces = {"2017", "nđ", "cp", "pgs", "ts", "hcm", "tskh", "07", "000"}
    if any(kind in {"number", "abbreviation", "decimal"} for kind, _ in expected):
        assert not pieces & set(analysis.syllables)


def test_the_earliest_longest_span_wins_where_two_overlap():
    # The URL holds a document number and a date-like path; it is one token.
    spans = find_spans("http://a.vn/2018/7/24/91/2017/ND-CP.htm")
    assert [s.kind for s in spans] == [SpanKind.url]


def test_a_query_number_meets_the_document_number_in_the_folded_fields():
    document = analyse("theo Nghị định 91/2017/NĐ-CP")
    query = analyse("91/2017/nd-cp")
    assert set(query.folded_words) <= set(document.folded_words)


def test_dates_written_differently_meet():
    assert analyse("ngày 30/07/2018").words == analyse("ngày 30-7-2018").words


# The plain forms of the date, decimal and abbreviation patterns (a look-behind first); the
# module's patterns are written for speed and must find exactly the same matches.
_SEGMENT = r"[A-ZĐ](?:[A-ZĐ]*[a-z]?[A-ZĐ]*)"
_PLAIN = {
    "_DATE": r"(?<![\w/.,-])(\d{1,2})(?:([/.-])(\d{1,2})\2(\d{4}|\d{2})|/(\d{4}))(?![\w/-]|[.,]\d)",
    "_DECIMAL": r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w]|[.,]\d)",
    "_ABBREVIATION": rf"(?<![\w.])(?:{_SEGMENT}\.)+{_SEGMENT}(?![\w])",
}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789./,-–@ ĐđAaBTSHhxyễ\n٣", max_size=40))
def test_fast_span_patterns_match_their_plain_forms(text):
    import re

    from search import spans

    for name, plain in _PLAIN.items():
        fast = getattr(spans, name)
        expected = [(m.span(), m.groups()) for m in re.finditer(plain, text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected, name
