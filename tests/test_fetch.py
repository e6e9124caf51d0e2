"""The polite fetcher and robots.txt, against the fixture portal on 127.0.0.1.

Sleeps are recorded, not slept: each test asserts the delays and backoffs the fetcher chose."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import formatdate

import pytest

from ingest.fetch import (
    DEFAULT_DELAY_SECONDS,
    Fetcher,
    FetchError,
    FetchPolicy,
    declared_charset,
    policy_for,
    retry_after_seconds,
)
from ingest.robots import Robots
from tests.portal.encodings import to_cp1258
from tests.portal.server import Portal, Redirect, Resource


@pytest.fixture
def portal() -> Iterator[Portal]:
    server = Portal().start()
    yield server
    server.stop()


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 3))


def fetcher_for(portal: Portal, sleeps: Sleeps | None = None, **policy: object) -> Fetcher:
    settings = {"delay": 0.0, "backoff": 0.5, "timeout": 2.0, **policy}
    return Fetcher(policy_for([portal.base], **settings), sleep=sleeps if sleeps is not None else Sleeps())


def test_the_default_policy_is_polite() -> None:
    policy = FetchPolicy()
    assert DEFAULT_DELAY_SECONDS >= 1.0
    assert policy.delay >= 1.0
    assert policy.retries >= 2
    assert "vanban" in policy.user_agent


def test_a_page_failing_twice_with_500_is_retried_with_exponential_backoff(portal: Portal) -> None:
    portal.routes["/flaky"] = Resource(b"<p>ok</p>", fail=2)
    sleeps = Sleeps()
    fetched = fetcher_for(portal, sleeps).fetch(portal.url("/flaky"))
    assert fetched.status == 200 and fetched.body == b"<p>ok</p>"
    assert fetched.attempts == 3
    assert portal.statuses["/flaky"] == [500, 500, 200]
    assert sleeps == [0.5, 1.0]


def test_retry_after_is_honoured_when_longer_than_the_backoff(portal: Portal) -> None:
    portal.routes["/busy"] = Resource(b"ok", fail=1, fail_status=503, retry_after="7")
    sleeps = Sleeps()
    fetcher_for(portal, sleeps).fetch(portal.url("/busy"))
    assert sleeps == [7.0]


def test_too_many_requests_is_retried(portal: Portal) -> None:
    portal.routes["/limited"] = Resource(b"ok", fail=1, fail_status=429)
    assert fetcher_for(portal).fetch(portal.url("/limited")).attempts == 2


def test_a_server_that_keeps_failing_gives_a_typed_error_after_the_retries(portal: Portal) -> None:
    portal.routes["/down"] = Resource(b"ok", fail=99, fail_status=502)
    with pytest.raises(FetchError) as caught:
        fetcher_for(portal, retries=2).fetch(portal.url("/down"))
    assert caught.value.reason == "http_502"
    assert caught.value.attempts == 3
    assert portal.hits["/down"] == 3


def test_not_found_is_not_retried(portal: Portal) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher_for(portal).fetch(portal.url("/missing"))
    assert caught.value.reason == "http_404"
    assert portal.hits["/missing"] == 1


def test_a_page_that_times_out_once_is_fetched_on_the_retry(portal: Portal) -> None:
    portal.routes["/slow"] = Resource(b"late", stall_once=1.5)
    fetched = fetcher_for(portal, timeout=0.4).fetch(portal.url("/slow"))
    assert fetched.body == b"late"
    assert fetched.attempts == 2
    assert portal.hits["/slow"] == 2


def test_a_refused_connection_is_a_connection_error_after_retries() -> None:
    policy = FetchPolicy(delay=0, backoff=0, retries=1, allow_private=True, timeout=1)
    with pytest.raises(FetchError) as caught:
        Fetcher(policy, sleep=Sleeps()).fetch("http://127.0.0.1:9/nothing-listens-here")
    assert caught.value.reason == "connection"
    assert caught.value.attempts == 2


def test_redirects_within_the_site_are_followed(portal: Portal) -> None:
    portal.routes["/cu/5"] = Redirect("/moi/5", status=301)
    portal.routes["/moi/5"] = Resource(b"moved")
    fetched = fetcher_for(portal).fetch(portal.url("/cu/5"))
    assert fetched.body == b"moved"
    assert fetched.url == portal.url("/cu/5")
    assert fetched.redirects == [portal.url("/moi/5")]


def test_a_redirect_loop_is_detected_and_not_followed_forever(portal: Portal) -> None:
    portal.routes["/loop/a"] = Redirect("/loop/b")
    portal.routes["/loop/b"] = Redirect("/loop/a#again")
    with pytest.raises(FetchError) as caught:
        fetcher_for(portal).fetch(portal.url("/loop/a"))
    assert caught.value.reason == "redirect_loop"
    assert portal.hits["/loop/a"] == 1 and portal.hits["/loop/b"] == 1


def test_a_redirect_off_the_allowed_hosts_is_refused(portal: Portal) -> None:
    portal.routes["/ra-ngoai"] = Redirect("http://portal.example.invalid/van-ban/1")
    with pytest.raises(FetchError) as caught:
        fetcher_for(portal).fetch(portal.url("/ra-ngoai"))
    assert caught.value.reason == "offsite_redirect"


def test_loopback_is_refused_unless_the_crawl_started_there(portal: Portal) -> None:
    portal.routes["/x"] = Resource(b"x")
    public_start = policy_for(["http://portal.example.invalid/"], delay=0, allowed_hosts=[portal.base[7:]])
    with pytest.raises(FetchError) as caught:
        Fetcher(public_start, sleep=Sleeps()).fetch(portal.url("/x"))
    assert caught.value.reason == "private_address"
    assert portal.hits["/x"] == 0


def test_conditional_requests_get_not_modified(portal: Portal) -> None:
    portal.routes["/vb/1"] = Resource(b"<p>one</p>")
    fetcher = fetcher_for(portal)
    first = fetcher.fetch(portal.url("/vb/1"))
    second = fetcher.fetch(portal.url("/vb/1"), etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag and first.last_modified
    assert second.not_modified and second.body == b""
    assert portal.conditional["/vb/1"] == 1


def test_last_modified_alone_is_enough_for_a_conditional_request(portal: Portal) -> None:
    portal.routes["/vb/2"] = Resource(b"two", etag=False)
    fetcher = fetcher_for(portal)
    first = fetcher.fetch(portal.url("/vb/2"))
    assert first.etag is None
    assert fetcher.fetch(portal.url("/vb/2"), last_modified=first.last_modified).not_modified


def test_a_body_over_the_cap_is_refused(portal: Portal) -> None:
    portal.routes["/big.pdf"] = Resource(b"%PDF" + b"x" * 5000, content_type="application/pdf")
    with pytest.raises(FetchError) as caught:
        fetcher_for(portal).fetch(portal.url("/big.pdf"), max_bytes=1000)
    assert caught.value.reason == "too_large"


def test_every_request_carries_the_user_agent(portal: Portal) -> None:
    portal.routes["/ua"] = Resource(b"ua")
    fetcher_for(portal, user_agent="vanban-test/1").fetch(portal.url("/ua"))
    assert portal.user_agents == {"vanban-test/1"}


def test_requests_to_one_host_wait_for_the_delay(portal: Portal) -> None:
    portal.routes["/a"] = Resource(b"a")
    sleeps = Sleeps()
    fetcher = Fetcher(policy_for([portal.base], delay=1.5), sleep=sleeps, clock=lambda: 100.0)
    fetcher.fetch(portal.url("/a"))
    fetcher.fetch(portal.url("/a"))
    assert sleeps == [1.5]


def test_robots_disallow_and_crawl_delay_are_obeyed(portal: Portal) -> None:
    portal.routes["/robots.txt"] = Resource(
        b"User-agent: *\nDisallow: /noi-bo/\nCrawl-delay: 3\n", content_type="text/plain"
    )
    fetcher = fetcher_for(portal)
    robots = Robots(fetcher)
    assert robots.allowed(portal.url("/van-ban/1"))
    assert not robots.allowed(portal.url("/noi-bo/luong"))
    assert fetcher.host_delay(portal.base[7:]) == 3.0
    assert portal.hits["/robots.txt"] == 1


def test_missing_robots_allows_everything(portal: Portal) -> None:
    robots = Robots(fetcher_for(portal))
    assert robots.allowed(portal.url("/anything"))
    assert robots.problems == {}


def test_robots_behind_a_server_error_allows_nothing_and_says_why(portal: Portal) -> None:
    portal.routes["/robots.txt"] = Resource(b"", fail=99, fail_status=503)
    robots = Robots(fetcher_for(portal, retries=1))
    assert not robots.allowed(portal.url("/van-ban/1"))
    assert robots.problems == {portal.base[7:]: "http_503"}


def test_retry_after_as_an_http_date() -> None:
    import time

    seconds = retry_after_seconds(formatdate(time.time() + 60, usegmt=True))
    assert seconds is not None and 55 <= seconds <= 61
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("soon") is None


CP1258_PAGE = '<html><head><meta charset="windows-1258"></head><body>Thông báo kết quả</body></html>'


def test_a_header_charset_the_bytes_contradict_gives_way_to_the_meta_tag() -> None:
    body = to_cp1258(CP1258_PAGE)
    assert declared_charset({"content-type": "text/html; charset=utf-8"}, body) == "windows-1258"


def test_a_header_charset_the_bytes_agree_with_is_kept() -> None:
    body = CP1258_PAGE.replace("windows-1258", "utf-8").encode("utf-8")
    assert declared_charset({"content-type": "text/html; charset=UTF-8"}, body) == "utf-8"


def test_no_usable_declaration_leaves_detection_to_the_decoder() -> None:
    body = to_cp1258("<p>Thông báo kết quả</p>")
    assert declared_charset({"content-type": "text/html; charset=utf-8"}, body) is None
