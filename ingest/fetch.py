"""One polite HTTP session for the crawler.

In: a canonical URL, optionally the ETag and Last-Modified the ledger remembers for it.
Out: a `Fetched` response (status 200 with the body, or 304 not modified), or a `FetchError`
naming the URL and the reason (timeout, connection, http_404, redirect_loop, offsite_redirect,
private_address, too_large, ...).

What "polite" means here, and why:
- a clear user agent, so portal operators can tell who is calling;
- a per-host delay (default 1 s, raised by robots.txt Crawl-delay) before every request,
  retries included: government portals are small servers;
- retries with exponential backoff on connection errors, timeouts, 429 and 5xx, honouring
  Retry-After when the server sends it;
- redirects followed by hand, so that each hop is checked: never off the allowed hosts, never
  to a private or loopback address (unless the crawl started on one), never in a loop;
- bodies read within a size cap, so one huge file cannot exhaust memory.

    FetchError (VanbanError)      one URL could not be fetched; `.reason` is a short key
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from pydantic import BaseModel, ConfigDict, Field

from ingest.urls import UnsupportedURL, canonical_url, host_allowed, host_of, is_private_address
from search.errors import VanbanError

DEFAULT_USER_AGENT = "vanban-crawler/0.1 (Vietnamese notice indexer; obeys robots.txt and Crawl-delay)"
DEFAULT_DELAY_SECONDS = 1.0
DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF_SECONDS = 1.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Longest Retry-After honoured as asked; a longer one waits this long, then the retries run out.
RETRY_AFTER_CAP_SECONDS = 300.0
BACKOFF_CAP_SECONDS = 60.0
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class FetchError(VanbanError):
    """A URL that could not be fetched. `reason` is a short key the crawl summary counts by."""

    def __init__(self, url: str, reason: str, detail: str = "", *, attempts: int = 1) -> None:
        self.url = url
        self.reason = reason
        self.detail = detail
        self.attempts = attempts
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))


class FetchPolicy(BaseModel):
    """How to fetch: the named defaults are the polite ones; tests shorten delay and backoff."""

    model_config = ConfigDict(frozen=True)

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = Field(default=DEFAULT_TIMEOUT_SECONDS, gt=0)
    retries: int = Field(default=DEFAULT_RETRIES, ge=0)
    backoff: float = Field(default=DEFAULT_BACKOFF_SECONDS, ge=0)
    delay: float = Field(default=DEFAULT_DELAY_SECONDS, ge=0)
    max_redirects: int = Field(default=10, ge=0)
    max_bytes: int = Field(default=DEFAULT_MAX_BYTES, gt=0)
    allowed_hosts: tuple[str, ...] = ()
    # True when the crawl started on a private or loopback address (a test portal, an intranet).
    allow_private: bool = False


class Fetched(BaseModel):
    """A final (non-redirect) response: 200 with its body, or 304 with none."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""
    attempts: int = 1
    redirects: list[str] = Field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def policy_for(start_urls: Iterable[str], **overrides: object) -> FetchPolicy:
    """A policy whose allowed hosts are the start URLs' hosts (plus any given), and which allows
    private addresses only when a start URL is on one."""
    starts = list(start_urls)
    hosts = tuple(dict.fromkeys([*(host_of(u) for u in starts), *overrides.pop("allowed_hosts", ())]))  # type: ignore[misc]
    private = any(is_private_address(urlsplit(u).hostname or "") for u in starts)
    return FetchPolicy(allowed_hosts=hosts, allow_private=private, **overrides)  # type: ignore[arg-type]


