"""The Notice record: the typed contract between ingest, the index and the query layer.

Its JSON field names are relied on by other tools (see the issues): add fields freely, never
rename. `ingest` builds Notices; `search` indexes and returns them. Both import them from here
because `search` must never import `ingest`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """Validity status, after the national legal database's seven values."""

    in_force = "in_force"
    partly_expired = "partly_expired"
    expired = "expired"
    not_yet_in_force = "not_yet_in_force"
    suspended = "suspended"
    partly_suspended = "partly_suspended"
    unknown = "unknown"


class Attachment(BaseModel):
    """A file attached to a notice; `text` is filled when a crawler extracted it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    text: str | None = None
    # Why text is missing when it is: "scanned PDF without a text layer", "too large", ...
    text_error: str | None = None


class Reference(BaseModel):
    """A document cited in a notice's title or body ("Nghị định 91/2017/NĐ-CP ngày 31/7/2017")."""

    model_config = ConfigDict(extra="forbid")

    doc_type: str | None = None
    number: str
    date: dt.date | None = None


class Notice(BaseModel):
    """One normalised notice. `source` is the URL or path it came from; `source_row` is the row
    index when it came from a listing page (then `source` is the row's detail link)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    number: str | None = None
    title: str | None = None
    doc_type: str | None = None
    sector: str | None = None
    issuer: str | None = None
    signer: str | None = None
    issued_date: dt.date | None = None
    effective_date: dt.date | None = None
    expiry_date: dt.date | None = None
    status: Status = Status.unknown
    status_text: str | None = None
    body: str = ""
    attachments: list[Attachment] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    source: str
    source_row: int | None = None
    content_hash: str = ""
    extra: dict[str, str] = Field(default_factory=dict)

    def with_content_hash(self) -> Notice:
        """A copy whose content_hash covers every field but id, source and the hash itself,
        so that the same notice found at another path or row still counts as unchanged."""
        content = self.model_dump(mode="json", exclude={"id", "source", "source_row", "content_hash"})
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        return self.model_copy(update={"content_hash": digest})


def notice_id(source_identity: str) -> str:
    """A stable id from the source's identity (canonical URL, or dump-relative path plus row)."""
    return hashlib.sha256(source_identity.encode("utf-8")).hexdigest()[:24]
