"""The Vietnamese text analysis that documents and queries both go through.

In: text (a title, a body, a query), normalised here with search.textnorm.normalise_text, which
also puts tone marks in their one canonical place (search.tones), so "hòa bình" and "hoà bình"
analyse alike. Out: an `Analysis`, four token lists in text order, each stored verbatim by the
index (mappings/notices.json: text.<field>.{words, syllables, folded_words, folded_syllables},
whitespace analyzer) and produced the same way for queries:

- ``words``: pyvi's segmentation (search.segmenter, identical to ViTokenizer.tokenize), lower
  case, syllables of a word joined by "_" ("thi_đua", "khen_thưởng");
- ``syllables``: the same tokens unjoined;
- ``folded_words`` / ``folded_syllables``: the same without diacritics (search.textnorm.fold,
  đ → d), for users who type without them, with i/y unified (see `fold_token`).

Protected spans (search.spans: document numbers, dates, numbers with separators, URLs, e-mail
addresses, dotted abbreviations) are one token in all four lists ("91/2017/nđ-cp", folded
"91/2017/nd-cp"); pyvi still segments the whole text, so the words around a span are the words
pyvi finds. Punctuation is dropped.

Text without diacritics: pyvi forms almost no words in it ("thi dua khen thuong" stays four
syllables), so when a text has no diacritic at all its ``folded_words`` come from pyvi's own
dictionary instead: runs of syllables are matched, longest first (three syllables, then two),
against the folded forms of pyvi's two- and three-syllable entries. "thi dua khen thuong" gives
"thi_dua khen_thuong", the folded words of an accented "thi đua khen thưởng". Words pyvi's CRF
forms without a dictionary entry (names: "Hồ_Chí_Minh") are not recovered this way; their
folded syllables still meet as a phrase. Its ``words`` and ``syllables`` stay pyvi's
(lower-cased), so they only match accent-free documents.

`analyse_many` runs the same analysis over many texts in a pool of processes, in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict

from search import segmenter
from search.spans import Span, find_spans
from search.textnorm import fold, normalise_text

__all__ = ["Analysis", "QueryAnalysis", "analyse", "analyse_many", "analyse_query", "fold_token"]

FIELDS = ("words", "syllables", "folded_words", "folded_syllables")
# Texts per task sent to a pool worker: large enough that pickling overhead is small next to a
# body's analysis (~2 ms), small enough that two workers stay evenly loaded on short runs.
DEFAULT_CHUNK_SIZE = 16

# Texts longer than this are analysed with the garbage collector paused (see _gc_paused).
_PAUSE_GC_ABOVE = 50_000

# i/y: after these onsets a final y and a final i are the same syllable written two ways
# ("kí/ký", "lí/lý", "kĩ/kỹ thuật", "mĩ/mỹ", "tỉ/tỷ lệ", "sĩ/sỹ", "hi/hy vọng", "qui/quy định"
# all occur in official text). The onset list leaves out a bare "y"/"uy" ("y tế", "uy tín").
_ONSET = r"(?:[bcdghklmnprstvx]|ch|kh|ngh|ng|nh|ph|th|tr|qu)"
_I_Y = re.compile(rf"^{_ONSET}y$")
# The same rule inside "\n"-joined tokens whose syllables are separated by "_".
_I_Y_ANYWHERE = re.compile(rf"(?<![^\n_])({_ONSET})y(?![^\n_])")


class Analysis(BaseModel):
    """The four token lists of one text; see the module docstring."""

    model_config = ConfigDict(extra="forbid")

    words: list[str]
    syllables: list[str]
    folded_words: list[str]
    folded_syllables: list[str]

    def as_fields(self) -> dict[str, str]:
        """The index's form: each list joined by single spaces (the whitespace analyzer splits
        them back into the same tokens, in the same positions, for phrase queries)."""
        return {name: " ".join(getattr(self, name)) for name in FIELDS}

    def is_empty(self) -> bool:
        return not self.syllables


class QueryAnalysis(Analysis):
    """A query's analysis plus the protected spans found in it (numbers, dates, ...), which the
    query layer may search as exact terms."""

    spans: list[Span]


def analyse(text: str) -> Analysis:
    """The analysis of one text (document field or query)."""
    analysis, _spans = _analyse(text)
    return analysis


def analyse_query(text: str) -> QueryAnalysis:
    """The analysis of a query, with its protected spans."""
    analysis, spans = _analyse(text)
    return QueryAnalysis(**analysis.model_dump(), spans=spans)


def analyse_many(
    texts: Iterable[str], processes: int | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[Analysis]:
    """The analysis of each text, in order. processes: worker processes (None: one per CPU;
    1 or less: in this process). The bulk path: pyvi's CRF is CPU-bound, so only processes
    give a speed-up, and the model is loaded before the workers fork so they share it."""
    count = (os.cpu_count() or 1) if processes is None else processes
    if count <= 1:
        for text in texts:
            yield analyse(text)
        return
    context = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "fork":
        segmenter.pieces("khởi động")  # load pyvi's model once, before forking: workers share it
        _folded_dictionary()
    with context.Pool(count) as pool:
        for packed in pool.imap(_analyse_packed, texts, chunksize=max(1, chunk_size)):
            words, syllables, folded_words, folded_syllables = (_unpack(p) for p in packed)
            yield Analysis.model_construct(
                words=words, syllables=syllables, folded_words=folded_words, folded_syllables=folded_syllables
            )


def _start_method() -> str:
    """fork when this process runs one thread (workers then inherit the loaded model for free);
    otherwise forkserver or spawn (each worker loads pyvi, ~1.5 s), because forking while
    another thread holds a lock (the segmenter's, logging's) can block a worker forever."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


