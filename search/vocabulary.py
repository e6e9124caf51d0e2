"""The vocabulary: label spellings, status wordings and document types, as data.

In: mappings/vocabulary/labels.json, statuses.json, doc_types.json (validated with pydantic
when first loaded). Out: one cached `Vocabulary` that maps what pages write to what vanban
stores: a label → a Notice field name, a status text → `Status`, an abbreviation or a type
written any way → the canonical type name.

Matching is on `label_key`: diacritics folded, lower case, punctuation and spacing ignored,
kí/ký and lí/lý unified ("Người kí" in the seed). When no key matches exactly, a key within a
small edit distance of exactly one target still matches (typos such as "Ngay ban hnah"); the
distance allowed grows with the length of the entry, so short labels ("Số") never match
loosely.

Listing-table headers (`column_for_header`) answer a Notice field name, or one of two column
names that are no field: "row_number" (STT, TT, #: the row counter, useful only to check that
rows are contiguous) and "detail_link" (Xem, Chi tiết: the cell holds the link to the detail page).
Labels we recognise but store no field for ("Ngày đăng": the day a portal posted a notice, not
the day it was issued; "Chức vụ") answer a Notice.extra key through `extra_for_label`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from search.config import MAPPINGS_DIR
from search.models import Notice, Status
from search.numbers import type_code
from search.textnorm import clean_field, fold, fold_key

VOCABULARY_DIR = MAPPINGS_DIR / "vocabulary"
LISTING_COLUMNS = ("row_number", "detail_link")
_NOTICE_FIELDS = frozenset(Notice.model_fields)
# Caches of label and status lookups stay bounded whatever text callers probe with.
_CACHE_LIMIT = 50_000
_TYPE_PARTS = re.compile(r"[()/,;-]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# i/y spelled either way in the same word by different writers (DOMAIN.md: kí/ký, lí/lý).
_IY = {"ki": "ky", "li": "ly", "mi": "my", "si": "sy", "ti": "ty"}


def label_key(label: str) -> str:
    """The matching key of a label or header: folded, lower case, words only, i/y unified.
    "Số / Ký hiệu:", "so ky hieu" and "SỐ, KÍ HIỆU" share the key "so ky hieu"."""
    folded = fold_key(label)
    words = _NON_WORD.sub(" ", folded).split()
    if not words:
        # Headers made only of symbols ("#") keep the symbol as their key.
        return folded.strip(": ")
    return " ".join(_IY.get(word, word) for word in words)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau (optimal string alignment) distance between a and b, or limit + 1 as soon as it
    must exceed limit: typos are mostly one dropped, doubled or swapped letter."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(key: str) -> int:
    """How many edits a key of this length tolerates: none under 6 letters ("Số", "STT",
    "Ngành" are too short to tell a typo from another word), 1 up to 13, then 2."""
    if len(key) < 6:
        return 0
    return 1 if len(key) < 14 else 2


class _KeyIndex:
    """Keys → targets, with exact lookup and a unique-nearest fuzzy fallback."""

    def __init__(self, what: str, entries: Iterable[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        self._fuzzy: dict[str, str | None] = {}
        for written, target in entries:
            key = label_key(written)
            known = self.exact.setdefault(key, target)
            if known != target:
                raise ValueError(f"{what}: {written!r} (key {key!r}) means both {known!r} and {target!r}")
        # Keys by length: a candidate more than two letters longer or shorter can never be within
        # the allowed typos, and the parser asks about every text block (body paragraphs too).
        self._by_length: dict[int, list[tuple[str, str]]] = {}
        for candidate, target in self.exact.items():
            self._by_length.setdefault(len(candidate), []).append((candidate, target))

    def find(self, key: str) -> str | None:
        """The target of key, exactly or as the only target at the smallest allowed distance."""
        if key in self.exact:
            return self.exact[key]
        if key not in self._fuzzy:
            if len(self._fuzzy) >= _CACHE_LIMIT:
                self._fuzzy.clear()
            self._fuzzy[key] = self._nearest(key)
        return self._fuzzy[key]

    def _nearest(self, key: str) -> str | None:
        """The fuzzy half of find: one edit-distance pass over every key (so it is cached)."""
        best, targets = None, set()
        near = (pair for size in range(len(key) - 2, len(key) + 3) for pair in self._by_length.get(size, ()))
        for candidate, target in near:
            limit = min(allowed_typos(candidate), allowed_typos(key))
            if limit == 0:
                continue
            distance = edit_distance(key, candidate, limit)
            if distance > limit:
                continue
            if best is None or distance < best:
                best, targets = distance, {target}
            elif distance == best:
                targets.add(target)
        return targets.pop() if len(targets) == 1 else None


class LabelsFile(BaseModel):
    """mappings/vocabulary/labels.json."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field("", alias="_comment")
    fields: dict[str, list[str]]
    columns: dict[str, list[str]] = Field(default_factory=dict)
    extras: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_names(self) -> LabelsFile:
        unknown = set(self.fields) - _NOTICE_FIELDS
        if unknown:
            raise ValueError(f"labels for fields the Notice does not have: {sorted(unknown)}")
        odd_columns = set(self.columns) - set(LISTING_COLUMNS)
        if odd_columns:
            raise ValueError(f"listing columns not documented in search.vocabulary: {sorted(odd_columns)}")
        return self


