"""The query layer's fixture corpus and a loader that indexes it the way ingest does.

In: tests/fixtures/search/notices.ndjson (hand-written notices shaped for the ranking tests:
number variants, folded look-alikes, old/new tone placement, words vs scattered syllables,
phrases, filters, citations). Out: an alias on the real node holding them, analysed by the
shared analysis and written by the shared bulk writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from search.bulk import write_documents
from search.documents import analyse_notices, build_document
from search.indexes import create
from search.models import Notice

FIXTURE = Path(__file__).parent / "fixtures" / "search" / "notices.ndjson"


def fixture_notices() -> list[Notice]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Notice.model_validate_json(line) for line in lines if line.strip()]


def load_notices(
    es: Elasticsearch, alias: str, notices: Sequence[Notice], indexed_at: datetime | None = None
) -> None:
    """Create alias (version 1 behind it) and index notices; fail on any document not indexed."""
    create(es, alias)
    documents = [
        build_document(n, t, indexed_at) for n, t in zip(notices, analyse_notices(notices), strict=True)
    ]
    outcomes = write_documents(es, alias, documents, skip_unchanged=False)
    failed = [o for o in outcomes if o.result != "indexed"]
    assert not failed, failed[:3]
    es.indices.refresh(index=alias)
