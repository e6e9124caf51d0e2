"""The HTTP service on the real node: the search API's JSON, single notices, the change feed
(an export of more than 10,000 notices returns each exactly once), the NDJSON export, the
Atom feed (valid XML), health, OpenAPI, CORS, JSON errors, and no write endpoints."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from conftest import RUN_PREFIX
from fastapi.testclient import TestClient
from search_corpus import fixture_notices, load_notices

from search.bulk import batched, write_documents
from search.documents import AnalysedTexts, build_document
from search.models import Notice, notice_id
from search.queries import SearchParams
from search.searcher import search
from search.service import create_app

NOTICES = fixture_notices()
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def alias(es):
    name = f"{RUN_PREFIX}-service-{uuid.uuid4().hex[:4]}"
    load_notices(es, name, NOTICES)
    return name


@pytest.fixture(scope="module")
def api(es, alias):
    with TestClient(create_app(es, alias)) as client:
        yield client


# ---------------------------------------------------------------- search and notices


def test_search_returns_the_same_json_as_the_python_api(api):
    response = api.get("/search", params={"q": "nđ 91/2017", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "hits", "facets"}
    assert body["hits"][0]["id"] == "nd-91-2017"
    assert set(body["hits"][0]) == {
        "id",
        "number",
        "title",
        "doc_type",
        "issuer",
        "issued_date",
        "status",
        "score",
        "highlights",
    }


def test_search_json_is_the_python_api_result_field_for_field_and_documented(api, es, alias):
    body = api.get("/search", params={"q": "thi dua khen thuong", "limit": 5}).json()
    expected = search(SearchParams(q="thi dua khen thuong", limit=5), es, alias).model_dump(mode="json")
    assert body == expected
    assert body["hits"] and body["hits"][0]["highlights"]
    assert set(body["facets"]) == {"doc_type", "sector", "issuer", "year", "status"}
    schema = api.get("/openapi.json").json()["paths"]["/search"]["get"]["responses"]["200"]
    assert schema["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SearchResult"}


def test_search_takes_the_command_line_filter_names(api):
    response = api.get(
        "/search", params={"type": "QĐ", "from": "2019-01-01", "to": "2019-12-31", "limit": 100}
    )
    assert sorted(h["id"] for h in response.json()["hits"]) == ["qd-1234-ubnd", "qd-ma-so"]
    cited = api.get("/search", params={"cites": "91/2017/NĐ-CP", "sort": "date"}).json()
    assert [h["id"] for h in cited["hits"]] == ["qd-1234-ubnd", "tb-khoi-thi-dua", "tt-08-2017"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "thuế", "limit": 500}, "limit"),
        ({"q": "thuế", "page": 0}, "page"),
        ({"q": "thuế", "page": 2000}, "beyond"),
        ({"status": "xyz"}, "unknown status"),
        ({"q": "đất " * 200}, "too long"),
        ({"from": "31/02/2020"}, "from"),
        ({"sort": "random"}, "sort"),
        ({"year": 3000}, "year"),
        ({"q": "*:*"}, "nothing to search for"),
    ],
)
def test_a_bad_search_is_a_400_with_a_one_line_json_message(api, params, message):
    response = api.get("/search", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert "\n" not in response.json()["error"]


def test_injection_attempts_come_back_as_plain_search_results(api):
    for query in ['" OR *:*', '{"script": {"source": "ctx._source.title=1"}}', "<script>alert(1)</script>"]:
        response = api.get("/search", params={"q": query})
        assert response.status_code == 200
        assert {h["id"] for h in response.json()["hits"]} <= {"tb-an-toan-web"}


def test_a_notice_comes_back_in_full(api):
    response = api.get("/notices/tb-khoi-thi-dua")
    assert response.status_code == 200
    notice = Notice.model_validate(response.json())
    original = next(n for n in NOTICES if n.id == "tb-khoi-thi-dua")
    assert notice.model_dump(exclude={"content_hash"}) == original.model_dump(exclude={"content_hash"})
    assert [r.number for r in notice.references] == ["91/2017/NĐ-CP", "08/2017/TT-BNV", "22-CT/TW"]


def test_an_unknown_notice_is_a_404_json_error(api):
    response = api.get("/notices/khong-co")
    assert response.status_code == 404
    assert response.json() == {"error": "no notice with id 'khong-co'"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_there_are_no_write_endpoints(api, method):
    for path in ("/search", "/notices", "/notices/nd-91-2017"):
        response = getattr(api, method)(path)
        assert response.status_code == 405
        assert "error" in response.json()


def test_openapi_documents_every_route_and_only_get(api):
    spec = api.get("/openapi.json").json()
    assert {"/search", "/notices", "/notices/{notice_id}", "/export.ndjson", "/feed.atom", "/health"} <= set(
        spec["paths"]
    )
    assert {method for path in spec["paths"].values() for method in path} == {"get"}
    assert api.get("/docs").status_code == 200


# ---------------------------------------------------------------- health


def test_health_reports_elasticsearch_and_the_index(api):
    body = api.get("/health").json()
    assert body["status"] == "ok"
    assert body["elasticsearch"]["status"] in ("green", "yellow")
    assert body["index"]["notices"] == len(NOTICES)


def test_a_missing_index_is_reported_by_health_and_search(es):
    with TestClient(create_app(es, f"{RUN_PREFIX}-absent")) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "degraded"
        search = client.get("/search", params={"q": "thuế"})
        assert search.status_code == 503
        assert "load notices first" in search.json()["error"]


def test_an_unreachable_elasticsearch_is_a_503_not_a_trace():
    from elasticsearch import Elasticsearch

    dead = Elasticsearch("http://127.0.0.1:9", request_timeout=1, max_retries=0)
    with TestClient(create_app(dead, "notices")) as client:
        assert client.get("/health").json()["elasticsearch"]["status"] == "unreachable"
        response = client.get("/search", params={"q": "thuế"})
        assert response.status_code == 503
        assert "Elasticsearch" in response.json()["error"]


# ---------------------------------------------------------------- CORS


def test_cors_is_off_by_default_and_allows_the_configured_origins(es, alias, api):
    origin = {"Origin": "http://portal.example"}
    assert "access-control-allow-origin" not in api.get("/search", headers=origin).headers
    with TestClient(create_app(es, alias, cors_origins=["http://portal.example"])) as client:
        response = client.get("/search", headers=origin)
        assert response.headers["access-control-allow-origin"] == "http://portal.example"
        other = client.get("/search", headers={"Origin": "http://other.example"})
        assert "access-control-allow-origin" not in other.headers


# ---------------------------------------------------------------- Atom and export


def test_the_atom_feed_is_valid_xml_listing_the_newest_notices(api):
    response = api.get("/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(NOTICES)
    newest = max(NOTICES, key=lambda n: n.issued_date)
    assert entries[0].findtext(f"{ATOM}title") == f"{newest.number} – {newest.title}"
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/van-ban/{newest.id}")
    for entry in entries:
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    # The body with <script> and & is carried as text, escaped by the XML writer.
    assert b"<script>" not in response.content


def test_the_ndjson_export_streams_every_notice_once(api):
    response = api.get("/export.ndjson")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    exported = [Notice.model_validate_json(line) for line in response.text.splitlines()]
    assert sorted(n.id for n in exported) == sorted(n.id for n in NOTICES)


# ---------------------------------------------------------------- change feed


FEED_SIZE = 10_500
START = datetime(2026, 1, 1, tzinfo=UTC)


def small_notice(i: int) -> Notice:
    return Notice(
        id=notice_id(f"feed/{i}"), number=f"{i}/TB-FEED", title=f"Thông báo số {i}", source=f"feed/{i}"
    )


@pytest.fixture(scope="module")
def feed_alias(es):
    """More notices than Elasticsearch's 10,000-hit window, all written at the same instant so
    that only the id tiebreaker orders them. Text analysis is skipped: the feed reads _source."""
    from search.indexes import create

    name = f"{RUN_PREFIX}-feed-{uuid.uuid4().hex[:4]}"
    create(es, name)
    for batch in batched((small_notice(i) for i in range(FEED_SIZE)), 2000):
        documents = [build_document(n, AnalysedTexts(), START) for n in batch]
        assert {o.result for o in write_documents(es, name, documents, skip_unchanged=False)} == {"indexed"}
    es.indices.refresh(index=name)
    return name


def follow(client: TestClient, **params) -> list[str]:
    ids: list[str] = []
    response = client.get("/notices", params={**params, "limit": 1000}).json()
    ids += [n["id"] for n in response["notices"]]
    while response["next_cursor"]:
        response = client.get("/notices", params={"cursor": response["next_cursor"], "limit": 1000}).json()
        ids += [n["id"] for n in response["notices"]]
    return ids


def test_the_change_feed_exports_more_than_ten_thousand_notices_each_exactly_once(es, feed_alias):
    with TestClient(create_app(es, feed_alias)) as client:
        first = client.get("/notices", params={"limit": 1000}).json()
        # A notice rewritten after the export began must not come back a second time.
        rewritten = build_document(
            small_notice(7).model_copy(update={"title": "Đã sửa"}),
            AnalysedTexts(),
            START + timedelta(hours=1),
        )
        write_documents(es, feed_alias, [rewritten], skip_unchanged=False)
        es.indices.refresh(index=feed_alias)
        ids = [n["id"] for n in first["notices"]]
        cursor = first["next_cursor"]
        while cursor:
            page = client.get("/notices", params={"cursor": cursor, "limit": 1000}).json()
            ids += [n["id"] for n in page["notices"]]
            cursor = page["next_cursor"]
    assert len(ids) == FEED_SIZE
    assert len(set(ids)) == FEED_SIZE
    assert ids == sorted(ids)  # one instant: ordered by the id tiebreaker


def test_updated_since_returns_only_what_was_written_since(es, feed_alias):
    later = START + timedelta(days=1)
    fresh = [small_notice(FEED_SIZE + i) for i in range(3)]
    write_documents(
        es, feed_alias, [build_document(n, AnalysedTexts(), later) for n in fresh], skip_unchanged=False
    )
    es.indices.refresh(index=feed_alias)
    with TestClient(create_app(es, feed_alias)) as client:
        ids = follow(client, updated_since=later.isoformat())
        export = client.get("/export.ndjson", params={"updated_since": later.isoformat()}).text.splitlines()
    assert sorted(ids) == sorted(n.id for n in fresh)
    assert sorted(json.loads(line)["id"] for line in export) == sorted(n.id for n in fresh)


def test_a_cursor_from_elsewhere_is_a_400(api):
    response = api.get("/notices", params={"cursor": "bm90IGEgY3Vyc29y"})
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]


def test_a_cursor_whose_point_in_time_expired_resumes_where_it_stopped(es, feed_alias):
    from search.searcher import decode_cursor

    with TestClient(create_app(es, feed_alias)) as client:
        first = client.get("/notices", params={"limit": 1000}).json()
        es.close_point_in_time(id=decode_cursor(first["next_cursor"])["pit"])  # as if it timed out
        ids = [n["id"] for n in first["notices"]]
        cursor = first["next_cursor"]
        while cursor:
            page = client.get("/notices", params={"cursor": cursor, "limit": 1000}).json()
            ids += [n["id"] for n in page["notices"]]
            cursor = page["next_cursor"]
    assert len(ids) == len(set(ids)) == es.count(index=feed_alias)["count"]


def test_cors_origins_can_come_from_the_environment(es, alias, monkeypatch):
    monkeypatch.setenv("VANBAN_CORS_ORIGINS", "http://a.example, http://b.example")
    with TestClient(create_app(es, alias)) as client:
        response = client.get("/health", headers={"Origin": "http://b.example"})
        assert response.headers["access-control-allow-origin"] == "http://b.example"
