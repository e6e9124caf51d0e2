"""Query building: what a user typed and the filters they chose → one Elasticsearch search body.

In: `SearchParams` (query text, filters, sort, paging). Out: a `ParsedQuery` (document numbers,
"nđ 91/2017" type-and-number forms, quoted phrases, free words, each analysed like documents
are) and then a plain dict for `Elasticsearch.search(**body)`.

Every step is a pure function, unit-tested as dicts without a server. User text only ever
reaches Elasticsearch as the value of `match`/`term`-family queries, never as query-string
syntax, so `" OR *:*` or `{"script": ...}` are searched for as words.

Ranking, from strongest to weakest signal:
1. the notice whose own number is in the query, then notices citing it (extracted references),
   then notices mentioning it in their text: constant scores above any text score;
2. whole words (`thi_đua`), the query's syllables adjacent, and neighbouring pairs of them:
   a rescore of the first pass's top hits (these clauses cost about half the query's time);
3. exact-accent syllables, when the query has diacritics, so "mạ" ranks a notice with "mạ"
   above ones with "mà" or "mã";
4. folded syllables, which every hit must match (all of one or two, three quarters of more),
   so "thi dua" finds "thi đua" at all.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from search.analysis import analyse
from search.errors import VanbanError
from search.models import Status
from search.numbers import NUMBER_PATTERN, normalise_number, number_key
from search.textnorm import fold, fold_key, normalise_text
from search.vocabulary import vocabulary

MAX_QUERY_CHARS = 500
# Hits of the first pass that whole-word and phrase matches rescore: enough that the page a
# person reads (and the next ones) is ordered by every signal.
RESCORE_WINDOW = 500
MAX_LIMIT = 100
DEFAULT_LIMIT = 10
# Elasticsearch's index.max_result_window: `from + size` beyond it is refused; exports page with
# search_after instead (search.searcher.changes).
MAX_RESULT_WINDOW = 10_000
FACET_SIZE = 20
YEAR_FACET_SIZE = 40

# combined_fields refuses field boosts below 1.
TEXT_FIELDS: dict[str, float] = {"title": 3.0, "body": 1.5, "attachments": 1.0}
# Boosts per analysed form: exact accents and whole words outrank folded and scattered matches.
EXACT_SYLLABLES_BOOST = 2.0
WORD_BOOSTS: dict[str, float] = {"words": 3.0, "folded_words": 1.5}
PHRASE_BOOSTS: dict[str, float] = {"syllables": 4.0, "folded_syllables": 1.0}
PAIR_BOOSTS: dict[str, float] = {"syllables": 1.0, "folded_syllables": 1.0}
MAX_PAIRS = 8
OWN_NUMBER_BOOST = 1000.0
PARTIAL_NUMBER_BOOST = 500.0
CITED_NUMBER_BOOST = 50.0
MENTIONED_NUMBER_BOOST = 20.0
# One or two syllables must all match; from three on, three quarters rounded down (2 of 3, 3 of
# 4), so one word the notice words differently ("giá đất" for "bảng giá đất") does not drop it;
# notices with every word still score higher.
MINIMUM_SHOULD_MATCH = "2<75%"

QUOTES = re.compile(r'["“”„«»]([^"“”„«»]+)["“”„«»]')
# "nđ 91/2017", "Nghị định số 91/2017", "91/2017": a type word before number/year.
_PARTIAL_NUMBER = re.compile(r"(?<![\w/])(\d{1,5})\s*/\s*((?:19|20)\d{2})(?![\w/])")


class QueryError(VanbanError):
    """A query that cannot be run as asked (too long, a page past the end, an unknown status).
    The message is one line meant for the person who typed the query."""


class SearchParams(BaseModel):
    """What a search asks for; the same fields back the command line, the HTTP API and the page."""

    model_config = ConfigDict(extra="forbid")

    q: str = ""
    doc_type: str | None = None
    sector: str | None = None
    issuer: str | None = None
    signer: str | None = None
    status: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    date_from: date | None = None
    date_to: date | None = None
    cites: str | None = None
    sort: Literal["relevance", "date"] = "relevance"
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    page: int = Field(default=1, ge=1)

    @field_validator("doc_type", "sector", "issuer", "signer", "status", "cites", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """An empty filter box on the page sends "": that means no filter, not "match empty"."""
        if isinstance(value, str) and not value.strip():
            return None
        return value


class Terms(BaseModel):
    """A piece of query text analysed the way documents are: the four token forms."""

    words: list[str] = Field(default_factory=list)
    syllables: list[str] = Field(default_factory=list)
    folded_words: list[str] = Field(default_factory=list)
    folded_syllables: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.folded_syllables


class NumberRef(BaseModel):
    """A document number found in the query: a full key (`91/2017/ND-CP`) or, for "nđ 91/2017",
    a key prefix (`91/2017/ND`) and perhaps the type name the user wrote in full."""

    key: str
    prefix: bool = False
    doc_type: str | None = None


class ParsedQuery(BaseModel):
    text: str
    numbers: list[NumberRef] = Field(default_factory=list)
    phrases: list[Terms] = Field(default_factory=list)
    terms: Terms = Field(default_factory=Terms)

    def is_empty(self) -> bool:
        return not self.numbers and not self.phrases and self.terms.is_empty()


# ---------------------------------------------------------------- parsing


def check_query_text(text: str) -> str:
    """The normalised query, or QueryError: a cap on length keeps one request from costing a
    node seconds (each syllable becomes clauses in several fields)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text)} characters, at most {MAX_QUERY_CHARS}")
    return normalise_text(text).strip()