# Joins a token list for the trip from a pool worker: a control character no token holds
# (normalise_text drops control characters; _pack checks anyway).
_PACK_SEPARATOR = "\x1f"


def _analyse_packed(text: str) -> tuple[str | list[str], ...]:
    """A worker's answer: the four lists, each packed into one string (_pack). Why: pickling a
    list pickles every token on its own; a body's lists hold thousands, and sending them cost
    the parent about 12% of the analysis (0.25 ms of 2.0 ms a document, bench_analysis's
    corpus), so the pool's parent, not its workers, became the limit on two cores."""
    analysis = analyse(text)
    return tuple(
        _pack(tokens)
        for tokens in (analysis.words, analysis.syllables, analysis.folded_words, analysis.folded_syllables)
    )


def _pack(tokens: list[str]) -> str | list[str]:
    """tokens as one string when splitting it gives them back exactly, else the list itself
    (an empty list, or a token holding the separator)."""
    joined = _PACK_SEPARATOR.join(tokens)
    if tokens and joined.count(_PACK_SEPARATOR) == len(tokens) - 1:
        return joined
    return tokens


def _unpack(packed: str | list[str]) -> list[str]:
    return packed.split(_PACK_SEPARATOR) if isinstance(packed, str) else packed


def fold_token(token: str) -> str:
    """A word or syllable in folded form: no diacritics, lower case, and each syllable ending in
    y after a consonant onset written with i ("ký" and "kí" → "ki", "kỹ_thuật" → "ki_thuat").

    Why here and not in ``words``: folding already merges syllables that differ only by their
    marks (lý, lỳ, li → "li"), so merging i/y costs the folded fields little precision, while
    the accented ``words`` keep the exact spelling for precise matches. "ly" (a glass) and
    "li" (a unit) do meet in the folded fields; so do "lý" and "lỳ" already."""
    folded = fold(token).lower()
    if "y" not in folded:
        return folded
    return "_".join(_i_for_y(part) for part in folded.split("_"))


def _i_for_y(syllable: str) -> str:
    return syllable[:-1] + "i" if _I_Y.match(syllable) else syllable


