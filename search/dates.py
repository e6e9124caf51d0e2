"""Dates as Vietnamese pages write them.

In: a field value ("30/07/2018", "3/7/2018", "30-07-2018", "30.07.2018", "2018-07-30",
"ngày 24 tháng 7 năm 2018", "Hà Nội, ngày 24/7/2018", "24 / 7 / 2018" as pyvi splits it) or a
body. Out: `datetime.date`, or None when the text holds no date at all.

A date that is written but cannot exist (31/02/2018, month 13, year 2918) raises
InvalidDateError naming the field, never a guess. Two-digit years ("30/07/18") raise too: the
century is a guess. Day comes before month everywhere in Vietnamese usage; the only
year-first form accepted is ISO (2018-07-30).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from search.errors import InvalidDateError
from search.textnorm import DASHES

# Years a notice may carry: the oldest texts portals hold are from 1945; 2100 leaves room.
MIN_YEAR, MAX_YEAR = 1800, 2100

# Patterns run on NFC text as written, diacritics and dashes included (folding a whole body
# first cost more than the search itself): "ngày"/"ngay", "tháng"/"thang", "năm"/"nam".
_DASH = f"[-{DASHES}]"
_NOT_AFTER_NUMBER = rf"(?<![\d/.{DASHES}-])"
_DMY = rf"(?P<d>\d{{1,2}}) ?(?P<sep>[/.]|{_DASH}) ?(?P<m>\d{{1,2}}) ?(?P=sep) ?(?P<y>\d{{4}})(?![\d/])"
_ISO = r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d/-])"
_WORDS = r"(?P<wd>\d{1,2})\s+th[aá]ng\s+(?P<wm>\d{1,2})(?:\s*,\s*|\s+)n[aă]m\s+(?P<wy>\d{4})(?!\d)"
DATE_PATTERN = re.compile(rf"{_NOT_AFTER_NUMBER}(?:{_WORDS}|{_DMY}|{_ISO})", re.IGNORECASE)
_TWO_DIGIT_YEAR = re.compile(
    rf"{_NOT_AFTER_NUMBER}\d{{1,2}}([/.]|{_DASH})\d{{1,2}}\1\d{{2}}(?![\d/.{DASHES}-])"
)
# What may stand between a document number and its date: "91/2017/NĐ-CP ngày 31/7/2017",
# "…/NĐ-CP, ngày…", "…/NĐ-CP ban hành ngày…", "…/NĐ-CP (ngày…)".
_WINDOW = 60  # ", ban hành ngày 24 tháng 12 năm 2018" fits
_DATE_LEAD = re.compile(r"[ \t]*[,(]?[ \t]*(?:ban[ \t]+h[aà]nh[ \t]+)?ng[aà]y[ \t]+", re.IGNORECASE)


class DateMatch(NamedTuple):
    """A date found in text: where it was written and what it says (None: it cannot exist)."""

    start: int
    end: int
    value: date | None
    text: str


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _to_date(match: re.Match[str]) -> date | None:
    """The date a pattern match spells, or None when no such day exists."""
    groups = match.groupdict()
    if groups["wd"]:
        parts = groups["wy"], groups["wm"], groups["wd"]
    elif groups["d"]:
        parts = groups["y"], groups["m"], groups["d"]
    else:
        parts = groups["iy"], groups["im"], groups["id"]
    year, month, day = (int(p) for p in parts)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iter_dates(text: str) -> Iterator[DateMatch]:
    """Every date-shaped span in text, in order, valid or not."""
    text = _nfc(text)
    for match in DATE_PATTERN.finditer(text):
        yield DateMatch(match.start(), match.end(), _to_date(match), match.group(0))


def find_dates(text: str) -> list[date]:
    """The valid dates written in a body, in order (impossible ones are not dates of anything
    and are left out here; parse_date reports them for fields)."""
    return [m.value for m in iter_dates(text) if m.value is not None]


def parse_date(text: str | None, field: str | None = None) -> date | None:
    """The first date written in a field value; None when there is none ("", "Đang cập nhật");
    InvalidDateError(value, field) when it cannot exist or has a two-digit year."""
    if text is None or not text.strip():
        return None
    for found in iter_dates(text):
        if found.value is None:
            raise InvalidDateError(text.strip(), field)
        return found.value
    if _TWO_DIGIT_YEAR.search(_nfc(text)):
        raise InvalidDateError(text.strip(), field, reason="two-digit year")
    return None


def date_after(text: str, pos: int) -> tuple[date | None, int]:
    """The date written right at pos after "ngày" ("… ngày 31/7/2017", "…, ngày 24 tháng 7 năm
    2018"), and where it ends; (None, pos) when none is. Used for citations, where an
    impossible date is left out rather than failing the whole body."""
    # Only the next few words matter: a body's citations must not each rescan the body.
    window = _nfc(text[pos : pos + _WINDOW])
    lead = _DATE_LEAD.match(window)
    if not lead:
        return None, pos
    match = DATE_PATTERN.match(window, lead.end())
    if not match:
        return None, pos
    value = _to_date(match)
    return (value, pos + match.end()) if value else (None, pos)
