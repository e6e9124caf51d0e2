"""The crawl loop: start URLs in, notices (with their attachments' text) out.

    start URL ──fetch──> listing page ──links──> detail pages ──fetch──> notice
                            └─next page─┘            └──attachments──> text
    every step recorded in the ledger (ingest.ledger) before the next request

In: `CrawlOptions` (start URLs, site profile, output directory, ledger path, budget). Out: a
`CrawlSummary` whose counts come from the ledger, so a resumed run reports the whole run; and
in the output directory:

    DIR/notices/run-NNNN-part-NNN.ndjson   the final Notices, new or changed in that run, with
                                           attachment text: the lossless dump, read by
                                           `python -m ingest load DIR/notices`
    DIR/archive/run-NNNN-part-NNN.warc.gz  the listing and detail responses with new content,
                                           as WARC response records (URL, headers, charset kept)
                                           for archiving and re-parsing; attachment text does
                                           not travel here, so load notices/, not archive/
                                           (loading DIR whole reads archive/ first, so the
                                           notices/ versions, with attachment text, win)
    DIR/quarantine/run-NNNN-part-NNN.jsonl with --load, notices the pipeline refused
    DIR/ledger.sqlite                      the ledger (unless --state names another file)

Parts are written to a temporary name and renamed, so a kill never leaves half a file.
With `load`, each notices part is loaded through ingest.pipeline.run_load (the same pipeline
as `ingest load`) as soon as it is written: the index fills as the crawl goes.

Incremental: every run visits every URL again, with If-None-Match / If-Modified-Since from the
ledger; a 304 or a body with the same hash is "not modified"/"unchanged", and its stored body
is re-parsed instead (links still lead on). A notice is emitted only when its content hash
differs from the stored one. Pages that failed last time are queued again even if no link
leads to them any more.

Resumable: a run is finished only when its frontier is empty. Until then the next invocation
continues it: done items are skipped, an item caught between fetch and processing is
processed from its stored body, pending ones are fetched. Nothing done is fetched twice.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from pydantic import BaseModel, ConfigDict, Field

from ingest.attachments import AttachmentTextError, extract_text
from ingest.fetch import Fetched, Fetcher, FetchError, FetchPolicy, declared_charset, policy_for
from ingest.ledger import Kind, Ledger, Outcome, PageRecord, State, content_hash, now
from ingest.models import ListingLinks, ParsedNotice, RawPage
from ingest.profiles import SiteProfile
from ingest.robots import Robots
from ingest.urls import UnsupportedURL, canonical_url, host_allowed
from search.errors import VanbanError
from search.models import Attachment, Notice

# New notices per dump part (and per load batch with --load).
PART_SIZE = 200


class CrawlOptions(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    start_urls: list[str]
    profile: SiteProfile
    out_dir: Path = Path("crawl")
    state_path: Path | None = None
    delay: float | None = Field(default=None, ge=0)
    max_pages: int | None = Field(default=None, ge=0)
    load: bool = False
    index: str | None = None
    user_agent: str | None = None
    timeout: float | None = Field(default=None, gt=0)
    retries: int | None = Field(default=None, ge=0)
    backoff: float | None = Field(default=None, ge=0)
    part_size: int = Field(default=PART_SIZE, ge=1)

    @property
    def ledger_path(self) -> Path:
        return self.state_path or self.out_dir / "ledger.sqlite"


class AttachmentCounts(BaseModel):
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    extracted: int = 0
    text_errors: dict[str, int] = Field(default_factory=dict)
    failed: dict[str, int] = Field(default_factory=dict)


class CrawlSummary(BaseModel):
    """One run's counts, read back from the ledger. `pages_fetched` counts listing and detail
    pages answered 200 (of which `unchanged` had the stored hash); `not_modified` those
    answered 304; `requests` every HTTP request this invocation sent (robots.txt, retries and
    redirect hops included)."""

    run: int
    resumed: bool
    complete: bool
    profile: str
    pages_fetched: int
    not_modified: int
    unchanged: int
    skipped_robots: int
    skipped_offsite: int
    failed: dict[str, int]
    parse_failed: dict[str, int]
    retries: int
    notices_found: int
    notices_new_or_changed: int
    attachments: AttachmentCounts
    requests: int
    robots_problems: dict[str, str]
    dump: list[str]
    loaded: dict[str, Any] | None = None


class BudgetExhausted(Exception):
    """--max-pages reached: stop here, the next invocation resumes."""


class CrawlError(VanbanError):
    """The crawl cannot start: bad start URL, unreadable ledger."""


# Fetches between two progress lines: about a minute at the polite default delay.
PROGRESS_EVERY = 50


def crawl(
    options: CrawlOptions,
    *,
    sleep: Callable[[float], None] | None = None,
    es: Any = None,
    progress: Callable[[str], None] | None = None,
) -> CrawlSummary:
    """Run (or resume) a crawl and return its summary; see the module docstring. progress, if
    given, receives a short line every PROGRESS_EVERY fetches (a nightly crawl of a big
    portal runs for hours at one request a second)."""
    return _Crawl(options, sleep=sleep, es=es, progress=progress).run()


class _Crawl:
    def __init__(
        self,
        options: CrawlOptions,
        sleep: Callable[[float], None] | None,
        es: Any,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.options = options
        self.profile = options.profile
        self.es = es
        self.progress = progress
        try:
            self.starts = [canonical_url(u, drop_params=self.profile.drop_params) for u in options.start_urls]
        except UnsupportedURL as error:
            raise CrawlError(str(error)) from None
        options.out_dir.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(options.ledger_path)
        self.policy = self._policy()
        self.fetcher = Fetcher(self.policy, sleep=sleep) if sleep else Fetcher(self.policy)
        self.robots = Robots(self.fetcher)
        self.run_id = 0
        self.resumed = False
        self.fetches = 0
        self.pending_parts = 0
        self.written: list[str] = []
        self.load_reports: list[Any] = []

    def _policy(self) -> FetchPolicy:
        overrides: dict[str, Any] = {
            "allowed_hosts": tuple(self.profile.allowed_hosts),
            "delay": self.profile.delay_seconds if self.options.delay is None else self.options.delay,
            "max_bytes": self.profile.max_page_bytes,
        }
        for name in ("user_agent", "timeout", "retries", "backoff"):
            value = getattr(self.options, name)
            if value is not None:
                overrides[name] = value
        return policy_for(self.starts, **overrides)

    # --- the loop ------------------------------------------------------------------------
    def run(self) -> CrawlSummary:
        try:
            existing = self.ledger.unfinished_run()
            self.resumed = existing is not None
            self.run_id = existing if existing is not None else self._start_run()
            for url in self.starts:
                self.ledger.enqueue(self.run_id, url, Kind.listing)
            try:
                while (item := self.ledger.next_item(self.run_id)) is not None:
                    self._process(item.url, item.kind, item.state)
            except BudgetExhausted:
                pass
            self._flush(final=True)
            complete = self.ledger.pending_count(self.run_id) == 0
            if complete:
                self.ledger.finish_run(self.run_id)
            return self._summary(complete)
        finally:
            self.ledger.close()

    def _start_run(self) -> int:
        """A new run: the start URLs, plus every page that failed last time (retried even if
        no link leads there any more)."""
        run = self.ledger.start_run(self.starts)
        for url, kind in self.ledger.failed_urls():
            if kind != Kind.attachment:
                self.ledger.enqueue(run, url, kind)
        return run

    def _process(self, url: str, kind: Kind, state: State) -> None:
        if state == State.pending:
            record = self._visit(url, kind)
            if record is None:
                return
        else:  # fetched before a kill: its body is in the ledger
            record = self.ledger.page(url)
            assert record is not None, f"frontier says fetched but no page row for {url}"
        if kind == Kind.listing:
            self._expand_listing(url, record)
        else:
            self._build_notices(url, record)

    def _visit(self, url: str, kind: Kind, max_bytes: int | None = None) -> PageRecord | None:
        """Robots and host checks, then the fetch, recorded; None when there is nothing to
        process (skipped or failed: the frontier item is then done with that outcome)."""
        if not host_allowed(url, self.policy.allowed_hosts):
            self.ledger.mark(self.run_id, url, State.done, Outcome.offsite)
            return None
        if not self.robots.allowed(url):
            self.ledger.mark(self.run_id, url, State.done, Outcome.robots)
            return None
        if self.options.max_pages is not None and self.fetches >= self.options.max_pages:
            raise BudgetExhausted
        self.fetches += 1
        if self.progress and self.fetches % PROGRESS_EVERY == 0:
            self.progress(
                f"{self.fetches} fetched, {self.ledger.pending_count(self.run_id)} to do, now {url}"
            )
        stored = self.ledger.page(url)
        usable = stored if stored is not None and stored.content_hash else None
        try:
            fetched = self.fetcher.fetch(
                url,
                etag=usable.etag if usable else None,
                last_modified=usable.last_modified if usable else None,
                max_bytes=max_bytes,
            )
        except FetchError as error:
            self.ledger.record_failure(url, kind, error.reason, run=self.run_id, attempts=error.attempts)
            return None
        record, outcome = self._record(url, kind, fetched, usable)
        state = State.done if kind == Kind.attachment else State.fetched
        self.ledger.save_fetched(self.run_id, record, outcome, fetched.attempts, state)
        return record

    def _record(
        self, url: str, kind: Kind, fetched: Fetched, stored: PageRecord | None
    ) -> tuple[PageRecord, str]:
        """The page row after a fetch, and the outcome: not modified, unchanged or fetched."""
        if fetched.not_modified and stored is not None:
            update = {
                "status": "ok",
                "last_error": None,
                "last_fetched": now(),
                "fetch_count": stored.fetch_count + 1,
            }
            if fetched.etag:
                update["etag"] = fetched.etag
            return stored.model_copy(update=update), Outcome.not_modified
        digest = content_hash(fetched.body)
        same = stored is not None and stored.content_hash == digest
        record = PageRecord(
            url=url,
            kind=kind,
            status="ok",
            http_status=fetched.status,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            content_hash=digest,
            headers=fetched.headers,
            final_url=fetched.final_url if not fetched.redirects else fetched.redirects[-1],
            body=None if kind == Kind.attachment else fetched.body,
            last_fetched=now(),
            fetch_count=(stored.fetch_count if stored else 0) + 1,
        )
        if kind == Kind.attachment:
            if same and stored is not None:
                record = record.model_copy(update={"text": stored.text, "text_error": stored.text_error})
            else:
                record = record.model_copy(update=_attachment_text(url, fetched))
        return record, Outcome.unchanged if same else Outcome.fetched

    # --- listing pages ---------------------------------------------------------------------
    def _expand_listing(self, url: str, record: PageRecord) -> None:
        raw = _raw_page(url, record)
        try:
            links = listing_links(raw, self.profile)
        except Exception as error:  # noqa: BLE001 - recorded per page; the crawl goes on
            self.ledger.mark(self.run_id, url, State.done, note=f"parse_failed:{parse_failure(error)}")
            return
        if not links.detail_urls and not links.next_page_url:
            # A start URL that is a detail page (or a listing with no rows): try it as one.
            self._build_notices(url, record)
            return
        for link in links.detail_urls:
            self._enqueue(link, Kind.detail, url)
        if links.next_page_url:
            self._enqueue(links.next_page_url, Kind.listing, url)
        self.ledger.mark(self.run_id, url, State.done, note=f"links:{len(links.detail_urls)}")

    def _enqueue(self, link: str, kind: Kind, parent: str) -> str | None:
        try:
            url = canonical_url(link, drop_params=self.profile.drop_params)
        except UnsupportedURL:
            return None
        self.ledger.enqueue(self.run_id, url, kind, parent)
        return url

    # --- detail pages ----------------------------------------------------------------------
    def _build_notices(self, url: str, record: PageRecord) -> None:
        raw = _raw_page(url, record)
        try:
            notices = detail_notices(raw, self.profile)
        except Exception as error:  # noqa: BLE001 - recorded per page; the crawl goes on
            self.ledger.mark(self.run_id, url, State.done, note=f"parse_failed:{parse_failure(error)}")
            return
        changed = 0
        for notice in notices:
            attachments = [self._attachment(url, a) for a in notice.attachments]
            final = notice.model_copy(update={"attachments": attachments}).with_content_hash()
            changed += self.ledger.save_notice(self.run_id, url, final)
        self.ledger.mark(self.run_id, url, State.done, note=f"notices:{len(notices)}")
        self.pending_parts += changed
        if self.pending_parts >= self.options.part_size:
            self._flush()

    def _attachment(self, detail_url: str, attachment: Attachment) -> Attachment:
        """The attachment with its text (or the reason it has none), fetching the file unless
        this run already did."""
        url = self._enqueue(attachment.url, Kind.attachment, detail_url)
        if url is None:
            return attachment.model_copy(update={"text_error": "not an http(s) link"})
        item = self.ledger.item(self.run_id, url)
        record = self.ledger.page(url) if item and item.state == State.done else None
        if item is not None and item.state != State.done:
            record = self._visit(url, Kind.attachment, max_bytes=self.profile.max_attachment_bytes)
        if record is None or record.status != "ok":
            done = self.ledger.item(self.run_id, url)
            reason = ((done.outcome if done else None) or "unknown").removeprefix("failed:")
            return attachment.model_copy(update={"text": None, "text_error": f"not fetched: {reason}"})
        return attachment.model_copy(update={"text": record.text, "text_error": record.text_error})

    # --- output ----------------------------------------------------------------------------
    def _flush(self, final: bool = False) -> None:
        """Write the notices not yet dumped as one NDJSON part (and load it with --load)."""
        notices = self.ledger.emitted(self.run_id, "dumped")
        if notices:
            path = self._part_path("notices", "ndjson")
            _write_atomic(path, "".join(n.model_dump_json() + "\n" for n in notices).encode("utf-8"))
            self.ledger.mark_notices([n.id for n in notices], "dumped")
            self.written.append(str(path))
        if self.options.load:
            self._load()
        if final:
            self._archive()
        self.pending_parts = 0

    def _load(self) -> None:
        notices = self.ledger.emitted(self.run_id, "loaded")
        if not notices:
            return
        from ingest.pipeline import LoadOptions, run_load
        from search.client import connect
        from search.config import settings

        es = self.es or connect()
        part = self._part_path("load", "ndjson", directory=self.options.out_dir / ".load")
        _write_atomic(part, "".join(n.model_dump_json() + "\n" for n in notices).encode("utf-8"))
        options = LoadOptions(
            index=self.options.index or settings().index_alias,
            # One file per load: the pipeline opens its quarantine file for writing afresh.
            quarantine_path=self._part_path("quarantine", "jsonl"),
        )
        report = run_load([part], options, es)
        part.unlink()
        self.ledger.mark_notices([n.id for n in notices], "loaded")
        self.load_reports.append(report)

    def _archive(self) -> None:
        """The run's new listing and detail responses as one WARC part."""
        urls = self.ledger.unarchived(self.run_id)
        if not urls:
            return
        records = [r for r in (self.ledger.page(u) for u in urls) if r is not None and r.body is not None]
        path = self._part_path("archive", "warc.gz")
        _write_atomic(path, warc_bytes(records))
        self.ledger.mark_archived(self.run_id, urls)
        self.written.append(str(path))

    def _part_path(self, name: str, suffix: str, directory: Path | None = None) -> Path:
        folder = directory or self.options.out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        number = 1
        while (path := folder / f"run-{self.run_id:04d}-part-{number:03d}.{suffix}").exists():
            number += 1
        return path

    # --- summary ---------------------------------------------------------------------------
    def _summary(self, complete: bool) -> CrawlSummary:
        outcomes = self.ledger.outcomes(self.run_id)
        pages = Counter[str]()
        failed = Counter[str]()
        attachments = AttachmentCounts()
        for (kind, outcome), count in outcomes.items():
            if outcome in (Outcome.robots, Outcome.offsite):
                pages[outcome] += count
            elif kind == Kind.attachment.value:
                if outcome.startswith("failed:"):
                    attachments.failed[outcome[7:]] = attachments.failed.get(outcome[7:], 0) + count
                elif outcome in ("fetched", "not_modified", "unchanged"):
                    setattr(attachments, outcome, getattr(attachments, outcome) + count)
            elif outcome.startswith("failed:"):
                failed[outcome[7:]] += count
            else:
                pages[outcome] += count
        self._count_texts(attachments)
        notes = self.ledger.notes(self.run_id, Kind.detail) + self.ledger.notes(self.run_id, Kind.listing)
        found = sum(int(n.split(":")[1]) * c for n, c in notes.items() if n.startswith("notices:"))
        parse_failed = Counter[str]()
        for note, count in notes.items():
            if note.startswith("parse_failed:"):
                parse_failed[note.split(":")[1]] += count
        loaded = None
        if self.load_reports:
            loaded = {
                key: sum(getattr(r, key) for r in self.load_reports)
                for key in ("seen", "indexed", "unchanged", "quarantined")
            }
            loaded["index"] = self.load_reports[-1].index
            loaded["quarantine_files"] = [r.quarantine_file for r in self.load_reports if r.quarantine_file]
        return CrawlSummary(
            run=self.run_id,
            resumed=self.resumed,
            complete=complete,
            profile=self.profile.name,
            pages_fetched=pages["fetched"] + pages["unchanged"],
            not_modified=pages["not_modified"],
            unchanged=pages["unchanged"],
            skipped_robots=pages["robots"],
            skipped_offsite=pages["offsite"],
            failed=dict(sorted(failed.items())),
            parse_failed=dict(sorted(parse_failed.items())),
            retries=self.ledger.retries(self.run_id),
            notices_found=found,
            notices_new_or_changed=self.ledger.emitted_count(self.run_id),
            attachments=attachments,
            requests=self.fetcher.requests_sent,
            robots_problems=self.robots.problems,
            dump=self.written,
            loaded=loaded,
        )

    def _count_texts(self, counts: AttachmentCounts) -> None:
        rows = self.ledger.db.execute(
            "SELECT p.text IS NOT NULL AS ok, p.text_error FROM frontier f JOIN pages p ON p.url = f.url "
            "WHERE f.run = ? AND f.kind = 'attachment' AND f.outcome NOT LIKE 'failed:%'",
            (self.run_id,),
        )
        errors = Counter[str]()
        for row in rows:
            if row["ok"]:
                counts.extracted += 1
            elif row["text_error"]:
                errors[row["text_error"].split(" (")[0].split(":")[0]] += 1
        counts.text_errors = dict(sorted(errors.items()))


