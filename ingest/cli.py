"""`python -m ingest`: a thin command line over the ingest library.

Each subcommand lives in its own module under ingest/commands/ exposing `register(subparsers)`
(adds its parser and sets `run`); `main(argv) -> int` returns 0 done, 1 could not run, 2 usage.
"""

from __future__ import annotations

import argparse
import sys

from search import commandline

# Subcommand modules, in the order --help lists them.
COMMAND_MODULES: list[str] = ["ingest.commands.load", "ingest.commands.parse", "ingest.commands.crawl"]


def build_parser() -> argparse.ArgumentParser:
    return commandline.build_parser(
        "python -m ingest",
        "Turn Vietnamese notice pages, dumps and portals into indexed notices.",
        COMMAND_MODULES,
    )


def main(argv: list[str] | None = None) -> int:
    return commandline.run(build_parser(), list(sys.argv[1:] if argv is None else argv), "ingest")
