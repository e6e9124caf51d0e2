"""Vietnamese word segmentation: pyvi's model and features, decided faster.

In: any text. Out: ``tokenize(text)`` is the string ``pyvi.ViTokenizer.tokenize(text)`` returns,
byte for byte (syllables of one word joined by "_", tokens by " "); ``segment(text)`` is the
same as a list of tokens.

Why not call pyvi: it spends most of its time outside the model (about 8 µs a syllable here):
a fresh dict of features per syllable, sklearn-crfsuite turning the dicts into crfsuite items,
crfsuite looking every attribute string up again, and a Python loop that re-tests punctuation.
This module makes the same decisions with the same model:

- the same syllabification (the regular expression below is pyvi's, compiled once);
- the same CRF: the weights are read from the crfsuite model file inside pyvi's pickle, and the
  bi-gram/tri-gram dictionaries are pyvi's own sets;
- the same features per syllable: anything that depends on one token alone (its ``lower()``,
  ``isupper()``, ``istitle()``, ``isdigit()`` and their weights) is computed once per distinct
  token; the dictionary look-ups become integer codes tested with numpy in one pass;
- the same arithmetic: crfsuite scores a position by adding, in the order pyvi's feature dict
  lists them, the weight of each attribute present (crf1dt_state_score); a feature pyvi sets to
  False has value 0 and adds nothing. We add the same weights in the same order in float64,
  with 0.0 standing for an absent attribute (x + 0.0 == x), so the scores are bit-identical;
- the same Viterbi as crfsuite's crf1dc_viterbi, ties included (a later label wins only when
  strictly greater);
- the same rule for turning labels into "_" or " " (pyvi's ``tokenize``: I_W joins unless
  either side is a substring of ``string.punctuation``, starts with a digit, or a title-case
  syllable follows a non-title one).

Identity is tested against pyvi itself on a generated corpus of more than 1 MB.
"""

from __future__ import annotations

import re
import string
import struct
import threading
import unicodedata
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import Any

import numpy as np

__all__ = ["Pieces", "pieces", "segment", "tokenize", "syllables", "dictionary_entries"]

