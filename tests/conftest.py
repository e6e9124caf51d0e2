"""Shared fixtures. Tests that touch search use the real local node: `es` connects to
VANBAN_ES_URL or the node `scripts/elasticsearch start` runs, and fails (never skips) when none
answers. Every run names its indexes with a per-run prefix and deletes them afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from search.client import connect
from search.errors import ElasticsearchUnavailable

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_413800830483a456.txt"
RUN_PREFIX = f"vanban-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def es() -> Iterator[Elasticsearch]:
    """A client to the real node; the whole run fails loudly without one."""
    try:
        client = connect()
    except ElasticsearchUnavailable as error:
        pytest.fail(f"these tests need a real Elasticsearch: {error}", pytrace=False)
    yield client
    delete_run_indexes(client)


def delete_run_indexes(client: Elasticsearch) -> None:
    """Delete this run's indexes by name (wildcard deletes are refused by default)."""
    names = list(client.indices.get(index=f"{RUN_PREFIX}*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=names)


@pytest.fixture
def index_name(request: pytest.FixtureRequest) -> str:
    """A fresh index or alias name for one test, under this run's prefix."""
    test = "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:40]
    return f"{RUN_PREFIX}-{test}-{uuid.uuid4().hex[:4]}"
