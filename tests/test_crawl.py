"""The crawler against the fixture portal (tests/portal): what is fetched, retried, skipped,
emitted and indexed; re-runs are conditional; a killed run resumes without refetching."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from ingest.crawl import CrawlOptions, CrawlSummary, crawl
from ingest.ledger import Ledger
from ingest.profiles import DEFAULT_PROFILE, ProfileError, SiteProfile, load_profile
from search.models import Notice
from search.textnorm import normalise_text
from tests.portal.server import Portal
from tests.portal.site import (
    DETAILS,
    DOCX_WORDS,
    ODD_LABEL,
    PDF_WORDS,
    SELECTOR_WORDS,
    Doc,
    build_site,
    expected_first_run_hits,
)

ROOT = Path(__file__).resolve().parent.parent
# Paths a second run cannot ask conditionally: robots.txt, and redirects (no validators).
UNCONDITIONAL = {"/robots.txt", "/loop/a", "/loop/b"}


@pytest.fixture
def portal() -> Iterator[Portal]:
    server = build_site(Portal().start())
    yield server
    server.stop()


def options(portal: Portal, out: Path, **overrides: object) -> CrawlOptions:
    settings: dict[str, object] = {
        "start_urls": [portal.url("/van-ban")],
        "profile": load_profile(DEFAULT_PROFILE),
        "out_dir": out,
        "delay": 0.0,
        "timeout": 0.5,
        "backoff": 0.01,
        **overrides,
    }
    return CrawlOptions.model_validate(settings)


def dumped(out: Path) -> dict[str, Notice]:
    """Every notice in the NDJSON dump, by source URL path."""
    notices = {}
    for part in sorted((out / "notices").glob("*.ndjson")):
        for line in part.read_text(encoding="utf-8").splitlines():
            notice = Notice.model_validate_json(line)
            notices[notice.source.split(":", 2)[2].split("/", 1)[1]] = notice
    return {"/" + key: value for key, value in notices.items()}


def test_a_first_crawl_fetches_every_page_once_plus_the_retries_it_needs(
    portal: Portal, tmp_path: Path
) -> None:
    summary = crawl(options(portal, tmp_path))
    assert dict(portal.hits) == expected_first_run_hits()
    assert portal.statuses["/van-ban/chi-tiet/7"] == [500, 500, 200]
    assert "/noi-bo/vb-99" not in portal.hits
    assert (summary.pages_fetched, summary.not_modified, summary.unchanged) == (3 + DETAILS + 1, 0, 0)
    assert (summary.skipped_robots, summary.skipped_offsite) == (1, 1)
    assert summary.failed == {"redirect_loop": 1}
    assert summary.parse_failed == {"binary_page": 1}
    assert summary.retries == 3
    assert (summary.notices_found, summary.notices_new_or_changed) == (DETAILS, DETAILS)
    assert summary.attachments.model_dump() == {
        "fetched": 4,
        "not_modified": 0,
        "unchanged": 0,
        "extracted": 2,
        "text_errors": {"legacy Word .doc": 1, "scanned PDF without a text layer": 1},
        "failed": {},
    }
    assert summary.complete and not summary.resumed


def test_the_dump_holds_every_notice_with_its_attachment_text(portal: Portal, tmp_path: Path) -> None:
    crawl(options(portal, tmp_path))
    notices = dumped(tmp_path)
    assert sorted(notices) == sorted(Doc(n).path for n in range(1, DETAILS + 1))
    assert len({n.id for n in notices.values()}) == DETAILS
    for n in range(1, DETAILS + 1):
        if n != 17:
            assert notices[Doc(n).path].number == Doc(n).number
        assert notices[Doc(n).path].title == Doc(n).title
    pdf = notices[Doc(10).path].attachments[0]
    assert PDF_WORDS in (pdf.text or "") and pdf.text_error is None
    assert DOCX_WORDS in (notices[Doc(21).path].attachments[0].text or "")
    scanned = notices[Doc(12).path].attachments[0]
    assert scanned.text is None and (scanned.text_error or "").startswith("scanned PDF without a text layer")
    assert (notices[Doc(23).path].attachments[0].text_error or "").startswith("legacy Word .doc")


def test_a_page_in_windows_1258_behind_a_utf8_header_is_decoded(portal: Portal, tmp_path: Path) -> None:
    crawl(options(portal, tmp_path))
    notice = dumped(tmp_path)[Doc(19).path]
    assert notice.title == Doc(19).title
    assert notice.issuer == Doc(19).issuer


def test_the_warc_keeps_each_new_listing_and_detail_response(portal: Portal, tmp_path: Path) -> None:
    crawl(options(portal, tmp_path))
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    with open(warc, "rb") as stream:
        uris = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert len(uris) == 3 + DETAILS + 1
    assert portal.url("/vb/30") in uris and portal.url("/van-ban?page=2") in uris


def test_a_second_run_asks_conditionally_and_changes_nothing(portal: Portal, tmp_path: Path) -> None:
    crawl(options(portal, tmp_path))
    before = dumped(tmp_path)
    portal.reset_counters()
    summary = crawl(options(portal, tmp_path))
    for path, count in portal.hits.items():
        if path not in UNCONDITIONAL:
            assert portal.conditional[path] == count == 1, path
            assert portal.statuses[path][-1] in (301, 304), path
    assert (summary.pages_fetched, summary.not_modified, summary.notices_new_or_changed) == (
        0,
        3 + DETAILS + 1,
        0,
    )
    assert summary.attachments.not_modified == 4 and summary.attachments.extracted == 2
    assert summary.failed == {"redirect_loop": 1}, "the failure is tried again"
    assert summary.dump == [] and dumped(tmp_path) == before


def test_a_changed_page_is_the_only_notice_emitted_again(portal: Portal, tmp_path: Path) -> None:
    crawl(options(portal, tmp_path))
    route = portal.routes[Doc(3).path]
    route.body = route.body.replace("đợt 3 năm 2018".encode(), "đợt 3 năm 2018 (sửa đổi)".encode())
    portal.reset_counters()
    summary = crawl(options(portal, tmp_path))
    assert (summary.pages_fetched, summary.notices_new_or_changed) == (1, 1)
    (part,) = [p for p in summary.dump if p.endswith(".ndjson")]
    (line,) = Path(part).read_text(encoding="utf-8").splitlines()
    assert Notice.model_validate_json(line).title == Doc(3).title + " (sửa đổi)"


def test_a_profile_label_override_extends_the_vocabulary(portal: Portal, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    crawl(options(portal, plain))
    assert dumped(plain)[Doc(17).path].number is None
    assert dumped(plain)[Doc(17).path].extra == {ODD_LABEL: Doc(17).number}
    profile = SiteProfile(name="fixture", label_overrides={ODD_LABEL: "number"}, delay_seconds=0)
    crawl(options(portal, tmp_path / "profiled", profile=profile))
    notice = dumped(tmp_path / "profiled")[Doc(17).path]
    assert notice.number == Doc(17).number and notice.extra == {}


def test_max_pages_stops_early_and_the_next_run_continues(portal: Portal, tmp_path: Path) -> None:
    first = crawl(options(portal, tmp_path, max_pages=10))
    assert not first.complete
    assert portal.total() - portal.hits["/robots.txt"] == 10 + 3, "10 fetches; detail 7 retried twice, 8 once"
    second = crawl(options(portal, tmp_path))
    assert second.resumed and second.complete and second.run == first.run
    expected = expected_first_run_hits()
    expected["/robots.txt"] = 2
    assert dict(portal.hits) == expected
    assert second.notices_new_or_changed == DETAILS and len(dumped(tmp_path)) == DETAILS


def test_a_crawl_killed_halfway_resumes_without_fetching_any_page_twice(
    portal: Portal, tmp_path: Path
) -> None:
    command = [
        sys.executable, "-m", "ingest", "crawl", portal.url("/van-ban"),
        "--out", str(tmp_path), "--state", str(tmp_path / "state.sqlite"),
        "--delay", "0", "--timeout", "0.5", "--json",
    ]  # fmt: skip
    portal.hold_after(20)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert portal.held.wait(timeout=120), "the crawler never reached the 21st request"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        portal.release()
    assert portal.total() == 20
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    summary = CrawlSummary.model_validate_json(finished.stdout)
    expected = expected_first_run_hits()
    expected["/robots.txt"] = 2
    assert dict(portal.hits) == expected
    assert summary.resumed and summary.complete
    assert (summary.notices_found, summary.notices_new_or_changed, summary.pages_fetched) == (
        DETAILS,
        DETAILS,
        34,
    )
    assert len(dumped(tmp_path)) == DETAILS
    assert Ledger(tmp_path / "state.sqlite").unfinished_run() is None
    assert not (tmp_path / "ledger.sqlite").exists()


def test_load_indexes_notices_searchable_by_attachment_words(
    portal: Portal, tmp_path: Path, es, index_name: str
) -> None:  # type: ignore[no-untyped-def]
    from search.queries import SearchParams
    from search.searcher import search

    summary = crawl(options(portal, tmp_path, load=True, index=index_name), es=es)
    assert summary.loaded is not None and summary.loaded["indexed"] == DETAILS
    es.indices.refresh(index=index_name)
    result = search(SearchParams(q=PDF_WORDS), client=es, index=index_name)
    assert [hit.number for hit in result.hits][:1] == [Doc(10).number]
    again = crawl(options(portal, tmp_path, load=True, index=index_name), es=es)
    assert again.loaded is None and again.notices_new_or_changed == 0
    assert es.count(index=index_name)["count"] == DETAILS


def test_the_default_profile_is_polite() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    assert profile.name == "default" and profile.delay_seconds >= 1.0
    assert SiteProfile(name="x").delay_seconds >= 1.0


def test_a_profile_with_a_bad_selector_or_field_is_refused_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "listing_row_selector": "tr[[", "delay_seconds": 0}))
    with pytest.raises(ProfileError, match=r"bad.json: listing_row_selector: .*bad CSS selector"):
        load_profile(bad)
    bad.write_text(json.dumps({"name": "x", "label_overrides": {"Mã": "code"}}))
    with pytest.raises(ProfileError, match="unknown fields"):
        load_profile(bad)


def test_profile_selectors_replace_the_generic_listing_reader(portal: Portal, tmp_path: Path) -> None:
    profile = SiteProfile(
        name="selectors",
        listing_row_selector="table.danh-sach tr:nth-child(-n+4)",
        detail_link_selector="td:nth-child(4) a",
        next_page_selector="nothing-matches",
        delay_seconds=0,
    )
    summary = crawl(options(portal, tmp_path, profile=profile))
    assert summary.notices_found == 3
    assert sorted(dumped(tmp_path)) == sorted(Doc(n).path for n in (1, 2, 3))


def test_a_profile_attachment_selector_finds_download_links_without_extensions(
    portal: Portal, tmp_path: Path
) -> None:
    crawl(options(portal, tmp_path / "plain"))
    assert "/tai-ve?id=5" not in portal.hits
    profile = SiteProfile(name="fixture", attachment_selector="a.tep", delay_seconds=0)
    crawl(options(portal, tmp_path / "profiled", profile=profile))
    assert portal.hits["/tai-ve?id=5"] == 1
    (attachment,) = dumped(tmp_path / "profiled")[Doc(5).path].attachments
    # Attachment text is normalised like every text: one tone placement (thủy → thuỷ).
    assert attachment.name == "Tải xuống" and normalise_text(SELECTOR_WORDS) in (attachment.text or "")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "crawl", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_usage_errors_exit_2_and_bad_profiles_exit_1_with_one_line(tmp_path: Path) -> None:
    usage = run_cli("http://127.0.0.1:9/", "--max-pages", "-1")
    assert usage.returncode == 2 and usage.stderr.strip().count("\n") == 0
    missing = run_cli("http://127.0.0.1:9/", "--profile", str(tmp_path / "none.json"), "--out", str(tmp_path))
    assert missing.returncode == 1
    assert (
        missing.stderr.strip()
        == f"ingest crawl: {tmp_path / 'none.json'}: cannot read profile (No such file or directory)"
    )


def test_every_shipped_profile_is_valid_and_chosen_by_host() -> None:
    from ingest.profiles import PROFILES_DIR, profile_for

    names = {load_profile(path).name for path in PROFILES_DIR.glob("*.json")}
    assert {"default", "example-table-portal"} <= names
    assert profile_for(["http://vanban.example.invalid/danh-sach"]).name == "example-table-portal"
    assert profile_for(["http://127.0.0.1:8000/van-ban"]).name == "default"


def test_selector_profile_on_cards_and_a_next_button() -> None:
    from ingest.crawl import listing_links
    from ingest.models import RawPage
    from ingest.profiles import PROFILES_DIR

    profile = load_profile(PROFILES_DIR / "example-table-portal.json")
    html = """<html><body><div class="ds-van-ban">
    <div class="the-van-ban"><a class="tieu-de" href="/vb/1">Quyết định 1</a><a href="/tag/x">x</a></div>
    <div class="the-van-ban"><a class="tieu-de" href="vb/2?tab=1">Kế hoạch 2</a></div></div>
    <ul class="phan-trang"><li><a class="trang-sau" href="?page=2">›</a></li></ul></body></html>"""
    raw = RawPage(source="http://vanban.example.invalid/ds", data=html.encode(), declared_charset="utf-8")
    links = listing_links(raw, profile)
    assert links.detail_urls == [
        "http://vanban.example.invalid/vb/1",
        "http://vanban.example.invalid/vb/2?tab=1",
    ]
    assert links.next_page_url == "http://vanban.example.invalid/ds?page=2"


def test_progress_lines_count_fetches(
    portal: Portal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.crawl

    monkeypatch.setattr(ingest.crawl, "PROGRESS_EVERY", 10)
    lines: list[str] = []
    crawl(options(portal, tmp_path), progress=lines.append)
    # 3 listings + 31 detail links fetched + the loop + 4 attachments = 39 fetches.
    assert [line.split(",")[0] for line in lines] == ["10 fetched", "20 fetched", "30 fetched"]


def test_pages_that_failed_are_tried_again_next_run_even_without_a_link(
    portal: Portal, tmp_path: Path
) -> None:
    down = portal.routes[Doc(4).path]
    down.fail, down.fail_status = 99, 503
    first = crawl(options(portal, tmp_path, retries=2))
    assert first.failed == {"http_503": 1, "redirect_loop": 1}
    assert Doc(4).path not in dumped(tmp_path)
    down.fail = 0
    portal.reset_counters()
    # Page 3 does not link to detail 4: only the ledger's list of failures leads there.
    second = crawl(options(portal, tmp_path, start_urls=[portal.url("/van-ban?page=3")]))
    assert portal.hits[Doc(4).path] == 1 and portal.statuses[Doc(4).path] == [200]
    assert second.failed == {"redirect_loop": 1}
    assert dumped(tmp_path)[Doc(4).path].number == Doc(4).number


def test_attachments_over_the_size_cap_are_reported_on_the_notice(portal: Portal, tmp_path: Path) -> None:
    profile = SiteProfile(name="small", max_attachment_bytes=700, delay_seconds=0)
    summary = crawl(options(portal, tmp_path, profile=profile))
    sizes = {path: len(portal.routes[path].body) for path in ("/files/qd-10-phu-luc.pdf", "/files/cv-23.doc")}
    assert sizes["/files/cv-23.doc"] <= 700 < sizes["/files/qd-10-phu-luc.pdf"]
    assert summary.attachments.failed == {"too_large": 3}
    (pdf,) = dumped(tmp_path)[Doc(10).path].attachments
    assert (pdf.text, pdf.text_error) == (None, "not fetched: too_large")


def test_robots_crawl_delay_paces_the_whole_crawl(portal: Portal, tmp_path: Path) -> None:
    portal.routes["/robots.txt"].body = b"User-agent: *\nDisallow: /noi-bo/\nCrawl-delay: 2\n"
    waits: list[float] = []
    crawl(options(portal, tmp_path), sleep=waits.append)
    # Sleeps are recorded, not slept, so each wait is 2 s less the time spent since the last
    # request (parsing, a timeout); backoffs are the 0.01 s ones. Nearly every request after
    # robots.txt waited for its slot, and none waited longer than the Crawl-delay.
    slot_waits = [w for w in waits if w > 0.05]
    assert len(slot_waits) >= portal.total() - 3
    assert max(slot_waits) > 1.9 and all(w <= 2.0 for w in waits)
