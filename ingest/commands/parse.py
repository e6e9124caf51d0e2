"""`python -m ingest parse PATH... [--json]`: parse pages and show their notices.

In: files (or directories of .txt/.html/.htm files). Out: with --json, one Notice per line
(NDJSON) on stdout for every notice found (a listing gives one per row); without, one readable
line per notice. A page that cannot be parsed gives one line on stderr naming the file and the
reason; the others still print; the exit status is 1 if any page failed, else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ingest.errors import ParseError
from ingest.pages import parse_page, read_page
from search.models import Notice

PAGE_SUFFIXES = {".txt", ".html", ".htm", ".xhtml"}
_TITLE_CHARS = 70


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse notice pages (text dumps, HTML detail or listing pages) into notices",
        description="Parse notice pages and print their notices: NDJSON with --json, else a summary.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="page files, or directories of them")
    parser.add_argument("--json", action="store_true", help="print one Notice as JSON per line (NDJSON)")
    parser.add_argument("--base-url", help="URL relative links on the pages resolve against")
    parser.set_defaults(run=run)


def page_files(paths: list[str]) -> Iterator[Path]:
    """The files to parse: each file given, and the page files under each directory given."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
            )
        else:
            yield path


def summary_line(notice: Notice) -> str:
    """One readable line: where, number, date, status, title."""
    where = notice.source if notice.source_row is None else f"{notice.source} [row {notice.source_row}]"
    title = notice.title or "(no title)"
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1] + "…"
    issued = notice.issued_date.isoformat() if notice.issued_date else "-"
    extra = f" (+{len(notice.extra)} extra)" if notice.extra else ""
    return f"{where}: {notice.number or '-'} | {issued} | {notice.status.value} | {title}{extra}"


def run(args: argparse.Namespace) -> int:
    try:
        return _parse_all(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parse_all(args: argparse.Namespace) -> int:
    failed = 0
    for path in page_files(args.paths):
        try:
            notices = parse_page(read_page(path, base_url=args.base_url))
        except ParseError as error:
            failed += 1
            print(f"ingest parse: {error}", file=sys.stderr)
            continue
        for notice in notices:
            line = notice.model_dump_json() if args.json else summary_line(notice)
            sys.stdout.write(line + "\n")
    sys.stdout.flush()
    return 1 if failed else 0
