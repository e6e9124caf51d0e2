"""`python -m search`: a thin command line over the search library.

`python -m search "QUERY" [options]` searches; other subcommands (index, serve, ...) live in
search/commands/, one module each exposing `register(subparsers)`. `main(argv) -> int`
returns 0 done, 1 could not run, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from search.errors import VanbanError

# Subcommand modules, in the order --help lists them. "query" is the default command.
COMMAND_MODULES: list[str] = ["search.commands.query", "search.commands.index", "search.commands.serve"]
DEFAULT_COMMAND = "query"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m search",
        description='Search indexed notices: python -m search "QUERY" [options], or a subcommand.',
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # noqa: SLF001
    # Anything but a subcommand or a bare --help is a query with its options, in any order:
    # `python -m search "thi đua" --limit 3` and `python -m search --limit 3 "thi đua"`.
    if argv and argv[0] not in known and argv[0] not in ("-h", "--help") and DEFAULT_COMMAND in known:
        argv = [DEFAULT_COMMAND, *argv]
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except VanbanError as error:
        print(f"search {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"search {args.command}: interrupted", file=sys.stderr)
        return 130
