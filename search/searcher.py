"""The Python search API: parameters in, typed results out, Elasticsearch at the edge.

    search(params)            SearchParams → SearchResult (total, hits with highlights, facets)
    get_notice(id)            → Notice, or NoticeNotFound
    changes(since, cursor)    → ChangesPage: a change feed paged with search_after over a point
                                in time, so an export of any size returns each notice once
    export()                  → every Notice, streamed page by page
    newest(limit)             → the newest notices, for the Atom feed

Every function takes an optional client and index (default: `connect()` and the configured
alias). Errors: QueryError (the query cannot run as asked), NoticeNotFound, IndexMissing,
BadCursor, ElasticsearchUnavailable: all VanbanError, all one line.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions
from pydantic import BaseModel, Field

from search.client import START_HINT, connect
from search.config import settings
from search.documents import notice_from_source
from search.errors import ElasticsearchUnavailable, VanbanError
from search.highlight import highlight
from search.models import Notice
from search.queries import QueryError, SearchParams, build_search, highlight_words, parse_query

CHANGES_PAGE = 500
MAX_CHANGES_PAGE = 1000
PIT_KEEP_ALIVE = "2m"
FEED_SORT = [{"indexed_at": {"order": "asc"}}, {"id": {"order": "asc"}}]
# The cursor keeps only (indexed_at, id): id is unique, so the pair is a total order without
# the point in time's implicit _shard_doc tiebreaker, and it stays valid on a fresh point in
# time when the old one expired.


class NoticeNotFound(VanbanError):
    """No notice has this id."""


class IndexMissing(VanbanError):
    """The index or alias does not exist yet."""


class BadCursor(VanbanError):
    """A change-feed cursor that this service did not issue (or that was cut short)."""


class SearchHit(BaseModel):
    id: str
    number: str | None = None
    title: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    status: str
    score: float | None = None
    highlights: list[str] = Field(default_factory=list)


class FacetValue(BaseModel):
    value: str | int
    count: int


class Facets(BaseModel):
    doc_type: list[FacetValue] = Field(default_factory=list)
    sector: list[FacetValue] = Field(default_factory=list)
    issuer: list[FacetValue] = Field(default_factory=list)
    year: list[FacetValue] = Field(default_factory=list)
    status: list[FacetValue] = Field(default_factory=list)


class SearchResult(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: Facets


class ChangesPage(BaseModel):
    """One page of the change feed; next_cursor is None on the last page."""

    notices: list[Notice]
    next_cursor: str | None = None


def _target(client: Elasticsearch | None, index: str | None) -> tuple[Elasticsearch, str]:
    return client or connect(), index or settings().index_alias


def _call(where: str, call: Any, /, **kwargs: Any) -> Any:
    """Run one client call, turning transport failures into this module's one-line errors."""
    try:
        return call(**kwargs)
    except es_exceptions.NotFoundError as error:
        if "index_not_found" in str(error):
            raise IndexMissing(
                f"no index {where!r}: load notices first (python -m ingest load PATH)"
            ) from None
        raise
    except es_exceptions.ConnectionError as error:
        raise ElasticsearchUnavailable(
            f"no Elasticsearch answers ({type(error).__name__}): {START_HINT}"
        ) from None


# ---------------------------------------------------------------- search


def search(
    params: SearchParams, client: Elasticsearch | None = None, index: str | None = None
) -> SearchResult:
    """Run one search: hits in rank order with highlighted body snippets, and facet counts."""
    es, target = _target(client, index)
    parsed = parse_query(params.q)
    if parsed.is_empty() and parsed.text:
        # "*:*" or "!!!": text that analyses to nothing must not quietly become "everything".
        raise QueryError(
            f'nothing to search for in {params.q!r}: type words, a "phrase" or a document number'
        )
    body = build_search(parsed, params)
    response = _call(target, es.search, index=target, **body)
    words = highlight_words(parsed)
    keys = [ref.key for ref in parsed.numbers]
    hits = [_hit(raw, words, keys) for raw in response["hits"]["hits"]]
    return SearchResult(
        total=response["hits"]["total"]["value"], hits=hits, facets=_facets(response["aggregations"])
    )


def _hit(raw: dict[str, Any], words: list[str], keys: list[str]) -> SearchHit:
    source = raw["_source"]
    return SearchHit(
        id=source["id"],
        number=source.get("number"),
        title=source.get("title"),
        doc_type=source.get("doc_type"),
        issuer=source.get("issuer"),
        issued_date=source.get("issued_date"),
        status=source.get("status", "unknown"),
        score=raw.get("_score"),
        highlights=highlight(source.get("body", ""), words, keys),
    )


def _facets(aggregations: dict[str, Any]) -> Facets:
    return Facets(
        **{
            name: [FacetValue(value=b["key"], count=b["doc_count"]) for b in agg["buckets"]]
            for name, agg in aggregations.items()
        }
    )


# ---------------------------------------------------------------- single notices