# --- pure helpers ---------------------------------------------------------------------------
def parse_failure(error: Exception) -> str:
    """A countable reason for a page the parsers refused: the ParseError class in snake case
    (UndecodablePage → undecodable_page); any other exception is a parser bug, counted as
    parser_crash so that one bad page does not stop a night's crawl."""
    if not isinstance(error, VanbanError):
        return "parser_crash"
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _raw_page(url: str, record: PageRecord) -> RawPage:
    """The stored response as the parsers' input: the charset only when the bytes agree. The
    source is where a redirect ended (canonical), so a notice has one id however it is linked."""
    body = record.body or b""
    return RawPage(
        source=record.final_url or url,
        data=body,
        declared_charset=declared_charset(record.headers, body),
        base_url=record.final_url or url,
    )


def _attachment_text(url: str, fetched: Fetched) -> dict[str, str | None]:
    try:
        return {"text": extract_text(fetched.body, url, fetched.content_type), "text_error": None}
    except AttachmentTextError as error:
        return {"text": None, "text_error": error.reason}


def listing_links(raw: RawPage, profile: SiteProfile) -> ListingLinks:
    """Detail links and the next page: the profile's selectors where it has them, the shared
    listing parser for the rest."""
    if not (profile.listing_row_selector or profile.next_page_selector):
        return _shared_listing_links(raw)
    soup = BeautifulSoup(_decoded(raw), "lxml")
    base = raw.link_base or raw.source
    if profile.listing_row_selector:
        details = []
        for row in soup.select(profile.listing_row_selector):
            link = row.select_one(profile.detail_link_selector or "a[href]")
            if link is not None and link.get("href"):
                details.append(_absolute(str(link["href"]), base))
    else:
        details = _shared_listing_links(raw).detail_urls
    if profile.next_page_selector:
        nxt = soup.select_one(profile.next_page_selector)
        next_url = _absolute(str(nxt["href"]), base) if nxt is not None and nxt.get("href") else None
    else:
        next_url = _shared_listing_links(raw).next_page_url
    return ListingLinks(detail_urls=[d for d in details if d], next_page_url=next_url or None)


