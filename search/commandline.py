"""What `python -m ingest` and `python -m search` share: a parser whose subcommands come from
modules exposing `register(subparsers)`, and a runner that turns vanban's errors into one line.

Exit codes: 0 done, 1 could not run (the line names what and why), 2 usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from search.errors import VanbanError


def build_parser(prog: str, description: str, modules: list[str]) -> argparse.ArgumentParser:
    """A parser with one subcommand per module, in the order given."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def subcommands(parser: argparse.ArgumentParser) -> set[str]:
    """The names of the parser's subcommands."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    return set(actions[0].choices) if actions else set()


def run(parser: argparse.ArgumentParser, argv: list[str], name: str) -> int:
    """Parse argv and run the chosen subcommand; its typed errors become one line on stderr."""
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except VanbanError as error:
        print(f"{name} {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{name} {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error of ours, and no traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