def get_notice(notice_id: str, client: Elasticsearch | None = None, index: str | None = None) -> Notice:
    """The full notice with this id (attachments, references and all)."""
    es, target = _target(client, index)
    response = _call(target, es.search, index=target, query={"ids": {"values": [notice_id]}}, size=1)
    hits = response["hits"]["hits"]
    if not hits:
        raise NoticeNotFound(f"no notice with id {notice_id!r}")
    return notice_from_source(hits[0]["_source"])


def newest(limit: int = 50, client: Elasticsearch | None = None, index: str | None = None) -> list[Notice]:
    """The most recently issued notices (then most recently indexed), for feeds."""
    es, target = _target(client, index)
    response = _call(
        target,
        es.search,
        index=target,
        query={"match_all": {}},
        sort=[{"issued_date": {"order": "desc", "missing": "_last"}}, {"indexed_at": {"order": "desc"}}],
        size=limit,
    )
    return [notice_from_source(hit["_source"]) for hit in response["hits"]["hits"]]


def indexed_at(
    notice_ids: list[str], client: Elasticsearch | None = None, index: str | None = None
) -> dict[str, str]:
    """When each notice was last written (the Atom feed's <updated>)."""
    es, target = _target(client, index)
    response = _call(
        target,
        es.search,
        index=target,
        query={"ids": {"values": notice_ids}},
        size=len(notice_ids),
        source_includes=["id", "indexed_at"],
    )
    return {hit["_source"]["id"]: hit["_source"]["indexed_at"] for hit in response["hits"]["hits"]}


# ---------------------------------------------------------------- change feed and export


def encode_cursor(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise BadCursor("cursor is not one this service issued: start again without a cursor") from None
    if not isinstance(state, dict) or not isinstance(state.get("after"), list) or "pit" not in state:
        raise BadCursor("cursor is not one this service issued: start again without a cursor")
    return state


def _since_query(since: str | None) -> dict[str, Any]:
    return {"range": {"indexed_at": {"gte": since}}} if since else {"match_all": {}}


def changes(
    updated_since: datetime | None = None,
    cursor: str | None = None,
    limit: int = CHANGES_PAGE,
    client: Elasticsearch | None = None,
    index: str | None = None,
) -> ChangesPage:
    """Notices written at or after updated_since, oldest first, one page per call.

    The first call opens a point in time; the cursor carries it, the filter, and the last
    sort values. Paging over a point in time sees one frozen view of the index, so a full
    export returns each notice exactly once even while loads go on. A cursor whose point in
    time expired still works: it resumes after the same (indexed_at, id) on a fresh view."""
    es, target = _target(client, index)
    limit = max(1, min(limit, MAX_CHANGES_PAGE))
    if cursor:
        state = decode_cursor(cursor)
        since, pit, after = state.get("since"), state["pit"], state["after"]
    else:
        since = updated_since.isoformat() if updated_since else None
        pit, after = _open_pit(es, target), None
    try:
        response = _feed_page(es, pit, since, after, limit)
    except es_exceptions.NotFoundError:
        # The point in time expired between two pages (keep-alive PIT_KEEP_ALIVE).
        pit = _open_pit(es, target)
        response = _feed_page(es, pit, since, after, limit)
    except es_exceptions.BadRequestError as error:
        raise BadCursor(f"cursor does not fit this feed: {error.message}") from None
    hits = response["hits"]["hits"]
    notices = [notice_from_source(hit["_source"]) for hit in hits]
    pit = response.get("pit_id", pit)
    if len(hits) < limit:
        _close_pit(es, pit)
        return ChangesPage(notices=notices, next_cursor=None)
    return ChangesPage(
        notices=notices,
        next_cursor=encode_cursor({"pit": pit, "since": since, "after": hits[-1]["sort"][:2]}),
    )


def _open_pit(es: Elasticsearch, index: str) -> str:
    return str(_call(index, es.open_point_in_time, index=index, keep_alive=PIT_KEEP_ALIVE)["id"])


def _close_pit(es: Elasticsearch, pit: str) -> None:
    try:
        es.close_point_in_time(id=pit)
    except es_exceptions.NotFoundError:
        pass  # already expired: nothing to free


def _feed_page(es: Elasticsearch, pit: str, since: str | None, after: list[Any] | None, limit: int) -> Any:
    kwargs: dict[str, Any] = {
        "pit": {"id": pit, "keep_alive": PIT_KEEP_ALIVE},
        "query": _since_query(since),
        "sort": FEED_SORT,
        "size": limit,
        "track_total_hits": False,
    }
    if after:
        kwargs["search_after"] = after
    try:
        return es.search(**kwargs)
    except es_exceptions.ConnectionError as error:
        raise ElasticsearchUnavailable(
            f"no Elasticsearch answers ({type(error).__name__}): {START_HINT}"
        ) from None


def export(
    updated_since: datetime | None = None,
    client: Elasticsearch | None = None,
    index: str | None = None,
    page_size: int = MAX_CHANGES_PAGE,
) -> Iterator[Notice]:
    """Every notice (written at or after updated_since), streamed one feed page at a time."""
    es, target = _target(client, index)
    page = changes(updated_since, None, page_size, es, target)
    yield from page.notices
    while page.next_cursor:
        page = changes(None, page.next_cursor, page_size, es, target)
        yield from page.notices
