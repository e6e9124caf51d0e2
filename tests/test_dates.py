"""search.dates: every way portals write a date, and no guessing at impossible ones."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SEED

from search.dates import date_after, find_dates, iter_dates, parse_date
from search.errors import InvalidDateError

JULY_30 = date(2018, 7, 30)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("30/07/2018", JULY_30),
        ("30/7/2018", JULY_30),
        ("3/7/2018", date(2018, 7, 3)),
        ("03/07/2018", date(2018, 7, 3)),
        ("30-07-2018", JULY_30),
        ("30.07.2018", JULY_30),
        ("30–07–2018", JULY_30),  # en dashes
        ("2018-07-30", JULY_30),
        ("2018-7-3", date(2018, 7, 3)),
        ("2018-07-30T08:00:00+07:00", JULY_30),
        ("ngày 24 tháng 7 năm 2018", date(2018, 7, 24)),
        ("Ngày 24 tháng 07 năm 2018", date(2018, 7, 24)),
        ("NGÀY 24 THÁNG 7 NĂM 2018", date(2018, 7, 24)),
        ("ngay 24 thang 7 nam 2018", date(2018, 7, 24)),
        ("24 tháng 7, năm 2018", date(2018, 7, 24)),
        ("Hà Nội, ngày 24 tháng 7 năm 2018", date(2018, 7, 24)),
        ("ngày 24/7/2018", date(2018, 7, 24)),
        ("24 / 7 / 2018", date(2018, 7, 24)),  # as pyvi splits it
        ("  30/07/2018\n", JULY_30),
        ("30/07/2018 10:15", JULY_30),
        ("29/02/2020", date(2020, 2, 29)),
        ("11/6/1948", date(1948, 6, 11)),
    ],
)
def test_parse_date_reads_every_portal_format(written: str, expected: date) -> None:
    assert parse_date(written, "issued_date") == expected


@pytest.mark.parametrize(
    "written",
    [
        None,
        "",
        "   ",
        "Đang cập nhật",
        "Không xác định",
        "91/2017/NĐ-CP",
        "ngày 24/7",
        "tháng 7 năm 2018",
        "2018",
    ],
)
def test_parse_date_is_none_without_a_date(written: str | None) -> None:
    assert parse_date(written, "issued_date") is None


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("31/02/2018", "impossible date"),
        ("29/02/2019", "impossible date"),
        ("30/13/2018", "impossible date"),
        ("00/07/2018", "impossible date"),
        ("32.07.2018", "impossible date"),
        ("2018-02-30", "impossible date"),
        ("ngày 31 tháng 4 năm 2018", "impossible date"),
        ("30/07/2918", "impossible date"),  # a typo for 2018: not ours to guess
        ("30/07/18", "two-digit year"),
        ("3.7.18", "two-digit year"),
    ],
)
def test_impossible_dates_raise_naming_the_field(written: str, reason: str) -> None:
    with pytest.raises(InvalidDateError) as raised:
        parse_date(written, "effective_date")
    assert raised.value.field == "effective_date"
    assert raised.value.value == written
    assert str(raised.value).startswith(f"{reason} in effective_date")


def test_find_dates_in_the_seed_body() -> None:
    dates = find_dates(SEED.read_text(encoding="utf-8"))
    assert dates[:4] == [JULY_30, JULY_30, date(2018, 7, 24), date(2018, 1, 23)]
    assert {
        date(1948, 6, 11),
        date(2018, 6, 11),
        date(2018, 4, 24),
        date(2017, 7, 31),
        date(2017, 10, 27),
    } <= set(dates)


def test_find_dates_leaves_impossible_ones_out_and_iter_dates_shows_them() -> None:
    text = "từ 31/02/2018 đến 01/03/2018"
    assert find_dates(text) == [date(2018, 3, 1)]
    spans = [(m.text, m.value) for m in iter_dates(text)]
    assert spans == [("31/02/2018", None), ("01/03/2018", date(2018, 3, 1))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ", date(2017, 7, 31)),
        ("91/2017/NĐ-CP, ngày 31/7/2017", date(2017, 7, 31)),
        ("91/2017/NĐ-CP ban hành ngày 31 tháng 7 năm 2017", date(2017, 7, 31)),
        ("91/2017/NĐ-CP (ngày 31/7/2017)", date(2017, 7, 31)),
        ("91/2017/NĐ-CP của Chính phủ ngày 31/7/2017", None),  # not right after the number
        ("91/2017/NĐ-CP ngày 31/02/2017", None),
        ("91/2017/NĐ-CP", None),
    ],
)
def test_date_after_a_number(text: str, expected: date | None) -> None:
    value, end = date_after(text, len("91/2017/NĐ-CP"))
    assert value == expected
    assert (end > len("91/2017/NĐ-CP")) == (expected is not None)
