"""`python -m search "QUERY" [options]`: search the index from the command line.

In: the query and the filters (the flags are a contract, see the README). Out: with --json
{"total", "hits": [...], "facets": {...}} on stdout; otherwise a readable list. A query that
cannot run as asked (too long, a page past the end, an unknown status) is a usage error:
one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from datetime import date

from pydantic import ValidationError

from search.dates import parse_date
from search.errors import InvalidDateError
from search.queries import DEFAULT_LIMIT, MAX_LIMIT, QueryError, SearchParams
from search.searcher import SearchResult, search

_MARK = re.compile(r"</?mark>")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help='search notices (the default command: python -m search "QUERY")',
        description="Search notices by words (with or without diacritics), quoted phrases and numbers.",
    )
    parser.add_argument(
        "query", nargs="?", default="", help='words, "a phrase", or a number such as 91/2017/NĐ-CP'
    )
    parser.add_argument("--index", help="index or alias to search (default: the configured alias)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--type", dest="doc_type", help="document type, full or abbreviated (Quyết định, QĐ)")
    parser.add_argument("--sector", help="sector (Lĩnh vực)")
    parser.add_argument("--issuer", help="issuing body (Cơ quan ban hành)")
    parser.add_argument("--signer", help="signer (Người ký)")
    parser.add_argument(
        "--status", help="validity status: in_force, expired, ... or Vietnamese (còn hiệu lực)"
    )
    parser.add_argument("--year", type=int, help="year issued")
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help="issued on or after DATE (2018-07-30 or 30/07/2018)"
    )
    parser.add_argument(
        "--to", dest="date_to", metavar="DATE", help="issued on or before DATE (2018-07-30 or 30/07/2018)"
    )
    parser.add_argument("--cites", metavar="NUMBER", help="only notices that cite this document number")
    parser.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"hits per page (1..{MAX_LIMIT})")
    parser.add_argument("--page", type=int, default=1)
    parser.set_defaults(run=run)


def params_from_args(args: argparse.Namespace) -> SearchParams:
    """The parsed flags as SearchParams; a bad value raises QueryError with a readable line."""
    fields = ("doc_type", "sector", "issuer", "signer", "status", "year", "cites", "sort", "limit", "page")
    values = {name: getattr(args, name) for name in fields}
    values["date_from"] = flag_date(args.date_from, "--from")
    values["date_to"] = flag_date(args.date_to, "--to")
    try:
        return SearchParams(q=args.query, **values)
    except ValidationError as error:
        raise QueryError(describe(error)) from None


def flag_date(text: str | None, flag: str) -> date | None:
    """A date flag in ISO or as portals write dates (30/07/2018), through search.dates."""
    if text is None:
        return None
    try:
        value = parse_date(text, flag)
    except InvalidDateError as error:
        raise QueryError(str(error)) from None
    if value is None:
        raise QueryError(f"{flag} needs a date such as 2018-07-30 or 30/07/2018, not {text!r}")
    return value


def describe(error: ValidationError) -> str:
    """The first problem pydantic found, as "limit: Input should be less than or equal to 100"."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "value"
    return f"{where}: {first['msg']}"


def run(args: argparse.Namespace) -> int:
    try:
        params = params_from_args(args)
        if not params.q.strip() and not _has_filter(params):
            raise QueryError(
                'empty query: give words, a "phrase", a document number or a filter such as --type'
            )
        result = search(params, index=args.index)
    except QueryError as error:
        print(f"search: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(result.model_dump_json())
    else:
        print(as_text(result, params))
    return 0


def _has_filter(params: SearchParams) -> bool:
    defaults = SearchParams()
    return any(
        getattr(params, name) != getattr(defaults, name)
        for name in (
            "doc_type",
            "sector",
            "issuer",
            "signer",
            "status",
            "year",
            "date_from",
            "date_to",
            "cites",
        )
    )


def as_text(result: SearchResult, params: SearchParams) -> str:
    """A readable list: one line per hit, then its snippets with marks shown as «…»."""
    first = (params.page - 1) * params.limit + 1
    lines = [
        f"{result.total} notices"
        + (f", showing {first}-{first + len(result.hits) - 1}" if result.hits else "")
    ]
    for position, hit in enumerate(result.hits, start=first):
        when = hit.issued_date.isoformat() if hit.issued_date else "----------"
        lines.append(f"{position:>3}. {hit.number or '(no number)'}  {when}  {hit.title or ''}")
        for snippet in hit.highlights[:2]:
            lines.append(
                "       "
                + _MARK.sub(lambda m: "»" if m.group(0).startswith("</") else "«", html.unescape(snippet))
            )
    return "\n".join(lines)