def analyse_terms(text: str) -> Terms:
    analysis = analyse(text)
    return Terms(
        words=list(analysis.words),
        syllables=list(analysis.syllables),
        folded_words=list(analysis.folded_words),
        folded_syllables=list(analysis.folded_syllables),
    )


def split_phrases(text: str) -> tuple[list[str], str]:
    """Quoted phrases, and the text with them removed. An unmatched quote is just punctuation."""
    phrases = [m.group(1).strip() for m in QUOTES.finditer(text) if m.group(1).strip()]
    return phrases, QUOTES.sub(" ", text)


def split_numbers(text: str) -> tuple[list[NumberRef], str]:
    """Full document numbers anywhere in the text, and the text with them removed."""
    refs: list[NumberRef] = []
    for match in NUMBER_PATTERN.finditer(text):
        canonical = normalise_number(match.group(0))
        if canonical:
            refs.append(NumberRef(key=number_key(canonical)))
    return refs, NUMBER_PATTERN.sub(" ", text)


def _type_before(text: str, end: int) -> tuple[str | None, int]:
    """The document type written just before position end ("nđ", "Nghị định số"), as
    (abbreviation-or-name, start), looking back over at most four words."""
    words = list(re.finditer(r"[\wĐđ]+", text[:end]))
    for count in (1, 2, 3, 4):
        if len(words) < count:
            break
        chosen = words[-count:]
        tokens = [w.group(0) for w in chosen]
        if fold_key(tokens[-1]) == "so" and count > 1:  # "Nghị định số 91/2017"
            tokens = tokens[:-1]
        if text[chosen[-1].end() : end].strip():
            break  # something other than spaces between the type and the number
        candidate = " ".join(tokens)
        if fold_key(candidate) in _type_word_keys():
            return candidate, chosen[0].start()
    return None, end


@lru_cache(maxsize=1)
def _type_word_keys() -> frozenset[str]:
    return frozenset(fold_key(word) for word in vocabulary().doc_type_words())


def split_partial_numbers(text: str) -> tuple[list[NumberRef], str]:
    """ "nđ 91/2017", "Nghị định 91/2017" and bare "91/2017": a number and year without the
    issuer code, which users type from memory. Matched as a prefix of the number key."""
    refs: list[NumberRef] = []
    spans: list[tuple[int, int]] = []
    vocab = vocabulary()
    for match in _PARTIAL_NUMBER.finditer(text):
        written, start = _type_before(text, match.start())
        # Numbers below 10 are written with a leading zero (Nghị định 30/2020), but not always.
        for digits in dict.fromkeys([match.group(1), f"{int(match.group(1)):02d}"]):
            head = f"{digits}/{match.group(2)}/"
            if written and vocab.doc_type_name(written):
                refs.append(NumberRef(key=number_key(head + written), prefix=True))
            elif written:
                name = vocab.canonical_doc_type(written)
                # The type's own code narrows the prefix ("Nghị định 91/2017" → 91/2017/ND); the
                # type filter keeps numbers whose code is not the type's (Luật 45/2019/QH14).
                refs.extend(NumberRef(key=number_key(head + code), prefix=True) for code in _codes_of(name))
                refs.append(NumberRef(key=head, prefix=True, doc_type=name))
            else:
                refs.append(NumberRef(key=head, prefix=True))
        spans.append((start, match.end()))
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return refs, text


