"""Canonical tone-mark placement for Vietnamese syllables.

In: NFC (or NFD) text with tone marks placed in either the old style ("hoà", "thuỷ", "uỷ",
"khoẻ") or the new style ("hòa", "thủy", "ủy", "khỏe"), or misplaced ("qúy", "hòan").
Out: the same text with every Vietnamese syllable's tone mark on the vowel the *old* style
chooses; everything else (case, letters, punctuation, non-Vietnamese words) is untouched.

Why the old style: pyvi's segmentation leans on its dictionary (``pyvi/models/words.txt``,
31,157 entries) through the bi-gram/tri-gram features, and that dictionary is written in the
old style only. Counting syllables in it (pyvi 0.1.1): "hoà" 55 vs "hòa" 0, "thuỷ" 71 vs
"thủy" 0, "uỷ" 30 vs "ủy" 0, "khoẻ" 6 vs "khỏe" 0, "hoá" 155 vs "hóa" 0, "tuỳ" 16 vs "tùy" 0,
"khoá" 21 vs "khóa" 0; and "quý" 24 vs "qúy" 0 (after "qu" the tone goes on the next vowel in
both styles). All 31,158 entries are fixed points of `canonical_tones`. The CRF's own
``word.lower()`` attributes hold both spellings, but the dictionary features fire only for the
old style, and they decide: of the 452 two-syllable entries ending an open oa/oe/uy syllable,
pyvi joins 450 as written and loses 115 of them written in the new style ("điều hoà" →
điều_hoà, "điều hòa" → điều hòa; "chủ toạ", "cách thuỷ", "bài khoá" alike). tests/test_tones.py
checks both facts.

The rule (the old style): find the syllable's vowel nucleus after the onset ("qu" and "gi"
before a vowel belong to the onset), then put the tone on
  1. the last vowel carrying a shape mark (ă â ê ô ơ ư), if any ("thuở", "người");
  2. otherwise the only vowel, or the middle of three ("ngoài", "khuỷu");
  3. otherwise, of two vowels, the second when a final consonant follows ("hoàn") or when the
     pair is oa, oe or uy ("hoà", "khoẻ", "thuỷ"), else the first ("mùa", "tày", "kéo").
Only the pairs oa/oe/uy differ between the styles; computing the placement from scratch also
repairs misplaced marks. Words that are not a well-formed Vietnamese syllable (loan words such
as "café", several tone marks, letters after the final consonant) are left as they are.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["canonical_tones", "canonical_tones_nfc"]

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_SHAPED = frozenset("ăâêôơư")
_VOWELS = frozenset("aăâeêioôơuưy")
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_ONSETS = frozenset(
    {
        "",
        "b",
        "c",
        "ch",
        "d",
        "đ",
        "g",
        "gh",
        "gi",
        "h",
        "k",
        "kh",
        "l",
        "m",
        "n",
        "ng",
        "ngh",
        "nh",
        "p",
        "ph",
        "qu",
        "r",
        "s",
        "t",
        "th",
        "tr",
        "v",
        "x",
    }
)
_SECOND_WHEN_OPEN = frozenset({"oa", "oe", "uy"})

# A run of letters, with any combining marks among them (NFC leaves a mark uncomposed when
# no precomposed letter exists, e.g. "à" + U+0302): such a run is left alone, because moving a
# tone next to a loose mark could compose a new letter and make the function not idempotent.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_TONED = frozenset(
    ch
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for mark in _TONE_MARKS
    if len(ch := unicodedata.normalize("NFC", base + mark)) == 1
)

# Syllables seen before: the vocabulary of real text is small (a few thousand syllables), so
# the cache makes the common case one dict lookup. Bounded so hostile input cannot grow it.
_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 200_000


def _toned(bases: str) -> str:
    """Every precomposed toned form of the given vowels, lower and upper case."""
    return "".join(unicodedata.normalize("NFC", b + m) for b in bases + bases.upper() for m in _TONE_MARKS)


def _candidate_pattern() -> re.Pattern[str]:
    """Where a tone can stand on a vowel other than the one the rule picks, in a word that
    is a Vietnamese syllable with one tone mark. Every match starts at the toned vowel. Words
    without a match are fixed points of `_place` (tests/test_tones.py enumerates every onset,
    vowel run, final, tone, tone position and case to check that), so only matching words pay
    for the exact placement: in the seed page 7 words of about 1,300.

    Cases, T a toned vowel, V an untoned one, S an untoned shaped vowel (ă â ê ô ơ ư):
    - T S ("vìêc", "ừơ"): the tone belongs on the shaped vowel;
    - T V then another letter: the first of a pair before a final ("hòan") or of three vowels
      ("ngòai"); the rule never picks it;
    - ò/ó... before a or e, ù/ú... before y ("hòa", "thủy"): the new style;
    - q + toned u, g + toned i, before a vowel ("qúa", "gìa"): the u/i is the onset's;
    - S T, V V T with T unshaped ("ngươì", "ngoaì"): the tone goes back to the shaped vowel or
      the middle one;
    - V T at the end of the word, T unshaped, the pair not oa/oe/uy, not after a word-initial
      qu/gi ("muà" → "mùa"; "hoà", "quý", "già" stay).
    """
    toned, toned_plain = _toned("aăâeêioôơuưy"), _toned("aeiouy")
    shaped, plain = "ăâêôơưĂÂÊÔƠƯ", "aeiouyAEIOUY"
    vowel = plain + shaped
    letter = r"[^\W\d_]"
    end = rf"(?!{letter})"
    # Grouped by the letter after the toned vowel, so that the common case (a consonant, a
    # space) fails after three tests.
    tone_first = (
        rf"[{shaped}]|[{plain}](?:(?={letter})|(?<=[{_toned('o')}][aeAE])|(?<=[{_toned('u')}][yY])"
        rf"|(?<=[qQ][{_toned('u')}].)|(?<=[gG][{_toned('i')}].))"
    )
    tone_later = (
        rf"(?<=[{shaped}][{toned_plain}])|(?<=[{vowel}][{vowel}][{toned_plain}])"
        rf"|(?<=[aeyAEY][{toned_plain}]){end}|(?<=[oO][{_toned('iouy')}]){end}"
        rf"|(?<=[uU][{_toned('aeiou')}])(?<![qQ][uU].){end}"
        rf"|(?<=[iI][{toned_plain}])(?:(?<![gG][iI].)|(?<={letter}[gG][iI].)){end}"
    )
    # The guard before tone_later: a toned vowel after an untoned one is rare in either style,
    # so most toned vowels leave the pattern after one look back (about 30% faster on the seed).
    return re.compile(rf"[{toned}](?:{tone_first}|(?<=[{vowel}][{toned_plain}])(?:{tone_later}))")


_CANDIDATE = _candidate_pattern()
_LETTER = re.compile(r"[^\W\d_]|[\u0300-\u036f]")  # one character of a _WORD


def canonical_tones(text: str) -> str:
    """Text with every syllable's tone mark in the one canonical (old-style) place.

    Idempotent, and a no-op on text without tone marks. NFD input is composed first, because
    the placement is decided per precomposed letter."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return canonical_tones_nfc(text)


