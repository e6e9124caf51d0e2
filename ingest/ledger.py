"""The crawl ledger: what was fetched, when, with which validators, and where a run stands.

In: outcomes of fetches and of processing pages. Out: per-URL records that make re-runs
incremental (ETag, Last-Modified, content hash, stored body) and a frontier that makes a killed
run resumable. One sqlite file (standard library; one transaction per step, so a kill at any
moment loses at most the step in flight).

Tables:
    pages(url)            one row per canonical URL: validators, hash, status, last error,
                          last fetched, the body (so a 304 or a resumed run can re-parse it
                          without fetching), attachment text or its error
    runs(id)              one row per crawl; finished is NULL while it is unfinished
    frontier(run, url)    what a run has to do: pending → fetched → done, with the outcome
    notices(id)           the last version of each notice, the detail page it came from, the
                          run that emitted it (only new or changed notices are emitted), and
                          whether it was written to the dump and loaded
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from search.models import Notice

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    headers TEXT,
    final_url TEXT,
    body BLOB,
    text TEXT,
    text_error TEXT,
    last_error TEXT,
    last_fetched TEXT,
    fetch_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    start_urls TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS frontier (
    run INTEGER NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run, url)
);
CREATE INDEX IF NOT EXISTS frontier_todo ON frontier (run, state, seq);
CREATE TABLE IF NOT EXISTS notices (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    notice TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    run INTEGER NOT NULL,
    dumped INTEGER NOT NULL DEFAULT 0,
    loaded INTEGER NOT NULL DEFAULT 0
);
"""


class Kind(StrEnum):
    listing = "listing"
    detail = "detail"
    attachment = "attachment"


class State(StrEnum):
    pending = "pending"
    fetched = "fetched"
    done = "done"


class Outcome(StrEnum):
    """What happened to one frontier URL in one run; failures are stored as "failed:<reason>"."""

    fetched = "fetched"  # 200 with new or changed content
    not_modified = "not_modified"  # 304 to a conditional request
    unchanged = "unchanged"  # 200 whose content hash equals the stored one
    robots = "robots"  # robots.txt disallows it
    offsite = "offsite"  # a link to a host outside the allowed ones


class PageRecord(BaseModel):
    """A pages row: everything the next request or a re-parse needs."""

    url: str
    kind: Kind
    status: str
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    headers: dict[str, str] = {}
    final_url: str | None = None
    body: bytes | None = None
    text: str | None = None
    text_error: str | None = None
    last_error: str | None = None
    last_fetched: str | None = None
    fetch_count: int = 0


