"""Vietnamese text normalisation shared by ingest (documents) and search (queries).

In: Unicode text as decoded from a page, a dump or a query (see search.legacy for bytes).
Out: one canonical spelling of the same text, so that what was written in different ways on
different portals compares, indexes and matches the same:

- `normalise_text`: NFC; Ð (U+00D0, Icelandic) → Đ (U+0110); hyphen variants → "-", dash
  variants → "–";
  NBSP and other space characters → " "; zero-width characters, soft hyphens and stray control
  characters removed; CRLF/CR → LF; one canonical tone-mark placement (search.tones). Layout
  (runs of spaces, line breaks) is kept.
- `clean_field`: a label's value: normalised and collapsed onto one line; None when empty.
- `clean_body`: a document's content: normalised, paragraphs kept, blank-line runs squeezed.
- `fold` / `fold_key`: diacritics removed (đ→d), for diacritic-free matching.

Dashes: two canonical marks, as Vietnamese typesetting uses them. Hyphen-like characters
(‐ ‑ − and their full-width forms) become the hyphen-minus "-"; dash-like ones (‒ — ― ﹘) become
the en dash "–" when it stands between spaces, which the seed itself writes between words
("Ban Thi đua – Khen thưởng") and in ranges ("11/6/1948 – 11/6/2018"), so text reads as written;
a dash joining two characters with no space ("NĐ–CP" in a title) is a hyphen and becomes "-".
Where the two must meet, they do: numbers (search.numbers) and comparison keys (`fold_key`)
turn every dash into "-", and the analysis drops both as punctuation. Every function here is
idempotent: f(f(x)) == f(x) (tests/test_textnorm.py checks it with hypothesis).
"""

from __future__ import annotations

import re
import unicodedata

from search.tones import canonical_tones_nfc

# Hyphens, dashes and minus signs seen in pasted Word text and on portals.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_HYPHEN_LIKE = "\u2010\u2011\u2212\ufe63\uff0d"  # → "-"
_DASH_LIKE = "\u2012\u2014\u2015\ufe58"  # → "–" (U+2013, kept as it is)
# Characters that render as a space: NBSP (portals' "&nbsp;" layout), the U+2000 family,
# narrow NBSP, medium mathematical space, ideographic space.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that split words for search without showing: zero-width space/joiners,
# word joiner, BOM used mid-text, soft hyphen, LTR/RTL marks.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
# C0/C1 controls other than tab and newline: left over from Word exports (\x0b, \x0c).
_CONTROLS = "".join(chr(c) for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0)] if c != 13)

_TABLE: dict[int, str | None] = {
    **{ord(ch): "-" for ch in _HYPHEN_LIKE},
    **{ord(ch): "\u2013" for ch in _DASH_LIKE},
    **{ord(ch): " " for ch in _SPACES},
    **{ord(ch): None for ch in _INVISIBLE + _CONTROLS},
    0x00D0: "Đ",  # Ð → Đ: same glyph in most fonts, different letter to every comparison
    0x00F0: "đ",  # ð → đ, its lower case
}

# Both patterns open with a literal: the regex engine then jumps from one occurrence to the next
# instead of trying every position (r"\n{3,}" and a look-behind first cost a body of the seed's
# size 31 and 71 µs; these cost a few).
_BLANK_RUN = re.compile(r"\n\n\n+")
# An en dash with no space on either side joins parts of one token ("91/2017/NĐ–CP").
_JOINING_DASH = re.compile(r"\u2013(?<=\S\u2013)(?=\S)")
# The characters _TABLE rewrites are rare in a page (a few NBSPs and dashes), so find them with
# one regex scan and rewrite only those: str.translate visits every character (~40x slower).
_SPECIAL = re.compile("[" + re.escape("".join(chr(c) for c in _TABLE)) + "]")


def _special(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group(0))] or ""


def _basic(text: str) -> str:
    """Every step of normalise_text except tone placement (also the first half of fold_key)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SPECIAL.search(text):
        text = _SPECIAL.sub(_special, text)
    if "\u2013" in text:
        text = _JOINING_DASH.sub("-", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def normalise_text(text: str) -> str:
    """Canonical Unicode for Vietnamese text, layout kept (see the module docstring)."""
    text = _basic(text)
    if text.isascii():
        return text
    # tones works on NFC text; NFC again because a re-placed mark must stay composed (when no
    # mark moved, tones hands back the text it was given, NFC already).
    placed = canonical_tones_nfc(text)  # _basic made it NFC
    if placed is text or unicodedata.is_normalized("NFC", placed):
        return placed
    return unicodedata.normalize("NFC", placed)


def clean_field(text: str | None) -> str | None:
    """A field value on one line: normalised, whitespace collapsed, None when nothing is left,
    because an empty label ("Người kí:" with no value in the seed) means unknown, not ""."""
    if text is None:
        return None
    value = " ".join(normalise_text(text).split())
    return value or None


def clean_body(text: str) -> str:
    """A document body with its paragraphs: trailing spaces cut per line, runs of blank lines
    squeezed to one, blank lines at either end removed. Leading indentation is kept."""
    lines = [line.rstrip() for line in normalise_text(text).split("\n")]
    body = "\n".join(lines)
    return _BLANK_RUN.sub("\n\n", body).strip("\n")


def _fold_table() -> dict[int, str | None]:
    """Every precomposed Latin letter → its base letter; combining marks → nothing.

    A translate table is several times faster than NFD + filtering per character, and the
    query layer folds every query and every document body."""
    table: dict[int, str | None] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            table[code] = decomposed[0]
    for code in range(0x300, 0x370):
        table[code] = None
    table.update({ord("đ"): "d", ord("Đ"): "D", 0x00D0: "D", 0x00F0: "d"})
    return table


def _fold_list() -> list[str]:
    """_fold_table as a list indexed by code point: str.translate looks a list up about twice as
    fast as a dict; code points past its end raise IndexError, which translate reads as "keep"."""
    table = _fold_table()
    return [table.get(code, chr(code)) or "" for code in range(max(table) + 1)]


_FOLD = _fold_list()


def fold(text: str) -> str:
    """Text without diacritics (đ→d, Đ→D), case kept: users type "thi dua khen thuong"."""
    if text.isascii():
        return text
    return text.translate(_FOLD)


def fold_key(text: str) -> str:
    """The comparison key for vocabulary entries and filter values: folded, lower case, spaces
    collapsed. Tone placement does not matter here since folding removes the marks."""
    return " ".join(fold(_basic(text)).replace("\u2013", "-").lower().split())
