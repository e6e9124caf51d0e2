"""The parse stage's public entry: one raw page in, its notices out.

In: a `RawPage` (bytes or text, from a file, an HTTP response or an archive member). Out:
`parse_page` → list[Notice] (one for a detail page or text dump, one per row for a listing);
`parse_listing_links` → the detail URLs and next page a crawler follows. Both raise a typed
`ParseError` (ingest.errors) naming the source and the reason; nothing else escapes for any
input, however broken (tests/test_parse_properties.py checks it with hypothesis).

`read_page` is the file edge: it refuses a file over the size cap before reading it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ingest.detect import check_size, classify, decode_page, html_tree, max_page_bytes
from ingest.errors import NoLabelledFields, ParseError
from ingest.models import ListingLinks, ListingPage, PageKind, ParsedNotice, RawPage
from ingest.normalise import to_notice
from ingest.parse_html import page_base, parse_detail
from ingest.parse_listing import parse_listing
from ingest.parse_text import parse_text
from search.models import Notice

__all__ = ["parse_page", "parse_listing_links", "parse_parsed", "read_page"]


def read_page(path: str | Path, *, source: str | None = None, base_url: str | None = None) -> RawPage:
    """A file as a RawPage; PageTooLarge before reading when it is over the cap, ParseError
    when it cannot be read."""
    path = Path(path)
    name = source or str(path)
    limit = max_page_bytes()
    try:
        check_size(name, path.stat().st_size, limit)
        with path.open("rb") as handle:
            # At most one byte past the cap: a device or pipe reports size 0 and never ends.
            data = handle.read(limit + 1)
    except OSError as error:
        raise ParseError(name, f"cannot read: {error.strerror or error}") from None
    check_size(name, len(data), limit)
    return RawPage(source=name, data=data, base_url=base_url)


def parse_parsed(raw: RawPage) -> tuple[PageKind, list[ParsedNotice], str | None]:
    """The page's kind, its notices as written (before normalisation) and, for a listing, the
    next page's URL. For tools that show what a page says before it is interpreted."""
    text = decode_page(raw)
    kind, root, tables = classify(raw.source, text)
    if kind is PageKind.text_dump:
        return kind, [parse_text(raw.source, text)], None
    assert root is not None
    base = page_base(root, raw.link_base)
    if kind is PageKind.html_listing:
        listing = parse_listing(raw.source, root, base)
        return kind, listing.rows, listing.next_page_url
    related = [table.table for table in tables]
    return kind, [parse_detail(raw.source, root, base, skip=related)], None


def parse_page(raw: RawPage) -> list[Notice]:
    """Every notice on a page: one for a detail page or a text dump, one per row for a listing.
    Raises ParseError (or a subclass) naming raw.source and the reason."""
    try:
        kind, parsed, _ = parse_parsed(raw)
    except RecursionError:
        # lxml and our walks are iterative, but pydantic or a deeply nested tree may not be.
        raise ParseError(raw.source, "page nested too deeply to read") from None
    if kind is PageKind.html_listing and not parsed:
        raise NoLabelledFields(raw.source, "listing table without rows")
    return [to_notice(notice) for notice in parsed]


def parse_listing_links(raw: RawPage) -> ListingLinks:
    """A listing page's absolute detail URLs (in row order, without repeats) and next page URL.
    A page with no listing table gives no URLs (and its next link, if any)."""
    text = decode_page(raw)
    root: etree._Element = html_tree(raw.source, text)
    listing: ListingPage = parse_listing(raw.source, root, page_base(root, raw.link_base))
    urls = list(dict.fromkeys(row.source for row in listing.rows if row.source != raw.source))
    return ListingLinks(detail_urls=urls, next_page_url=listing.next_page_url)
