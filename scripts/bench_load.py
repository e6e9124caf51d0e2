"""Benchmark the loader end to end against a bare bulk index of the same notices.

    python scripts/bench_load.py [--notices 20000] [--seed 7] [--batch-size 500] [--processes 2]
                                 [--repeat 1] [--compare-processes 1,2]

1. Writes a reproducible corpus (scripts/notice_corpus.py): 70% NDJSON export, 15% text dumps,
   15% HTML detail pages, with varied lengths, types, issuers and dates.
2. Bare bulk: the same notices (generated again, not parsed), empty analysed texts, straight into
   streaming_bulk, for each batch size in --try-batch-sizes; the best one is reported.
3. Bare bulk of the analysed documents: the same notices with their real analysed texts
   (prepared before the clock starts), so the report shows what Elasticsearch alone needs to
   index the tokens, the floor of any load on this node.
4. End to end: `python -m ingest load CORPUS --json` in a child process (read, parse, normalise,
   analyse with pyvi, hash check, bulk), timed, with its peak memory and CPU time (loader and
   workers); then again on a tenth of the corpus, to show that memory does not grow with the
   dump. --repeat runs it several times and --compare-processes with other process counts,
   alternating, so that load from other jobs on a shared machine falls on every variant alike.
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
from search.documents import (  # noqa: E402
    AnalysedTexts,
    analyse_notices,
    analysis_pool,
    build_document,
    index_action,
)

# The child runs the real command and reports its own peak RSS (VmHWM: ru_maxrss would carry
# over this script's own peak across the fork and exec) and its analysis workers' (they fork
# from the loader, so their ru_maxrss is theirs), and the CPU time of both.
CHILD = """
import resource, sys
from ingest.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(f"PEAK_KB {hwm} {usage[1].ru_maxrss}", file=sys.stderr)
cpu = [u.ru_utime + u.ru_stime for u in usage]
print(f"CPU_S {cpu[0]} {cpu[1]}", file=sys.stderr)
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


def analysed_sources(n: int, seed: int, processes: int) -> list[dict]:
    """The corpus's notices as index-ready `_source`s with their real analysed texts; `text` is
    kept in the bulk body (the index drops it from `_source` but indexes its tokens)."""
    notices = list(corpus_notices(n, seed))
    with analysis_pool(processes) as pool:
        texts = analyse_notices(notices, pool)
    return [index_action(build_document(x, t), "-")["_source"] for x, t in zip(notices, texts, strict=True)]


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


def end_to_end(
    corpus: Path, alias: str, batch_size: int, processes: int, root: Path = ROOT
) -> tuple[dict, tuple[float, float], tuple[float, float]]:
    """The real command in a child process: its JSON report, the peak memory (MB) of the
    loader itself and of its largest analysis worker, and the CPU seconds of the loader and of
    its workers together."""
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
    done = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: load failed: {done.stderr.strip()}")
    peak = next(line.split()[1:] for line in done.stderr.splitlines() if line.startswith("PEAK_KB"))
    cpu = next(line.split()[1:] for line in done.stderr.splitlines() if line.startswith("CPU_S"))
    return (
        json.loads(done.stdout),
        (round(int(peak[0]) / 1024, 1), round(int(peak[1]) / 1024, 1)),
        (round(float(cpu[0]), 2), round(float(cpu[1]), 2)),
    )


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
    parser.add_argument("--repeat", type=int, default=1, help="end-to-end runs per process count")
    parser.add_argument(
        "--compare-processes",
        default="",
        help="other process counts to run end to end, alternating with --processes (e.g. 1)",
    )
    parser.add_argument(
        "--compare-root",
        type=Path,
        default=None,
        help="another checkout (e.g. `git archive` of an older commit) whose loader runs end to end "
        "too, alternating with this one: before/after in one run",
    )
    args = parser.parse_args(argv)
    counts = list(dict.fromkeys([args.processes, *(int(c) for c in args.compare_processes.split(",") if c)]))
    es = connect()
    prefix = f"vanban-bench-{int(time.time())}"
    created: list[str] = []
    variants: list[tuple[str, int, Path]] = [(f"{c}", c, ROOT) for c in counts]
    if args.compare_root:
        variants += [(f"{c}@{args.compare_root}", c, args.compare_root.resolve()) for c in counts]
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in variants}
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
            sources = analysed_sources(args.notices, args.seed, args.processes)
            created.append(f"{prefix}-analysed")
            bare_analysed = round(bare_bulk(es, f"{prefix}-analysed", sources, args.batch_size), 1)
            print(f"bare bulk of analysed documents: {bare_analysed} notices/s", file=sys.stderr)
            del sources
            created.append(f"{prefix}-small")
            _, small_peak, _ = end_to_end(small, f"{prefix}-small", args.batch_size, args.processes)
            for run in range(args.repeat):
                for v, (name, count, root) in enumerate(variants):
                    alias = f"{prefix}-load-{v}-{run}"
                    created.append(alias)
                    report, peak, cpu = end_to_end(corpus, alias, args.batch_size, count, root)
                    rate = (report["indexed"] + report["unchanged"]) / report["elapsed_seconds"]
                    runs[name].append({"rate": round(rate, 1), "report": report, "peak": peak, "cpu": cpu})
                    print(f"end to end, processes {name}: {rate:.1f}/s, CPU s {cpu}", file=sys.stderr)
    finally:
        for alias in created:
            for name in indexes.list_versions(es, alias):
                es.indices.delete(index=name)
    bare_rate = bare.get(args.batch_size) or max(bare.values())
    main_runs = runs[str(args.processes)]
    best = max(main_runs, key=lambda r: r["rate"])
    report = best["report"]
    print(
        json.dumps(
            {
                "notices": args.notices,
                "seed": args.seed,
                "batch_size": args.batch_size,
                "processes": args.processes,
                "bare_bulk_notices_per_s_by_batch_size": bare,
                "best_bare_batch_size": max(bare, key=bare.__getitem__),
                "end_to_end_notices_per_s": best["rate"],
                "end_to_end_notices_per_s_runs": [r["rate"] for r in main_runs],
                "bare_bulk_notices_per_s": bare_rate,
                "ratio_bare_over_end_to_end": round(bare_rate / best["rate"], 2),
                "bare_bulk_of_analysed_documents_notices_per_s": bare_analysed,
                "ratio_bare_over_bare_analysed": round(bare_rate / bare_analysed, 2),
                "end_to_end_by_processes": {
                    c: {
                        "notices_per_s_runs": [r["rate"] for r in rs],
                        "cpu_s_loader_and_workers_runs": [r["cpu"] for r in rs],
                    }
                    for c, rs in runs.items()
                },
                "load_report": {
                    k: report[k] for k in ("seen", "indexed", "unchanged", "quarantined", "reasons")
                },
                "peak_memory_mb_loader_and_worker": best["peak"],
                "peak_memory_mb_loader_and_worker_tenth_of_corpus": small_peak,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