# pyvi.ViTokenizer.sylabelize's alternation, in its order (abbreviations, specials, URL, e-mail,
# digit groups, one non-word character, a word). Identity depends on it being the same; its
# inner groups are non-capturing here (same matches) so that findall returns the tokens.
_SYLLABLE = re.compile(
    "("
    + "|".join(
        [
            r"[A-ZĐ]+\.",
            r"Tp\.",
            r"Mr\.",
            r"Mrs\.",
            r"Ms\.",
            r"Dr\.",
            r"ThS\.",
            r"==>",
            r"->",
            r"\.\.\.",
            r">>",
            "\n",
            r"\w+://[^\s]+",
            r"(?:[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
            r"\d+(?:[\.,_]\d+)+",
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")"
)
# The same tokens, each with the gap before it: between two tokens there is only whitespace
# other than "\n" (every other character starts a token: "\n", [^\w\s] or \w+), so findall of
# this gives the tokens of _SYLLABLE and, from the gaps' lengths, their offsets.
_GAP_AND_SYLLABLE = re.compile(r"([^\S\n]*)" + _SYLLABLE.pattern)
_PUNCTUATION = string.punctuation
_B, _I = 0, 1
# Distinct tokens whose features are kept between calls; cleared when full so that a long bulk
# run over ever-new numbers and names cannot grow memory without bound.
_TOKEN_CACHE_LIMIT = 300_000
# Token sequences shorter than this are labelled in plain Python (_glued_short), longer ones
# with numpy: numpy's fixed cost per operation (about 40 of them) dominates a title or query.
_SHORT = 48


def syllables(text: str) -> list[str]:
    """The tokens pyvi's sylabelize finds in text (after NFC), in order."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text))


def tokenize(text: str) -> str:
    """Exactly ``pyvi.ViTokenizer.tokenize(text)``: words joined inside by "_", by " " between."""
    tokens = syllables(text)
    if not tokens:
        # pyvi returns its argument untouched (not even NFC) when it finds no token.
        return text
    return _model().join(tokens)


def segment(text: str) -> list[str]:
    """The words of text as pyvi segments them: ``tokenize(text).split(" ")``, and [] when
    there is no token (where tokenize gives back the text itself)."""
    tokens = syllables(text)
    if not tokens:
        return []
    return _model().words(tokens)


@dataclass(frozen=True, slots=True)
class Pieces:
    """pyvi's tokens of a text, as parallel lists: each token, where it starts and ends in the
    NFC text, and whether pyvi glues it to the token before it with "_" (the words of the text
    are the runs of glued tokens). Lists rather than one object per token: analysis walks every
    token of every body, and building an object each costs as much as the walk."""

    tokens: list[str]
    starts: list[int]
    ends: list[int]
    glued: list[bool]


def pieces(text: str) -> Pieces:
    """pyvi's tokens of text with their offsets (into NFC(text), which is text itself for
    normalised text) and pyvi's joining decisions: what analysis needs to merge tokens that
    fall inside a protected span without losing pyvi's segmentation elsewhere."""
    pairs = _GAP_AND_SYLLABLE.findall(unicodedata.normalize("NFC", text))
    if not pairs:
        return Pieces([], [], [], [])
    tokens = [token for _gap, token in pairs]
    # Offsets from the lengths of gaps and tokens (gap, token, gap, ...: the running sum ends
    # each); a match object per token (finditer) costs more than the rest of this function.
    offsets = list(accumulate(map(len, chain.from_iterable(pairs))))
    glued = [False, *_model()._glued(tokens).tolist()]
    return Pieces(tokens, offsets[0::2], offsets[1::2], glued)


def dictionary_entries() -> frozenset[str]:
    """pyvi's two- and three-syllable dictionary entries ("thi đua", "khen thưởng"), with
    single spaces, as its bi-gram and tri-gram features look them up."""
    return _model().entries


class _Model:
    """pyvi's CRF and dictionaries in arrays, plus a cache of per-token information."""

    def __init__(self, model_bytes: bytes, bi_grams: set[str], tri_grams: set[str]) -> None:
        attrs, labels, state, trans = _read_crfsuite(model_bytes)
        if labels != ["B_W", "I_W"]:
            raise ValueError(f"unexpected pyvi labels {labels!r}")
        self._attr = attrs
        self._state = state
        self._trans = trans
        vocab: dict[str, int] = {}
        for gram in (*bi_grams, *tri_grams):
            for part in gram.split(" "):
                vocab.setdefault(part, len(vocab))
        self._vocab = vocab
        self.entries = frozenset(bi_grams) | frozenset(tri_grams)
        size = len(vocab) + 1
        self._size = size
        # A dictionary entry is "a b" (or "a b c") with single spaces: a pair (triple) of
        # syllable indices, coded as one integer so that numpy can test a whole text at once.
        self._bi_codes = np.array(
            sorted({_code(vocab, g.split(" "), size) for g in bi_grams}), dtype=np.int64
        )
        self._tri_codes = np.array(
            sorted({_code(vocab, g.split(" "), size) for g in tri_grams}), dtype=np.int64
        )
        self._w_bi_prev = np.array(self._weight("-1:word.bi_gram()"))
        self._w_tri_prev = np.array(self._weight("-2:word.tri_gram()"))
        self._w_bi_next = np.array(self._weight("+1:word.bi_gram()"))
        self._w_tri_next = np.array(self._weight("+2:word.tri_gram()"))
        # The token table: one row per distinct token seen, filled once (see _add). Columns of
        # _weights: own B, own I, then as previous token (lower, istitle, isupper) and as next
        # token (the same), each a (B, I) pair, 0.0 where pyvi's feature is False or unknown.
        self._rows: dict[str, int] = {}
        self._weights = np.zeros((1024, 14), dtype=np.float64)
        self._vocab_of = np.zeros(1024, dtype=np.int64)
        self._barrier = np.zeros(1024, dtype=bool)
        self._title = np.zeros(1024, dtype=bool)
        # The dictionary codes as sets, for short sequences (_glued_short).
        self._bi_set = frozenset(self._bi_codes.tolist())
        self._tri_set = frozenset(self._tri_codes.tolist())
        self._lock = threading.Lock()

    def _weight(self, attribute: str) -> tuple[float, float]:
        """(B_W, I_W) weights of an attribute; (0.0, 0.0) when the model does not know it.
        crfsuite looks attributes up as C strings, so text after a NUL is not part of the key."""
        aid = self._attr.get(attribute.split("\x00", 1)[0])
        if aid is None:
            return (0.0, 0.0)
        return (float(self._state[aid, _B]), float(self._state[aid, _I]))

    def _add(self, token: str) -> int:
        """The row of a token not seen before (the caller holds the lock)."""
        row = self._rows.get(token)
        if row is not None:
            return row
        row = len(self._rows)
        if row >= len(self._weights):
            grow = len(self._weights)
            self._weights = np.concatenate([self._weights, np.zeros_like(self._weights)])
            self._vocab_of = np.concatenate([self._vocab_of, np.zeros(grow, dtype=np.int64)])
            self._barrier = np.concatenate([self._barrier, np.zeros(grow, dtype=bool)])
            self._title = np.concatenate([self._title, np.zeros(grow, dtype=bool)])
        lower = token.lower()
        isupper, istitle, isdigit = token.isupper(), token.istitle(), token.isdigit()
        own_b = own_i = 0.0
        # pyvi's dict order: bias, word.lower(), word.isupper(), word.istitle(), word.isdigit().
        for attribute, present in (
            ("bias", True),
            ("word.lower():" + lower, True),
            ("word.isupper()", isupper),
            ("word.istitle()", istitle),
            ("word.isdigit()", isdigit),
        ):
            if present:
                w_b, w_i = self._weight(attribute)
                own_b += w_b
                own_i += w_i
        zero = (0.0, 0.0)
        self._weights[row] = (
            own_b,
            own_i,
            *self._weight("-1:word.lower():" + lower),
            *(self._weight("-1:word.istitle()") if istitle else zero),
            *(self._weight("-1:word.isupper()") if isupper else zero),
            *self._weight("+1:word.lower():" + lower),
            *(self._weight("+1:word.istitle()") if istitle else zero),
            *(self._weight("+1:word.isupper()") if isupper else zero),
        )
        self._vocab_of[row] = self._vocab.get(lower, -1)
        self._barrier[row] = token in _PUNCTUATION or token[0].isdigit()
        self._title[row] = token[0].istitle()
        self._rows[token] = row
        return row

    def _row_ids(self, tokens: list[str]) -> np.ndarray:
        """Each token's row in the token table, adding the new ones (caller holds the lock)."""
        get = self._rows.get
        rows = list(map(get, tokens))
        if None in rows:
            if len(self._rows) + len(tokens) > _TOKEN_CACHE_LIMIT:
                # Cleared only here, before adding, so no row of this text goes stale.
                self._rows.clear()
                rows = [None] * len(tokens)
            rows = [self._add(t) if r is None else r for r, t in zip(rows, tokens, strict=True)]
        return np.array(rows, dtype=np.intp)

    def labels(self, tokens: list[str]) -> list[int]:
        """The label (0 = B_W, 1 = I_W) crfsuite's Viterbi gives each token."""
        with self._lock:
            return self._labels(self._row_ids(tokens))

    def _labels(self, ids: np.ndarray) -> list[int]:
        w = self._weights[ids]  # fancy indexing copies: safe to add into
        score = w[:, 0:2]
        n = len(ids)
        if n > 1:
            vocab = self._vocab_of[ids]
            bigram = self._in_dictionary(vocab, 2, self._bi_codes)  # bigram[k]: tokens k, k+1
            trigram = self._in_dictionary(vocab, 3, self._tri_codes)  # trigram[k]: k, k+1, k+2
            # The order below is the order of pyvi's feature dict; do not regroup the sums.
            for col in (2, 4, 6):  # -1:word.lower(), -1:word.istitle(), -1:word.isupper()
                score[1:] += w[:-1, col : col + 2]
            score[1:] += bigram[:, None] * self._w_bi_prev
            if n > 2:
                score[2:] += trigram[:, None] * self._w_tri_prev
            for col in (8, 10, 12):  # +1:word.lower(), +1:word.istitle(), +1:word.isupper()
                score[:-1] += w[1:, col : col + 2]
            score[:-1] += bigram[:, None] * self._w_bi_next
            if n > 2:
                score[:-2] += trigram[:, None] * self._w_tri_next
        return _viterbi(score[:, _B].tolist(), score[:, _I].tolist(), self._trans)

    def _in_dictionary(self, vocab: np.ndarray, width: int, codes: np.ndarray) -> np.ndarray:
        """1.0 where the `width` tokens starting there form a dictionary entry, else 0.0."""
        count = len(vocab) - width + 1
        if count <= 0:
            return np.zeros(0)
        known = np.ones(count, dtype=bool)
        code = np.zeros(count, dtype=np.int64)
        for k in range(width):
            part = vocab[k : k + count]
            known &= part >= 0
            code = code * self._size + part
        at = np.searchsorted(codes, code).clip(max=len(codes) - 1)
        return ((codes[at] == code) & known).astype(np.float64)

    def _glued(self, tokens: list[str]) -> np.ndarray:
        """For each token after the first, whether pyvi joins it to the one before with "_"."""
        if len(tokens) < _SHORT:
            return np.array(self._glued_short(tokens), dtype=bool)
        with self._lock:
            ids = self._row_ids(tokens)
            labels = np.array(self._labels(ids), dtype=bool)
            barrier = self._barrier[ids]
            title = self._title[ids]
        return labels[1:] & ~barrier[1:] & ~barrier[:-1] & ~(title[1:] & ~title[:-1])

    def _glued_short(self, tokens: list[str]) -> list[bool]:
        """_glued in plain Python, for short sequences (titles, queries) where numpy's cost
        per call exceeds the work. The same additions in the same order as _labels, position
        by position (Python floats are the same doubles), so the labels are identical."""
        with self._lock:
            ids = self._row_ids(tokens)
            weights = self._weights[ids].tolist()
            vocab = self._vocab_of[ids].tolist()
            barrier = self._barrier[ids].tolist()
            title = self._title[ids].tolist()
        n = len(weights)
        if n == 0:
            return []
        size = self._size
        bi_set = self._bi_set
        bigram = [
            1.0 if vocab[k] >= 0 and vocab[k + 1] >= 0 and vocab[k] * size + vocab[k + 1] in bi_set else 0.0
            for k in range(n - 1)
        ]
        trigram = [
            1.0
            if vocab[k] >= 0
            and vocab[k + 1] >= 0
            and vocab[k + 2] >= 0
            and (vocab[k] * size + vocab[k + 1]) * size + vocab[k + 2] in self._tri_set
            else 0.0
            for k in range(n - 2)
        ]
        bp_b, bp_i = self._w_bi_prev.tolist()
        tp_b, tp_i = self._w_tri_prev.tolist()
        bn_b, bn_i = self._w_bi_next.tolist()
        tn_b, tn_i = self._w_tri_next.tolist()
        score_b: list[float] = []
        score_i: list[float] = []
        for p in range(n):
            w = weights[p]
            b, i = w[0], w[1]
            if n > 1:
                if p >= 1:
                    prev = weights[p - 1]
                    b = b + prev[2]
                    i = i + prev[3]
                    b = b + prev[4]
                    i = i + prev[5]
                    b = b + prev[6]
                    i = i + prev[7]
                    b = b + bigram[p - 1] * bp_b
                    i = i + bigram[p - 1] * bp_i
                    if p >= 2:
                        b = b + trigram[p - 2] * tp_b
                        i = i + trigram[p - 2] * tp_i
                if p < n - 1:
                    nxt = weights[p + 1]
                    b = b + nxt[8]
                    i = i + nxt[9]
                    b = b + nxt[10]
                    i = i + nxt[11]
                    b = b + nxt[12]
                    i = i + nxt[13]
                    b = b + bigram[p] * bn_b
                    i = i + bigram[p] * bn_i
                    if p < n - 2:
                        b = b + trigram[p] * tn_b
                        i = i + trigram[p] * tn_i
            score_b.append(b)
            score_i.append(i)
        labels = _viterbi(score_b, score_i, self._trans)
        return [
            bool(labels[k]) and not barrier[k] and not barrier[k - 1] and not (title[k] and not title[k - 1])
            for k in range(1, n)
        ]

    def _joins(self, tokens: list[str]) -> list[str]:
        """For each token after the first, the separator pyvi puts before it: "_" or " "."""
        return np.where(self._glued(tokens), "_", " ").tolist()

    def join(self, tokens: list[str]) -> str:
        """pyvi's output string for a token list."""
        parts = [""] * (2 * len(tokens) - 1)
        parts[0::2] = tokens
        parts[1::2] = self._joins(tokens)
        return "".join(parts)

    def words(self, tokens: list[str]) -> list[str]:
        """pyvi's output as a list of words."""
        return self.join(tokens).split(" ")


def _code(vocab: dict[str, int], parts: list[str], size: int) -> int:
    code = 0
    for part in parts:
        code = code * size + vocab[part]
    return code


def _viterbi(score_b: list[float], score_i: list[float], trans: list[list[float]]) -> list[int]:
    """crfsuite's crf1dc_viterbi for two labels: same additions, same strict comparisons."""
    t00, t01 = trans[0]
    t10, t11 = trans[1]
    cur0, cur1 = score_b[0], score_i[0]
    back0s = [0]
    back1s = [0]
    for s0, s1 in zip(score_b[1:], score_i[1:], strict=True):
        a, b = cur0 + t00, cur1 + t10
        c, d = cur0 + t01, cur1 + t11
        if a < b:
            back0s.append(1)
            a = b
        else:
            back0s.append(0)
        if c < d:
            back1s.append(1)
            c = d
        else:
            back1s.append(0)
        cur0, cur1 = a + s0, c + s1
    label = 1 if cur0 < cur1 else 0
    labels = [label] * len(score_b)
    for t in range(len(score_b) - 1, 0, -1):
        label = back1s[t] if label else back0s[t]
        labels[t - 1] = label
    return labels


def _read_crfsuite(data: bytes) -> tuple[dict[str, int], list[str], np.ndarray, list[list[float]]]:
    """Attributes, labels, state weights (attributes x labels) and transition weights from a
    crfsuite CRF1d model file (header, FEAT chunk of (type, src, dst, weight), two CQDB string
    tables). The weights are the stored doubles, not the rounded ones crfsuite's dump prints."""
    magic, _size, kind, _version, _nf, num_labels, num_attrs, off_feat, off_labels, off_attrs = (
        struct.unpack_from("<4sI4sIIIIIII", data, 0)
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a crfsuite CRF1d model")
    labels = _read_cqdb(data, off_labels, num_labels)
    attrs = _read_cqdb(data, off_attrs, num_attrs)
    chunk, _chunk_size, count = struct.unpack_from("<4sII", data, off_feat)
    if chunk != b"FEAT":
        raise ValueError("crfsuite model without a FEAT chunk")
    state = np.zeros((num_attrs, num_labels), dtype=np.float64)
    trans = [[0.0] * num_labels for _ in range(num_labels)]
    for kind_, src, dst, weight in struct.iter_unpack(
        "<IIId", data[off_feat + 12 : off_feat + 12 + 20 * count]
    ):
        if kind_ == 0:
            state[src, dst] = weight
        elif kind_ == 1:
            trans[src][dst] = weight
    return {name: i for i, name in enumerate(attrs)}, labels, state, trans


def _read_cqdb(data: bytes, offset: int, count: int) -> list[str]:
    """The id-ordered strings of a CQDB table (its backward array points at each record)."""
    magic, _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
    if magic != b"CQDB" or bwd_size != count:
        raise ValueError("damaged CQDB table in crfsuite model")
    names = []
    for (record,) in struct.iter_unpack("<I", data[offset + bwd_offset : offset + bwd_offset + 4 * count]):
        _id, key_size = struct.unpack_from("<iI", data, offset + record)
        start = offset + record + 8
        names.append(data[start : start + key_size - 1].decode("utf-8"))
    return names


_MODEL: _Model | None = None
_MODEL_LOCK = threading.Lock()


def _model() -> _Model:
    """pyvi's model, loaded on first use (importing pyvi costs about 1.5 s)."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                _MODEL = _load_pyvi()
    return _MODEL


def _load_pyvi() -> _Model:
    from pyvi.ViTokenizer import ViTokenizer  # the 1.5 s import: deferred to first use

    crf: Any = ViTokenizer.model
    with open(crf.modelfile.name, "rb") as handle:
        return _Model(handle.read(), ViTokenizer.bi_grams, ViTokenizer.tri_grams)
