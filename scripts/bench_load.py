"""Benchmark the loader end to end against a bare bulk index of the same notices.

    python scripts/bench_load.py [--notices 20000] [--seed 7] [--batch-size 500] [--processes 2]

1. Writes a reproducible corpus (scripts/notice_corpus.py): 70% NDJSON export, 15% text dumps,
   15% HTML detail pages, with varied lengths, types, issuers and dates.
2. Bare bulk: the same notices (generated again, not parsed), empty analysed texts, straight into
   streaming_bulk, for each batch size in --try-batch-sizes; the best one is reported.
3. End to end: `python -m ingest load CORPUS --json` in a child process (read, parse, normalise,
   analyse with pyvi, hash check, bulk), timed, with its peak memory; then again on a tenth of
   the corpus, to show that memory does not grow with the dump.
Prints one JSON object: notices/s for both, their ratio, peak memory (MB) of both loads.
Indexes are created under a `vanban-bench-` prefix and deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from notice_corpus import generate_notices, write_corpus  # noqa: E402

from search import indexes  # noqa: E402
from search.bulk import MAX_CHUNK_BYTES  # noqa: E402
from search.client import connect  # noqa: E402
from search.documents import AnalysedTexts, build_document, index_action  # noqa: E402

# The child runs the real command and reports its own peak RSS (and its analysis workers').
CHILD = """
import resource, sys
from ingest.cli import main
code = main(sys.argv[1:])
usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(f"PEAK_KB {usage[0]} {usage[1]}", file=sys.stderr)
sys.exit(code)
"""


def write_mixed_corpus(root: Path, n: int, seed: int) -> Path:
    """The corpus as a loader meets it: one NDJSON export plus folders of text and HTML pages."""
    pages = n * 15 // 100
    write_corpus(root / "export.ndjson", n - 2 * pages, seed)
    write_corpus(root / "text", pages, seed + 1, fmt="text")
    write_corpus(root / "html", pages, seed + 2, fmt="html")
    return root


def corpus_notices(n: int, seed: int):
    """The same notices the corpus holds, as generated: no reading, parsing or analysis."""
    pages = n * 15 // 100
    yield from generate_notices(n - 2 * pages, seed)
    yield from generate_notices(pages, seed + 1)
    yield from generate_notices(pages, seed + 2)


def prebuilt_sources(n: int, seed: int) -> list[dict]:
    """The corpus's notices as index-ready `_source`s (empty analysed texts), built before any
    clock starts: the bare bulk measures Elasticsearch and the client, nothing of ours."""
    empty = AnalysedTexts()
    return [index_action(build_document(x, empty), "-")["_source"] for x in corpus_notices(n, seed)]


def bare_bulk(es, alias: str, sources: list[dict], batch_size: int) -> float:
    """Notices/s of a plain streaming_bulk of prebuilt documents (refresh off, as in a load)."""
    from elasticsearch.helpers import streaming_bulk

    indexes.create(es, alias)
    index = indexes.current_index(es, alias)
    started = time.monotonic()
    with indexes.relaxed_refresh(es, index):
        actions = ({"_index": index, "_id": s["id"], "_source": s} for s in sources)
        for ok, info in streaming_bulk(
            es, actions, chunk_size=batch_size, max_chunk_bytes=MAX_CHUNK_BYTES, raise_on_error=False
        ):
            if not ok:
                raise SystemExit(f"bench: bare bulk failed: {info}")
    return len(sources) / (time.monotonic() - started)


def end_to_end(corpus: Path, alias: str, batch_size: int, processes: int) -> tuple[dict, tuple[float, float]]:
    """The real command in a child process: its JSON report and the peak memory (MB) of the
    loader itself and of its largest analysis worker."""
    args = [
        "load",
        str(corpus),
        "--index",
        alias,
        "--json",
        "--batch-size",
        str(batch_size),
        "--processes",
        str(processes),
        "--quarantine",
        str(corpus.parent / f"{alias}.quarantine.jsonl"),
    ]
    done = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: load failed: {done.stderr.strip()}")
    peak = next(line.split()[1:] for line in done.stderr.splitlines() if line.startswith("PEAK_KB"))
    return json.loads(done.stdout), (round(int(peak[0]) / 1024, 1), round(int(peak[1]) / 1024, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/bench_load.py", description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=500, help="batch size of the end-to-end load")
    parser.add_argument(
        "--try-batch-sizes",
        default="100,250,500,1000,2000",
        help="batch sizes the bare bulk is measured with (comma-separated)",
    )
    parser.add_argument("--processes", type=int, default=2, help="analysis processes of the load")
    args = parser.parse_args(argv)
    es = connect()
    prefix = f"vanban-bench-{int(time.time())}"
    created: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
            corpus = write_mixed_corpus(Path(tmp) / "corpus", args.notices, args.seed)
            small = write_mixed_corpus(Path(tmp) / "small", args.notices // 10, args.seed)
            sources = prebuilt_sources(args.notices, args.seed)
            bare: dict[int, float] = {}
            for size in (int(s) for s in args.try_batch_sizes.split(",")):
                alias = f"{prefix}-bare-{size}"
                created.append(alias)
                bare[size] = round(bare_bulk(es, alias, sources, size), 1)
                print(f"bare bulk, batch {size}: {bare[size]} notices/s", file=sys.stderr)
            del sources
            created.append(f"{prefix}-small")
            _, small_peak = end_to_end(small, f"{prefix}-small", args.batch_size, args.processes)
            created.append(f"{prefix}-load")
            report, peak = end_to_end(corpus, f"{prefix}-load", args.batch_size, args.processes)
    finally:
        for alias in created:
            for name in indexes.list_versions(es, alias):
                es.indices.delete(index=name)
    load_rate = (report["indexed"] + report["unchanged"]) / report["elapsed_seconds"]
    bare_rate = bare.get(args.batch_size) or max(bare.values())
    print(
        json.dumps(
            {
                "notices": args.notices,
                "seed": args.seed,
                "batch_size": args.batch_size,
                "processes": args.processes,
                "bare_bulk_notices_per_s_by_batch_size": bare,
                "best_bare_batch_size": max(bare, key=bare.__getitem__),
                "end_to_end_notices_per_s": round(load_rate, 1),
                "bare_bulk_notices_per_s": bare_rate,
                "ratio_bare_over_end_to_end": round(bare_rate / load_rate, 2),
                "load_report": {
                    k: report[k] for k in ("seen", "indexed", "unchanged", "quarantined", "reasons")
                },
                "peak_memory_mb_loader_and_worker": peak,
                "peak_memory_mb_loader_and_worker_tenth_of_corpus": small_peak,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