def _analyse(text: str) -> tuple[Analysis, list[Span]]:
    """The token lists of one text (see the module docstring)."""
    if not isinstance(text, str):
        # A None body or bytes from a dump would fail deep inside normalisation otherwise.
        raise TypeError(f"analysis needs text (str), not {type(text).__name__}")
    if len(text) < _PAUSE_GC_ABOVE:
        return _analyse_now(text)
    with _gc_paused():
        return _analyse_now(text)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a long text is analysed. Why: the analysis keeps
    hundreds of thousands of small objects alive at once (tokens, offsets, matches), and every
    full collection walks all of them, so time grew faster than the text: 1 MB took 14x the
    time of 100 KB with the collector on, 10x with it off (scripts/bench_analysis.py). The
    analysis makes no reference cycles, so nothing waits for the collector meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyse_now(text: str) -> tuple[Analysis, list[Span]]:
    norm = normalise_text(text)
    spans = find_spans(norm)
    accent_free = _FOLDABLE.search(norm) is None  # the same test as fold(norm) == norm
    walk = _walk(segmenter.pieces(norm), spans, accent_free)
    words, syllables = walk.words, walk.syllables
    folded_syllables = _fold_all(syllables, walk.syllable_spans)
    if accent_free:
        folded_words = _dictionary_words(walk.runs)
    else:
        folded_words = _fold_all(words, walk.word_spans)
    analysis = Analysis.model_construct(
        words=words, syllables=syllables, folded_words=folded_words, folded_syllables=folded_syllables
    )
    return analysis, spans


def _foldable() -> re.Pattern[str]:
    """The characters fold changes (all outside ASCII): a text without any is its own fold, and
    a search stops at the first accented letter where comparing fold(text) with text reads and
    copies all of it."""
    changed = [chr(c) for c in range(0x80, 0x3000) if fold(chr(c)) != chr(c)]
    return re.compile("[" + re.escape("".join(changed)) + "]")


_FOLDABLE = _foldable()

# Per distinct pyvi token: its syllable (lower case, a final full stop dropped) or "" for
# punctuation; per distinct word or syllable: fold_token of it. Vietnamese text repeats a few
# thousand syllables (a body of 500 tokens holds about 200 distinct ones), so deciding each
# once replaces per-token calls by one dict look-up. Cleared when full (new numbers and names
# keep arriving in a bulk run), so memory stays bounded.
_CACHE_LIMIT = 200_000
_SYLLABLE_OF: dict[str, str] = {}
_FOLDED: dict[str, str] = {}


def _syllable(token: str) -> str:
    """A pyvi token as a syllable, "" when it is punctuation (stored in _SYLLABLE_OF)."""
    if not (token[0].isalnum() or _is_wordlike(token)):
        syllable = ""
    else:
        # pyvi's abbreviation pattern takes the full stop after capitals ("UBND." ending a
        # sentence, "TS.", "Tp."): the stop is punctuation, not part of the word.
        syllable = token.lower() if token[-1] != "." else token.rstrip(".").lower()
    if len(_SYLLABLE_OF) >= _CACHE_LIMIT:
        _SYLLABLE_OF.clear()
    _SYLLABLE_OF[token] = syllable
    return syllable


def _folded(token: str) -> str:
    """fold_token(token), stored in _FOLDED."""
    folded = fold_token(token)
    if len(_FOLDED) >= _CACHE_LIMIT:
        _FOLDED.clear()
    _FOLDED[token] = folded
    return folded


@dataclass
class _Walk:
    words: list[str] = field(default_factory=list)
    syllables: list[str] = field(default_factory=list)
    runs: list[list[str]] = field(default_factory=list)  # candidates for dictionary words
    word_spans: list[int] = field(default_factory=list)  # positions of span tokens in words
    syllable_spans: list[int] = field(default_factory=list)  # ... and in syllables


# Marks, in the string _words builds, a syllable glued to the one before; normalise_text
# drops control characters, so no token holds it.
_GLUE = "\x01"


