"""Listing pages → ListingPage: one ParsedNotice per table row, and the next page's URL.

In: the lxml tree of a listing page and the URL links resolve against. Out: a `ListingPage`
whose rows carry the cells as written, the row's detail link as source (absolute) and the
row's index (0 for the first data row) as source_row.

A listing table is told by its header row (DOMAIN.md: "STT | Số ký hiệu | Ngày ban hành |
Trích yếu | Cơ quan ban hành | Tải về", in any order): two or more adjacent cells the vocabulary
reads as columns, among them the number or the title. A four-column detail table ("Số ký hiệu |
123/QĐ | Ngày ban hành | ...") never has two known labels side by side, so it is not mistaken
for one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias
from urllib.parse import urljoin

from lxml import etree

from ingest.models import ListingPage, ParsedNotice
from ingest.parse_html import attachments, block_text, file_name_of, own_text
from ingest.parse_text import MAX_LABEL_CHARS, split_label_line, store
from search.textnorm import fold_key
from search.vocabulary import vocabulary

HtmlElement: TypeAlias = etree._Element

# Header rows are near the top: a caption row or a filter row may come first.
_HEADER_ROWS_SEARCHED = 3
# Link texts of the "next page" control, folded: "Trang sau", "Sau »", "Tiếp", "Tiếp theo", "»".
_NEXT_WORDS = {"trang sau", "sau", "tiep", "tiep theo", "trang tiep", "trang tiep theo", "next", "next page",
               "xem tiep", "trang ke", "trang ke tiep"}
_NEXT_WRITTEN = {"trang sau", "sau", "tiếp", "tiếp theo", "trang tiếp", "trang tiếp theo", "xem tiếp",
                 "trang kế", "trang kế tiếp"}
_NEXT_SYMBOLS = {"»", "›", ">", "→", "sau »", "tiếp »", "tiếp >", "trang sau »", "next »", "next >"}
_SYMBOLS = re.compile(r"[»›>→\s]+")
# A page number in a pager: a few digits and nothing else.
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
# Class words that mark the current page's link or item (<li class="active">, <a class="current">).
_CURRENT = re.compile(r"active|current|selected|dang-chon|hien-tai")
# How far up from the current page's number the pager's other links are looked for
# (span → li → ul, or span → td → tr → table in ASP.NET pagers).
_PAGER_LEVELS = 3


@dataclass(frozen=True)
class ListingTable:
    """A table read as a listing: its header row's index and the field each column holds."""

    table: HtmlElement
    header_index: int
    columns: tuple[str | None, ...]
    headers: tuple[str, ...]


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not those of tables nested in its cells), in document order.
    Walked in Python: an XPath call cost more than the walk on every page's tables."""
    rows: list[HtmlElement] = []
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        if child.tag == "tr":
            rows.append(child)
        else:
            rows.extend(child.iterchildren("tr"))
    return rows


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return list(row.iterchildren("th", "td"))


def listing_tables(root: HtmlElement) -> list[ListingTable]:
    """Every table with a listing header row and at least one data row, in document order."""
    found = []
    for table in root.iter("table"):
        rows = _rows(table)
        for index, row in enumerate(rows[:_HEADER_ROWS_SEARCHED]):
            headers = tuple(own_text(cell) for cell in _cells(row))
            if len(headers) < 2 or index + 1 >= len(rows):
                continue
            columns = tuple(column_for(h) for h in headers)
            if _is_header(columns, headers):
                found.append(ListingTable(table, index, columns, headers))
                break
    return found


def find_listing_table(root: HtmlElement) -> ListingTable | None:
    """The first listing-shaped table, or None."""
    tables = listing_tables(root)
    return tables[0] if tables else None


@lru_cache(maxsize=8192)
def column_for(header: str) -> str | None:
    """What a header cell names (search.vocabulary.column_for_header), cached: detail pages
    have label tables too, and a miss costs a fuzzy search. Cells with digits are data."""
    if not 0 < len(header) <= MAX_LABEL_CHARS or any(ch.isdigit() for ch in header):
        return None
    return vocabulary().column_for_header(header)


def _is_header(columns: tuple[str | None, ...], headers: tuple[str, ...]) -> bool:
    """Two adjacent known columns, most non-empty cells known, and a number or title column."""
    known = [c for c in columns if c]
    filled = [h for h in headers if h]
    adjacent = any(a and b for a, b in zip(columns, columns[1:], strict=False))
    return adjacent and 2 * len(known) > len(filled) and bool({"number", "title"} & set(known))


def parse_listing(source: str, root: HtmlElement, base_url: str | None) -> ListingPage:
    """Read every data row of the page's listing table; rows without text are skipped (spacer
    and pagination rows hold no notice)."""
    listing = find_listing_table(root)
    page = ListingPage(source=source, next_page_url=next_page_url(root, base_url))
    if listing is None:
        return page
    for row in _rows(listing.table)[listing.header_index + 1 :]:
        cells = _cells(row)
        if len(cells) < 2 or not any(own_text(cell) for cell in cells):
            continue
        page.rows.append(_read_row(source, listing, cells, len(page.rows), base_url))
    return page


