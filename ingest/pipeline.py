"""The load pipeline: paths in, every record indexed, unchanged or quarantined, a report out.

    paths ──sources──> RawPage | Notice | Quarantined | Ignored
          ──parse────> Notice (ingest.pages.parse_page; ParseError → quarantine)
          ──batch────> stored content hashes (one mget): equal → unchanged
          ──prepare──> SerialisedDocument (search.documents: pyvi analysis, IndexedDocument,
                       JSON, all on the pool's workers)
          ──bulk─────> outcome per document (search.bulk, on a writer thread): failed → quarantine

In: paths and `LoadOptions`. Out: a `LoadReport` whose counts reconcile
(seen = indexed + unchanged + quarantined; the model refuses to exist otherwise) and a JSONL
quarantine file, one object per refused record: source, stage, reason, detail, raw.

Memory: items stream from the sources; at most three batches of notices (one parsed, one being
prepared, one being written) and their documents are held.
Elasticsearch going away raises ElasticsearchUnavailable; writes are by id and skipped when
unchanged, so re-running the same command completes the load.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import IO, Any, NamedTuple

from elasticsearch import Elasticsearch
from pydantic import BaseModel, Field, model_validator

from ingest.models import RawPage
from ingest.sources import Ignored, Limits, Quarantined, iter_items, keep_raw
from search import indexes
from search.bulk import DEFAULT_BATCH_SIZE, BulkOutcome, RetryPolicy, batched, stored_hashes, write_serialised
from search.documents import SerialisedDocument, analysis_pool, prepare_documents, submit_documents
from search.errors import VanbanError
from search.models import Notice


class LoadOptions(BaseModel):
    """How to load: into which alias, in what batches, with how many analysis processes."""

    index: str
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, ge=1)
    processes: int = Field(default=1, ge=1)
    dry_run: bool = False
    quarantine_path: Path = Path("quarantine.jsonl")
    limits: Limits = Field(default_factory=Limits)
    retry: RetryPolicy = Field(default_factory=RetryPolicy)


class LoadReport(BaseModel):
    """The summary of one load; building it checks that every record is accounted for."""

    seen: int
    indexed: int
    unchanged: int
    quarantined: int
    reasons: dict[str, int]
    ignored: dict[str, int]
    elapsed_seconds: float
    docs_per_second: float
    index: str
    quarantine_file: str | None
    dry_run: bool

    @model_validator(mode="after")
    def _reconciles(self) -> LoadReport:
        if self.seen != self.indexed + self.unchanged + self.quarantined:
            raise ValueError(
                f"counts do not reconcile: seen {self.seen} != indexed {self.indexed} + unchanged "
                f"{self.unchanged} + quarantined {self.quarantined}"
            )
        if sum(self.reasons.values()) != self.quarantined:
            raise ValueError(
                f"quarantine reasons add up to {sum(self.reasons.values())}, not {self.quarantined}"
            )
        return self


class QuarantineFile:
    """The JSONL file of refused records, opened on the first one (a clean load leaves none)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: IO[str] | None = None

    def write(self, record: Quarantined) -> None:
        if self._stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._stream.write(record.model_dump_json() + "\n")

    def flush(self) -> None:
        if self._stream:
            self._stream.flush()

    def close(self) -> None:
        if self._stream:
            self._stream.close()

    @property
    def written(self) -> bool:
        return self._stream is not None


class _Tally:
    """Counts every outcome as it happens; the report is built from it."""

    def __init__(self, quarantine: QuarantineFile) -> None:
        self.counts: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.ignored: Counter[str] = Counter()
        self.quarantine = quarantine

    def refuse(self, record: Quarantined) -> None:
        self.counts["quarantined"] += 1
        self.reasons[f"{record.stage}:{record.reason}"] += 1
        self.quarantine.write(record)


