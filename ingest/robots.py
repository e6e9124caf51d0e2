"""robots.txt: may we fetch this URL, and how slowly?

In: canonical URLs and the crawler's `Fetcher`. Out: `allowed(url) -> bool`, and the host's
Crawl-delay pushed into the fetcher so every later request to that host waits at least that
long. robots.txt is fetched once per host per run, through the same polite session.

Reading of a robots.txt that cannot be had follows the common convention (RFC 9309 §2.3.1):
404 and other 4xx → everything allowed; 401/403 → nothing allowed; 5xx or no connection after
retries → nothing allowed for this run (the server is struggling; try again next run).
"""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ingest.fetch import Fetcher, FetchError
from ingest.urls import host_of

ROBOTS_MAX_BYTES = 512 * 1024


class Robots:
    """The robots.txt rules of every host this crawl touches, fetched on first use."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._parsers: dict[str, RobotFileParser] = {}
        # Why each host's robots.txt was not used as written ("http_503", "http_403", ...).
        self.problems: dict[str, str] = {}

    def allowed(self, url: str) -> bool:
        """True when the host's robots.txt lets our user agent fetch url."""
        parser = self._parser_for(url)
        return parser.can_fetch(self.fetcher.policy.user_agent, url)

    def _parser_for(self, url: str) -> RobotFileParser:
        host = host_of(url)
        if host not in self._parsers:
            scheme = urlsplit(url).scheme
            self._parsers[host] = self._load(f"{scheme}://{host}/robots.txt", host)
        return self._parsers[host]

    def _load(self, robots_url: str, host: str) -> RobotFileParser:
        parser = RobotFileParser(robots_url)
        try:
            fetched = self.fetcher.fetch(robots_url, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as error:
            return self._on_failure(parser, host, error)
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        delay = _crawl_delay(parser, self.fetcher.policy.user_agent)
        if delay:
            self.fetcher.set_host_delay(host, delay)
        return parser

    def _on_failure(self, parser: RobotFileParser, host: str, error: FetchError) -> RobotFileParser:
        status = int(error.reason[5:]) if error.reason.startswith("http_") else None
        if status is not None and 400 <= status < 500 and status not in (401, 403):
            parser.parse([])
        else:
            parser.parse(["User-agent: *", "Disallow: /"])
            self.problems[host] = error.reason
        return parser


def _crawl_delay(parser: RobotFileParser, user_agent: str) -> float | None:
    """Crawl-delay for our agent, or the Request-rate it implies (seconds per request)."""
    delay = parser.crawl_delay(user_agent)
    if delay:
        return float(delay)
    rate = parser.request_rate(user_agent)
    if rate and rate.requests:
        return rate.seconds / rate.requests
    return None
