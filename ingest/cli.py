"""`python -m ingest`: a thin command line over the ingest library.

Each subcommand lives in its own module under ingest/commands/ exposing `register(subparsers)`
(adds its parser and sets `run`) ; `main(argv) -> int` returns 0 done, 1 could not run, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from search.errors import VanbanError

# Subcommand modules, in the order --help lists them.
COMMAND_MODULES: list[str] = ["ingest.commands.load", "ingest.commands.parse", "ingest.commands.crawl"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Turn Vietnamese notice pages, dumps and portals into indexed notices.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except VanbanError as error:
        print(f"ingest {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"ingest {args.command}: interrupted", file=sys.stderr)
        return 130
