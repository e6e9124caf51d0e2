"""Protected spans: the pieces of text that must reach the index whole, never segmented.

In: normalised text (search.textnorm.normalise_text). Out: `Span`s in order of position, none
overlapping, each with the token the index stores for it (lower case, canonical form).

Kinds, from the highest priority down (a span that starts earlier wins; at the same start the
longer one, then the higher kind):
- ``url``: ``http://``, ``https://``, ``ftp://`` and ``www.`` addresses, trailing sentence
  punctuation cut off ("xem tại http://a.vn/b." ends the URL before the dot);
- ``email``: ``name@host.tld``;
- ``number``: document numbers, found by search.numbers.NUMBER_PATTERN (one pattern shared with
  ingest) and stored in search.numbers.normalise_number's form, lower-cased:
  "56/ 2015/ NĐ - CP" → "56/2015/nđ-cp";
- ``date``: day/month/year with "/", "-" or "." ("24/7/2018", "30-07-2018", "31.7.2017"),
  stored as d/m/yyyy without leading zeros so that "30/07/2018" and "30/7/2018" meet; a
  month/year ("7/2018") is stored as m/yyyy; impossible days or months are not dates;
- ``decimal``: numbers with separators ("1.000.000", "3,5", "1.234,56"), kept as written;
- ``abbreviation``: dotted abbreviations ("TP.HCM", "PGS.TS", "Th.S", "GS.TSKH"): segments
  of capitals with at most one lower-case letter each, so "Đảng.Các" (a missing space after a
  full stop) is not one.

pyvi splits all of these at their punctuation ("91 / 2017 / NĐ - CP", "24 / 7 / 2018"), and
"PGS" and "TS" would be indexed as two unrelated syllables; kept whole they match exactly.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from search.numbers import NUMBER_PATTERN, normalise_number

__all__ = ["Span", "SpanKind", "find_spans"]


class SpanKind(StrEnum):
    """What a protected span is; the order of the members is their priority."""

    url = "url"
    email = "email"
    number = "number"
    date = "date"
    decimal = "decimal"
    abbreviation = "abbreviation"


class Span(BaseModel):
    """One protected span: where it is, what was written, and the token stored for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    kind: SpanKind
    text: str
    token: str


_PRIORITY = {kind: rank for rank, kind in enumerate(SpanKind)}

_URL = re.compile(r"(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>\"“”‘’]+", re.IGNORECASE)
# Punctuation that ends a sentence or a parenthesis after a URL rather than belonging to it.
_URL_TAIL = ".,;:!?)]}'\"…"
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# The three patterns below open with the character class of their first character and test
# what precedes it just after it ("\d(?<![\w.,]\d)" is "(?<![\w.,])\d"): a pattern whose
# first item is a class lets the regex engine skip ahead to candidate characters, where a
# leading look-behind is tried at every position of the text (twice the time on a body).
# tests/test_spans.py checks them against the plain forms.
_DATE = re.compile(r"(\d(?<![\w/.,-]\d)\d?)(?:([/.-])(\d{1,2})\2(\d{4}|\d{2})|/(\d{4}))(?![\w/-]|[.,]\d)")
_DECIMAL = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)+(?![\w]|[.,]\d)")
_SEGMENT = r"[A-ZĐ](?:[A-ZĐ]*[a-z]?[A-ZĐ]*)"
_ABBREVIATION = re.compile(
    rf"[A-ZĐ](?<![\w.][A-ZĐ])(?:[A-ZĐ]*[a-z]?[A-ZĐ]*)\.(?:{_SEGMENT}\.)*{_SEGMENT}(?![\w])"
)


def find_spans(text: str) -> list[Span]:
    """Every protected span of text, in order, none overlapping (see the module docstring)."""
    candidates = [*_urls(text), *_emails(text), *_numbers(text), *_dates(text), *_decimals(text)]
    candidates += _abbreviations(text)
    candidates.sort(key=lambda s: (s.start, -(s.end - s.start), _PRIORITY[s.kind]))
    chosen: list[Span] = []
    for span in candidates:
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def _urls(text: str) -> list[Span]:
    if "://" not in text and "www." not in text.lower():
        return []
    spans = []
    for match in _URL.finditer(text):
        written = match.group(0).rstrip(_URL_TAIL)
        if "." not in written.split("//", 1)[-1]:
            continue  # "http://" alone or a host without a dot is not an address to keep
        start = match.start()
        spans.append(_span(start, start + len(written), SpanKind.url, written, written.lower()))
    return spans


def _emails(text: str) -> list[Span]:
    if "@" not in text:
        return []
    return [
        _span(m.start(), m.end(), SpanKind.email, m.group(0), m.group(0).lower())
        for m in _EMAIL.finditer(text)
    ]


def _numbers(text: str) -> list[Span]:
    spans = []
    for match in NUMBER_PATTERN.finditer(text):
        canonical = normalise_number(match.group(0))
        if canonical:
            spans.append(
                _span(match.start(), match.end(), SpanKind.number, match.group(0), canonical.lower())
            )
    return spans


def _dates(text: str) -> list[Span]:
    spans = []
    for match in _DATE.finditer(text):
        if match.group(2) is not None:
            day, month, year = int(match.group(1)), int(match.group(3)), match.group(4)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            token = f"{day}/{month}/{year}"
        else:
            month, year = int(match.group(1)), match.group(5)
            if not 1 <= month <= 12:
                continue
            token = f"{month}/{year}"
        spans.append(_span(match.start(), match.end(), SpanKind.date, match.group(0), token))
    return spans


def _decimals(text: str) -> list[Span]:
    return [
        _span(m.start(), m.end(), SpanKind.decimal, m.group(0), m.group(0)) for m in _DECIMAL.finditer(text)
    ]


def _abbreviations(text: str) -> list[Span]:
    return [
        _span(m.start(), m.end(), SpanKind.abbreviation, m.group(0), m.group(0).lower())
        for m in _ABBREVIATION.finditer(text)
    ]


def _span(start: int, end: int, kind: SpanKind, text: str, token: str) -> Span:
    # model_construct: these values are built here from regex groups, already of the right
    # types; validating again would double the cost of span finding on every body.
    return Span.model_construct(start=start, end=end, kind=kind, text=text, token=token)
