"""The read-only HTTP service: the search API, a change feed and exports for other portals, and
the Vietnamese search page.

In: HTTP GET requests. Out: JSON (errors too: {"error": "one line"}), NDJSON, Atom, HTML.

    GET /search?q=&type=&sector=&issuer=&signer=&status=&year=&from=&to=&cites=&sort=&limit=&page=
    GET /notices/{id}                         the full notice
    GET /notices?updated_since=ISO&cursor=    change feed, search_after over a point in time
    GET /export.ndjson[?updated_since=ISO]    every notice, streamed
    GET /feed.atom                            the newest notices
    GET /health                               the service and Elasticsearch status
    GET /  and  GET /van-ban/{id}             the search page and a notice page (HTML)
    GET /docs, /openapi.json                  OpenAPI

There are no write endpoints. CORS is off unless origins are given (serve --cors-origin, or
VANBAN_CORS_ORIGINS=comma,separated). Elasticsearch calls block, so the routes are plain
functions that FastAPI runs in its thread pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from search import searcher
from search.client import connect
from search.config import settings
from search.errors import ElasticsearchUnavailable, VanbanError
from search.highlight import mark_text
from search.models import Notice, Status
from search.queries import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_RESULT_WINDOW,
    QueryError,
    SearchParams,
    highlight_words,
    parse_query,
)
from search.vocabulary import vocabulary

HERE = Path(__file__).parent
FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
FACET_LABELS = {
    "doc_type": "Loại văn bản",
    "sector": "Lĩnh vực",
    "issuer": "Cơ quan ban hành",
    "year": "Năm ban hành",
    "status": "Tình trạng hiệu lực",
}
# The page's filter parameter for each facet (the API's names: ?type= filters doc_type).
FACET_PARAMS = {
    "doc_type": "type",
    "sector": "sector",
    "issuer": "issuer",
    "year": "year",
    "status": "status",
}
ERROR_STATUS: dict[type[VanbanError], int] = {
    QueryError: 400,
    searcher.BadCursor: 400,
    searcher.NoticeNotFound: 404,
    searcher.IndexMissing: 503,
    ElasticsearchUnavailable: 503,
}


def status_label(value: str) -> str:
    """The national database's wording for a status value (first wording in statuses.json)."""
    try:
        wordings = vocabulary().statuses.wordings.get(Status(value), [])
    except ValueError:
        return value
    return wordings[0] if wordings else "Không rõ"


def cors_origins_from_env() -> list[str]:
    return [o.strip() for o in os.environ.get("VANBAN_CORS_ORIGINS", "").split(",") if o.strip()]


# ---------------------------------------------------------------- pure builders


