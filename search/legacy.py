"""Bytes in any Vietnamese encoding → Unicode text; mojibake repaired.

In: page or dump bytes (and the charset the page or server declared, if any), or text that was
already decoded with the wrong table. Out: NFC Unicode text, or LegacyEncodingError saying why
nothing plausible came out.

Encodings handled: UTF-8 (and UTF-16 with a BOM); TCVN3 (TCVN 5712:1993, the ABC fonts
.VnTime/.VnTimeH); VNI (VNI-Times fonts: a base letter followed by mark characters, bytes read
as cp1252); VIQR (ASCII with marks: "Tho^ng ba'o", "dd"/"d9" for đ); Windows-1258 (precomposed
base letters plus combining tones); VISCII; decomposed (NFD) Unicode. Tables are data in
mappings/vocabulary/legacy_encodings.json.

How a decoding is chosen: declared charsets are distrusted (portals declare iso-8859-1 or utf-8
for TCVN3 pages), so every candidate is scored by plausibility: the share of words holding
non-ASCII letters that are well-formed Vietnamese syllables (onset + vowel nucleus + coda, at
most one tone, p/t/c/ch codas only with sắc or nặng). ASCII words say nothing about the
encoding and are not counted. Near ties are broken by the share of syllables pyvi's dictionary
knows (VNI reads cp1258 "Thông" as "Thơng": well-formed, but no word), then by order: the
declared encoding first. Scoring looks at the first 4 KB. Below PLAUSIBLE nothing is guessed
and LegacyEncodingError names the best candidate and its score.

Speed: valid UTF-8 holding Vietnamese letters (nearly every page) returns after one decode and
one regex search; scoring runs only for the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from search.config import MAPPINGS_DIR
from search.errors import LegacyEncodingError
from search.tones import canonical_tones

LEGACY_FILE = MAPPINGS_DIR / "vocabulary" / "legacy_encodings.json"
# Share of judged words that must be Vietnamese syllables: real text scores 0.95-1.0 (names and
# loan words are the rest); wrong tables score under 0.5 on any page of a few lines.
PLAUSIBLE = 0.8
# Candidates within this share of the best count as tied; the earlier (declared first) wins.
TIE = 0.02
# Order of preference on ties: TCVN3 was the most common legacy encoding in state documents,
# then VNI; Windows-1258 and VISCII were rare.
LEGACY_ENCODINGS = ("tcvn3", "vni", "cp1258", "viscii")

_DECLARED_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "windows-1258": "cp1258",
    "cp1258": "cp1258",
    "x-cp1258": "cp1258",
    "tcvn": "tcvn3",
    "tcvn3": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "tcvn5712-1": "tcvn3",
    "x-viet-tcvn5712": "tcvn3",
    "x-viet-tcvn": "tcvn3",
    "abc": "tcvn3",
    "vni": "vni",
    "vni-win": "vni",
    "x-viet-vni": "vni",
    "viscii": "viscii",
    "x-viet-viscii": "viscii",
    "viqr": "viqr",
    "x-viet-viqr": "viqr",
}
# Declarations that say nothing about Vietnamese: Western defaults servers send for any page.
_WESTERN = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252", "us-ascii", "ascii"}
)

# Letters only Vietnamese uses (with the tone marks as combining characters, for NFD text).
# â ê ô are left out: French has them, and VNI read as cp1252 shows its marks as â and ê.
_VIETNAMESE = re.compile("[ăđơưĂĐƠƯ\u0300\u0301\u0303\u0309\u0323\u1ea0-\u1ef9]")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CHECKED_TONES = frozenset("\u0301\u0323")  # sắc, nặng: the only tones before p, t, c, ch
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Words are split at spaces, ASCII punctuation, digits and typographic punctuation; what is
# left and holds a non-ASCII letter is judged. "Th«ng" (TCVN3 read as Latin-1) stays one word.
_SEPARATORS = "\\s!-/:-@\\[-`{-~0-9\u201c\u201d\u2018\u2019\u201e\u2013\u2014\u2026\u2022"
# A word holding at least one non-ASCII character: the only words plausibility judges.
# Linear on any input: attempts start only at a word's start (the lookbehind), and the ASCII
# head is possessive, so a 100 KB token without separators is one pass, not a quadratic search.
_NON_ASCII_WORD = re.compile(
    f"(?<![^{_SEPARATORS}])[^\\x80-\\U0010ffff{_SEPARATORS}]*+[^\\x00-\\x7f{_SEPARATORS}][^{_SEPARATORS}]*"
)

_ONSETS = sorted(
    "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(), key=len, reverse=True
) + [""]
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ưu ươ iê yê uyê uya uyu oai oay oao oeo uây uôi ươi ươu iêu yêu".split()
)
# Nuclei that never end a syllable: "ăn", "ân", "tiên", "muốn", "người" ("ươi" is separate).
_NEEDS_CODA = frozenset("ă â iê yê uô ươ uyê oă uâ".split())


@dataclass(frozen=True)
class Plausibility:
    """How Vietnamese a decoding looks: `judged` words holding non-ASCII letters, `valid` of
    them well-formed syllables, `known` of them syllables pyvi's dictionary holds."""

    judged: int
    valid: int
    known: int = 0

    @property
    def share(self) -> float:
        return self.valid / self.judged if self.judged else 1.0

    @property
    def known_share(self) -> float:
        return self.known / self.judged if self.judged else 1.0


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Every syllable of pyvi's dictionary (7,000 or so, lower case, old-style tones): a
    well-formed syllable can still be no word ("thơng" is VNI's reading of cp1258 "thông"),
    and short texts need that to tell readings apart."""
    import pyvi  # a dependency already (search.analysis); imported here, on the slow path only

    words = (Path(pyvi.__file__).parent / "models" / "words.txt").read_text(encoding="utf-8")
    return frozenset(unicodedata.normalize("NFC", words.lower().replace("_", " ")).split())


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """Whether word is one well-formed Vietnamese syllable (any case, NFC or NFD)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rest = bare[len(onset) :]
        for coda in _CODAS:
            if not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            if nucleus not in _NUCLEI or (not coda and nucleus in _NEEDS_CODA):
                continue
            if coda in ("c", "ch", "p", "t") and tones and tones[0] not in _CHECKED_TONES:
                continue
            return True
    return False


def plausibility(text: str) -> Plausibility:
    """Judge every word that holds a non-ASCII letter (see the module docstring)."""
    judged = valid = known = 0
    for token in _NON_ASCII_WORD.findall(text):
        if token.isalpha() or any(ch.isalpha() for ch in token):
            judged += 1
            is_valid, is_known = _judge(token)
            valid += is_valid
            known += is_known
    return Plausibility(judged, valid, known)


@lru_cache(maxsize=100_000)
def _judge(token: str) -> tuple[bool, bool]:
    """(well-formed syllable, known syllable) for one word."""
    if not is_syllable(token):
        return False, False
    lower = unicodedata.normalize("NFC", token.lower())
    return True, lower in known_syllables() or canonical_tones(lower) in known_syllables()


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    tcvn3: dict[int, str]  # code point of the byte read as Latin-1 → character
    viscii: dict[int, str]
    tcvn3_list: list[str]  # the same as lists indexed by code point: translate runs ~2x faster
    tcvn3_c1_punctuation: dict[str, str]  # VN1 capital at 0x80-0x9F → cp1252's character there
    tcvn3_c1_word: re.Pattern[str]  # a word holding one of those capitals
    viscii_list: list[str]
    vni_pattern: re.Pattern[str]
    vni_decode: dict[str, str]
    vni_encode: dict[str, str]
    viqr_shapes: dict[str, str]
    viqr_tones: dict[str, str]
    viqr_d: re.Pattern[str]


def _as_list(table: dict[int, str]) -> list[str]:
    return [table.get(code, chr(code)) for code in range(max(table) + 1)]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The tables from legacy_encodings.json, validated, turned into translate tables and regexes."""
    raw = LegacyFile.model_validate_json(LEGACY_FILE.read_text(encoding="utf-8"))
    tcvn3 = {int(b, 16): c for b, c in {**raw.tcvn3_vn1_capitals, **raw.tcvn3}.items()}
    # 0x80-0x9F decode as VN1 capitals first; _tcvn3_punctuation turns those that make no
    # syllable back into the cp1252 punctuation .VnTime fonts show there.
    c1_punctuation = {tcvn3[b]: shown for b, shown in _CP1252_SHOWN.items() if b in tcvn3 and ord(shown) != b}
    viscii = {int(b, 16): c for b, c in raw.viscii.items()}
    vni_decode: dict[str, str] = {}
    for letter, sequence in raw.vni.items():
        vni_decode[sequence] = letter
        if len(sequence) > 1 and sequence[0].isascii():
            # Marks typed in the other case than their base letter still mean the same.
            vni_decode.setdefault(sequence[0] + sequence[1:].swapcase(), letter)
    alternation = "|".join(re.escape(s) for s in sorted(vni_decode, key=len, reverse=True))
    c1 = "".join(c1_punctuation)
    # đ starts a syllable: "dd"/"d9" count only at a word's start before a vowel ("address" stays).
    d_stroke = "|".join(re.escape(d) for d in raw.viqr.d_stroke)
    return _Tables(
        tcvn3=tcvn3,
        viscii=viscii,
        tcvn3_list=_as_list(tcvn3),
        tcvn3_c1_punctuation=c1_punctuation,
        tcvn3_c1_word=re.compile(rf"(?<![^\W\d_])[^{c1}\W\d_]*+[{c1}][^\W\d_]*"),
        viscii_list=_as_list(viscii),
        vni_pattern=re.compile(alternation),
        vni_decode=vni_decode,
        vni_encode=raw.vni,
        viqr_shapes=raw.viqr.shapes,
        viqr_tones=raw.viqr.tones,
        viqr_d=re.compile(rf"\b({d_stroke})(?=[aeiouyAEIOUY]|[^\x00-\x7f])"),
    )


class ViqrMarks(BaseModel):
    """VIQR's mark characters → the combining marks they stand for."""

    model_config = ConfigDict(extra="forbid")

    shapes: dict[str, str]
    tones: dict[str, str]
    d_stroke: list[str]


class LegacyFile(BaseModel):
    """mappings/vocabulary/legacy_encodings.json: byte tables keyed by two hex digits, VNI keyed
    by letter; every value must be what the decoders assume (one character, one letter)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field("", alias="_comment")
    tcvn3: dict[str, str]
    tcvn3_vn1_capitals: dict[str, str]
    vni: dict[str, str]
    viscii: dict[str, str]
    viqr: ViqrMarks

    @model_validator(mode="after")
    def _shapes(self) -> LegacyFile:
        for name in ("tcvn3", "tcvn3_vn1_capitals", "viscii"):
            for byte, char in getattr(self, name).items():
                if not re.fullmatch("[0-9A-F]{2}", byte) or len(char) != 1:
                    raise ValueError(f"{name}: {byte!r} → {char!r} is not one byte to one character")
        if self.tcvn3.keys() & self.tcvn3_vn1_capitals.keys():
            raise ValueError("tcvn3 and tcvn3_vn1_capitals give the same byte twice")
        for letter, sequence in self.vni.items():
            if len(letter) != 1 or not sequence or not sequence.encode("cp1252", errors="ignore"):
                raise ValueError(f"vni: {letter!r} → {sequence!r} is not a letter to cp1252 characters")
        return self


# --- decoders: one per encoding, str → str over the bytes read as Latin-1/cp1252 ------------

_ALL_CAPS_LINE_MIN = 4
_WORD = re.compile(r"[^\W\d_]+")


def _tcvn3_text(shown: str) -> str:
    """TCVN3 bytes shown as Latin-1 (or cp1252) characters → Unicode."""
    tables = _tables()
    text = shown.translate(tables.tcvn3_list)
    if _C1.search(shown):
        text = tables.tcvn3_c1_word.sub(_tcvn3_punctuation, text)
    return _restore_caps(unicodedata.normalize("NFC", text))


_C1 = re.compile("[\x80-\x9f]")
# cp1252 characters at 0x80-0x9F that stand alone in prose; the rest (ž, Ÿ, œ, ™ ...) standing
# alone are likelier VN1 capitals, such as the word "Ở".
_ALONE_PUNCTUATION = frozenset("…‘’“”•–—")


def _tcvn3_punctuation(match: re.Match[str]) -> str:
    """A word holding bytes 0x80-0x9F read as VN1 capitals: kept when it is a syllable ("Ủy",
    "CỘNG"); otherwise its capitals at either end become cp1252 punctuation ("“Về”", "khối…")
    as long as what stays in the middle is a syllable or holds none of them."""
    word = match.group(0)
    punctuation = _tables().tcvn3_c1_punctuation
    if len(word) == 1:
        mark = punctuation[word]
        return mark if mark in _ALONE_PUNCTUATION else word
    if is_syllable(word):
        return word
    size = len(word)
    for lead in range(size + 1):
        if lead and word[lead - 1] not in punctuation:
            break
        for trail in range(size - lead + 1):
            if trail and word[size - trail] not in punctuation:
                break
            middle = word[lead : size - trail]
            if not middle or is_syllable(middle) or not any(ch in punctuation for ch in middle):
                edges = (
                    [punctuation[ch] for ch in word[:lead]],
                    [punctuation[ch] for ch in word[size - trail :]],
                )
                return "".join(edges[0]) + middle + "".join(edges[1])
    return "".join(punctuation.get(ch, ch) for ch in word)


def _restore_caps(text: str) -> str:
    """VN3 has no tone-marked capitals: .VnTimeH all-caps headings use the lower-case codes and
    decode as "CộNG HOà". A line whose ASCII letters are all capitals, and any word with two or
    more capitals and no lower-case ASCII letter, is upper-cased whole."""
    lines = []
    for line in text.split("\n"):
        if not _LOWER_ASCII.search(line) and len(_UPPER_ASCII.findall(line)) >= _ALL_CAPS_LINE_MIN:
            lines.append(line.upper())
        else:
            lines.append(_TWO_CAPITALS.sub(_caps_word, line))
    return "\n".join(lines)


_LOWER_ASCII = re.compile("[a-z]")
_UPPER_ASCII = re.compile("[A-Z]")
_CAPITAL = "A-ZĂÂÊÔƠƯĐ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA) if chr(c).isupper())
# A word with two capitals, found in one pass per word (see _NON_ASCII_WORD).
_TWO_CAPITALS = re.compile(
    rf"(?<![^\W\d_])(?=[^{_CAPITAL}\W\d_]*+[{_CAPITAL}][^{_CAPITAL}\W\d_]*+[{_CAPITAL}])[^\W\d_]+"
)


def _caps_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if _LOWER_ASCII.search(word) else word.upper()


def _vni_text(shown: str) -> str:
    """VNI bytes shown as cp1252 characters ("Thoâng baùo") → Unicode ("Thông báo")."""
    tables = _tables()
    return tables.vni_pattern.sub(lambda m: tables.vni_decode[m.group(0)], shown)


def _viscii_text(shown: str) -> str:
    """VISCII bytes shown as Latin-1 characters → Unicode."""
    return shown.translate(_tables().viscii_list)


_VIQR_VOWEL = re.compile(r"([AEIOUYaeiouy])([(^+*]?)(['`?~.]?)")
_VIQR_MARKS = "(^+*'`?~."
# A backslash keeps the next mark literal: it is swapped for a private-use character first.
_VIQR_PROTECT = {f"\\{m}": chr(0xE000 + i) for i, m in enumerate(_VIQR_MARKS)}
_SHAPES_FOR = {"(": "aA", "^": "aeoAEO", "+": "ouOU", "*": "ouOU"}
_AMBIGUOUS_TONES = frozenset("?.")


def _viqr_text(text: str) -> str:
    """VIQR ("Co^.ng ho`a xa~ ho^.i chu? nghi~a", "dd"/"d9" for đ) → Unicode. "?" and "." after a
    vowel are tones inside a word, or before a space and a lower-case word; otherwise they end a
    sentence. A backslash keeps the next mark literal ("Ha\\." is "Ha.")."""
    tables = _tables()

    def vowel(match: re.Match[str]) -> str:
        letter, shape, tone = match.groups()
        after = match.string[match.end() :]
        if shape and letter not in _SHAPES_FOR[shape]:
            return match.group(0)
        if tone in _AMBIGUOUS_TONES and not strict and not _tone_context(after):
            return unicodedata.normalize("NFC", letter + tables.viqr_shapes.get(shape, "")) + tone
        marks = tables.viqr_shapes.get(shape, "") + tables.viqr_tones.get(tone, "")
        return unicodedata.normalize("NFC", letter + marks)

    # RFC 1456 escapes literal punctuation after a vowel ("Ha\\."); a text that does so is
    # strict VIQR, where every unescaped mark after a vowel is a mark.
    strict = "\\." in text or "\\?" in text
    for escaped, placeholder in _VIQR_PROTECT.items():
        text = text.replace(escaped, placeholder)
    text = _VIQR_VOWEL.sub(vowel, text)
    text = tables.viqr_d.sub(lambda m: "Đ" if m.group(1)[0] == "D" else "đ", text)
    text = _VIQR_CODE.sub(_code_d_stroke, text)
    return text.translate({ord(p): e[1] for e, p in _VIQR_PROTECT.items()})


_CLOSING = frozenset(",;:)]}!\"'")


# A document code written in VIQR: capitals, digits and separators holding "DD" (NDD-CP).
_VIQR_CODE = re.compile(r"(?<![\w/-])[A-Z0-9/-]*DD[A-Za-z0-9/-]*")


def _code_d_stroke(match: re.Match[str]) -> str:
    """Đ inside document codes ("91/2017/NDD-CP" → "91/2017/NĐ-CP", "BGDDDT" → "BGDĐT"): number
    lookups fold Đ to D, so "NDD" would never meet "NĐ". Only in tokens with a separator or a
    digit, so English capitals ("ADDRESS") stay; "DDD" is "DĐ" as in BGDĐT, the usual case."""
    code = match.group(0)
    if not any(ch in "/-" or ch.isdigit() for ch in code):
        return code
    return code.replace("DDD", "D\x00").replace("DD", "Đ").replace("\x00", "Đ")


def _tone_context(after: str) -> bool:
    """Whether "?" or "." followed by `after` is a tone mark rather than punctuation."""
    if after[:1].isalpha() or after[:1] in _CLOSING:
        # Inside a word, or before punctuation that never follows a full stop ("vu., ").
        return True
    stripped = after.lstrip(" ")
    return len(stripped) < len(after) and stripped[:1].islower()


_DECODERS: dict[str, Callable[[str], str]] = {
    "tcvn3": _tcvn3_text,
    "vni": _vni_text,
    "viscii": _viscii_text,
    "cp1258": lambda shown: unicodedata.normalize(
        "NFC", shown.encode("latin-1", errors="replace").decode("cp1258", errors="replace")
    ),
}

# --- public API -------------------------------------------------------------------------------


def decode_as(data: bytes, encoding: str) -> str:
    """data decoded with one named encoding ("tcvn3", "vni", "viqr", "cp1258", "viscii", or any
    Python codec), as NFC; no detection. For tests, tools and dumps of known encoding."""
    if encoding == "viqr":
        return unicodedata.normalize("NFC", _viqr_text(data.decode("ascii", errors="replace")))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _vni_text(_as_cp1252(data)))
    if encoding in _DECODERS:
        return _DECODERS[encoding](data.decode("latin-1"))
    return unicodedata.normalize("NFC", data.decode(encoding))


# cp1252 for 0x80-0x9F; the five bytes cp1252 leaves undefined stay as their Latin-1 code points.
_CP1252_SHOWN = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


_CP1252_BYTES = {ord(shown): chr(b) for b, shown in _CP1252_SHOWN.items()}


def _shown_to_bytes(text: str) -> bytes | None:
    """The bytes a Western reader (Latin-1 or cp1252, mixed as browsers do) turned into text,
    or None when text holds characters neither table shows."""
    try:
        return text.translate(_CP1252_BYTES).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _as_cp1252(data: bytes) -> str:
    """Bytes as cp1252 shows them (how VNI text looks to a Western reader)."""
    return data.decode("latin-1").translate(_CP1252_SHOWN)


def encode_legacy(text: str, encoding: str) -> bytes:
    """The bytes a legacy tool would have written for text: the inverse of decode_as, used to
    build test fixtures. Raises LegacyEncodingError for a character the encoding lacks."""
    text = unicodedata.normalize("NFC", text)
    tables = _tables()
    if encoding == "vni":
        shown = "".join(tables.vni_encode.get(ch, ch) for ch in text)
        return _encode_or_fail(shown, "cp1252", encoding)
    if encoding in ("tcvn3", "viscii"):
        table = tables.tcvn3 if encoding == "tcvn3" else tables.viscii
        reverse = {c: chr(b) for b, c in sorted(table.items(), reverse=True) if b < 0x100}
        if encoding == "tcvn3":
            # Word's punctuation keeps its cp1252 bytes in .VnTime files (see _tcvn3_punctuation).
            reverse.update({mark: chr(b) for b, mark in _CP1252_SHOWN.items() if ord(mark) != b})
        # A character whose byte the table gives to a letter (VISCII's 0xA0 is Õ) has no byte left.
        lost = next((chr(b) for b in table if b < 0x100 and chr(b) in text and chr(b) not in reverse), None)
        if lost:
            raise LegacyEncodingError(f"{encoding} cannot write {lost!r}")
        shown = "".join(reverse.get(ch, ch) for ch in text)
        return _encode_or_fail(shown, "latin-1", encoding)
    if encoding == "cp1258":
        return _encode_or_fail(_split_tones(text), "cp1258", encoding)
    if encoding == "viqr":
        return _encode_or_fail(_to_viqr(text), "ascii", encoding)
    return _encode_or_fail(text, encoding, encoding)


def _encode_or_fail(shown: str, codec: str, encoding: str) -> bytes:
    try:
        return shown.encode(codec)
    except UnicodeEncodeError as error:
        raise LegacyEncodingError(f"{encoding} cannot write {error.object[error.start]!r}") from None


def _split_tones(text: str) -> str:
    """Windows-1258 form: base letters precomposed with their shape marks, tones combining."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


def _to_viqr(text: str) -> str:
    """Unicode → VIQR: base letter, shape mark, tone mark; đ as dd."""
    tables = _tables()
    shape_of = {v: k for k, v in reversed(list(tables.viqr_shapes.items()))}
    tone_of = {v: k for k, v in tables.viqr_tones.items()}
    out: list[str] = []
    after_vowel = False
    for ch in text:
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            after_vowel = False
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) == 1:
            # Strict VIQR: punctuation that would read as a mark after a vowel is escaped.
            out.append("\\" + ch if after_vowel and ch in _VIQR_MARKS else ch)
            after_vowel = ch in "aeiouyAEIOUY"
            continue
        after_vowel = True
        marks = decomposed[1:]
        shapes = "".join(shape_of.get(m, "") for m in marks if m not in _TONE_MARKS)
        tones = "".join(tone_of.get(m, "") for m in marks if m in _TONE_MARKS)
        out.append(decomposed[0] + shapes + tones)
    return "".join(out)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Page or dump bytes → NFC Unicode text (see the module docstring for the order).
    Raises LegacyEncodingError when no encoding gives plausible Vietnamese."""
    if not data:
        return ""
    if data.startswith(b"\xef\xbb\xbf"):
        return _from_unicode(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _from_unicode(data.decode("utf-16", errors="replace"))
    if b"\x00" in data:
        raise LegacyEncodingError("binary data: NUL bytes in what should be text")
    preferred = _DECLARED_ALIASES.get((declared or "").strip().lower())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _best_legacy(data, preferred, declared)
    if preferred == "viqr":
        return decode_as(data, "viqr")
    return _from_unicode(text)


def _from_unicode(text: str) -> str:
    """Text that decoded as Unicode: fast path for Vietnamese, else repaired when a repair is
    clearly better. Never raises: valid UTF-8 is text, even when it is not Vietnamese."""
    if text.isascii():
        # Plain ASCII, pages spelling Vietnamese with HTML entities, or VIQR.
        return _maybe_viqr(text)
    if _VIETNAMESE.search(text):
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    try:
        return repair_text(text)
    except LegacyEncodingError:
        return text


def repair_text(text: str) -> str:
    """Text decoded with the wrong table → the text meant: TCVN3/VNI/VISCII/Windows-1258 bytes read
    as Latin-1 or cp1252 ("Th«ng b¸o" → "Thông báo", "Thoâng baùo" → "Thông báo"), UTF-8 read
    as cp1252 ("ThÃ´ng"), or VIQR ("Tho^ng ba'o"). Plausible text comes back as NFC; text
    that is implausible and has no plausible repair raises LegacyEncodingError."""
    if _VIETNAMESE.search(text):
        return unicodedata.normalize("NFC", text)
    if _BINARY_CONTROLS.search(text):
        raise LegacyEncodingError("binary data: control characters in what should be text")
    if text.isascii():
        return _maybe_viqr(text)
    as_is = plausibility(_sample(text))
    if as_is.judged == 0 or (as_is.judged >= _SURE_WORDS and min(as_is.share, as_is.known_share) >= 1 - TIE):
        # No word holds a non-ASCII letter (only quotes, ©, NBSP), or the text reads well already.
        return unicodedata.normalize("NFC", text)

    def from_utf8(shown: str) -> str:
        raw = _shown_to_bytes(shown)
        if raw is None:
            raise UnicodeError("not a Western reading")
        return raw.decode("utf-8")

    def reread(name: str) -> Callable[[str], str]:
        def decode(shown: str) -> str:
            raw = _shown_to_bytes(shown)
            if raw is None:
                raise UnicodeError("not a Western reading")
            return _DECODERS[name](raw.decode("latin-1"))

        return decode

    candidates: list[tuple[str, Callable[[str], str]]] = [
        ("as is", lambda t: t),
        ("utf-8 read as cp1252", from_utf8),
    ]
    candidates += [(name, reread(name)) for name in LEGACY_ENCODINGS]
    candidates.append(("vni read as cp1252", _vni_text))
    name, best, score = _choose(text, candidates)
    if score.share < PLAUSIBLE:
        raise LegacyEncodingError(
            f"no plausible Vietnamese: as written {as_is.share:.0%} of {as_is.judged} words are "
            f"syllables, best repair ({name}) {score.share:.0%}"
        )
    return unicodedata.normalize("NFC", best)


# Marks only VIQR puts after a vowel: shapes (a^ o+ a( ...), grave and tilde tones, an acute
# inside a word. "?" and "." after a vowel are everywhere in English, markup and URLs.
_VIQR_STRONG = re.compile(r"[aeoAEO]\^|[ouOU][+*]|[aA]\(|[aeiouyAEIOUY][`~]|[aeiouyAEIOUY]'[a-z]")
# VIQR prose marks every other word at least; markup and English almost never.
_VIQR_MIN_DENSITY = 0.1
_VIQR_MIN_SHARE = 0.3
_VIQR_CHEAP_CHECK = 1000


def _maybe_viqr(text: str) -> str:
    """ASCII text, converted from VIQR when that turns a good share of its words into
    Vietnamese syllables with marks; else unchanged (unaccented Vietnamese, English, markup,
    and pages that spell Vietnamese with HTML entities, which must stay fast)."""
    if len(text) > _VIQR_CHEAP_CHECK and sum(map(text.count, "^`~")) < len(text) / _VIQR_CHEAP_CHECK:
        # A long VIQR text has a circumflex, grave or tilde every few words; str.count is ~20x
        # cheaper than the regex, and most ASCII pages spell Vietnamese with HTML entities.
        return text
    strong = len(_VIQR_STRONG.findall(text))
    if strong < 2 or strong < _VIQR_MIN_DENSITY * text.count(" "):
        return text
    converted = unicodedata.normalize("NFC", _viqr_text(text))
    score = plausibility(converted)
    words = len(_WORD.findall(converted))
    if score.judged >= _VIQR_MIN_SHARE * words and score.share >= PLAUSIBLE:
        return converted
    return text


_VISCII_C0 = frozenset("\x02\x05\x06\x14\x19\x1e")


def _best_legacy(data: bytes, preferred: str | None, declared: str | None) -> str:
    """Bytes that are not UTF-8: every legacy decoding scored, the best plausible one kept."""
    shown_latin1 = data.decode("latin-1")
    if _BINARY_CONTROLS.search(shown_latin1):
        # VISCII puts six capitals at C0 positions (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ): allowed, when the only ones.
        if any(ch not in _VISCII_C0 for ch in _BINARY_CONTROLS.findall(shown_latin1)):
            raise LegacyEncodingError("binary data: control bytes in what should be text")
    names = list(LEGACY_ENCODINGS)
    if preferred in names:
        names.remove(preferred)
        names.insert(0, preferred)
    candidates: list[tuple[str, Callable[[bytes], str]]] = [
        (name, partial(decode_as, encoding=name)) for name in names
    ]
    if declared and not preferred and declared.strip().lower() not in _WESTERN:
        candidates.insert(0, (declared, partial(bytes.decode, encoding=declared)))
    name, text, score = _choose(data, candidates)
    if score.share < PLAUSIBLE:
        raise LegacyEncodingError(
            f"no plausible Vietnamese in {len(data)} bytes (declared {declared or 'nothing'}): "
            f"best guess {name} makes {score.share:.0%} of {score.judged} words syllables"
        )
    return unicodedata.normalize("NFC", text)


# Candidates are scored on the first few KB only (a page's encoding does not change midway);
# the winner then decodes everything. Scoring whole dumps would cost ~1 ms per KB per candidate.
SAMPLE = 4096
_SURE_WORDS = 20
_Text = TypeVar("_Text", str, bytes)


_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WINDOW_BEFORE, _WINDOW_AFTER, _WIDEN = 64, 1024, 100


def _sample(whole: _Text) -> _Text:
    """About SAMPLE characters of whole where its non-ASCII text is: windows around the first
    non-ASCII characters, widened to spaces so no word is cut. Pages open with kilobytes of
    ASCII markup and scripts; the first 4 KB alone could hold no Vietnamese word to judge."""
    if len(whole) <= SAMPLE:
        return whole
    is_text = isinstance(whole, str)
    high = _NON_ASCII if is_text else _HIGH_BYTE
    space = " " if is_text else b" "
    parts, size, pos = [], 0, 0
    while size < SAMPLE:
        match = high.search(whole, pos)  # type: ignore[call-overload]
        if match is None:
            break
        low = max(pos, match.start() - _WINDOW_BEFORE)
        high_end = min(len(whole), match.start() + _WINDOW_AFTER)
        before = whole.rfind(space, max(pos, low - _WIDEN), low)  # type: ignore[arg-type]
        after = whole.find(space, high_end, high_end + _WIDEN)  # type: ignore[arg-type]
        start = before + 1 if before >= 0 else low
        end = after if after >= 0 else high_end
        parts.append(whole[start:end])
        size, pos = size + end - start, max(end, match.end())
    if not parts:
        return whole[:SAMPLE]
    return space.join(parts)  # type: ignore[arg-type,return-value]


def _choose(
    whole: _Text, candidates: Sequence[tuple[str, Callable[[_Text], str]]]
) -> tuple[str, str, Plausibility]:
    """The most plausible decoding of whole, judged on a sample; among near ties the earliest
    (the declared encoding, then LEGACY_ENCODINGS' order). Candidates that fail are skipped."""
    part = _sample(whole)
    scored = []
    for name, decode in candidates:
        try:
            score = plausibility(decode(part))
        except (UnicodeError, LookupError):
            continue
        scored.append((name, decode, score))
        if min(score.share, score.known_share) >= 1 - TIE and score.judged >= _SURE_WORDS:
            break  # no later candidate can beat it by more than TIE: it would win anyway
    if not scored:
        raise LegacyEncodingError("no encoding decodes these bytes")
    # Well-formed first; among near ties, more known syllables; among those, the earliest.
    top = max(score.share for _, _, score in scored)
    near = [entry for entry in scored if entry[2].share >= top - TIE]
    top_known = max(score.known_share for _, _, score in near)
    for name, decode, score in near:
        if score.known_share >= top_known - TIE:
            try:
                return name, decode(whole), score
            except (UnicodeError, LookupError):
                continue
    raise LegacyEncodingError("no encoding decodes these bytes")
