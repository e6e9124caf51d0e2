"""`python -m ingest crawl START_URL... [--profile FILE] [--out DIR] [--load] [--max-pages N]
[--delay SECONDS] [--state FILE] [--json] [--user-agent UA] [--timeout SECONDS]`.

In: portal URLs (a document section's listing page). Out: the crawl summary on stdout (JSON
with --json, key=value otherwise); the dump under --out (see ingest.crawl); exit 0 when the
run finished or stopped at --max-pages (run it again to continue), 1 when it could not run
(bad profile, unreadable ledger, Elasticsearch down with --load), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ingest.crawl import CrawlOptions, crawl
from ingest.fetch import DEFAULT_TIMEOUT_SECONDS, DEFAULT_USER_AGENT
from ingest.profiles import load_profile, profile_for


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="crawl notice portals politely and incrementally (listing → detail → attachments)",
        description="Crawl portals: follow listing pages to detail pages and attachments, "
        "re-runs fetch only what changed, a killed run resumes where it stopped.",
    )
    parser.add_argument("start_urls", nargs="+", metavar="START_URL", help="a portal's listing page")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="site profile JSON (default: by host)")
    parser.add_argument("--out", type=Path, default=Path("crawl"), metavar="DIR", help="dump directory")
    parser.add_argument("--load", action="store_true", help="index notices as the crawl goes")
    parser.add_argument(
        "--index", metavar="ALIAS", help="alias to load into with --load (default: configured)"
    )
    parser.add_argument("--max-pages", type=int, metavar="N", help="stop after N fetches; re-run to continue")
    parser.add_argument("--delay", type=float, metavar="SECONDS", help="seconds between requests to a host")
    parser.add_argument("--state", type=Path, metavar="FILE", help="ledger file (default: DIR/ledger.sqlite)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--user-agent", default=DEFAULT_USER_AGENT, metavar="UA", help="User-Agent header")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"per-request timeout (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.set_defaults(run=run)


def _progress(line: str) -> None:
    print(f"ingest crawl: {line}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    for name in ("max_pages", "delay", "timeout"):
        value = getattr(args, name)
        if value is not None and (value < 0 or (name == "timeout" and value == 0)):
            print(f"ingest crawl: --{name.replace('_', '-')} must be positive", file=sys.stderr)
            return 2
    profile = load_profile(args.profile) if args.profile else profile_for(args.start_urls)
    options = CrawlOptions(
        start_urls=args.start_urls,
        profile=profile,
        out_dir=args.out,
        state_path=args.state,
        delay=args.delay,
        max_pages=args.max_pages,
        load=args.load,
        index=args.index,
        user_agent=args.user_agent,
        timeout=args.timeout,
    )
    summary = crawl(options, progress=None if args.json else _progress)
    data = summary.model_dump(mode="json")
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        shown = {k: v for k, v in data.items() if v not in (None, {}, [])}
        print(" ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in shown.items()))
    return 0
