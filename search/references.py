"""Citations of other documents in a notice's title or body.

In: text ("… theo Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ và Thông tư số
08/2017/TT-BNV …"). Out: `Reference(doc_type, number, date)` per cited document, in order of
first appearance, one per number.

- number: every document number search.numbers finds, normalised;
- doc_type: the type written right before it ("Nghị định", "Thông tư số", "Kế hoạch số:",
  "Luật Thi đua, Khen thưởng số"), else the type the number's code names (NĐ, TT, KH ...),
  else None (a công văn 1234/BTC-TCT names none);
- date: "ngày 31/7/2017" or "ngày 24 tháng 7 năm 2018" written right after the number.
A number cited several times keeps the first mention that carries the most of type and date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from search.dates import date_after
from search.models import Reference
from search.numbers import NUMBER_PATTERN, is_number, normalise_number, number_key
from search.textnorm import DASHES, fold
from search.vocabulary import vocabulary

# How far back a type name may stand from its number. "Luật <title> số N" needs the most: titles
# of laws run to a few words ("Luật Thi đua, Khen thưởng số 15/2003/QH11").
_LOOKBACK = 90
# Types whose citations put the document's title between the type and "số".
_TITLED_TYPES = ("luat", "bo luat", "phap lenh", "hien phap")
# What a mention can say beyond its number: its type and its date.
_MOST_INFORMATION = 2
# Where NUMBER_PATTERN can start: it opens with 1-5 digits, a letter perhaps, then a separator
# (spaces before it allowed), at a digit no word character, slash, dot or hyphen precedes.
# NUMBER_PATTERN itself opens with that look-behind, which keeps the regex engine from skipping
# to digits: finditer over the seed's body costs three times this scan plus its matches.
# Only necessary conditions: DASHES holds every dash numbers.py accepts (and a few more), and the
# look-behind here excludes fewer characters than NUMBER_PATTERN's; each only adds attempts.
_NUMBER_START = re.compile(rf"\d(?<![\w/.-]\d)\d{{0,4}}[a-z]?\s{{0,2}}[/\-{DASHES}]")


@lru_cache(maxsize=1)
def _type_before() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Patterns over folded lower-case text that end where a number starts: a type name (with
    "số" optionally) just before, and a titled type ("Luật … số") a few words before."""
    vocab = vocabulary()
    names: dict[str, str] = {}
    for doc_type in vocab.doc_types.types:
        for written in [doc_type.name, *doc_type.aliases]:
            names.setdefault(fold(written).lower(), doc_type.name)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    direct = re.compile(rf"(?<![a-z0-9])({alternation})(?:\s+so)?(?:\s+hieu)?\s*:?\s*$")
    titled_names = "|".join(re.escape(n) for n in _TITLED_TYPES)
    titled = re.compile(rf"(?<![a-z0-9])({titled_names})\s[^.;:\n]{{1,80}}?\sso\s*:?\s*$")
    return direct, titled, names


def _written_type(text: str, start: int, number: str) -> str | None:
    """The canonical type written just before position start, if any. "Luật <title> số" counts
    only for numbers the National Assembly or its Standing Committee issue (…/QH14,
    …/UBTVQH15): otherwise "theo Luật và văn bản số 1234/BTC-TCT" would make a law of a letter."""
    direct, titled, names = _type_before()
    window = fold(text[max(0, start - _LOOKBACK) : start]).lower()
    match = direct.search(window)
    if match is None and "QH" in number.upper():
        match = titled.search(window)
    return names[match.group(1)] if match else None


def extract_references(text: str) -> list[Reference]:
    """The documents text cites, in order of first appearance, one per number."""
    text = unicodedata.normalize("NFC", text)
    vocab = vocabulary()
    # key → (information, doc_type, number, date) of the fullest mention so far; dicts keep the
    # first insertion's position, so the order of first appearance holds.
    found: dict[str, tuple[int, str | None, str, date | None]] = {}
    # Per number as written: (normalised, key), worked out once (a body cites the same few
    # documents again and again); the type its code names, only for mentions without a type
    # written before them (the seed writes one before every number), also once.
    numbers: dict[str, tuple[str, str] | None] = {}
    coded: dict[str, str | None] = {}
    for match in _number_matches(text):
        written = match.group(0)
        if written not in numbers:
            number = normalise_number(written) if is_number(written) else None
            numbers[written] = (number, number_key(number)) if number else None
        known_number = numbers[written]
        if known_number is None:
            continue
        number, key = known_number
        known = found.get(key)
        if known is not None and known[0] == _MOST_INFORMATION:
            continue  # a later mention cannot say more than type and date (the seed repeats four)
        doc_type = _written_type(text, match.start(), number)
        if doc_type is None:
            if number not in coded:
                coded[number] = vocab.doc_type_for_number(number)
            doc_type = coded[number]
        cited_on, _ = date_after(text, match.end())
        information = (doc_type is not None) + (cited_on is not None)
        if known is None or information > known[0]:
            found[key] = (information, doc_type, number, cited_on)
    return [
        Reference(doc_type=doc_type, number=number, date=cited_on)
        for _, doc_type, number, cited_on in found.values()
    ]


def _number_matches(text: str) -> Iterator[re.Match[str]]:
    """NUMBER_PATTERN.finditer(text), tried only where _NUMBER_START says a number can begin.
    Same matches: every position before a candidate cannot start one, and after a match the
    search goes on from its end, as finditer does."""
    pos = 0
    while (candidate := _NUMBER_START.search(text, pos)) is not None:
        match = NUMBER_PATTERN.match(text, candidate.start())
        if match is None:
            pos = candidate.start() + 1
            continue
        yield match
        pos = match.end()