class Fetcher:
    """The crawler's only HTTP client. `sleep` and `clock` are injectable so tests can record
    the delays and backoffs it chose instead of waiting for them."""

    def __init__(
        self,
        policy: FetchPolicy,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = policy.user_agent
        self._sleep = sleep
        self._clock = clock
        self._host_delay: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self.requests_sent = 0

    def set_host_delay(self, host: str, seconds: float) -> None:
        """Raise one host's delay (robots.txt Crawl-delay); never below the policy's delay."""
        self._host_delay[host] = max(seconds, self.policy.delay)

    def host_delay(self, host: str) -> float:
        return self._host_delay.get(host, self.policy.delay)

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        check_host: bool = True,
    ) -> Fetched:
        """GET url, following safe redirects by hand. Sends If-None-Match / If-Modified-Since
        when the ledger has validators, so an unchanged page costs the server a 304."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen, retries = url, [url], 0
        if check_host:
            self._check_target(url, url)
        for _ in range(self.policy.max_redirects + 1):
            try:
                response, tries = self._send(current, headers, max_bytes or self.policy.max_bytes)
            except FetchError as error:
                error.url, error.attempts = url, retries + error.attempts
                raise
            # attempts counts requests for one hop, so a redirect is not mistaken for a retry.
            retries += tries - 1
            location = response.headers.get("location") if response.status in REDIRECT_STATUSES else None
            if not location:
                return response.model_copy(
                    update={"url": url, "attempts": retries + 1, "redirects": seen[1:]}
                )
            target = self._redirect_target(url, current, location, seen, retries + 1)
            seen.append(target)
            current = target
        raise FetchError(
            url, "too_many_redirects", f"more than {self.policy.max_redirects}", attempts=retries + 1
        )

    def _redirect_target(self, url: str, current: str, location: str, seen: list[str], attempts: int) -> str:
        """The next hop, or FetchError when it loops, leaves the allowed hosts or goes private."""
        try:
            target = canonical_url(urljoin(current, location))
        except UnsupportedURL as error:
            raise FetchError(url, "bad_redirect", str(error), attempts=attempts) from None
        if target in seen:
            raise FetchError(url, "redirect_loop", " -> ".join([*seen, target]), attempts=attempts)
        self._check_target(url, target, attempts)
        return target

    def _check_target(self, url: str, target: str, attempts: int = 0) -> None:
        if self.policy.allowed_hosts and not host_allowed(target, self.policy.allowed_hosts):
            raise FetchError(
                url, "offsite_redirect" if target != url else "offsite", target, attempts=attempts
            )
        if not self.policy.allow_private and is_private_address(urlsplit(target).hostname or ""):
            raise FetchError(url, "private_address", target, attempts=attempts)

    def _send(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[Fetched, int]:
        """One hop with retries: connection errors, timeouts, 429 and 5xx are retried after an
        exponential backoff or the server's Retry-After, whichever is longer."""
        last: FetchError | None = None
        for attempt in range(self.policy.retries + 1):
            if attempt:
                self._sleep(self._backoff(attempt, last))
            try:
                response = self._request(url, headers, max_bytes)
            except FetchError as error:
                error.attempts = attempt + 1
                if error.reason not in ("timeout", "connection"):
                    raise
                last = error
                continue
            if response.status in RETRYABLE_STATUSES:
                last = FetchError(url, f"http_{response.status}", attempts=attempt + 1)
                last.retry_after = retry_after_seconds(response.headers.get("retry-after"))  # type: ignore[attr-defined]
                continue
            if response.status >= 400:
                raise FetchError(url, f"http_{response.status}", attempts=attempt + 1)
            return response, attempt + 1
        assert last is not None
        raise last

    def _backoff(self, attempt: int, last: FetchError | None) -> float:
        exponential = min(self.policy.backoff * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS)
        asked = getattr(last, "retry_after", None) or 0.0
        return max(exponential, min(asked, RETRY_AFTER_CAP_SECONDS))

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        """Exactly one request after waiting for the host's slot; the body within max_bytes."""
        self._wait_for_slot(host_of(url))
        self.requests_sent += 1
        try:
            with self.session.get(
                url, headers=headers, timeout=self.policy.timeout, allow_redirects=False, stream=True
            ) as response:
                names = {k.lower(): v for k, v in response.headers.items()}
                body = (
                    b""
                    if response.status_code in REDIRECT_STATUSES | {304}
                    else _read_capped(url, response, max_bytes)
                )
        except requests.Timeout as error:
            raise FetchError(url, "timeout", type(error).__name__) from None
        except requests.ConnectionError as error:
            # requests wraps a read timeout during the body in ConnectionError.
            reason = "timeout" if "timed out" in str(error).lower() else "connection"
            raise FetchError(url, reason, type(error).__name__) from None
        finally:
            self._next_slot[host_of(url)] = self._clock() + self.host_delay(host_of(url))
        return Fetched(url=url, final_url=url, status=response.status_code, headers=names, body=body)

    def _wait_for_slot(self, host: str) -> None:
        wait = self._next_slot.get(host, 0.0) - self._clock()
        if wait > 0:
            self._sleep(wait)


def _read_capped(url: str, response: requests.Response, max_bytes: int) -> bytes:
    """The body, or FetchError("too_large") as soon as it passes max_bytes (Content-Length is
    checked first, but servers lie or omit it, so the stream is counted too)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, "too_large", f"{declared} bytes > {max_bytes}")
    chunks, size = [], 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, "too_large", f"more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds ("120") or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def header_charset(headers: dict[str, str]) -> str | None:
    match = re.search(
        r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", headers.get("content-type", ""), re.IGNORECASE
    )
    return match.group(1).lower() if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv> (first 4 KB)."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def declared_charset(headers: dict[str, str], body: bytes) -> str | None:
    """The charset to hand the decoder: the header's if the body decodes with it, else the meta
    tag's if it does, else None (detection decides). Portals often send `charset=utf-8` in front
    of cp1258 or TCVN3 bytes, so a declaration is only trusted when the bytes agree."""
    for candidate in (header_charset(headers), meta_charset(body)):
        if candidate and _decodes(body, candidate):
            return candidate
    return None


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return False
    return True