def _error_reason(error: Exception) -> str:
    """A countable reason from an error's class: NoLabelledFields → no_labelled_fields."""
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def parse_items(items: Iterable[RawPage | Notice | Quarantined | Ignored], tally: _Tally) -> Iterator[Notice]:
    """Notices from source items; pages are parsed, failures go to the tally's quarantine."""
    for item in items:
        if isinstance(item, Ignored):
            tally.ignored[item.reason] += 1
            continue
        outcome = _parse(item) if isinstance(item, RawPage) else [item] if isinstance(item, Notice) else item
        if isinstance(outcome, Quarantined):
            tally.counts["seen"] += 1
            tally.refuse(outcome)
        else:
            tally.counts["seen"] += len(outcome)
            yield from outcome


def _parse(page: RawPage) -> list[Notice] | Quarantined:
    """A page's notices, or why it gives none (a page that parses to nothing is not dropped)."""
    from ingest.pages import parse_page

    try:
        notices = parse_page(page)
    except VanbanError as error:
        reason, detail = _error_reason(error), str(error)
    except Exception as error:  # noqa: BLE001 - a parser bug must not lose the page: keep it, say so
        reason, detail = "parser_crash", f"{type(error).__name__}: {error}"
    else:
        if notices:
            return notices
        reason, detail = "no_notices", "the page parsed to no notice"
    raw = keep_raw(page.text if page.text is not None else page.data or b"")
    return Quarantined(source=page.source, stage="parse", reason=reason, detail=detail, raw=raw)


class _Batch(NamedTuple):
    """A batch under way: its changed notices and how to collect their prepared documents."""

    changed: list[Notice]
    collect: Callable[[], list[SerialisedDocument]]


def _start_batch(
    es: Elasticsearch | None, index: str, batch: list[Notice], options: LoadOptions, tally: _Tally, pool: Any
) -> _Batch:
    """Hash the batch, skip what is stored unchanged (one mget) and start preparing the rest
    (analysis, document, JSON) on the pool's workers."""
    batch = [n if n.content_hash else n.with_content_hash() for n in batch]
    stored = stored_hashes(es, index, [n.id for n in batch], options.retry) if es is not None else {}
    changed = [n for n in batch if stored.get(n.id) != n.content_hash]
    tally.counts["unchanged"] += len(batch) - len(changed)
    return _Batch(changed, submit_documents(changed, pool))


def _prepared(batch: _Batch, tally: _Tally) -> list[tuple[Notice, SerialisedDocument]]:
    """The batch's documents; if the batch fails, notice by notice to find the culprit."""
    try:
        return list(zip(batch.changed, batch.collect(), strict=True))
    except Exception:  # noqa: BLE001 - isolate the notice that breaks analysis, below
        pass
    kept: list[tuple[Notice, SerialisedDocument]] = []
    for notice in batch.changed:
        try:
            kept.append((notice, prepare_documents([notice])[0]))
        except Exception as error:  # noqa: BLE001 - quarantined with its reason
            detail = f"{type(error).__name__}: {error}"
            tally.refuse(
                Quarantined(
                    source=notice.source,
                    stage="analyse",
                    reason="analysis_failed",
                    detail=detail,
                    raw=notice.model_dump_json(),
                )
            )
    return kept


def _write_batch(
    es: Elasticsearch, index: str, prepared: list[tuple[Notice, SerialisedDocument]], options: LoadOptions
) -> list[tuple[Notice, BulkOutcome]]:
    """Write one batch (run on the writer thread): each notice with its outcome."""
    outcomes = write_serialised(es, index, [document for _, document in prepared], options.retry)
    return [(notice, outcome) for (notice, _), outcome in zip(prepared, outcomes, strict=True)]


def _count_written(written: list[tuple[Notice, BulkOutcome]], tally: _Tally) -> None:
    """Count each written notice exactly once; refused ones go to the quarantine."""
    for notice, outcome in written:
        if outcome.result == "failed":
            tally.refuse(
                Quarantined(
                    source=notice.source,
                    stage="index",
                    reason=outcome.reason or "error",
                    detail=outcome.detail or "",
                    raw=notice.model_dump_json(),
                )
            )
        else:
            tally.counts[outcome.result] += 1