def _codes_of(doc_type: str) -> list[str]:
    """The number abbreviations of a canonical type name (Nghị định → NĐ), from the vocabulary."""
    return [code for t in vocabulary().doc_types.types if t.name == doc_type for code in t.abbreviations]


def parse_query(text: str) -> ParsedQuery:
    """Query text → numbers, phrases and free words, each analysed like the documents."""
    clean = check_query_text(text)
    phrases, rest = split_phrases(clean)
    numbers, rest = split_numbers(rest)
    partial, rest = split_partial_numbers(rest)
    analysed_phrases = [t for t in (analyse_terms(p) for p in phrases) if not t.is_empty()]
    return ParsedQuery(
        text=clean, numbers=numbers + partial, phrases=analysed_phrases, terms=analyse_terms(rest)
    )


# ---------------------------------------------------------------- query clauses


def _fields(form: str, boosted: bool = True) -> list[str]:
    return [
        f"text.{name}.{form}^{boost}" if boosted else f"text.{name}.{form}"
        for name, boost in TEXT_FIELDS.items()
    ]


def number_clauses(numbers: list[NumberRef]) -> list[dict[str, Any]]:
    """The notice carrying the number first, then notices citing it (extracted references),
    then notices merely mentioning it in their text (the analysis keeps a number as one folded
    token, "91/2017/nd-cp"): constant scores, so that BM25 cannot reorder these tiers."""
    clauses: list[dict[str, Any]] = []
    for ref in numbers:
        kind = "prefix" if ref.prefix else "term"
        own: dict[str, Any] = {kind: {"number_key": ref.key}}
        if ref.doc_type:
            own = {"bool": {"filter": [own, {"term": {"keys.doc_type": fold_key(ref.doc_type)}}]}}
        boost = PARTIAL_NUMBER_BOOST if ref.prefix else OWN_NUMBER_BOOST
        clauses.append({"constant_score": {"filter": own, "boost": boost}})
        if ref.doc_type:
            continue  # "91/2017/" alone would find citations of every type
        cited = {kind: {"numbers": ref.key}}
        clauses.append({"constant_score": {"filter": cited, "boost": CITED_NUMBER_BOOST}})
        mentions = [{kind: {f"text.{name}.folded_syllables": ref.key.lower()}} for name in TEXT_FIELDS]
        mentioned = {"bool": {"should": mentions, "minimum_should_match": 1}}
        clauses.append({"constant_score": {"filter": mentioned, "boost": MENTIONED_NUMBER_BOOST}})
    return clauses


def words_clause(terms: Terms) -> dict[str, Any]:
    """Free words: the syllables must match in some form (folded: accent-free typing works),
    and exact accents add score here, in the first pass, so that "mạ" finds the one notice
    with "mạ" among thousands with "mà" before the rescore window is cut. Only a query typed
    with diacritics has exact forms: "bang gia dat" typed bare means any of gia/giá/giả, and
    must not favour "gia hạn" over "giá đất"; "thi đua" means "thi" exactly."""
    must = {
        "combined_fields": {
            "query": " ".join(terms.folded_syllables),
            "fields": _fields("folded_syllables"),
            "minimum_should_match": MINIMUM_SHOULD_MATCH,
        }
    }
    exact = {
        "combined_fields": {
            "query": " ".join(terms.syllables),
            "fields": _fields("syllables"),
            "boost": EXACT_SYLLABLES_BOOST,
        }
    }
    return {"bool": {"must": [must], "should": [exact] if has_accents(terms) else []}}


def proximity_clauses(parsed: ParsedQuery) -> list[dict[str, Any]]:
    """Whole words and adjacent syllables: the costly signals (each a phrase or multi-form query,
    about half the query's time on 100k notices), so they rescore the first pass's top hits."""
    clauses: list[dict[str, Any]] = [c for p in parsed.phrases for c in phrase_clauses(p)]
    terms = parsed.terms
    for form, boost in WORD_BOOSTS.items():
        tokens = getattr(terms, form)
        if tokens and (form != "words" or has_accents(terms)):
            clauses.append(
                {"combined_fields": {"query": " ".join(tokens), "fields": _fields(form), "boost": boost}}
            )
    if len(terms.folded_syllables) > 1:
        clauses.extend(phrase_clauses(terms, slop=1))
    if len(terms.folded_syllables) > 2:
        clauses.extend(pair_clauses(terms))
    return clauses


