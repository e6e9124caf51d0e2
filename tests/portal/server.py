"""The fixture portal's HTTP server: routes → resources, with per-path counters.

Resources answer like real portals do: static pages with ETag and/or Last-Modified that
answer conditional requests with 304, and misbehaving ones (fail N times, stall once, redirect).
Counters are keyed by the request's path and query exactly as sent, so a test sees whether a
crawler asked for `/van-ban?page=2` once or twice under any spelling.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stall: float = 0.0  # seconds to wait before answering (a timeout for a short-timeout client)


@dataclass
class Resource:
    """A page or file. `etag` / `last_modified` switch validators on; `fail` answers that many
    first requests with `fail_status`; `stall_once` delays the first answer by that long."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True
    last_modified: bool = True
    fail: int = 0
    fail_status: int = 500
    stall_once: float = 0.0
    retry_after: str | None = None
    requests: int = 0

    def reply(self, headers: dict[str, str]) -> Reply:
        self.requests += 1
        if self.requests <= self.fail:
            extra = {"Retry-After": self.retry_after} if self.retry_after else {}
            return Reply(self.fail_status, {"Content-Type": "text/html", **extra}, b"<h1>Server error</h1>")
        stall = self.stall_once if self.requests == self.fail + 1 else 0.0
        tag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        validators: dict[str, str] = {}
        if self.etag:
            validators["ETag"] = tag
        if self.last_modified:
            validators["Last-Modified"] = LAST_MODIFIED
        if (self.etag and headers.get("if-none-match") == tag) or (
            not self.etag and self.last_modified and headers.get("if-modified-since") == LAST_MODIFIED
        ):
            return Reply(304, validators, stall=stall)
        return Reply(200, {"Content-Type": self.content_type, **validators}, self.body, stall=stall)


@dataclass
class Redirect:
    location: str
    status: int = 302

    def reply(self, headers: dict[str, str]) -> Reply:
        return Reply(self.status, {"Location": self.location, "Content-Type": "text/html"})


class Portal:
    """The server. `hits[path]` counts requests, `conditional[path]` those that carried
    validators, `statuses[path]` the statuses sent; `hold_after(n)` makes request n+1 and later
    wait until `release()`, so a test can stop a crawler between two fetches."""

    def __init__(self) -> None:
        self.routes: dict[str, Resource | Redirect] = {}
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.statuses: dict[str, list[int]] = {}
        self.user_agents: set[str] = set()
        self.log: list[str] = []
        self._lock = threading.Lock()
        self._hold_after: int | None = None
        self._released = threading.Event()
        self.held = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> Portal:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()

    def hold_after(self, served: int) -> None:
        self._hold_after = served
        self._released.clear()

    def release(self) -> None:
        self._hold_after = None
        self._released.set()

    def total(self) -> int:
        return sum(self.hits.values())

    def reset_counters(self) -> None:
        with self._lock:
            self.hits.clear()
            self.conditional.clear()
            self.statuses.clear()
            self.log.clear()

    def _answer(self, path: str, headers: dict[str, str]) -> Reply | None:
        """The reply for one request, counted; None when the request was held and dropped."""
        with self._lock:
            holding = self._hold_after is not None and self.total() >= self._hold_after
        if holding:
            self.held.set()
            self._released.wait()
            return None
        with self._lock:
            self.hits[path] += 1
            if "if-none-match" in headers or "if-modified-since" in headers:
                self.conditional[path] += 1
            self.user_agents.add(headers.get("user-agent", ""))
            self.log.append(path)
            route = self.routes.get(path)
            reply = route.reply(headers) if route else Reply(404, {"Content-Type": "text/html"}, b"not found")
            self.statuses.setdefault(path, []).append(reply.status)
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = portal._answer(self.path, headers)
                if reply is None:
                    self.close_connection = True
                    return
                if reply.stall:
                    time.sleep(reply.stall)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler
