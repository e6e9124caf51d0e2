"""Highlighting: a notice's stored body and the query's words → HTML snippets with <mark>s.

The analysed token fields are not kept in `_source`, so Elasticsearch's highlighter has nothing
to work on; this marks the words in the body text itself, in Python. In: the body (stored
already normalised by ingest: NFC, canonical tone placement), the query's syllables, and the
lookup keys of the document numbers it named. Out: up to a few snippets, every character
HTML-escaped except the <mark> tags we add.

Accent-aware: a word typed without diacritics ("thuong") marks every folded look-alike
("thưởng", "thương"); a word typed with them ("mà") marks only exact matches, unless the body
has none, in which case its folded look-alikes (what made the notice match) are marked. Folded
comparisons use the index's own folding (search.analysis.fold_token: i/y unified after a
consonant, so "ki" marks "ký"), and protected spans (dates, numbers with separators) compare by
the token the index stores (search.spans), so "24/7/2018" marks "24/07/2018".
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable

from search.analysis import fold_token
from search.numbers import NUMBER_PATTERN, number_key
from search.spans import find_spans
from search.textnorm import fold

TOKEN = re.compile(r"\w+")
SNIPPET_CHARS = 220
MAX_SNIPPETS = 3
ELLIPSIS = "…"

Span = tuple[int, int]


def word_spans(body: str, words: Iterable[str]) -> list[Span]:
    """Where the query's words occur in body, by the accent rule in the module docstring."""
    single = {w.lower() for w in words if TOKEN.fullmatch(w)}
    # Protected spans from the analysis ("24/7/2018", "tp.hcm") are one query token but several
    # body tokens, and the index stores them in one canonical form: compare those forms.
    compound = {_span_key(w) for w in words if w and not TOKEN.fullmatch(w)}
    bare = {w for w in single if fold(w) == w}
    accented = single - bare
    lowered = body.lower()
    spans: list[Span] = []
    present: set[str] = set()
    if accented:
        for start, end in _whole_words(_alternation(accented), lowered):
            spans.append((start, end))
            present.add(lowered[start:end])
    # An accented word absent from the body matched through its folded form.
    folded_wanted = {fold_token(w) for w in bare | (accented - present)}
    if folded_wanted:
        spans.extend(_folded_spans(body, lowered, folded_wanted))
    if compound:
        spans.extend((s.start, s.end) for s in find_spans(body) if _span_key(s.token) in compound)
    return spans


def _span_key(token: str) -> str:
    """A protected span's token compared without case or diacritics: the index stores dates as
    d/m/yyyy ("24/07/2018" → "24/7/2018"), and a span typed without its accents still meets the
    body's (folded fields match it, so the notice was found through it)."""
    return fold(token).lower()


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One regex for any of words (longest first) ending a word; _whole_words checks the start.
    Why not a look-behind: a pattern opening with one runs at every position of the body, while
    one opening with the words' first letters lets the engine skip to them (half the time)."""
    choices = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{choices})(?!\w)")


def _whole_words(pattern: re.Pattern[str], text: str) -> list[Span]:
    """Matches of pattern that also start a word. A match starting inside a word is made of word
    characters up to a word's end, so skipping it never hides a match at the next word's start."""
    return [
        m.span()
        for m in pattern.finditer(text)
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]


def _folded_spans(body: str, lowered: str, wanted: set[str]) -> list[Span]:
    """Spans of tokens whose folded form (fold_token, as the index folds) is wanted. Folding the
    whole body at once keeps offsets when it keeps the length (NFC text: one character per
    letter, as ingest stores bodies); otherwise fold token by token (a Python call per token
    instead of one regex scan). Why not search the body as written with a class of look-alikes
    per letter: compiling those classes took 0.6 ms per query, more than folding ten bodies."""
    folded = fold(lowered)
    if len(folded) == len(body) == len(lowered):
        return _whole_words(_alternation(_with_y_forms(wanted)), folded)
    return [m.span() for m in TOKEN.finditer(body) if fold_token(m.group(0)) in wanted]


def _with_y_forms(wanted: set[str]) -> set[str]:
    """wanted, plus the y spelling of each word fold_token reads as its i spelling ("ky" for
    "ki", from "ký"): the only other folded token that fold_token turns into a wanted word."""
    return wanted | {w[:-1] + "y" for w in wanted if w.endswith("i") and fold_token(w[:-1] + "y") == w}


