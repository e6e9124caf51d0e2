"""A tiny HTTP proxy on 127.0.0.1 in front of the real node, for fault injection in tests:
answer the next N `_bulk` requests with an error status (429, 503), or cut the connection
for good after K bulk requests (Elasticsearch "stopping" mid-load without stopping the
shared node)."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class FaultyProxy:
    """Forward everything to upstream, except the faults asked for."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 9200)
        self.fail_bulks: list[int] = []  # statuses for the next bulk requests, in order
        self.cut_after_bulks: int | None = None
        self.bulks_seen = 0
        self.cut = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening: new connections are refused, like a node that went away."""
        if not self.cut.is_set():
            self.cut.set()
            threading.Thread(target=self._server.shutdown, daemon=True).start()
        self._server.server_close()

    def _decide(self, path: str) -> int | str | None:
        """What to do with a request: an error status, "cut", or None to forward it."""
        if "_bulk" not in path:
            return None
        with self._lock:
            self.bulks_seen += 1
            if self.cut_after_bulks is not None and self.bulks_seen > self.cut_after_bulks:
                return "cut"
            return self.fail_bulks.pop(0) if self.fail_bulks else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                decision = proxy._decide(self.path)
                if decision == "cut" or proxy.cut.is_set():
                    proxy.stop()
                    self.close_connection = True
                    self.connection.close()
                    return
                if isinstance(decision, int):
                    self._reply(
                        decision,
                        b'{"error":"injected fault"}',
                        {"Content-Type": "application/json", "X-Elastic-Product": "Elasticsearch"},
                    )
                    return
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                self._reply(
                    response.status,
                    data,
                    {k: v for k, v in response.getheaders() if k.lower() not in HOP_HEADERS},
                )
                upstream.close()

            def _reply(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        return Handler
