"""The sqlite ledger: validators and bodies survive, runs resume, notices emit only on change."""

from __future__ import annotations

from pathlib import Path

from ingest.ledger import Kind, Ledger, Outcome, PageRecord, State, content_hash
from search.models import Notice


def page(url: str, body: bytes = b"<p>x</p>", **fields: object) -> PageRecord:
    return PageRecord(
        url=url, kind=Kind.detail, status="ok", content_hash=content_hash(body), body=body, **fields
    )


def test_a_page_row_keeps_validators_headers_and_body_across_connections(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    ledger.save_page(
        page(
            "http://a.vn/1",
            etag='"e1"',
            last_modified="Tue, 14 Nov 2023 22:13:20 GMT",
            headers={"content-type": "text/html; charset=utf-8"},
        )
    )
    ledger.close()
    again = Ledger(tmp_path / "l.sqlite").page("http://a.vn/1")
    assert again is not None
    assert (again.etag, again.last_modified, again.body) == (
        '"e1"',
        "Tue, 14 Nov 2023 22:13:20 GMT",
        b"<p>x</p>",
    )
    assert again.headers == {"content-type": "text/html; charset=utf-8"}


def test_a_failure_keeps_the_last_good_body_and_is_queued_again(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    ledger.save_page(page("http://a.vn/1", etag='"e1"'))
    ledger.record_failure("http://a.vn/1", Kind.detail, "http_503")
    record = ledger.page("http://a.vn/1")
    assert record is not None
    assert (record.status, record.last_error, record.etag, record.body) == (
        "failed",
        "http_503",
        '"e1"',
        b"<p>x</p>",
    )
    assert ledger.failed_urls() == [("http://a.vn/1", Kind.detail)]


def test_the_frontier_hands_out_each_url_once_in_order_and_in_flight_items_first(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    run = ledger.start_run(["http://a.vn/"])
    assert ledger.enqueue(run, "http://a.vn/", Kind.listing)
    assert ledger.enqueue(run, "http://a.vn/1", Kind.detail)
    assert ledger.enqueue(run, "http://a.vn/2", Kind.detail)
    assert not ledger.enqueue(run, "http://a.vn/1", Kind.detail)
    ledger.mark(run, "http://a.vn/", State.done, Outcome.fetched)
    ledger.save_fetched(run, page("http://a.vn/2"), Outcome.fetched, attempts=1)
    item = ledger.next_item(run)
    assert item is not None and (item.url, item.state) == ("http://a.vn/2", State.fetched)
    ledger.mark(run, "http://a.vn/2", State.done)
    item = ledger.next_item(run)
    assert item is not None and item.url == "http://a.vn/1"
    assert ledger.pending_count(run) == 1


def test_an_unfinished_run_is_found_again_after_reopening(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    run = ledger.start_run(["http://a.vn/"])
    ledger.close()
    ledger = Ledger(tmp_path / "l.sqlite")
    assert ledger.unfinished_run() == run
    ledger.finish_run(run)
    assert ledger.unfinished_run() is None


def test_outcomes_and_retries_are_counted_per_run(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    run = ledger.start_run([])
    for n in range(3):
        ledger.enqueue(run, f"http://a.vn/{n}", Kind.detail)
    ledger.mark(run, "http://a.vn/0", State.done, Outcome.fetched, attempts=3)
    ledger.mark(run, "http://a.vn/1", State.done, Outcome.not_modified, attempts=1)
    ledger.mark(run, "http://a.vn/2", State.done, "failed:timeout", attempts=4)
    assert ledger.outcomes(run) == {
        ("detail", "fetched"): 1,
        ("detail", "not_modified"): 1,
        ("detail", "failed:timeout"): 1,
    }
    assert ledger.retries(run) == 2 + 0 + 3


def test_a_notice_is_emitted_when_new_or_changed_only(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite")
    notice = Notice(id="n1", source="http://a.vn/1", title="Thông báo").with_content_hash()
    assert ledger.save_notice(1, "http://a.vn/1", notice)
    assert not ledger.save_notice(2, "http://a.vn/1", notice)
    changed = notice.model_copy(update={"title": "Thông báo (sửa đổi)"}).with_content_hash()
    assert ledger.save_notice(3, "http://a.vn/1", changed)
    assert [n.title for n in ledger.emitted(3)] == ["Thông báo (sửa đổi)"]
    assert ledger.emitted(2) == []
    ledger.mark_notices(["n1"], "dumped")
    assert ledger.emitted(3, "dumped") == []
    assert len(ledger.emitted(3, "loaded")) == 1