class StatusesFile(BaseModel):
    """mappings/vocabulary/statuses.json: Status value → wordings."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field("", alias="_comment")
    wordings: dict[Status, list[str]]

    @model_validator(mode="before")
    @classmethod
    def _split_comment(cls, data: dict[str, object]) -> dict[str, object]:
        comment = data.get("_comment", "")
        return {"_comment": comment, "wordings": {k: v for k, v in data.items() if k != "_comment"}}


class DocType(BaseModel):
    """One document type: its canonical name, number abbreviations and other wordings."""

    model_config = ConfigDict(extra="forbid")

    name: str
    abbreviations: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class DocTypesFile(BaseModel):
    """mappings/vocabulary/doc_types.json."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field("", alias="_comment")
    types: list[DocType]


def _nfc(text: str) -> str:
    """NFC with the Icelandic Ð read as Đ: numbers arrive with either."""
    return unicodedata.normalize("NFC", text.strip()).replace("\u00d0", "Đ").replace("\u00f0", "đ")


class Vocabulary:
    """The loaded vocabulary; build it with `vocabulary()`, which caches one instance."""

    def __init__(self, labels: LabelsFile, statuses: StatusesFile, doc_types: DocTypesFile) -> None:
        self.labels = labels
        self.statuses = statuses
        self.doc_types = doc_types
        self._fields = _KeyIndex("labels", _pairs(labels.fields))
        self._columns = _KeyIndex("columns", _pairs(labels.columns))
        self._extras = _KeyIndex("extras", _pairs(labels.extras))
        self._status_entries = sorted(
            ((label_key(w), s) for s, words in statuses.wordings.items() for w in words),
            key=lambda entry: -len(entry[0].split()),
        )
        self._type_names = _KeyIndex(
            "doc_types", ((w, t.name) for t in doc_types.types for w in [t.name, *t.aliases])
        )
        self._abbrev_exact: dict[str, str] = {}
        self._abbrev_lower: dict[str, str] = {}
        self._abbrev_folded: dict[str, set[str]] = {}
        for doc_type in doc_types.types:
            for abbrev in doc_type.abbreviations:
                self._abbrev_exact[_nfc(abbrev)] = doc_type.name
                self._abbrev_lower[_nfc(abbrev).lower()] = doc_type.name
                self._abbrev_folded.setdefault(fold(_nfc(abbrev)).lower(), set()).add(doc_type.name)
        self._field_cache: dict[str, str | None] = {}
        self._status_cache: dict[str, Status] = {}

    # --- labels -------------------------------------------------------------------------
    def field_for_label(self, label: str) -> str | None:
        """The Notice field a detail-page label names ("Ngay ban hanh:" → "issued_date"), or None
        for a label we do not know (the parser keeps those in Notice.extra)."""
        if label not in self._field_cache:
            if len(self._field_cache) >= _CACHE_LIMIT:
                self._field_cache.clear()
            self._field_cache[label] = self._fields.find(label_key(label))
        return self._field_cache[label]

    def label_key(self, label: str) -> str:
        """The matching key (see the module-level label_key)."""
        return label_key(label)

    def column_for_header(self, header: str) -> str | None:
        """What a listing-table column holds: a Notice field ("Số ký hiệu" → "number"),
        "row_number" (STT), "detail_link" (Xem), or None for a header we do not know."""
        key = label_key(header)
        return self._columns.find(key) or self._fields.find(key)

    def extra_for_label(self, label: str) -> str | None:
        """The Notice.extra key for a label we recognise but store no field for ("Ngày đăng"
        → "posted_date": the day a portal posted it, not the day it was issued), or None."""
        return self._extras.find(label_key(label))

    def is_label(self, label: str) -> bool:
        """Whether text is a label we know at all (field, listing column or extra)."""
        key = label_key(label)
        return any(index.find(key) for index in (self._fields, self._columns, self._extras))

    # --- statuses -----------------------------------------------------------------------
    def status_for(self, text: str | None) -> Status:
        """The Status a portal's wording means; Status.unknown when none matches (the caller
        keeps the raw text in status_text). The longest wording the text starts with wins, so
        "Hết hiệu lực một phần" is partly_expired and not expired; typos within the allowed
        distance ("Đang có hiệu lưc", "Con hieu luc") still match."""
        if not text or not text.strip():
            return Status.unknown
        key = label_key(text)
        if key not in self._status_cache:
            if len(self._status_cache) >= _CACHE_LIMIT:
                self._status_cache.clear()
            self._status_cache[key] = self._match_status(key)
        return self._status_cache[key]

    def _match_status(self, key: str) -> Status:
        """status_for's search over every wording (cached by key: portals repeat a handful)."""
        words = key.split()
        best: tuple[int, int, Status] | None = None
        for entry, status in self._status_entries:
            size = len(entry.split())
            head = key if len(words) < size else " ".join(words[:size])
            distance = edit_distance(head, entry, allowed_typos(entry))
            if distance > allowed_typos(entry):
                continue
            # More words matched first, then fewer typos.
            rank = (size, -distance, status)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else Status.unknown

    # --- document types -----------------------------------------------------------------
    def doc_type_name(self, abbrev: str) -> str | None:
        """The type an abbreviation stands for ("QĐ", "qd" → "Quyết định"). Exact spelling
        first, then any case, then folded only when unambiguous, because abbreviations collide
        once folded: "DA" is Dự án and "ĐA" Đề án, "HD" Hướng dẫn and "HĐ" Hợp đồng."""
        value = _nfc(abbrev)
        if not value:
            return None
        if value in self._abbrev_exact:
            return self._abbrev_exact[value]
        if value.lower() in self._abbrev_lower:
            return self._abbrev_lower[value.lower()]
        names = self._abbrev_folded.get(fold(value).lower(), set())
        return next(iter(names)) if len(names) == 1 else None

    def doc_type_for_number(self, number: str) -> str | None:
        """The type a number's code names (91/2017/NĐ-CP → Nghị định), or None when the code is
        no type abbreviation: a công văn 1234/BTC-TCT carries only issuer codes."""
        code = type_code(number)
        return self.doc_type_name(code) if code else None

    def canonical_doc_type(self, text: str) -> str:
        """A type written in full or abbreviated, any case, with or without diacritics → its
        canonical name when it names exactly one type; otherwise the cleaned text as written
        (the seed's "Thông báo - Công văn" names two and stays as is). "" for blank text."""
        cleaned = clean_field(text)
        if cleaned is None:
            return ""
        name = self._one_type(cleaned)
        if name is None:
            # "Quyết định (QĐ)", "QĐ - Quyết định": every part names the same one type.
            parts = {self._one_type(part) for part in _TYPE_PARTS.split(cleaned) if part.strip()}
            name = parts.pop() if len(parts) == 1 else None
        return name or cleaned

    def _one_type(self, written: str) -> str | None:
        """The type one name or abbreviation stands for, or None."""
        key = label_key(written)
        name = self._type_names.exact.get(key)
        if name is None and " " not in written.strip():
            name = self.doc_type_name(written)
        if name is None and len(key) >= 8:
            name = self._type_names.find(key)
        return name

    def doc_type_words(self) -> list[str]:
        """Every type name, alias and abbreviation, longest first (so a regex alternation built
        from it prefers "Thông tư liên tịch" to "Thông tư")."""
        words = {w for t in self.doc_types.types for w in [t.name, *t.aliases, *t.abbreviations]}
        return sorted(words, key=lambda w: (-len(w), w))


def _pairs(table: dict[str, list[str]]) -> Iterable[tuple[str, str]]:
    """(wording, target) for every wording in a target → wordings table."""
    return ((wording, target) for target, wordings in table.items() for wording in [target, *wordings])


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary from mappings/vocabulary/, loaded and validated once per process."""
    return Vocabulary(
        LabelsFile.model_validate(_read(VOCABULARY_DIR / "labels.json")),
        StatusesFile.model_validate(_read(VOCABULARY_DIR / "statuses.json")),
        DocTypesFile.model_validate(_read(VOCABULARY_DIR / "doc_types.json")),
    )
