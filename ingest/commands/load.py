"""`python -m ingest load PATH... [--index ALIAS] [--quarantine FILE] [--json]`: load dumps.

In: paths (files, directories, archives, NDJSON/CSV exports, WARC). Out: a summary on stdout
(JSON with --json), a progress bar on a terminal otherwise; exit 0 when the load completed
(even with quarantined records: they are in the quarantine file), 1 when it could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from elasticsearch import ApiError

from ingest.pipeline import LoadOptions, report_json, run_load
from search.bulk import DEFAULT_BATCH_SIZE
from search.client import connect
from search.config import settings

# scripts/bench_load.py --compare-processes 1 (5,000 notices): one process spends 11.0-11.5 CPU
# seconds, two spend 3.8 in the loader and 9.0-9.2 in the workers, so on two idle cores two
# processes finish in about 0.6 of the time; on a machine other jobs keep busy the gain shrinks
# to what is left of the second core (353-540/s against 384-409/s measured side by side).
DEFAULT_PROCESSES = os.cpu_count() or 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load",
        help="load files, directories, archives, NDJSON/CSV exports and WARC files into the index",
        description="Load notices: every record ends indexed, unchanged or quarantined.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="file, directory, .zip/.tar.gz, .ndjson, .csv, .warc"
    )
    parser.add_argument(
        "--index", metavar="ALIAS", default=None, help="alias to load into (default: configured)"
    )
    parser.add_argument(
        "--quarantine",
        metavar="FILE",
        type=Path,
        default=Path("quarantine.jsonl"),
        help="JSONL file for refused records (default: quarantine.jsonl)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON, no progress bar")
    parser.add_argument("--dry-run", action="store_true", help="parse and analyse, write nothing")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"documents per bulk request (default {DEFAULT_BATCH_SIZE})",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=DEFAULT_PROCESSES,
        metavar="N",
        help=f"analysis processes (default {DEFAULT_PROCESSES}: one per CPU; analysis is the bottleneck)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.batch_size < 1 or args.processes < 1:
        print("ingest load: --batch-size and --processes must be at least 1", file=sys.stderr)
        return 2
    options = LoadOptions(
        index=args.index or settings().index_alias,
        batch_size=args.batch_size,
        processes=args.processes,
        dry_run=args.dry_run,
        quarantine_path=args.quarantine,
    )
    es = None if args.dry_run else connect()
    try:
        report = run_load(args.paths, options, es, progress=not args.json)
    except ApiError as error:
        print(
            f"ingest load: Elasticsearch refused the request ({error.meta.status}): {error.message}",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(
            f"ingest load: cannot write {error.filename or args.quarantine}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    if args.json:
        print(report_json(report))
    else:
        summary = {k: v for k, v in report.model_dump(mode="json").items() if v not in (None, {}, [])}
        print(" ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in summary.items()))
    return 0
