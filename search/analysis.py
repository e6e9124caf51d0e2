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
    walk = _walk(segmenter.pieces(norm), spans)
    words, syllables = walk.words, walk.syllables
    folded_syllables = _fold_all(syllables, walk.syllable_spans)
    if fold(norm) == norm:
        folded_words = _dictionary_words(walk.runs)
    else:
        folded_words = _fold_all(words, walk.word_spans)
    analysis = Analysis.model_construct(
        words=words, syllables=syllables, folded_words=folded_words, folded_syllables=folded_syllables
    )
    return analysis, spans


@dataclass
class _Walk:
    words: list[str] = field(default_factory=list)
    syllables: list[str] = field(default_factory=list)
    runs: list[list[str]] = field(default_factory=list)  # candidates for dictionary words
    word_spans: set[int] = field(default_factory=set)  # positions of span tokens in words
    syllable_spans: set[int] = field(default_factory=set)  # ... and in syllables


def _walk(pieces: segmenter.Pieces, spans: list[Span]) -> _Walk:
    """Words, syllables and runs in one pass over pyvi's tokens: a token inside a protected
    span is replaced by the span's token (once per span); punctuation ends a word and a run."""
    walk = _Walk()
    words, syllables, runs = walk.words, walk.syllables, walk.runs
    word: list[str] = []
    run: list[str] = []
    next_span = 0  # the first span not yet emitted
    covered = 0  # tokens starting before this offset belong to an emitted span
    span_start = spans[0].start if spans else -1
    for token, start, end, glued in zip(pieces.tokens, pieces.starts, pieces.ends, pieces.glued, strict=True):
        if start < covered:
            continue
        if 0 <= span_start < end:
            if word:
                words.append("_".join(word))
                word = []
            if run:
                runs.append(run)
                run = []
            while next_span < len(spans) and spans[next_span].start < end:
                span = spans[next_span]
                walk.word_spans.add(len(words))
                walk.syllable_spans.add(len(syllables))
                words.append(span.token)
                syllables.append(span.token)
                runs.append([span.token])
                covered = span.end
                next_span += 1
            span_start = spans[next_span].start if next_span < len(spans) else -1
            continue
        if not (token[0].isalnum() or _is_wordlike(token)):
            if word:
                words.append("_".join(word))
                word = []
            if run:
                runs.append(run)
                run = []
            continue
        # pyvi's abbreviation pattern takes the full stop after capitals ("UBND." ending a
        # sentence, "TS.", "Tp."): the stop is punctuation, not part of the word.
        syllable = token.lower() if token[-1] != "." else token.rstrip(".").lower()
        syllables.append(syllable)
        run.append(syllable)
        if word and not glued:
            words.append("_".join(word))
            word = []
        word.append(syllable)
    if word:
        words.append("_".join(word))
    if run:
        runs.append(run)
    return walk


def _fold_all(tokens: list[str], keep_y: set[int]) -> list[str]:
    """fold_token over a list in one pass over one string (folding per token costs a call
    each); the tokens at positions keep_y (span tokens) are only folded."""
    if not tokens:
        return []
    folded = fold("\n".join(tokens)).lower()
    if "y" in folded:
        folded = _I_Y_ANYWHERE.sub(r"\1i", folded)
    out = folded.split("\n")
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
            out.append(fold_token(run[0]) if run[0].isalpha() else fold(run[0]).lower())
            continue
        folded = [fold_token(s) for s in run]
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
