"""The Vietnamese search page in headless Chromium (Debian's /usr/bin/chromium driven by
playwright): query box, highlighted results, facet filters, paging, the notice page and its
"cited by" link, markup in the query kept inert. Screenshots go to test-output/."""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn
from conftest import RUN_PREFIX
from playwright.sync_api import Browser, Page, expect, sync_playwright
from search_corpus import fixture_notices, load_notices

from search.service import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "search-page"
NOTICES = fixture_notices()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(es) -> Iterator[str]:
    """The service over the fixture corpus, served by uvicorn on 127.0.0.1 in a thread."""
    alias = f"{RUN_PREFIX}-page-{uuid.uuid4().hex[:4]}"
    load_notices(es, alias, NOTICES)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(es, alias), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{request.node.name}-end.png"), full_page=True)
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def hit_ids(page: Page) -> list[str]:
    return page.locator("li.hit").evaluate_all("items => items.map(i => i.dataset.id)")


def test_a_query_typed_without_diacritics_shows_highlighted_accented_results(site, page):
    page.goto(site + "/")
    expect(page).to_have_title("Tra cứu văn bản")
    expect(page.locator("#total")).to_have_text(str(len(NOTICES)))  # an empty query lists everything
    page.fill("#q", "phong trao thi dua")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=phong\+trao\+thi\+dua"))
    shot(page, "unaccented-query")
    assert hit_ids(page)[0] == "kh-phong-trao"
    first = page.locator("li.hit").first
    expect(first.locator("h3")).to_have_text("Kế hoạch tổ chức phong trào thi đua yêu nước năm 2020")
    expect(first.locator("mark").first).to_have_text("phong trào thi đua")
    expect(first.locator(".status")).to_have_text("Còn hiệu lực")


def test_a_facet_link_filters_and_shows_a_removable_filter(site, page):
    page.goto(site + "/?q=thi+%C4%91ua")
    facet = page.locator('[data-facet="doc_type"] li', has_text="Kế hoạch")
    expect(facet.locator(".count")).to_have_text("1")
    facet.locator("a").click()
    page.wait_for_url(re.compile(r"type="))
    shot(page, "facet-filter")
    assert hit_ids(page) == ["kh-phong-trao"]
    chip = page.locator(".active-filters li")
    expect(chip).to_contain_text("Loại văn bản: Kế hoạch")
    chip.locator("a.remove").click()
    page.wait_for_url(lambda url: "type=" not in url)
    assert len(hit_ids(page)) > 1


def test_paging_moves_through_the_results_without_repeats(site, page):
    page.goto(site + "/?sort=date&limit=5")
    seen = hit_ids(page)
    expect(page.locator(".paging")).to_contain_text("Trang 1 / 4")
    for _ in range(3):
        with page.expect_navigation():
            page.get_by_role("link", name="Trang sau »").click()
        seen += hit_ids(page)
    shot(page, "last-page")
    expect(page.get_by_role("link", name="Trang sau »")).to_have_count(0)
    expected = sorted(NOTICES, key=lambda n: (-n.issued_date.toordinal(), n.id))
    assert seen == [n.id for n in expected]
    with page.expect_navigation():
        page.get_by_role("link", name="« Trang trước").click()
    assert parse_qs(urlparse(page.url).query)["page"] == ["3"]


def test_a_notice_page_shows_its_fields_and_leads_to_the_notices_citing_it(site, page):
    page.goto(site + "/?q=n%C4%91+91%2F2017+khen+th%C6%B0%E1%BB%9Fng")
    page.locator("li.hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/van-ban/nd-91-2017\?q="))
    expect(page.locator(".body mark").first).to_have_text("khen thưởng")  # where the query matched
    expect(page.locator("a.back")).to_have_text("« Quay lại kết quả")
    expect(page.locator("h1")).to_have_text(
        "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
    )
    expect(page.locator("table.fields")).to_contain_text("91/2017/NĐ-CP")
    expect(page.locator("table.fields")).to_contain_text("31/07/2017")
    shot(page, "notice-page")
    page.locator("a.cited-by").click()
    page.wait_for_url(re.compile(r"cites="))
    assert sorted(hit_ids(page)) == ["qd-1234-ubnd", "tb-khoi-thi-dua", "tt-08-2017"]


def test_markup_typed_into_the_query_stays_text(site, page):
    typed = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    page.goto(site + "/")
    page.fill("#q", typed)
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert page.evaluate("typeof window.pwned") == "undefined"
    expect(page.locator("#q")).to_have_value(typed)
    assert page.locator("main img").count() == 0
    page.fill("#q", "mã độc <script>")
    with page.expect_navigation():
        page.press("#q", "Enter")
    shot(page, "markup-query")
    snippet = page.locator('li.hit[data-id="tb-an-toan-web"] .snippet').first
    expect(snippet).to_contain_text("<script>alert('x')</script>")  # the body's markup, shown as text
    assert page.locator("li.hit script").count() == 0


def test_a_bad_request_is_explained_on_the_page(site, page):
    response = page.goto(site + "/?q=thu%E1%BA%BF&page=9999")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("beyond the first 10,000")
    expect(page.locator("#q")).to_have_value("thuế")
