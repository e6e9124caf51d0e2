"""The records the parse stage hands on: `RawPage` in, `ParsedNotice` / `ListingPage` out.

    RawPage ──detect──> PageKind ──parse_text / parse_html / parse_listing──> ParsedNotice(s)
            ──normalise──> search.models.Notice

A `ParsedNotice` holds values exactly as the page wrote them (after decoding only): the
normalise stage, not the parsers, decides what a value means. The `Notice` itself lives in
search.models because `search` must never import `ingest`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from search.models import Attachment

# The labelled fields a page can carry, by their Notice (JSON) names; the body and the
# attachments are held apart because they are not single strings.
FIELD_NAMES: tuple[str, ...] = (
    "number",
    "title",
    "doc_type",
    "sector",
    "issuer",
    "signer",
    "issued_date",
    "effective_date",
    "expiry_date",
    "status",
)


class PageKind(StrEnum):
    """What a page is, as `detect.detect_kind` tells from its content (never configured)."""

    text_dump = "text_dump"
    html_detail = "html_detail"
    html_listing = "html_listing"


class RawPage(BaseModel):
    """A page as fetched or read: its source (URL or path), its bytes or already-decoded text,
    the charset the transport or file declared (may be wrong), and the URL relative links on
    it resolve against (defaults to the source when that is a URL)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    data: bytes | None = None
    text: str | None = None
    declared_charset: str | None = None
    base_url: str | None = None

    @model_validator(mode="after")
    def _one_content(self) -> RawPage:
        if (self.data is None) == (self.text is None):
            raise ValueError("a RawPage holds either data (bytes) or text, exactly one")
        return self

    @property
    def size(self) -> int:
        """Size in bytes for data, in characters for text: what the size cap is checked against."""
        return len(self.data) if self.data is not None else len(self.text or "")

    @property
    def link_base(self) -> str | None:
        """Where relative links resolve: the declared base URL, else the source if it is a URL."""
        if self.base_url:
            return self.base_url
        return self.source if self.source.startswith(("http://", "https://")) else None


class ParsedNotice(BaseModel):
    """One notice's fields as the page wrote them. `fields` maps a Notice field name to the
    first value found for it; `conflicts` keeps later different values of the same field;
    `extra` keeps labels the vocabulary does not know, with their values (never dropped)."""

    model_config = ConfigDict(extra="forbid")

    source: str
    source_row: int | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    body: str = ""
    attachments: list[Attachment] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict)
    conflicts: dict[str, list[str]] = Field(default_factory=dict)

    def add(self, field: str, value: str) -> None:
        """Record a field's value: the first one wins, a later different one is a conflict."""
        value = value.strip()
        if field not in self.fields or (not self.fields[field] and value):
            self.fields[field] = value
        elif value and value != self.fields[field] and value not in self.conflicts.get(field, []):
            self.conflicts.setdefault(field, []).append(value)

    def add_extra(self, label: str, value: str) -> None:
        """Keep an unknown label's value; a repeated unknown label keeps every value."""
        label, value = label.strip(), value.strip()
        if label in self.extra and self.extra[label] != value:
            self.extra[label] = f"{self.extra[label]} | {value}" if value else self.extra[label]
        elif label not in self.extra:
            self.extra[label] = value

    def add_attachment(self, attachment: Attachment) -> None:
        """Keep each attachment once, by URL: portals link the same file twice, an icon (no
        name: its URL stands in) and then its name, which is the one to keep."""
        for position, existing in enumerate(self.attachments):
            if existing.url == attachment.url:
                if existing.name == existing.url and attachment.name != attachment.url:
                    self.attachments[position] = attachment
                return
        self.attachments.append(attachment)


class ListingPage(BaseModel):
    """A listing page: one ParsedNotice per table row (its source is the row's detail link) and
    the next page's absolute URL for crawlers, or None on the last page."""

    model_config = ConfigDict(extra="forbid")

    source: str
    rows: list[ParsedNotice] = Field(default_factory=list)
    next_page_url: str | None = None


class ListingLinks(BaseModel):
    """What a crawler needs from a listing page: absolute detail URLs and the next page."""

    model_config = ConfigDict(extra="forbid")

    detail_urls: list[str] = Field(default_factory=list)
    next_page_url: str | None = None