def pair_clauses(terms: Terms) -> list[dict[str, Any]]:
    """Each pair of neighbouring query syllables as a phrase of its own: a notice with "giá
    đất" but not "bảng" still outranks one with "gia hạn" and "đạt" scattered, which matters
    most without diacritics, where folded syllables are ambiguous ("bang gia dat")."""
    pairs = list(itertools.pairwise(terms.folded_syllables))[:MAX_PAIRS]
    if has_accents(terms) and len(terms.syllables) == len(terms.folded_syllables):
        exact = list(itertools.pairwise(terms.syllables))[:MAX_PAIRS]
    else:
        exact = []  # a protected span folded differently: the pairs would not line up
    clauses = []
    for form, chosen in (("folded_syllables", pairs), ("syllables", exact)):
        for first, second in chosen:
            for name in ("title", "body"):
                boost = PAIR_BOOSTS[form] * TEXT_FIELDS[name]
                clauses.append(
                    {"match_phrase": {f"text.{name}.{form}": {"query": f"{first} {second}", "boost": boost}}}
                )
    return clauses


def phrase_clauses(terms: Terms, slop: int = 0) -> list[dict[str, Any]]:
    """Adjacent syllables in title or body, exact accents scoring above folded ones (when the
    user typed accents at all)."""
    clauses = []
    for form, boost in PHRASE_BOOSTS.items():
        query = " ".join(getattr(terms, form))
        if not query or (form == "syllables" and not has_accents(terms)):
            continue
        for name in ("title", "body"):
            field = f"text.{name}.{form}"
            clauses.append(
                {"match_phrase": {field: {"query": query, "slop": slop, "boost": boost * TEXT_FIELDS[name]}}}
            )
    return clauses


def required_phrase(terms: Terms) -> dict[str, Any]:
    """A quoted phrase must occur as a phrase (folded, so accents may be missing), in any field."""
    query = " ".join(terms.folded_syllables)
    options = [{"match_phrase": {f"text.{name}.folded_syllables": {"query": query}}} for name in TEXT_FIELDS]
    return {"bool": {"should": options, "minimum_should_match": 1}}


def text_clause(parsed: ParsedQuery) -> dict[str, Any] | None:
    """Phrases and words together; None when the query has neither."""
    must: list[dict[str, Any]] = [required_phrase(p) for p in parsed.phrases]
    if not parsed.terms.is_empty():
        must.append(words_clause(parsed.terms))
    if not must:
        return None
    return must[0] if len(must) == 1 else {"bool": {"must": must}}


def rescore(parsed: ParsedQuery, sort: str, window: int) -> dict[str, Any] | None:
    """The proximity clauses applied to the first pass's top `window` hits (relevance only:
    Elasticsearch rescores only results sorted by score)."""
    clauses = proximity_clauses(parsed)
    if sort != "relevance" or not clauses:
        return None
    return {
        "window_size": max(RESCORE_WINDOW, window),
        "query": {
            "rescore_query": {"bool": {"should": clauses}},
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
        },
    }


def scoring_query(parsed: ParsedQuery) -> dict[str, Any]:
    """A number in the query wins on its own: its notice comes first even if the other words do
    not all match; the words still rank the rest."""
    options = number_clauses(parsed.numbers)
    text = text_clause(parsed)
    if text is not None:
        options.append(text)
    if not options:
        return {"match_all": {}}
    if len(options) == 1:
        return options[0]
    return {"bool": {"should": options, "minimum_should_match": 1}}


# ---------------------------------------------------------------- filters, facets, sort, paging


def status_value(text: str) -> str:
    """An enum value ("in_force") or Vietnamese wording ("còn hiệu lực") → the enum value."""
    if text in Status.__members__:
        return text
    status = vocabulary().status_for(text)
    if status is Status.unknown and fold_key(text) not in {"unknown", "khong ro", "chua ro"}:
        allowed = ", ".join(Status.__members__)
        raise QueryError(f"unknown status {text!r}: use one of {allowed} or a Vietnamese wording")
    return status.value


def doc_type_keys(text: str) -> list[str]:
    """The folded keys a type filter accepts: as typed, and its canonical name ("QĐ" → Quyết định)."""
    vocab = vocabulary()
    names = {text, vocab.canonical_doc_type(text)}
    full = vocab.doc_type_name(text)
    if full:
        names.add(full)
    return sorted({fold_key(name) for name in names if name})