def detail_notices(raw: RawPage, profile: SiteProfile) -> list[Notice]:
    """The notices on a detail page, by the shared parser; the profile's label overrides and
    attachment links are applied to what it read before normalisation."""
    from ingest.normalise import to_notice
    from ingest.pages import parse_parsed

    _, parsed, _ = parse_parsed(raw)
    extra = _selected_attachments(raw, profile) if profile.attachment_selector else []
    notices = []
    for notice in parsed:
        apply_label_overrides(notice, profile.label_overrides)
        for attachment in extra:
            notice.add_attachment(attachment)
        notices.append(to_notice(notice))
    return notices


def apply_label_overrides(parsed: ParsedNotice, overrides: dict[str, str]) -> None:
    """Move values the vocabulary did not know (kept in `extra`) into the field the profile
    names for their label. Labels are compared by the vocabulary's own key, so the profile
    entry "Số hiệu VB" matches "SO HIEU VB:" as any vocabulary label would."""
    if not overrides:
        return
    from search.vocabulary import label_key

    targets = {label_key(label): field for label, field in overrides.items()}
    for label in list(parsed.extra):
        field = targets.get(label_key(label))
        if field is not None:
            parsed.add(field, parsed.extra.pop(label))


def _selected_attachments(raw: RawPage, profile: SiteProfile) -> list[Attachment]:
    soup = BeautifulSoup(_decoded(raw), "lxml")
    base = raw.link_base or raw.source
    return [
        Attachment(
            name=link.get_text(" ", strip=True) or str(link["href"]).rsplit("/", 1)[-1],
            url=_absolute(str(link["href"]), base),
        )
        for link in soup.select(profile.attachment_selector or "a[href]")
        if link.get("href")
    ]


def _shared_listing_links(raw: RawPage) -> ListingLinks:
    from ingest.pages import parse_listing_links

    return parse_listing_links(raw)


def _decoded(raw: RawPage) -> str:
    from ingest.detect import decode_page

    return decode_page(raw)


def _absolute(href: str, base: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, href.strip())


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def warc_bytes(records: list[PageRecord]) -> bytes:
    """WARC/1.0 response records (each its own gzip member) for stored pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for record in records:
        headers = StatusAndHeaders(
            f"{record.http_status or 200} OK",
            [
                (k.title(), v)
                for k, v in record.headers.items()
                if k not in ("content-length", "transfer-encoding", "content-encoding")
            ],
            protocol="HTTP/1.1",
        )
        warc = writer.create_warc_record(
            record.final_url or record.url,
            "response",
            payload=io.BytesIO(record.body or b""),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": (record.last_fetched or now()).replace("+00:00", "Z")},
        )
        writer.write_record(warc)
    return out.getvalue()