def atom_feed(notices: list[Notice], base_url: str, updated: dict[str, str], now: datetime) -> bytes:
    """An Atom 1.0 document (RFC 4287) for notices; ElementTree escapes every value."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"{base_url}/feed.atom")
    sub(feed, "title", "Văn bản mới nhất")
    sub(feed, "updated", max(updated.values(), default=now.isoformat()))
    sub(feed, "link", href=f"{base_url}/feed.atom", rel="self")
    sub(feed, "link", href=f"{base_url}/", rel="alternate")
    sub(sub(feed, "author"), "name", "vanban")
    for notice in notices:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base_url}/notices/{notice.id}")
        sub(entry, "title", " – ".join(p for p in (notice.number, notice.title) if p) or notice.id)
        stamp = updated.get(notice.id) or (
            notice.issued_date.isoformat() + "T00:00:00Z" if notice.issued_date else None
        )
        sub(entry, "updated", stamp or now.isoformat())
        if notice.issued_date:
            sub(entry, "published", notice.issued_date.isoformat() + "T00:00:00Z")
        sub(entry, "link", href=f"{base_url}/van-ban/{notice.id}", rel="alternate", type="text/html")
        if notice.issuer:
            sub(sub(entry, "author"), "name", notice.issuer)
        sub(entry, "summary", " ".join(notice.body.split())[:400])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def page_url(params: dict[str, Any], **changes: Any) -> str:
    """The search page's URL for params with changes applied (None removes a parameter); a
    change of filter or query goes back to page 1."""
    merged = {**params, **changes}
    if "page" not in changes:
        merged.pop("page", None)
    query = {k: v for k, v in merged.items() if v not in (None, "")}
    return "/?" + urlencode(query) if query else "/"


# ---------------------------------------------------------------- the app


def create_app(
    client: Elasticsearch | Callable[[], Elasticsearch] | None = None,
    index: str | None = None,
    cors_origins: list[str] | None = None,
) -> FastAPI:
    """The service over client (or a factory for one, default `connect()`) and index."""
    app = FastAPI(
        title="vanban",
        summary="Tìm kiếm văn bản: read-only search, change feed and exports of Vietnamese notices.",
        version="0.1.0",
    )
    origins = cors_origins if cors_origins is not None else cors_origins_from_env()
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"], allow_headers=["*"])
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        status_label=status_label, facet_labels=FACET_LABELS, facet_params=FACET_PARAMS
    )
    target = index or settings().index_alias
    holder: dict[str, Elasticsearch] = {}

    def es() -> Elasticsearch:
        if "client" not in holder:
            if isinstance(client, Elasticsearch):
                holder["client"] = client
            else:
                holder["client"] = client() if client else connect()
        return holder["client"]

    _add_error_handlers(app)

    @app.get("/health", tags=["service"])
    def health() -> JSONResponse:
        """The service's state and Elasticsearch's: 200 when searches can run, 503 when not."""
        try:
            cluster = es().cluster.health()
            count = es().count(index=target)["count"] if es().indices.exists(index=target) else None
        except (
            ElasticsearchUnavailable,
            es_exceptions.ConnectionError,
            es_exceptions.TransportError,
        ) as error:
            body = {"status": "unavailable", "elasticsearch": {"status": "unreachable", "error": str(error)}}
            return JSONResponse(body, status_code=503)
        ok = cluster["status"] in ("green", "yellow") and count is not None
        body = {
            "status": "ok" if ok else "degraded",
            "elasticsearch": {"status": cluster["status"], "nodes": cluster["number_of_nodes"]},
            "index": {"name": target, "exists": count is not None, "notices": count},
        }
        return JSONResponse(body, status_code=200 if ok else 503)

    # response_model documents the contract in OpenAPI; the route returns the JSON itself
    # (SearchResult.model_dump_json), so FastAPI does not validate the returned model again in a
    # second thread-pool hop. A small saving per request (within this machine's noise in
    # scripts/bench_search.py); the JSON is the same (tests/test_service.py compares it).
    @app.get("/search", response_model=searcher.SearchResult, tags=["search"])
    def search_api(
        q: Annotated[str, Query(description='words, "a phrase", or a number such as 91/2017/NĐ-CP')] = "",
        doc_type: Annotated[str | None, Query(alias="type", description="Quyết định, QĐ, ...")] = None,
        sector: str | None = None,
        issuer: str | None = None,
        signer: str | None = None,
        status: Annotated[str | None, Query(description="in_force, expired, ... or Vietnamese")] = None,
        year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
        cites: Annotated[str | None, Query(description="a document number the notices cite")] = None,
        sort: Literal["relevance", "date"] = "relevance",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> Response:
        """Search notices: words with or without diacritics, "quoted phrases", document numbers;
        filters; facet counts; highlighted snippets (HTML-escaped, matches in <mark>)."""
        # FastAPI has checked each value's type and range; SearchParams is the one model the
        # command line, the page and this route share.
        params = SearchParams(
            q=q, doc_type=doc_type, sector=sector, issuer=issuer, signer=signer, status=status, year=year,
            date_from=date_from, date_to=date_to, cites=cites, sort=sort, limit=limit, page=page,
        )  # fmt: skip
        result = searcher.search(params, es(), target)
        return Response(result.model_dump_json(), media_type="application/json")

    @app.get("/notices/{notice_id}", response_model=Notice, tags=["notices"])
    def notice_api(notice_id: str) -> Notice:
        """One notice, in full."""
        return searcher.get_notice(notice_id, es(), target)

    @app.get("/notices", response_model=searcher.ChangesPage, tags=["notices"])
    def changes_api(
        updated_since: datetime | None = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=searcher.MAX_CHANGES_PAGE)] = searcher.CHANGES_PAGE,
    ) -> searcher.ChangesPage:
        """Change feed: notices written since updated_since, oldest first. Follow next_cursor
        until it is null to export everything, each notice exactly once."""
        return searcher.changes(updated_since, cursor, limit, es(), target)

    @app.get("/export.ndjson", tags=["notices"], response_class=StreamingResponse)
    def export_api(updated_since: datetime | None = None) -> StreamingResponse:
        """Every notice as one JSON object per line, streamed."""
        notices = searcher.export(updated_since, es(), target)
        first = next(notices, None)  # fail with a JSON error before the stream starts

        def lines() -> Iterator[bytes]:
            if first is None:
                return
            yield first.model_dump_json().encode() + b"\n"
            for notice in notices:
                yield notice.model_dump_json().encode() + b"\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.get("/feed.atom", tags=["notices"], response_class=Response)
    def feed_api(request: Request) -> Response:
        """The newest notices as an Atom feed."""
        notices = searcher.newest(FEED_SIZE, es(), target)
        updated = searcher.indexed_at([n.id for n in notices], es(), target) if notices else {}
        base = str(request.base_url).rstrip("/")
        return Response(
            atom_feed(notices, base, updated, datetime.now(UTC)), media_type="application/atom+xml"
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        raw = {k: v for k, v in request.query_params.items() if v != ""}
        context: dict[str, Any] = {"raw": raw, "result": None, "error": None, "params": None}
        try:
            params = params_from_query(raw)
            context["params"] = params
            context["result"] = searcher.search(params, es(), target)
        except (QueryError, searcher.IndexMissing, ElasticsearchUnavailable) as error:
            context["error"] = str(error)
        context.update(page_context(raw, context["params"], context["result"]))
        status = 200 if context["error"] is None else 400
        return templates.TemplateResponse(request, "search.html", context, status_code=status)

    @app.get("/van-ban/{notice_id}", response_class=HTMLResponse, include_in_schema=False)
    def notice_page(request: Request, notice_id: str, q: str = "") -> HTMLResponse:
        try:
            notice = searcher.get_notice(notice_id, es(), target)
        except searcher.NoticeNotFound as error:
            context: dict[str, Any] = {"raw": {}, "result": None, "error": str(error), "params": None}
            context.update(page_context({}, None, None))
            return templates.TemplateResponse(request, "search.html", context, status_code=404)
        words, keys = marked_terms(q)
        paragraphs = [mark_text(p.strip(), words, keys) for p in notice.body.split("\n\n") if p.strip()]
        context = {"notice": notice, "paragraphs": paragraphs, "q": q}
        return templates.TemplateResponse(request, "notice.html", context)

    return app


API_NAMES = {"type": "doc_type", "from": "date_from", "to": "date_to"}


def marked_terms(q: str) -> tuple[list[str], list[str]]:
    """The words and number keys to mark on a notice page reached from a search for q."""
    try:
        parsed = parse_query(q)
    except QueryError:
        return [], []
    return highlight_words(parsed), [ref.key for ref in parsed.numbers]


def params_from_query(raw: dict[str, str]) -> SearchParams:
    """The page's query parameters (the API's names) as SearchParams, or QueryError."""
    fields = {
        API_NAMES.get(k, k): v for k, v in raw.items() if API_NAMES.get(k, k) in SearchParams.model_fields
    }
    try:
        return SearchParams.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        name = {v: k for k, v in API_NAMES.items()}.get(str(first["loc"][0]), str(first["loc"][0]))
        raise QueryError(f"{name}: {first['msg']}") from None


def page_context(
    raw: dict[str, str], params: SearchParams | None, result: searcher.SearchResult | None
) -> dict:
    """Links and labels the template needs: active filters, facet links, paging."""
    limit = params.limit if params else DEFAULT_LIMIT
    page = params.page if params else 1
    pages = -(-result.total // limit) if result else 0
    last_reachable = MAX_RESULT_WINDOW // limit
    active = [
        (
            FACET_LABELS.get(_facet_of(k), k),
            status_label(v) if k == "status" else v,
            page_url(raw, **{k: None}),
        )
        for k, v in raw.items()
        if k in ("type", "sector", "issuer", "signer", "status", "year", "from", "to", "cites")
    ]

    def facet_link(name: str, value: Any) -> str:
        return page_url(raw, **{FACET_PARAMS[name]: value})

    return {
        "active_filters": active,
        "facet_link": facet_link,
        "prev_url": page_url(raw, page=page - 1) if page > 1 else None,
        "next_url": page_url(raw, page=page + 1) if page < min(pages, last_reachable) else None,
        "page": page,
        "pages": pages,
        "first_position": (page - 1) * limit + 1,
        "max_limit": MAX_LIMIT,
    }


def _facet_of(param: str) -> str:
    return {v: k for k, v in FACET_PARAMS.items()}.get(param, param)


def _add_error_handlers(app: FastAPI) -> None:
    """Every error is JSON with one line of message (HTML pages handle their own)."""

    @app.exception_handler(VanbanError)
    def vanban_error(request: Request, error: VanbanError) -> JSONResponse:
        status = next((code for kind, code in ERROR_STATUS.items() if isinstance(error, kind)), 500)
        return JSONResponse({"error": str(error)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("query", "path"))
        return JSONResponse({"error": f"{where}: {first['msg']}"}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(error.detail)}, status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(es_exceptions.ApiError)
    def elasticsearch_error(request: Request, error: es_exceptions.ApiError) -> JSONResponse:
        return JSONResponse({"error": f"Elasticsearch refused the request: {error.message}"}, status_code=502)