def number_spans(body: str, keys: Iterable[str]) -> list[Span]:
    """Document numbers in body whose lookup key is one the query named (or starts with a
    partial key such as "91/2017/ND" from "nđ 91/2017")."""
    wanted = list(keys)
    if not wanted:
        return []
    spans = []
    for match in NUMBER_PATTERN.finditer(body):
        key = number_key(match.group(0))
        if any(key.startswith(w) for w in wanted):
            spans.append(match.span())
    return spans


def merge_spans(spans: Iterable[Span], body: str) -> list[Span]:
    """Sorted, overlapping spans joined, and spans separated only by spaces joined too, so a
    matched phrase reads as one mark."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not body[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def prefer_runs(body: str, marks: list[Span], query_words: int) -> list[Span]:
    """For a query of several words, the marks where two or more of them stand together, when
    there are any: "phong trào thi đua" marked whole reads as the match, while lone syllables
    elsewhere ("thi hành", "Chỉ thị" for an unaccented "thi") are mostly noise."""
    if query_words < 2:
        return marks
    runs = [(s, e) for s, e in marks if len(TOKEN.findall(body[s:e])) >= 2]
    return runs or marks


def choose_windows(spans: list[Span], length: int, width: int, count: int) -> list[Span]:
    """Up to count windows of about width characters holding the most marks, in text order.
    spans are merged marks (sorted, not overlapping), so their ends are sorted too and the marks
    inside a window starting at a mark are counted by bisection: a scan of every pair made this
    the costliest step of a search (a third of highlighting on the benchmark's bodies)."""
    remaining = list(spans)
    windows: list[Span] = []
    while remaining and len(windows) < count:
        ends = [e for _s, e in remaining]
        # Most marks inside [start, start + width]; ties go to the earliest window.
        best = max(range(len(remaining)), key=lambda i: (bisect_right(ends, remaining[i][0] + width) - i, -i))
        start = max(0, remaining[best][0] - width // 4)
        end = min(length, start + width)
        windows.append((start, end))
        remaining = [(s, e) for s, e in remaining if e <= start or s >= end]
    return sorted(windows)


def _widen_to_spaces(body: str, start: int, end: int, marks: list[Span]) -> Span:
    """Move window edges to spaces so no word (and no mark) is cut in half."""
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    for s, e in marks:
        if s < end < e:
            end = e
    return start, end


def render(body: str, window: Span, marks: list[Span]) -> str:
    """One snippet: escaped text with <mark>s, ellipses where the body was cut."""
    start, end = window
    text = _escape_marked(body, start, end, marks)
    return " ".join(f"{ELLIPSIS if start > 0 else ''}{text}{ELLIPSIS if end < len(body) else ''}".split())


def _escape_marked(body: str, start: int, end: int, marks: list[Span]) -> str:
    out = []
    cursor = start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(body[cursor:s]))
        out.append(f"<mark>{html.escape(body[s:e])}</mark>")
        cursor = e
    out.append(html.escape(body[cursor:end]))
    return "".join(out)


def mark_text(text: str, words: Iterable[str], number_keys: Iterable[str] = ()) -> str:
    """All of text, HTML-escaped, with the query's words and numbers in <mark>s, spacing kept:
    the notice page reached from a result shows where the query matched."""
    words = list(words)
    marks = merge_spans([*prefer_runs(text, merge_spans(word_spans(text, words), text), len(words)),
                         *number_spans(text, number_keys)], text)  # fmt: skip
    return _escape_marked(text, 0, len(text), marks)


def highlight(
    body: str,
    words: Iterable[str],
    number_keys: Iterable[str] = (),
    *,
    width: int = SNIPPET_CHARS,
    count: int = MAX_SNIPPETS,
) -> list[str]:
    """Snippets of body around the query's words and numbers; [] when none occurs in body."""
    words = list(words)
    marks = merge_spans([*prefer_runs(body, merge_spans(word_spans(body, words), body), len(words)),
                         *number_spans(body, number_keys)], body)  # fmt: skip
    if not marks:
        return []
    windows = [_widen_to_spaces(body, s, e, marks) for s, e in choose_windows(marks, len(body), width, count)]
    merged: list[Span] = []
    for window in windows:
        if merged and window[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(window[1], merged[-1][1]))
        else:
            merged.append(window)
    return [render(body, window, marks) for window in merged]
