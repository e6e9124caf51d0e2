"""search.references: cited documents with their type and date, once each, in order."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SEED
from hypothesis import given
from hypothesis import strategies as st

from search.models import Reference
from search.references import extract_references


def test_the_seed_cites_six_documents() -> None:
    references = extract_references(SEED.read_text(encoding="utf-8"))
    assert references == [
        Reference(doc_type="Quy chế", number="01-QC/KTĐCQĐ"),
        Reference(doc_type="Kế hoạch", number="02-KH/KTĐCQĐ"),
        Reference(doc_type="Chỉ thị", number="22-CT/TW", date=date(2018, 1, 23)),
        Reference(doc_type="Kế hoạch", number="02-KH/KTĐCBDDTW", date=date(2018, 4, 24)),
        Reference(doc_type="Nghị định", number="91/2017/NĐ-CP", date=date(2017, 7, 31)),
        Reference(doc_type="Thông tư", number="08/2017/TT-BNV", date=date(2017, 10, 27)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Căn cứ Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;",
            [Reference(doc_type="Nghị định", number="91/2017/NĐ-CP", date=date(2017, 7, 31))],
        ),
        (
            "Thông tư số 08/2017/TT-BNV ngày 27/10/2017",
            [Reference(doc_type="Thông tư", number="08/2017/TT-BNV", date=date(2017, 10, 27))],
        ),
        (
            "theo Chỉ thị 22-CT/TW ngày 23/01/2018 của Ban Bí thư",
            [Reference(doc_type="Chỉ thị", number="22-CT/TW", date=date(2018, 1, 23))],
        ),
        ("Kế hoạch số 02-KH/KTĐCQĐ", [Reference(doc_type="Kế hoạch", number="02-KH/KTĐCQĐ")]),
        (
            "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11 ngày 26 tháng 11 năm 2003;",
            [Reference(doc_type="Luật", number="15/2003/QH11", date=date(2003, 11, 26))],
        ),
        (
            "QUYẾT ĐỊNH SỐ 1234/QĐ-UBND NGÀY 05/03/2020",
            [Reference(doc_type="Quyết định", number="1234/QĐ-UBND", date=date(2020, 3, 5))],
        ),
        (
            "Thông tư liên tịch số: 12/2015/TTLT-BTC-BNV",
            [Reference(doc_type="Thông tư liên tịch", number="12/2015/TTLT-BTC-BNV")],
        ),
        ("nghi dinh so 56/ 2015/ NÐ - CP", [Reference(doc_type="Nghị định", number="56/2015/NĐ-CP")]),
        # No type written: the number's code names it, or nothing does (a công văn).
        ("thực hiện 05/CT-TTg.", [Reference(doc_type="Chỉ thị", number="05/CT-TTg")]),
        ("văn bản 1234/BTC-TCT ngày 5/3/2020", [Reference(number="1234/BTC-TCT", date=date(2020, 3, 5))]),
        ("Công văn 1234/BTC-TCT", [Reference(doc_type="Công văn", number="1234/BTC-TCT")]),
        # A written type beats the code's: Party "Quy định" carries QĐ in some numbers.
        ("Quy định số 08-QĐ/TW", [Reference(doc_type="Quy định", number="08-QĐ/TW")]),
        # An impossible date is left out, the citation kept.
        (
            "Nghị định 91/2017/NĐ-CP ngày 31/02/2017",
            [Reference(doc_type="Nghị định", number="91/2017/NĐ-CP")],
        ),
        (
            "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14",
            [Reference(doc_type="Pháp lệnh", number="02/2020/UBTVQH14")],
        ),
        # A law's title only stands between "Luật" and "số" for the National Assembly's numbers.
        ("theo Luật và văn bản số 1234/BTC-TCT", [Reference(number="1234/BTC-TCT")]),
        # Dates and ratios cite nothing.
        ("Chiều ngày 24/7/2018 (11/6/1948 – 11/6/2018), 3/4 đơn vị", []),
        ("", []),
    ],
)
def test_extract_references(text: str, expected: list[Reference]) -> None:
    assert extract_references(text) == expected


def test_a_number_cited_twice_keeps_its_first_place_and_the_fullest_mention() -> None:
    text = (
        "theo 91/2017/NĐ-CP và Thông tư 08/2017/TT-BNV; "
        "Nghị định 91/2017/nđ-cp ngày 31/7/2017 quy định chi tiết; 08/2017/TT-BNV"
    )
    assert extract_references(text) == [
        Reference(doc_type="Nghị định", number="91/2017/NĐ-CP", date=date(2017, 7, 31)),
        Reference(doc_type="Thông tư", number="08/2017/TT-BNV"),
    ]


# Text made of the pieces numbers are built from: digits (Arabic-Indic ones too), code letters,
# every separator and dash, spaces, dots and Vietnamese words.
_NUMBER_PIECES = st.lists(
    st.sampled_from(
        ["1", "23", "2017", "٣", "a", "QĐ", "NĐ", "CP", "TT", "ubnd", "/", "-", "–", "—", "‐", "﹘",
         " ", "  ", ".", "\n", "số ", "ngày ", "Nghị định ", "x"]
    ),
    max_size=30,
).map("".join)


@given(_NUMBER_PIECES)
def test_numbers_are_found_where_number_pattern_finds_them(text: str) -> None:
    # The prefilter may only skip positions where NUMBER_PATTERN cannot match.
    from search.numbers import NUMBER_PATTERN
    from search.references import _number_matches

    expected = [(m.start(), m.group(0)) for m in NUMBER_PATTERN.finditer(text)]
    assert [(m.start(), m.group(0)) for m in _number_matches(text)] == expected


def test_numbers_are_found_where_number_pattern_finds_them_in_the_seed() -> None:
    from search.numbers import NUMBER_PATTERN
    from search.references import _number_matches

    text = SEED.read_text(encoding="utf-8")
    expected = [m.group(0) for m in NUMBER_PATTERN.finditer(text)]
    assert len(expected) >= 6
    assert [m.group(0) for m in _number_matches(text)] == expected


def test_a_later_fuller_mention_lends_its_type_and_date_to_the_first_place() -> None:
    text = "1234/BTC-TCT; 12/QĐ-UBND; Công văn số 1234/BTC-TCT ngày 05/03/2020"
    references = extract_references(text)
    assert [r.number for r in references] == ["1234/BTC-TCT", "12/QĐ-UBND"]
    assert references[0].date == date(2020, 3, 5)