class FrontierItem(BaseModel):
    run: int
    url: str
    kind: Kind
    parent: str | None
    seq: int
    state: State
    outcome: str | None
    attempts: int
    note: str | None
    archived: int


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """The sqlite ledger. Every public method that changes something commits before returning."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        # WAL survives a kill mid-write; synchronous=NORMAL keeps each step cheap.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def _write(self, sql: str, params: tuple | dict = ()) -> None:  # type: ignore[type-arg]
        with self.db:
            self.db.execute(sql, params)

    # --- runs ------------------------------------------------------------------------------
    def unfinished_run(self) -> int | None:
        row = self.db.execute(
            "SELECT id FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(row["id"]) if row else None

    def start_run(self, start_urls: list[str]) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (started, start_urls) VALUES (?, ?)", (now(), json.dumps(start_urls))
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int) -> None:
        self._write("UPDATE runs SET finished = ? WHERE id = ?", (now(), run))

    def run_start_urls(self, run: int) -> list[str]:
        row = self.db.execute("SELECT start_urls FROM runs WHERE id = ?", (run,)).fetchone()
        return list(json.loads(row["start_urls"])) if row else []

    # --- frontier --------------------------------------------------------------------------
    def enqueue(self, run: int, url: str, kind: Kind, parent: str | None = None) -> bool:
        """Add url to the run's frontier unless it is already there; True when it was added."""
        with self.db:
            seq = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM frontier WHERE run = ?", (run,)
            ).fetchone()[0]
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO frontier (run, url, kind, parent, seq) VALUES (?, ?, ?, ?, ?)",
                (run, url, kind.value, parent, seq),
            )
        return cursor.rowcount == 1

    def next_item(
        self, run: int, kinds: tuple[Kind, ...] = (Kind.listing, Kind.detail)
    ) -> FrontierItem | None:
        """The oldest item of the run not yet done (a fetched one first: it was in flight)."""
        marks = ",".join("?" * len(kinds))
        row = self.db.execute(
            f"SELECT * FROM frontier WHERE run = ? AND state != 'done' AND kind IN ({marks}) "
            "ORDER BY state = 'fetched' DESC, seq LIMIT 1",
            (run, *[k.value for k in kinds]),
        ).fetchone()
        return _item(row) if row else None

    def item(self, run: int, url: str) -> FrontierItem | None:
        row = self.db.execute("SELECT * FROM frontier WHERE run = ? AND url = ?", (run, url)).fetchone()
        return _item(row) if row else None

    def mark(
        self,
        run: int,
        url: str,
        state: State,
        outcome: str | None = None,
        attempts: int = 0,
        note: str | None = None,
    ) -> None:
        self._write(
            "UPDATE frontier SET state = ?, outcome = COALESCE(?, outcome), attempts = attempts + ?, "
            "note = COALESCE(?, note) WHERE run = ? AND url = ?",
            (state.value, outcome, attempts, note, run, url),
        )

    def notes(self, run: int, kind: Kind) -> Counter[str]:
        rows = self.db.execute(
            "SELECT note, COUNT(*) AS n FROM frontier WHERE run = ? AND kind = ? AND note IS NOT NULL "
            "GROUP BY note",
            (run, kind.value),
        )
        return Counter({row["note"]: row["n"] for row in rows})

    def unarchived(self, run: int) -> list[str]:
        """Listing and detail URLs fetched with new content in the run and not yet archived."""
        rows = self.db.execute(
            "SELECT url FROM frontier WHERE run = ? AND archived = 0 AND outcome = 'fetched' "
            "AND state = 'done' AND kind != 'attachment' ORDER BY seq",
            (run,),
        )
        return [row["url"] for row in rows]

    def mark_archived(self, run: int, urls: list[str]) -> None:
        with self.db:
            self.db.executemany(
                "UPDATE frontier SET archived = 1 WHERE run = ? AND url = ?", [(run, u) for u in urls]
            )

    def outcomes(self, run: int) -> Counter[tuple[str, str]]:
        """(kind, outcome) → count for the run's finished items."""
        rows = self.db.execute(
            "SELECT kind, outcome, COUNT(*) AS n FROM frontier WHERE run = ? AND outcome IS NOT NULL "
            "GROUP BY kind, outcome",
            (run,),
        )
        return Counter({(row["kind"], row["outcome"]): row["n"] for row in rows})

    def retries(self, run: int) -> int:
        row = self.db.execute(
            "SELECT COALESCE(SUM(MAX(attempts - 1, 0)), 0) FROM frontier WHERE run = ?", (run,)
        ).fetchone()
        return int(row[0])

    def pending_count(self, run: int) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM frontier WHERE run = ? AND state != 'done'", (run,)
        ).fetchone()
        return int(row[0])

    # --- pages -----------------------------------------------------------------------------
    def page(self, url: str) -> PageRecord | None:
        row = self.db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        data = dict(row)
        data["headers"] = json.loads(data["headers"] or "{}")
        return PageRecord.model_validate(data)

    def failed_urls(self) -> list[tuple[str, Kind]]:
        """Pages whose last fetch failed: a new run tries them again even if no link leads there."""
        rows = self.db.execute("SELECT url, kind FROM pages WHERE status = 'failed' ORDER BY url")
        return [(row["url"], Kind(row["kind"])) for row in rows]

    def save_page(self, record: PageRecord) -> None:
        with self.db:
            self._upsert_page(record)

    def save_fetched(
        self, run: int, record: PageRecord, outcome: str, attempts: int, state: State = State.fetched
    ) -> None:
        """The page row and its frontier item moved to "fetched", in one transaction: after a
        kill, either both happened (the resumed run re-parses the stored body) or neither (it
        fetches again: nothing of that fetch was kept)."""
        with self.db:
            self._upsert_page(record)
            self.db.execute(
                "UPDATE frontier SET state = ?, outcome = ?, attempts = attempts + ? "
                "WHERE run = ? AND url = ?",
                (state.value, outcome, attempts, run, record.url),
            )

    def _upsert_page(self, record: PageRecord) -> None:
        data = record.model_dump()
        data["headers"] = json.dumps(record.headers, sort_keys=True)
        data["kind"] = record.kind.value
        columns = ", ".join(data)
        self.db.execute(
            f"INSERT OR REPLACE INTO pages ({columns}) VALUES ({', '.join(':' + c for c in data)})", data
        )

    def record_failure(
        self, url: str, kind: Kind, reason: str, run: int | None = None, attempts: int = 1
    ) -> None:
        """Keep the last good body and validators; note the failure so the next run retries.
        With run, the frontier item is marked done with "failed:<reason>" in the same
        transaction, so a kill cannot leave the failure recorded but the item still to do."""
        with self.db:
            if run is not None:
                self.db.execute(
                    "UPDATE frontier SET state = 'done', outcome = ?, attempts = attempts + ? "
                    "WHERE run = ? AND url = ?",
                    (f"failed:{reason}", attempts, run, url),
                )
            self.db.execute(
                "INSERT INTO pages (url, kind, status, last_error, last_fetched) "
                "VALUES (?, ?, 'failed', ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET status = 'failed', last_error = excluded.last_error, "
                "last_fetched = excluded.last_fetched",
                (url, kind.value, reason, now()),
            )

    # --- notices ---------------------------------------------------------------------------
    def save_notice(self, run: int, url: str, notice: Notice) -> bool:
        """Store the notice built from url; True when it is new or differs from the stored one
        (by Notice.content_hash), and then it is emitted in this run."""
        row = self.db.execute("SELECT content_hash FROM notices WHERE id = ?", (notice.id,)).fetchone()
        if row is not None and row["content_hash"] == notice.content_hash:
            return False
        self._write(
            "INSERT OR REPLACE INTO notices (id, url, notice, content_hash, run) VALUES (?, ?, ?, ?, ?)",
            (notice.id, url, notice.model_dump_json(), notice.content_hash, run),
        )
        return True

    def emitted(self, run: int, flag: str | None = None) -> list[Notice]:
        """The run's new or changed notices; with flag ("dumped" or "loaded"), those not yet so."""
        if flag not in (None, "dumped", "loaded"):
            raise ValueError(flag)
        sql = "SELECT notice FROM notices WHERE run = ?" + (f" AND {flag} = 0" if flag else "")
        rows = self.db.execute(sql + " ORDER BY rowid", (run,))
        return [Notice.model_validate_json(row["notice"]) for row in rows]

    def mark_notices(self, ids: list[str], flag: str) -> None:
        if flag not in ("dumped", "loaded"):
            raise ValueError(flag)
        with self.db:
            self.db.executemany(f"UPDATE notices SET {flag} = 1 WHERE id = ?", [(i,) for i in ids])

    def emitted_count(self, run: int) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM notices WHERE run = ?", (run,)).fetchone()[0])


def _item(row: sqlite3.Row) -> FrontierItem:
    return FrontierItem.model_validate(dict(row))
