"""`python -m search`: a thin command line over the search library.

`python -m search "QUERY" [options]` searches; other subcommands (index, serve) live in
search/commands/, one module each exposing `register(subparsers)`. `main(argv) -> int`
returns 0 done, 1 could not run, 2 usage.
"""

from __future__ import annotations

import argparse
import sys

from search import commandline

# Subcommand modules, in the order --help lists them. "query" is the default command.
COMMAND_MODULES: list[str] = ["search.commands.query", "search.commands.index", "search.commands.serve"]
DEFAULT_COMMAND = "query"


def build_parser() -> argparse.ArgumentParser:
    return commandline.build_parser(
        "python -m search",
        'Search indexed notices: python -m search "QUERY" [options], or a subcommand.',
        COMMAND_MODULES,
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = commandline.subcommands(parser)
    # Anything but a subcommand or a bare --help is a query with its options, in any order:
    # `python -m search "thi đua" --limit 3` and `python -m search --limit 3 "thi đua"`.
    if argv and argv[0] not in known and argv[0] not in ("-h", "--help") and DEFAULT_COMMAND in known:
        argv = [DEFAULT_COMMAND, *argv]
    return commandline.run(parser, argv, "search")