def filters(params: SearchParams) -> list[dict[str, Any]]:
    """Exact filters on the folded keys (so "bo tai chinh" filters "Bộ Tài chính")."""
    clauses: list[dict[str, Any]] = []
    if params.doc_type:
        clauses.append({"terms": {"keys.doc_type": doc_type_keys(params.doc_type)}})
    for name in ("sector", "issuer", "signer"):
        value = getattr(params, name)
        if value:
            clauses.append({"term": {f"keys.{name}": fold_key(value)}})
    if params.status:
        clauses.append({"term": {"status": status_value(params.status)}})
    if params.year is not None:
        clauses.append({"term": {"year": params.year}})
    if params.date_from or params.date_to:
        if params.date_from and params.date_to and params.date_from > params.date_to:
            raise QueryError(f"--from {params.date_from} is after --to {params.date_to}")
        bounds = {}
        if params.date_from:
            bounds["gte"] = params.date_from.isoformat()
        if params.date_to:
            bounds["lte"] = params.date_to.isoformat()
        clauses.append({"range": {"issued_date": bounds}})
    if params.cites:
        canonical = normalise_number(params.cites)
        if not canonical or not NUMBER_PATTERN.fullmatch(canonical):
            raise QueryError(f"--cites needs a document number such as 91/2017/NĐ-CP, not {params.cites!r}")
        clauses.append({"term": {"references.number_key": number_key(canonical)}})
    return clauses


def facet_aggs() -> dict[str, Any]:
    """Counts over the current result set, for the page's filter lists."""
    aggs: dict[str, Any] = {
        name: {"terms": {"field": name, "size": FACET_SIZE}}
        for name in ("doc_type", "sector", "issuer", "status")
    }
    aggs["year"] = {"terms": {"field": "year", "size": YEAR_FACET_SIZE, "order": {"_key": "desc"}}}
    return aggs


def sort_clause(sort: str) -> list[Any]:
    """Ties broken by date then id, so paging never shows a notice twice."""
    newest = {"issued_date": {"order": "desc", "missing": "_last"}}
    if sort == "date":
        return [newest, "_score", {"id": "asc"}]
    return ["_score", newest, {"id": "asc"}]


def paging(limit: int, page: int) -> tuple[int, int]:
    """(from, size); pages past Elasticsearch's result window are refused with a reason."""
    start = (page - 1) * limit
    if start + limit > MAX_RESULT_WINDOW:
        last = MAX_RESULT_WINDOW // limit
        raise QueryError(
            f"page {page} is beyond the first {MAX_RESULT_WINDOW:,} results (last page at this size: "
            f"{last}); narrow the search, or page the change feed for a full export"
        )
    return start, limit


SOURCE_FIELDS = [
    "id",
    "number",
    "title",
    "doc_type",
    "sector",
    "issuer",
    "signer",
    "issued_date",
    "status",
    "body",
]


def build_search(parsed: ParsedQuery, params: SearchParams) -> dict[str, Any]:
    """The whole search body for `Elasticsearch.search(index=..., **body)`."""
    start, size = paging(params.limit, params.page)
    query: dict[str, Any] = {"bool": {"must": [scoring_query(parsed)], "filter": filters(params)}}
    body: dict[str, Any] = {
        "query": query,
        "sort": sort_clause(params.sort),
        "from_": start,
        "size": size,
        "aggs": facet_aggs(),
        "track_total_hits": True,
        "track_scores": True,
        "source_includes": SOURCE_FIELDS,
    }
    second_pass = rescore(parsed, params.sort, start + size)
    if second_pass:
        # Elasticsearch refuses any sort beside a rescore; ties then keep index order, which is
        # stable between the pages of one index version.
        del body["sort"]
        body["rescore"] = second_pass
    return body


def highlight_words(parsed: ParsedQuery) -> list[str]:
    """The syllables a highlighter should mark, accented as typed (fold() tells which are bare)."""
    seen: dict[str, None] = {}
    for terms in [*parsed.phrases, parsed.terms]:
        for syllable in terms.syllables:
            seen.setdefault(syllable, None)
    return list(seen)


def is_folded(word: str) -> bool:
    """True when the user typed the word without diacritics."""
    return fold(word) == word


def has_accents(terms: Terms) -> bool:
    """True when any syllable was typed with diacritics: only then do exact forms mean more."""
    return any(not is_folded(s) for s in terms.syllables)
