#!/usr/bin/env python3
"""Benchmark the query layer against a bare Elasticsearch match query, side by side in one run.

    python scripts/bench_search.py [--notices 100000] [--seed 7] [--requests 400] [--json]
                                   [--modes api,es-py,http,es-http] [--breakdown]

1. Generates --notices notices with scripts/notice_corpus.py and indexes them (analysed by the
   shared analysis on every core, written by the shared bulk writer) behind the alias
   vanban-bench-search-<N>-<seed>; a later run with the same size and seed reuses it
   (--rebuild forces a new load, --drop deletes it at the end).
2. Builds a reproducible mix of queries from the corpus: accented words, the same without
   diacritics, document numbers in several spellings, quoted phrases, words with a filter.
3. For 1 and 8 concurrent clients, runs the same queries through
      api       search.searcher.search (parse, analyse, build, Elasticsearch, highlight)
      es-py     a bare {"match": {"text.body.syllables": q}} with the same elasticsearch-py client
      http      GET /search on `python -m search serve` (uvicorn, one process), via requests
      es-http   the bare match posted straight to Elasticsearch, via the same requests client
   and prints latency p50/p95/p99, throughput, and the ratios api/es-py and http/es-http (the
   cost of the query layer over Elasticsearch alone).
4. With --breakdown, instead: where one search's time goes, stage by stage, one client, in
   milliseconds per query (mean): parse, build, Elasticsearch (round trip and server `took`, and
   `took` again without the facets and without the rescore), highlighting, and the bare match.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import requests  # noqa: E402
from elasticsearch import Elasticsearch  # noqa: E402
from notice_corpus import generate_notices  # noqa: E402

from search.bulk import batched, write_documents  # noqa: E402
from search.client import connect  # noqa: E402
from search.config import settings  # noqa: E402
from search.documents import analyse_notices, analysis_pool, build_document  # noqa: E402
from search.highlight import highlight  # noqa: E402
from search.indexes import create, current_index, relaxed_refresh  # noqa: E402
from search.models import Notice  # noqa: E402
from search.queries import SearchParams, build_search, highlight_words, parse_query  # noqa: E402
from search.searcher import search  # noqa: E402
from search.textnorm import fold  # noqa: E402

BATCH = 4000
CONCURRENCY = (1, 8)
MODES = ("api", "es-py", "http", "es-http")
WARMUP = 20


# ---------------------------------------------------------------- corpus


def load_corpus(es: Elasticsearch, alias: str, n: int, seed: int, processes: int) -> float:
    """Index n generated notices behind alias; seconds taken (0 when reused)."""
    index = current_index(es, alias)
    if index and es.count(index=alias)["count"] >= n:
        print(f"reusing {alias}: {es.count(index=alias)['count']} notices", file=sys.stderr)
        return 0.0
    if index:
        es.indices.delete(index=index)
    create(es, alias)
    started = time.perf_counter()
    done = 0
    with relaxed_refresh(es, current_index(es, alias) or alias), analysis_pool(processes) as pool:
        for batch in batched(generate_notices(n, seed), BATCH):
            texts = analyse_notices(batch, pool)
            documents = [build_document(notice, text) for notice, text in zip(batch, texts, strict=True)]
            failed = [
                o
                for o in write_documents(es, alias, documents, skip_unchanged=False)
                if o.result != "indexed"
            ]
            if failed:
                raise SystemExit(f"bench: {len(failed)} notices failed to index, first: {failed[0]}")
            done += len(batch)
            rate = done / (time.perf_counter() - started)
            print(f"\rindexed {done}/{n} ({rate:.0f}/s)", end="", file=sys.stderr, flush=True)
    es.indices.refresh(index=alias)
    print(file=sys.stderr)
    return time.perf_counter() - started


def sample_notices(n: int, seed: int, count: int) -> list[Notice]:
    """A reproducible sample of the indexed notices (the generator is a prefix: regenerate)."""
    rng = random.Random(seed)
    wanted = set(rng.sample(range(n), count))
    return [notice for i, notice in enumerate(generate_notices(n, seed)) if i in wanted]


def make_queries(notices: list[Notice], seed: int) -> list[SearchParams]:
    """The query mix: what people type into a portal's search box."""
    rng = random.Random(seed)
    queries: list[SearchParams] = []
    for notice in notices:
        words = (notice.title or notice.body).split()
        start = rng.randrange(max(1, len(words) - 3))
        phrase = " ".join(words[start : start + rng.choice((2, 3))]).strip(",.;:")
        kind = rng.random()
        if kind < 0.35:
            queries.append(SearchParams(q=phrase))
        elif kind < 0.55:
            queries.append(SearchParams(q=fold(phrase).lower()))
        elif kind < 0.70 and notice.number:
            variants = [notice.number, fold(notice.number).lower(), f"số {notice.number}"]
            queries.append(SearchParams(q=rng.choice(variants)))
        elif kind < 0.85:
            queries.append(SearchParams(q=f'"{phrase}"'))
        else:
            queries.append(
                SearchParams(q=phrase, doc_type=notice.doc_type, sort=rng.choice(("relevance", "date")))
            )
    return [q for q in queries if q.q.strip()]