def _read_row(source: str, listing: ListingTable, cells: list[HtmlElement], index: int,
              base_url: str | None) -> ParsedNotice:
    """One row → ParsedNotice: each cell under its column's field; unknown columns in extra."""
    link = detail_link(listing, cells, base_url)
    notice = ParsedNotice(source=link or source, source_row=index)
    for column, header, cell in zip(listing.columns, listing.headers, cells, strict=False):
        text = own_text(cell)
        if column == "attachments":
            for attachment in attachments(cell, base_url, any_link=True):
                notice.add_attachment(attachment)
        elif column in ("row_number", "detail_link"):
            continue
        elif column:
            notice.add(column, _cell_value(notice, cell, text))
        elif header and text:
            notice.add_extra(header, text)
    for cell in cells:
        for attachment in attachments(cell, base_url):
            notice.add_attachment(attachment)
    return notice


def _cell_value(notice: ParsedNotice, cell: HtmlElement, text: str) -> str:
    """A cell's value without the labelled lines some portals add under it ("V/v lập kế
    hoạch<br><span>Lĩnh vực: Giao thông</span>"): each such line goes to its own field, the
    rest is the column's value. Cells without a colon and child elements are taken whole."""
    if ":" not in text or not len(cell):
        return text
    lines = block_text(cell).split("\n\n")
    kept = lines[:1]
    for line in lines[1:]:
        pair = split_label_line(line, allow_unknown=False) if ":" in line else None
        if pair is None or not pair[1]:
            kept.append(line)
        else:
            store(notice, *pair)
    return " ".join(kept)


def detail_link(listing: ListingTable, cells: list[HtmlElement], base_url: str | None) -> str | None:
    """The row's link to its detail page, absolute: in the detail-link, title or number column
    first, else the first link in the row that is not a file."""
    order = {"detail_link": 0, "title": 1, "number": 2}
    ranked = sorted(
        (order.get(column or "", 3), position) for position, column in enumerate(listing.columns)
    )
    for _, position in ranked:
        if position >= len(cells):
            continue
        for anchor in cells[position].iter("a"):
            href = (anchor.get("href") or "").strip()
            if _page_link(href) and file_name_of(href) is None:
                return urljoin(base_url, href) if base_url else href
    return None


def _page_link(href: str) -> bool:
    return bool(href) and not href.startswith(("#", "javascript:", "mailto:"))


def next_page_url(root: HtmlElement, base_url: str | None) -> str | None:
    """The next page's absolute URL: a rel="next" link, else a link reading "Trang sau",
    "Tiếp", "»" ... (not "»»" or "Trang cuối", which jump to the last page)."""
    for element in root.iter("a", "link"):
        if "next" in (element.get("rel") or "").lower().split() and _page_link(element.get("href") or ""):
            return _absolute(element.get("href") or "", base_url)
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not _page_link(href):
            continue
        text = own_text(anchor) or (anchor.get("title") or "").strip() or _image_text(anchor)
        if _says_next(text):
            return _absolute(href, base_url)
    return _numbered_next(root, base_url)


def _image_text(anchor: HtmlElement) -> str:
    """What an image link says (<a><img alt="Trang sau"></a>): its image's alt or title."""
    for image in anchor.iter("img"):
        return (image.get("alt") or image.get("title") or "").strip()
    return ""


def _numbered_next(root: HtmlElement, base_url: str | None) -> str | None:
    """Pagers with page numbers only ("1 <span>2</span> 3"): the link numbered one past the
    current page, which is the number that is no link (<span>, <strong>, <li class="active">)
    or a link marked active/current. None on the last page (no higher number)."""
    for el in root.iter():
        match = _PAGE_NUMBER.match(el.text or "") if isinstance(el.tag, str) else None
        if match is None or len(el) or not _is_current(el):
            continue
        wanted = str(int(match.group(1)) + 1)
        holder = el.getparent()
        for _ in range(_PAGER_LEVELS):
            if holder is None:
                break
            for anchor in holder.iter("a"):
                href = (anchor.get("href") or "").strip()
                if _page_link(href) and (anchor.text or "").strip() == wanted and not len(anchor):
                    return _absolute(href, base_url)
            holder = holder.getparent()
    return None


def _is_current(el: HtmlElement) -> bool:
    """A page number shown as the current one: not a link, or a link marked as current (itself
    or its <li>), or one that leads nowhere ("#")."""
    link = el if el.tag == "a" else next((a for a in el.iterancestors("a")), None)
    if link is None:
        return el.tag not in ("td", "th", "li", "option")
    marked = " ".join(filter(None, (link.get("class"), (link.getparent().get("class") if link.getparent()
                                                                is not None else None)))).lower()
    return bool(_CURRENT.search(marked)) or link.get("aria-current") is not None or not _page_link(
        (link.get("href") or "").strip()
    )


def _says_next(text: str) -> bool:
    """Whether a link text means "next page"."""
    lowered = " ".join(text.lower().split())
    if lowered in _NEXT_SYMBOLS:
        return True
    bare = " ".join(_SYMBOLS.sub(" ", lowered).split())
    if fold_key(bare) not in _NEXT_WORDS:
        return False
    # Folding lets portals without diacritics in ("Tiep") match, but also turns a link to a
    # document called "Sáu" (six) into "sau": text with diacritics must carry the right ones.
    return bare.isascii() or unicodedata.normalize("NFC", bare) in _NEXT_WRITTEN


def _absolute(href: str, base_url: str | None) -> str:
    return urljoin(base_url, href.strip()) if base_url else href.strip()