def canonical_tones_nfc(text: str) -> str:
    """canonical_tones for text the caller has made NFC already (search.textnorm has): the
    check costs a pass over the text, as much as a seventh of the placement on a body."""
    pieces: list[str] = []
    done = 0
    changed = False
    for match in _CANDIDATE.finditer(text):
        if match.start() < done:  # a second candidate in a word already placed
            continue
        start = match.start()
        while start > done and _LETTER.match(text, start - 1):
            start -= 1
        word = _WORD.match(text, start)
        assert word is not None  # start is at a letter: the toned vowel or one before it
        placed = _replace(word)
        changed = changed or placed != word.group(0)
        pieces.append(text[done:start])
        pieces.append(placed)
        done = word.end()
    if not changed:
        return text  # the very object: callers may skip re-checking what they passed in
    pieces.append(text[done:])
    return "".join(pieces)


def _replace(match: re.Match[str]) -> str:
    word = match.group(0)
    done = _CACHE.get(word)
    if done is None:
        done = _place(word)
        if len(_CACHE) < _CACHE_LIMIT:
            _CACHE[word] = done
    return done


def _place(word: str) -> str:
    """One letter run with its tone moved to the canonical vowel, or unchanged when it is not a
    single Vietnamese syllable carrying exactly one tone mark."""
    toned = [i for i, ch in enumerate(word) if ch in _TONED]
    if len(toned) != 1 or any("\u0300" <= ch <= "\u036f" for ch in word):
        return word
    at = toned[0]
    decomposed = unicodedata.normalize("NFD", word[at])
    mark = next(ch for ch in decomposed if ch in _TONE_MARKS)
    bare = word[:at] + unicodedata.normalize("NFC", decomposed.replace(mark, "")) + word[at + 1 :]
    target = _tone_position(bare.lower())
    if target is None or target == at:
        return word
    moved = unicodedata.normalize("NFC", bare[target] + mark)
    return bare[:target] + moved + bare[target + 1 :]


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone in a lower-case, toneless syllable, or None
    when the letters do not form onset + vowels + final."""
    start = 0
    while start < len(syllable) and syllable[start] not in _VOWELS:
        start += 1
    onset = syllable[:start]
    # "qu" + vowel and "gi" + vowel: the u/i is part of the onset ("quý", "già"), but "gì"
    # has i as its only vowel.
    glide = {"q": "u", "g": "i"}.get(onset)
    if glide and syllable[start : start + 1] == glide and syllable[start + 1 : start + 2] in _VOWELS:
        onset += glide
        start += 1
    if onset not in _ONSETS:
        return None
    end = start
    while end < len(syllable) and syllable[end] in _VOWELS:
        end += 1
    nucleus, final = syllable[start:end], syllable[end:]
    if not nucleus or len(nucleus) > 3 or final not in _FINALS:
        return None
    shaped = [i for i, ch in enumerate(nucleus) if ch in _SHAPED]
    if shaped:
        return start + shaped[-1]
    if len(nucleus) == 1:
        return start
    if len(nucleus) == 3:
        return start + 1
    if final or nucleus in _SECOND_WHEN_OPEN:
        return start + 1
    return start
