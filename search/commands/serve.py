"""`python -m search serve [--host 127.0.0.1] [--port 8000]`: run the read-only HTTP service.

In: the flags. Out: a uvicorn server in the foreground until interrupted (see search.service
for the routes).
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the read-only HTTP service and search page",
        description="Serve the search API, change feed, exports, Atom feed and the Vietnamese search page.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--index", help="index or alias to serve (default: the configured alias)")
    parser.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="allow browser calls from ORIGIN (repeatable; default: VANBAN_CORS_ORIGINS or none)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `python -m search "QUERY"` does not pay for FastAPI's import.
    import uvicorn

    from search.service import create_app

    app = create_app(index=args.index, cors_origins=args.cors_origins)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
