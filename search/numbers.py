"""Document numbers ("Số, ký hiệu"): find them in text, normalise them, and key them for lookup.

In: text as written on pages or typed in queries. Out: canonical numbers (`56/2015/NĐ-CP`) and
lookup keys (`56/2015/ND-CP`, folded and upper-cased) that both the index and queries use.

Rules (Nghị định 30/2020/NĐ-CP): number, `/`, then the code, parts joined by `-`; legal
documents add the year (`91/2017/NĐ-CP`); Party bodies write number-type/issuer
(`02-KH/KTĐCQĐ`). Real pages break the rules: spaces around separators (`56/ 2015/ NĐ - CP`),
en/em dashes, `NÐ` with U+00D0, lower case, trailing dots.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that may appear in a code: ASCII plus Đ/đ and the look-alike Ð (U+00D0) portals use.
_CODE_LETTER = "A-Za-zĐđÐ"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEP = rf"[/\-{_DASHES}]"
# A code segment: starts with a letter, then letters or digits ("TTg", "QH14", "BGDĐT").
_CODE = rf"[{_CODE_LETTER}][{_CODE_LETTER}0-9]*"
_SEGMENT = rf"(?:\d{{4}}|{_CODE}|\d{{1,3}})"
# Spaces around a separator are tolerated only before an upper-case or digit segment, so that
# prose such as "123/QĐ-UBND - về việc" does not swallow the following word.
# The three forms exclude one another (spaces before; none before but some after; none): with
# overlapping forms, "1/1/1/..." backtracked 2^n ways and a long run of slashes hung the regex.
_LOOSE_SEP = rf"(?:\s{{1,2}}{_SEP}\s{{0,2}}(?=[A-ZĐÐ0-9])|{_SEP}\s{{1,2}}(?=[A-ZĐÐ0-9])|{_SEP})"
# Real numbers have at most five or six segments (12/2015/TTLT-BTC-BNV-BTP); the bound keeps
# every attempt short on adversarial text.
_MAX_SEGMENTS = 8

NUMBER_PATTERN = re.compile(
    rf"(?<![\w/.{_DASHES}-])"  # not inside a longer token
    rf"\d{{1,5}}[a-z]?"  # the number, sometimes with a letter suffix (12a/...)
    rf"(?:{_LOOSE_SEP}{_SEGMENT}){{0,{_MAX_SEGMENTS}}}?"
    rf"{_LOOSE_SEP}{_CODE}"  # at least one code segment: dates have none
    rf"(?:{_LOOSE_SEP}{_SEGMENT}){{0,{_MAX_SEGMENTS}}}"
    rf"(?![\w{_DASHES}])",  # and not followed by more letters (a Vietnamese word)
)
# NUMBER_PATTERN finds candidates; is_number rejects units written like numbers ("100m/s").


def is_number(candidate: str) -> bool:
    """Whether a NUMBER_PATTERN match is a document number and not a unit or a ratio. A match
    without any capital letter ("100m/s") must look like a number typed in lower case: a year
    segment ("91/2017/nđ-cp") or two code segments ("123/qđ-ubnd")."""
    if any(ch.isupper() for ch in candidate):
        return True
    segments = [s for s in re.split(rf"\s*{_SEP}\s*", candidate.strip()) if s]
    codes = [s for s in segments[1:] if not s.isdigit()]
    return len(codes) >= 2 or any(len(s) == 4 and s.isdigit() for s in segments[1:])


def find_numbers(text: str) -> list[str]:
    """Every document number in text, normalised, in order of appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in NUMBER_PATTERN.finditer(unicodedata.normalize("NFC", text)):
        if is_number(match.group(0)):
            seen.setdefault(normalise_number(match.group(0)) or "", None)
    seen.pop("", None)
    return list(seen)


_LABEL_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*(?=\d)", re.IGNORECASE)
_SPACED_SEP = re.compile(r"\s*([/-])\s*")
_SPACES = re.compile(r"\s+")
_HEAD = re.compile(r"\d+[a-z]?")


def normalise_number(text: str | None) -> str | None:
    """The canonical form of a written number: NFC, Ð→Đ, one kind of dash, no spaces, no
    trailing dots; the issuer code's case kept (`TTg`). None for empty or number-less text."""
    if text is None:
        return None
    return _normalise_number(text)


# A page names the same numbers many times (the seed cites 91/2017/NĐ-CP four times) and
# number_key/type_code start from the canonical form again: the pure result is memoised.
@lru_cache(maxsize=65536)
def _normalise_number(text: str) -> str | None:
    value = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    for dash in _DASHES:
        value = value.replace(dash, "-")
    # Some portals repeat the label inside the value: "Số: 12/2020/TT-BTC".
    value = _LABEL_PREFIX.sub("", value.strip())
    value = _SPACED_SEP.sub(r"\1", value).rstrip(".;,: ")
    value = _SPACES.sub(" ", value)
    if not value or not any(ch.isdigit() for ch in value):
        return None
    if not any(ch.isupper() for ch in value):
        # Typed all in lower case ("91/2017/nđ-cp"): codes are capitals by rule, so restore them;
        # a mixed-case code ("TTg") is written on purpose and kept.
        head = _HEAD.match(value)
        cut = head.end() if head else 0
        value = value[:cut] + value[cut:].upper()
    return value


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """The lookup form shared by the index and queries: normalised, diacritics folded (Đ→D),
    upper-cased, so `91/2017/nđ-cp`, `91/2017/ND-CP` and `91/ 2017/ NÐ - CP` meet."""
    canonical = normalise_number(number) or number
    folded = unicodedata.normalize("NFD", canonical.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()


@lru_cache(maxsize=65536)
def type_code(number: str) -> str | None:
    """The document-type abbreviation a number carries (`NĐ` in `91/2017/NĐ-CP`, `KH` in
    `02-KH/KTĐCQĐ`, `QĐ` in `1234/QĐ-UBND`), or None (a công văn `1234/BTC-TCT` has none that
    we can tell from its shape alone; the vocabulary decides which codes are types)."""
    canonical = normalise_number(number)
    if not canonical:
        return None
    parts = [p for p in re.split(r"[/-]", canonical) if p]
    if len(parts) < 2:
        return None
    if "/" in canonical and "-" in canonical.split("/")[0]:
        # Party style: number-TYPE/ISSUER ("02-KH/KTĐCQĐ", "22-CT/TW").
        return canonical.split("/")[0].split("-")[1] or None
    code_parts = [p for p in parts[1:] if not p.isdigit()]
    return code_parts[0] if code_parts else None
