"""The bulk writer: indexed documents in, one outcome per document out.

In: `IndexedDocument` (or already serialised `SerialisedDocument`) batches (search.documents)
and an index or alias name.
Out: `BulkOutcome` per document: `indexed`, `unchanged` or `failed` with the reason.

- Writes go through elasticsearch-py's `streaming_bulk` with `raise_on_error=False`, so one
  bad document fails alone, never its batch.
- 429 (queue full) and 5xx are retried per document by the helper with exponential backoff
  capped at `max_backoff`; a node that does not answer at all raises ElasticsearchUnavailable
  (the load stops with one line; a re-run finishes it because writes are idempotent by id).
- `unchanged`: before writing, the stored `content_hash` of each id in the batch is fetched
  with one `mget`; equal hashes are skipped without rewriting, so a re-load changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Literal, TypeVar

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import streaming_bulk
from pydantic import BaseModel

from search.client import START_HINT
from search.documents import (
    IndexedDocument,
    SerialisedDocument,
    analyse_notices,
    analysis_pool,
    build_document,
    index_action,
    notice_from_source,
)
from search.errors import ElasticsearchUnavailable

# Measured with scripts/bench_load.py (5,000 notices, 2 analysis processes, two cores shared
# with the node): end to end 150/s at 250, 235/s at 500, 187/s at 1000 per request; the loader's
# peak memory grows with the batch (183, 207, 259 MB). The bare bulk alone is flat within noise
# from 100 to 2000. The byte cap keeps requests with long bodies well under http.max_content_length.
DEFAULT_BATCH_SIZE = 500
MAX_CHUNK_BYTES = 20 * 1024 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)

T = TypeVar("T")


class BulkOutcome(BaseModel):
    """What happened to one document: `reason` says why it failed (Elasticsearch's error type)."""

    id: str
    result: Literal["indexed", "unchanged", "failed"]
    reason: str | None = None
    detail: str | None = None


class RetryPolicy(BaseModel):
    """Capped exponential backoff: wait initial, 2×initial, ... never more than max_backoff."""

    max_retries: int = 5
    initial_backoff: float = 0.5
    max_backoff: float = 30.0

    def delays(self) -> Iterator[float]:
        for attempt in range(self.max_retries):
            yield min(self.max_backoff, self.initial_backoff * 2**attempt)


def _unreachable(es: Elasticsearch, error: Exception) -> ElasticsearchUnavailable:
    hosts = ", ".join(f"{n.scheme}://{n.host}:{n.port}" for n in es.transport.node_pool.all())
    return ElasticsearchUnavailable(
        f"Elasticsearch at {hosts} stopped answering ({type(error).__name__}): {START_HINT}"
    )


def own_retries(es: Elasticsearch) -> Elasticsearch:
    """The client with the transport's status retries off: those retry at once, without
    backoff; ours back off exponentially (RetryPolicy). Connection retries stay with it."""
    return es.options(retry_on_status=())


def with_retries(es: Elasticsearch, call: Callable[[], T], policy: RetryPolicy) -> T:
    """call(), retried on connection loss, 429 and 5xx with backoff; unreachable in the end."""
    delays = policy.delays()
    while True:
        try:
            return call()
        except (TransportError, ApiError) as error:
            retryable = isinstance(error, TransportError) or error.status_code in RETRY_STATUSES
            delay = next(delays, None) if retryable else None
            if delay is None:
                if isinstance(error, TransportError) or error.status_code >= 500:
                    raise _unreachable(es, error) from None
                raise
            time.sleep(delay)


def stored_hashes(es: Elasticsearch, index: str, ids: Sequence[str], policy: RetryPolicy) -> dict[str, str]:
    """The content_hash stored for each of ids that exists in index (one mget round trip)."""
    if not ids:
        return {}
    es = own_retries(es)
    try:
        response = with_retries(
            es, lambda: es.mget(index=index, ids=list(ids), source_includes=["content_hash"]), policy
        )
    except NotFoundError:
        return {}
    return {d["_id"]: d["_source"].get("content_hash", "") for d in response["docs"] if d.get("found")}


def _reason(info: dict[str, Any]) -> tuple[str, str]:
    """A countable reason and a readable detail from one failed bulk item."""
    error = info.get("error")
    if isinstance(error, dict):
        return str(error.get("type", "error")), str(error.get("reason", ""))[:500]
    return f"http_{info.get('status', 'error')}", str(error)[:500]


def write_documents(
    es: Elasticsearch,
    index: str,
    documents: Sequence[IndexedDocument],
    policy: RetryPolicy | None = None,
    *,
    skip_unchanged: bool = True,
) -> list[BulkOutcome]:
    """Write one batch; return an outcome for every document, in input order."""
    return _write(
        es, index, [(d.id, d.content_hash, d) for d in documents], policy, skip_unchanged=skip_unchanged
    )


def write_serialised(
    es: Elasticsearch, index: str, documents: Sequence[SerialisedDocument], policy: RetryPolicy | None = None
) -> list[BulkOutcome]:
    """write_documents for documents whose `_source` is already JSON (a load's pool workers
    serialise them): the bytes go into the bulk request as they are. No `unchanged` check:
    the load makes it before analysing, to skip the analysis too."""
    return _write(es, index, [(d.id, d.content_hash, d) for d in documents], policy, skip_unchanged=False)


def _write(
    es: Elasticsearch,
    index: str,
    documents: Sequence[tuple[str, str, IndexedDocument | SerialisedDocument]],
    policy: RetryPolicy | None,
    *,
    skip_unchanged: bool,
) -> list[BulkOutcome]:
    """The outcome of each (id, content hash, document), in input order."""
    policy = policy or RetryPolicy()
    es = own_retries(es)
    stored = stored_hashes(es, index, [d[0] for d in documents], policy) if skip_unchanged else {}
    outcomes: dict[int, BulkOutcome] = {}
    pending: list[tuple[int, str, IndexedDocument | SerialisedDocument]] = []
    for position, (doc_id, content_hash, document) in enumerate(documents):
        if stored.get(doc_id) == content_hash:
            outcomes[position] = BulkOutcome(id=doc_id, result="unchanged")
        else:
            pending.append((position, doc_id, document))
    results = _stream(es, index, [(i, _action(d, index)) for _, i, d in pending], policy)
    for (position, doc_id, _), (ok, info) in zip(pending, results, strict=True):
        item = next(iter(info.values()))
        if ok:
            outcomes[position] = BulkOutcome(id=doc_id, result="indexed")
        elif item.get("status") in RETRY_STATUSES:
            # Still overloaded or failing after every retry: the cluster's fault, not the
            # document's. Stop (a re-run completes) rather than quarantine good notices.
            raise ElasticsearchUnavailable(
                f"Elasticsearch kept refusing writes to {index}: {_reason(item)[1]}"
            )
        else:
            reason, detail = _reason(item)
            outcomes[position] = BulkOutcome(id=doc_id, result="failed", reason=reason, detail=detail)
    return [outcomes[i] for i in range(len(documents))]


def _action(document: IndexedDocument | SerialisedDocument, index: str) -> dict[str, Any]:
    """The bulk action; a serialised `_source` is passed as bytes, which the client's
    serializer sends unchanged (elastic_transport's JsonSerializer.dumps)."""
    if isinstance(document, SerialisedDocument):
        return {"_op_type": "index", "_index": index, "_id": document.id, "_source": document.source}
    return index_action(document, index)


def _stream(
    es: Elasticsearch, index: str, actions: Sequence[tuple[str, dict[str, Any]]], policy: RetryPolicy
) -> list[tuple[bool, dict[str, Any]]]:
    """streaming_bulk over (id, action) pairs, results in input order.

    The helper yields retried items after the others, so results are re-ordered by id
    (ids are unique within a batch: the caller keeps the last of any duplicates)."""
    if not actions:
        return []
    try:
        results = list(
            streaming_bulk(
                es,
                (action for _, action in actions),
                chunk_size=len(actions),
                max_chunk_bytes=MAX_CHUNK_BYTES,
                raise_on_error=False,
                raise_on_exception=False,
                max_retries=policy.max_retries,
                initial_backoff=policy.initial_backoff,
                max_backoff=policy.max_backoff,
                retry_on_status=RETRY_STATUSES,
            )
        )
    except TransportError as error:
        raise _unreachable(es, error) from None
    by_id: dict[str, tuple[bool, dict[str, Any]]] = {}
    for ok, info in results:
        by_id[str(next(iter(info.values())).get("_id"))] = (ok, info)
    return [by_id[doc_id] for doc_id, _ in actions]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most size items; only one list is held at a time."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def reindex_documents(
    es: Elasticsearch, old: str, new: str, *, batch_size: int = DEFAULT_BATCH_SIZE, processes: int = 1
) -> int:
    """Copy every notice from old into new, re-analysed (text.* is not in `_source`).

    Meant as the `rebuild` of search.indexes.reindex; raises on any document that fails so
    that the reindex is abandoned rather than flipping the alias to an incomplete index."""
    from search.indexes import scan_sources

    copied = 0
    with analysis_pool(processes) as pool:
        for sources in batched(scan_sources(es, old), batch_size):
            copied += _copy_batch(es, new, sources, pool)
    return copied


def _copy_batch(es: Elasticsearch, new: str, sources: list[dict[str, Any]], pool: Any) -> int:
    """Analyse and write one batch of a reindex; any failed document aborts the reindex.

    indexed_at is kept: the query layer's change feed pages on it, and a reindex changes no
    notice, so it must not replay the whole index to feed readers."""
    notices = [notice_from_source(s) for s in sources]
    texts = analyse_notices(notices, pool)
    documents = [
        build_document(n, t, _when(s.get("indexed_at")))
        for n, t, s in zip(notices, texts, sources, strict=True)
    ]
    failed = [o for o in write_documents(es, new, documents, skip_unchanged=False) if o.result == "failed"]
    if failed:
        raise RuntimeError(f"{len(failed)} notices failed to index, first {failed[0].id}: {failed[0].reason}")
    return len(documents)