def _walk(pieces: segmenter.Pieces, spans: list[Span], with_runs: bool) -> _Walk:
    """Words, syllables and (with_runs) runs from pyvi's tokens: a token inside a protected
    span is replaced by the span's token (once per span); punctuation ends a word and a run.

    The tokens between spans are handled a stretch at a time (_stretch); the spans are placed
    with bisect on the token offsets: the first token ending after a span's start emits every
    span starting before that token's end, and the tokens starting before the last emitted
    span's end are skipped."""
    walk = _Walk()
    tokens, glued = pieces.tokens, pieces.glued
    starts, ends = pieces.starts, pieces.ends
    done = 0  # tokens before this index are handled
    next_span = 0
    while next_span < len(spans):
        at = bisect_right(ends, spans[next_span].start, done)
        if at == len(tokens):
            break  # no token reaches the span: it is never emitted
        _stretch(walk, tokens[done:at], glued[done:at], with_runs)
        covered = 0
        while next_span < len(spans) and spans[next_span].start < ends[at]:
            token = spans[next_span].token
            walk.word_spans.append(len(walk.words))
            walk.syllable_spans.append(len(walk.syllables))
            walk.words.append(token)
            walk.syllables.append(token)
            if with_runs:
                walk.runs.append([token])
            covered = spans[next_span].end
            next_span += 1
        done = bisect_left(starts, covered, at + 1)
    _stretch(walk, tokens[done:], glued[done:], with_runs)
    return walk


def _stretch(walk: _Walk, tokens: list[str], glued: list[bool], with_runs: bool) -> None:
    """The words, syllables and runs of tokens with no span among them, appended to walk."""
    if not tokens:
        return
    get = _SYLLABLE_OF.get
    syllables = list(map(get, tokens))
    if None in syllables:
        syllables = [_syllable(t) if s is None else s for s, t in zip(syllables, tokens, strict=True)]
    walk.syllables += [s for s in syllables if s]
    # Words: each syllable preceded by _GLUE when pyvi glues it to the one before, by " " when
    # not; punctuation is a " " (a glue after it starts a new word, hence the replace).
    parts = [(_GLUE + s if g else " " + s) if s else " " for s, g in zip(syllables, glued, strict=True)]
    joined = "".join(parts).replace(" " + _GLUE, " ")
    if joined.startswith(_GLUE):
        joined = joined[1:]  # glued to the span before this stretch: a word of its own
    walk.words += [w for w in joined.replace(_GLUE, "_").split(" ") if w]
    if with_runs:
        run: list[str] = []
        for syllable in syllables:
            if syllable:
                run.append(syllable)
            elif run:
                walk.runs.append(run)
                run = []
        if run:
            walk.runs.append(run)


def _fold_all(tokens: list[str], keep_y: list[int]) -> list[str]:
    """fold_token of each token, each distinct token folded once (_FOLDED); the tokens at
    positions keep_y (span tokens) are only folded."""
    get = _FOLDED.get
    out = list(map(get, tokens))
    if None in out:
        out = [_folded(t) if f is None else f for f, t in zip(out, tokens, strict=True)]
    for i in keep_y:
        out[i] = fold(tokens[i]).lower()
    return out


def _is_wordlike(token: str) -> bool:
    # pyvi's tokens are \w+ runs, single non-word characters, "\n" or "->"-like specials;
    # only those with a letter or digit are words ("_" is \w but not one).
    return any(ch.isalnum() for ch in token)


def _dictionary_words(runs: list[list[str]]) -> list[str]:
    """Folded words of an accent-free text: longest dictionary match in each run (a span is
    a run of its own, folded without the i/y rule)."""
    bigrams, trigrams = _folded_dictionary()
    out: list[str] = []
    for run in runs:
        if len(run) == 1:
            out.append((_FOLDED.get(run[0]) or _folded(run[0])) if run[0].isalpha() else fold(run[0]).lower())
            continue
        folded = [_FOLDED.get(s) or _folded(s) for s in run]
        i = 0
        while i < len(folded):
            if i + 2 < len(folded) and " ".join(folded[i : i + 3]) in trigrams:
                out.append("_".join(folded[i : i + 3]))
                i += 3
            elif i + 1 < len(folded) and " ".join(folded[i : i + 2]) in bigrams:
                out.append("_".join(folded[i : i + 2]))
                i += 2
            else:
                out.append(folded[i])
                i += 1
    return out


@cache
def _folded_dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """Folded two- and three-syllable entries of pyvi's dictionary (built once per process)."""
    bigrams: set[str] = set()
    trigrams: set[str] = set()
    for entry in segmenter.dictionary_entries():
        parts = [fold_token(p) for p in normalise_text(entry).split(" ")]
        (bigrams if len(parts) == 2 else trigrams).add(" ".join(parts))
    return frozenset(bigrams), frozenset(trigrams)