class _Writer:
    """Bulk writes on one background thread, one batch at a time, so that parsing and the pool
    keep working while Elasticsearch indexes the previous batch (a bulk request of 500 notices
    takes about as long as analysing a third of the next batch on two workers).

    Outcomes are counted on the calling thread only. `wait()` before each `mget` keeps the
    order the load had without a thread: batch k is checked after batch k-2 is written."""

    def __init__(self, es: Elasticsearch | None, index: str, options: LoadOptions, tally: _Tally) -> None:
        self.es, self.index, self.options, self.tally = es, index, options, tally
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vanban-bulk")
        self._pending: Future[list[tuple[Notice, BulkOutcome]]] | None = None

    def submit(self, prepared: list[tuple[Notice, SerialisedDocument]]) -> None:
        self.wait()
        if self.es is None:  # dry run: parsed and analysed, nothing written
            self.tally.counts["indexed"] += len(prepared)
            return
        self._pending = self._executor.submit(_write_batch, self.es, self.index, prepared, self.options)

    def wait(self) -> None:
        """Count the batch being written, once it is (its errors are raised here)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            _count_written(pending.result(), self.tally)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def run_load(
    paths: Iterable[str | Path],
    options: LoadOptions,
    es: Elasticsearch | None = None,
    *,
    progress: bool = False,
) -> LoadReport:
    """Load paths into options.index (created behind its alias if missing) and report.

    es may be None only for a dry run. Refresh is switched off during the load and restored."""
    started = time.monotonic()
    quarantine = QuarantineFile(options.quarantine_path)
    tally = _Tally(quarantine)
    with ExitStack() as stack:
        stack.callback(quarantine.close)
        index = options.index
        if es is not None and not options.dry_run:
            indexes.create(es, options.index)
            physical = indexes.current_index(es, options.index) or options.index
            stack.enter_context(indexes.relaxed_refresh(es, physical))
        else:
            es = None
        bar = stack.enter_context(_progress_bar(progress))
        pool = stack.enter_context(analysis_pool(options.processes))
        writer = _Writer(es, index, options, tally)
        stack.callback(writer.close)
        notices = parse_items(iter_items(paths, options.limits), tally)
        # Three batches in flight at most: batch k-1 is written by the writer thread while
        # batch k is prepared on the pool's workers and the pages of batch k+1 are parsed here.
        previous: _Batch | None = None
        for batch in batched(notices, options.batch_size):
            writer.wait()
            current = _start_batch(es, index, batch, options, tally, pool)
            if previous is not None:
                writer.submit(_prepared(previous, tally))
            previous = current
            quarantine.flush()
            if bar is not None:
                bar.update(len(batch))
        if previous is not None:
            writer.submit(_prepared(previous, tally))
        writer.wait()
    elapsed = time.monotonic() - started
    done = tally.counts["indexed"] + tally.counts["unchanged"]
    return LoadReport(
        seen=tally.counts["seen"],
        indexed=tally.counts["indexed"],
        unchanged=tally.counts["unchanged"],
        quarantined=tally.counts["quarantined"],
        reasons=dict(sorted(tally.reasons.items())),
        ignored=dict(sorted(tally.ignored.items())),
        elapsed_seconds=round(elapsed, 3),
        docs_per_second=round(done / elapsed, 1) if elapsed > 0 else 0.0,
        index=options.index,
        quarantine_file=str(options.quarantine_path) if quarantine.written else None,
        dry_run=options.dry_run,
    )


def _progress_bar(enabled: bool) -> Any:
    """A tqdm bar on an interactive terminal only: logs and --json output stay clean."""
    if not (enabled and sys.stderr.isatty()):
        return nullcontext(None)
    from tqdm import tqdm

    return tqdm(unit=" notices", desc="loading", file=sys.stderr, dynamic_ncols=True)


def report_json(report: LoadReport) -> str:
    """The report as the one JSON document `ingest load --json` prints."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
