"""search.numbers: document numbers found, normalised and keyed, and dates never taken for them."""

from __future__ import annotations

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from search.numbers import find_numbers, is_number, normalise_number, number_key, type_code


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("56/ 2015/ NĐ - CP", "56/2015/NĐ-CP"),
        ("91/2017/NÐ-CP", "91/2017/NĐ-CP"),  # U+00D0
        ("91/2017/NĐ–CP", "91/2017/NĐ-CP"),
        ("91/2017/NĐ—CP", "91/2017/NĐ-CP"),
        ("05/CT-TTg", "05/CT-TTg"),  # the issuer code's case is kept
        ("12/2020/TT-BTC.", "12/2020/TT-BTC"),
        ("12/2020/TT-BTC...", "12/2020/TT-BTC"),
        ("Số: 12/2020/TT-BTC", "12/2020/TT-BTC"),
        ("số 12/2020/TT-BTC;", "12/2020/TT-BTC"),
        ("91/2017/nđ-cp", "91/2017/NĐ-CP"),  # typed in lower case: capitals restored
        ("02-kh/ktđcqđ", "02-KH/KTĐCQĐ"),
        ("12a/2019/nđ-cp", "12a/2019/NĐ-CP"),
        ("  02-KH/KTĐCQĐ ", "02-KH/KTĐCQĐ"),
        ("", None),
        ("   ", None),
        (None, None),
        ("Đang cập nhật", None),
    ],
)
def test_normalise_number(written: str | None, canonical: str | None) -> None:
    assert normalise_number(written) == canonical


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("theo Nghị định 91/2017/NĐ-CP ngày 31/7/2017", ["91/2017/NĐ-CP"]),
        ("số 12/2020/TT-BTC.", ["12/2020/TT-BTC"]),
        ("Quyết định số 123/ QĐ-UBND ngày 5/3/2020", ["123/QĐ-UBND"]),
        ("văn bản 1234/BTC-TCT, 05/CT-TTg và 45/2019/QH14", ["1234/BTC-TCT", "05/CT-TTg", "45/2019/QH14"]),
        ("(91/2017/NĐ-CP) và 91/2017/NÐ-CP", ["91/2017/NĐ-CP"]),
        ("12/2015/TTLT-BTC-BNV", ["12/2015/TTLT-BTC-BNV"]),
        ("01/VBHN-BGDĐT", ["01/VBHN-BGDĐT"]),
        ("123/QĐ-UBND - về việc", ["123/QĐ-UBND"]),
        # Dates, ratios, units, abbreviations: never numbers.
        ("ngày 24/7/2018", []),
        ("(11/6/1948 – 11/6/2018)", []),
        ("30/07/2018", []),
        ("2018-07-30", []),
        ("24 / 7 / 2018", []),
        ("PGS.TS Hoàng Phúc Lâm", []),
        ("V/v thi đua", []),
        ("COVID-19", []),
        ("tốc độ 100m/s", []),
        ("3/4 thành viên, 10/10 điểm, 24/7 phục vụ, năm 2018/2019", []),
    ],
)
def test_find_numbers(text: str, numbers: list[str]) -> None:
    assert find_numbers(text) == numbers


def test_find_numbers_in_the_seed() -> None:
    assert find_numbers(SEED.read_text(encoding="utf-8")) == [
        "01-QC/KTĐCQĐ",
        "02-KH/KTĐCQĐ",
        "22-CT/TW",
        "02-KH/KTĐCBDDTW",
        "91/2017/NĐ-CP",
        "08/2017/TT-BNV",
    ]


@pytest.mark.parametrize(
    ("candidate", "expected"), [("100m/s", False), ("1/qđ", False), ("91/2017/nđ-cp", True), ("1/QĐ", True)]
)
def test_is_number(candidate: str, expected: bool) -> None:
    assert is_number(candidate) is expected


@pytest.mark.parametrize(
    "variant", ["91/2017/NĐ-CP", "91/2017/nđ-cp", "91/2017/ND-CP", "91/ 2017/ NÐ - CP", "91/2017/NĐ–CP."]
)
def test_number_key_meets_every_spelling(variant: str) -> None:
    assert number_key(variant) == "91/2017/ND-CP"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("91/2017/NĐ-CP", "NĐ"),
        ("08/2017/TT-BNV", "TT"),
        ("02-KH/KTĐCQĐ", "KH"),
        ("22-CT/TW", "CT"),
        ("1234/QĐ-UBND", "QĐ"),
        ("1234/BTC-TCT", "BTC"),
        ("56/ 2015/ NÐ - CP", "NĐ"),
        ("45/2019/QH14", "QH14"),
        ("123", None),
        ("", None),
    ],
)
def test_type_code(number: str, code: str | None) -> None:
    assert type_code(number) == code


_code = st.sampled_from(["NĐ-CP", "QĐ-UBND", "TT-BNV", "CT-TTg", "BTC-TCT", "KH/KTĐCQĐ", "QH14"])
_sep = st.sampled_from(["/", " / ", "/ ", " /"])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 9999), st.one_of(st.none(), st.integers(1990, 2030)), _code, _sep)
def test_normalise_number_is_idempotent_and_space_free(
    number: int, year: int | None, code: str, sep: str
) -> None:
    written = f"{number}{sep}{year}{sep}{code}" if year else f"{number}{sep}{code}"
    once = normalise_number(written)
    assert once is not None and " " not in once
    assert normalise_number(once) == once
    assert find_numbers(f"theo văn bản số {written} ngày 1/1/2020") == [once]


DATE_TEMPLATES = [
    "{d}/{m}/{y}",
    "{d:02}/{m:02}/{y}",
    "{d}-{m}-{y}",
    "{d}.{m}.{y}",
    "{y}-{m:02}-{d:02}",
    "{d} / {m} / {y}",
]


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.sampled_from([*DATE_TEMPLATES, "{d}/{m}"]))
def test_dates_are_never_numbers(day, template: str) -> None:
    written = template.format(d=day.day, m=day.month, y=day.year)
    assert find_numbers(f"Chiều ngày {written}, tại Hà Nội ({written} – {written})") == []


@pytest.mark.parametrize("text", ["1/" * 5000, "1 / " * 5000 + "x", "1-" * 5000, "12/QĐ-" * 2000 + "x"])
def test_long_runs_of_separators_end_with_an_answer(text: str) -> None:
    # Overlapping separator forms once made "1/1/1/..." backtrack 2^n ways: the call never ended.
    numbers = find_numbers(text)
    assert all(" " not in n for n in numbers)
    assert find_numbers(text + " theo 91/2017/NĐ-CP")[-1] == "91/2017/NĐ-CP"
