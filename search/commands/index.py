"""`python -m search index create|status|reindex [--index ALIAS]`: manage the versioned index.

In: the alias (default: configured, `notices`). Out: JSON on stdout (IndexStatus or
ReindexReport); exit 1 with one line when Elasticsearch is down or the reindex failed (the
old version then still serves).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from elasticsearch import ApiError

from search import indexes
from search.bulk import DEFAULT_BATCH_SIZE, reindex_documents
from search.client import connect
from search.config import settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "index",
        help="create the index behind its alias, show its status, or rebuild it as a new version",
        description="create: make <alias>-v1 behind the alias if none serves; status: what serves; "
        "reindex: re-analyse every notice into <alias>-v<N+1> and switch the alias atomically.",
    )
    parser.add_argument("action", choices=["create", "status", "reindex"])
    parser.add_argument("--index", metavar="ALIAS", default=None, help="alias (default: configured)")
    parser.add_argument("--keep-old", action="store_true", help="reindex: keep the previous version")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N")
    parser.add_argument("--processes", type=int, default=1, metavar="N", help="analysis processes")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    alias = args.index or settings().index_alias
    es = connect()
    try:
        result = _act(es, alias, args)
    except ApiError as error:
        print(
            f"search index: Elasticsearch refused the request ({error.meta.status}): {error.message}",
            file=sys.stderr,
        )
        return 1
    print(result.model_dump_json(indent=2))
    return 0


def _act(es: Any, alias: str, args: argparse.Namespace) -> Any:
    if args.action == "create":
        result: Any = indexes.create(es, alias)
    elif args.action == "status":
        result = indexes.status(es, alias)
    else:

        def rebuild(client: Any, old: str, new: str) -> int:
            return reindex_documents(client, old, new, batch_size=args.batch_size, processes=args.processes)

        result = indexes.reindex(es, alias, rebuild, keep_old=args.keep_old)
    return result