def bare_body(params: SearchParams) -> dict[str, Any]:
    """What a naive integration would send: one match on the body's syllables, ten hits."""
    text = params.q.replace('"', " ").lower()
    return {"query": {"match": {"text.body.syllables": text}}, "size": params.limit}


# ---------------------------------------------------------------- running


def run(
    call: Callable[[SearchParams], Any], queries: list[SearchParams], concurrency: int, total: int
) -> dict:
    """total calls spread over concurrency threads; per-call latency and overall throughput."""
    for params in queries[:WARMUP]:
        call(params)
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            params = queries[i % len(queries)]
            started = time.perf_counter()
            call(params)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "per_s": round(len(latencies) / wall, 1),
    }


def breakdown(es: Elasticsearch, alias: str, queries: list[SearchParams]) -> dict[str, float]:
    """Mean milliseconds per query for each stage of search.searcher.search, run one by one.
    took_* are Elasticsearch's own whole-millisecond `took`, averaged: the server's share."""
    spent: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        spent.setdefault(name, []).append(value)

    for params in queries[:WARMUP]:
        search(params, es, alias)
    for params in queries:
        started = time.perf_counter()
        parsed = parse_query(params.q)
        parsed_at = time.perf_counter()
        body = build_search(parsed, params)
        built_at = time.perf_counter()
        response = es.search(index=alias, **body)
        answered_at = time.perf_counter()
        words, keys = highlight_words(parsed), [ref.key for ref in parsed.numbers]
        for hit in response["hits"]["hits"]:
            highlight(hit["_source"].get("body", ""), words, keys)
        note("parse", parsed_at - started)
        note("build", built_at - parsed_at)
        note("es_round_trip", answered_at - built_at)
        note("highlight", time.perf_counter() - answered_at)
        note("took", response["took"] / 1000)
        without_facets = {k: v for k, v in body.items() if k != "aggs"}
        note("took_without_facets", es.search(index=alias, **without_facets)["took"] / 1000)
        without_rescore = {k: v for k, v in body.items() if k != "rescore"}
        note("took_without_rescore", es.search(index=alias, **without_rescore)["took"] / 1000)
        started = time.perf_counter()
        search(params, es, alias)
        note("api_total", time.perf_counter() - started)
        started = time.perf_counter()
        bare = es.search(index=alias, **bare_body(params))
        note("bare_round_trip", time.perf_counter() - started)
        note("bare_took", bare["took"] / 1000)
    return {name: round(statistics.mean(values) * 1000, 3) for name, values in spent.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(alias: str) -> Iterator[str]:
    """`python -m search serve` in a subprocess; yields its base URL, stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "search", "serve", "--port", str(port), "--index", alias],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("bench: the service did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def http_params(params: SearchParams) -> dict[str, Any]:
    names = {"doc_type": "type", "date_from": "from", "date_to": "to"}
    dumped = params.model_dump(exclude_defaults=True, mode="json")
    return {names.get(k, k): v for k, v in dumped.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=400, help="calls per mode and concurrency")
    parser.add_argument("--queries", type=int, default=300, help="distinct queries in the mix")
    parser.add_argument("--processes", type=int, default=2, help="analysis processes while indexing")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--drop", action="store_true", help="delete the benchmark index at the end")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--breakdown", action="store_true", help="time each stage of one search instead")
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help="comma-separated modes to run (default: all; a ratio needs its layer and its bare mode)",
    )
    args = parser.parse_args(argv)
    chosen = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = sorted(set(chosen) - set(MODES))
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(unknown)}: choose from {', '.join(MODES)}")

    es = connect()
    alias = f"vanban-bench-search-{args.notices}-{args.seed}"
    serving = current_index(es, alias)
    if args.rebuild and serving:
        es.indices.delete(index=serving)
    index_seconds = load_corpus(es, alias, args.notices, args.seed, args.processes)
    queries = make_queries(sample_notices(args.notices, args.seed, args.queries), args.seed)
    if args.breakdown:
        stages = breakdown(es, alias, queries)
        lines = [f"{name:<22}{ms:>8} ms" for name, ms in stages.items()]
        print(json.dumps(stages, indent=2) if args.json else "\n".join(lines))
        return 0
    session_local = threading.local()

    def session() -> requests.Session:
        if not hasattr(session_local, "s"):
            session_local.s = requests.Session()
        return session_local.s

    es_url = settings().es_url
    results: dict[str, dict[int, dict]] = {}
    modes: dict[str, Callable[[SearchParams], Any]] = {
        "api": lambda p: search(p, es, alias),
        "es-py": lambda p: es.search(index=alias, **bare_body(p)),
    }
    for name, call in modes.items():
        if name in chosen:
            results[name] = {c: run(call, queries, c, args.requests) for c in CONCURRENCY}
    if "http" in chosen or "es-http" in chosen:
        with serve(alias) as base:

            def over_http(p: SearchParams, base: str = base) -> None:
                session().get(base + "/search", params=http_params(p), timeout=60).raise_for_status()

            def bare_http(p: SearchParams) -> None:
                session().post(f"{es_url}/{alias}/_search", json=bare_body(p), timeout=60).raise_for_status()

            if "http" in chosen:
                results["http"] = {c: run(over_http, queries, c, args.requests) for c in CONCURRENCY}
            if "es-http" in chosen:
                results["es-http"] = {c: run(bare_http, queries, c, args.requests) for c in CONCURRENCY}
    serving = current_index(es, alias)
    if args.drop and serving:
        es.indices.delete(index=serving)
    report = {
        "notices": es.count(index=alias)["count"] if not args.drop else args.notices,
        "index_seconds": round(index_seconds, 1),
        "distinct_queries": len(queries),
        "results": results,
        "ratios": {
            f"{layer}/{bare} c={c}": {
                "p50": round(results[layer][c]["p50_ms"] / results[bare][c]["p50_ms"], 2),
                "throughput": round(results[bare][c]["per_s"] / results[layer][c]["per_s"], 2),
            }
            for layer, bare in (("api", "es-py"), ("http", "es-http"))
            if layer in results and bare in results
            for c in CONCURRENCY
        },
    }
    print(json.dumps(report, indent=2) if args.json else as_table(report))
    return 0


def as_table(report: dict) -> str:
    lines = [
        f"{report['notices']} notices (indexing took {report['index_seconds']} s; 0 = reused), "
        f"{report['distinct_queries']} distinct queries",
        f"{'mode':<8} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}",
    ]
    for mode, by_c in report["results"].items():
        for c, row in by_c.items():
            lines.append(
                f"{mode:<8} {c:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} {row['per_s']:>8}"
            )
    lines.append("cost of the query layer (layer / bare: p50 latency ratio, bare / layer: throughput ratio)")
    for name, ratio in report["ratios"].items():
        lines.append(f"  {name:<20} p50 x{ratio['p50']}  throughput x{ratio['throughput']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
