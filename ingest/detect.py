"""What a page is, told from its content: never configured.

In: a `RawPage` (bytes with a possibly wrong declared charset, or text). Out: its decoded text
and its `PageKind` (text_dump, html_detail, html_listing), or a typed `ParseError` saying why
the page is no page at all (empty, binary, too large, undecodable).

The order of the checks is the order of their cost: size before reading, magic bytes and NULs
before decoding, markup before building a tree.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from lxml import etree

from ingest.errors import BinaryPage, EmptyPage, PageTooLarge, ParseError, UndecodablePage
from ingest.models import PageKind, RawPage
from ingest.parse_html import labelled_fields
from ingest.parse_listing import ListingTable, listing_tables
from search.config import CONFIG_FILE
from search.errors import LegacyEncodingError
from search.legacy import decode_bytes, repair_text
from search.textnorm import fold_key

# Used when config/vanban.toml has no [ingest] max_page_bytes: far above any real notice page
# (the seed is 12 kB), far below what would stall a worker.
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024

# Files that reach a page parser by mistake: PDF, ZIP/DOCX, OLE2 (.doc), PNG, JPEG, GIF.
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|meta|div|table|p|span|dl|article)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:html|body|div|table|tr|td|p|br|dl|span|a)\b[^>]*>", re.I)
# Characters that lxml refuses in a tree (C0 controls but tab/newline, lone surrogates,
# non-characters); a page that holds a few is still a page.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# lxml's plain HTML parser, not lxml.html's: its element-class lookup runs Python code for
# every element touched, which cost a fifth of the parse time (scripts/bench_parse.py).
# A page with a listing-shaped table is still a detail page when this many fields are labelled
# outside it: detail pages list "Văn bản liên quan" in a table with the listing's headers.
_DETAIL_FIELDS = 2
# Headings over the tables of documents a detail page links to, folded ("Văn bản liên quan",
# "Văn bản cùng lĩnh vực"). Not "Văn bản khác" or "Văn bản hướng dẫn": listing pages of those
# categories carry them as their own heading.
_RELATED = re.compile(r"\b(?:lien quan|cung linh vuc|cung loai|cung co quan|duoc dan chieu)\b")
_HEADING_CHARS = 120
_STRING = etree.XPath("string()")
_HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True)


@lru_cache(maxsize=1)
def max_page_bytes() -> int:
    """The size cap from config/vanban.toml ([ingest] max_page_bytes), read once."""
    raw = tomllib.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    return int(raw.get("ingest", {}).get("max_page_bytes", DEFAULT_MAX_PAGE_BYTES))


def check_size(source: str, size: int, limit: int | None = None) -> None:
    """Refuse a page over the cap; callers check a file's size before they read it."""
    limit = max_page_bytes() if limit is None else limit
    if size > limit:
        raise PageTooLarge(source, f"page is {size:,} bytes, over the {limit:,}-byte cap")


def declared_charset(raw: RawPage) -> str | None:
    """The charset the transport declared, else the one the page's <meta> declares."""
    if raw.declared_charset:
        return raw.declared_charset
    if raw.data is not None:
        match = _META_CHARSET.search(raw.data[:4096])
        if match:
            return match.group(1).decode("ascii", "replace")
    return None


def _refuse_binary(raw: RawPage) -> None:
    """Binary files carry magic bytes or NULs in their first block; no text page does."""
    data = raw.data or b""
    head = data[:8192]
    if head.startswith(_MAGIC) or b"\x00" in head:
        raise BinaryPage(raw.source, "binary content (NUL bytes or a file signature), not a text page")


def decode_page(raw: RawPage) -> str:
    """The page's text: checked for size and binary content, decoded (legacy Vietnamese
    encodings and wrong declarations are search.legacy's job), stripped of characters no
    tree accepts. Raises EmptyPage, BinaryPage, PageTooLarge or UndecodablePage."""
    check_size(raw.source, raw.size)
    if raw.text is not None:
        text = _repaired(raw.text)
    else:
        _refuse_binary(raw)
        try:
            text = decode_bytes(raw.data or b"", declared_charset(raw))
        except LegacyEncodingError as error:
            raise UndecodablePage(raw.source, str(error)) from None
    if not text.strip():
        raise EmptyPage(raw.source, "empty page")
    return _safe(raw.source, text)


def _repaired(text: str) -> str:
    """Text a caller already decoded, maybe with the wrong table ("Th«ng b¸o"): repaired when
    search.legacy finds a plausible reading, else kept as given (it is text, not our guess)."""
    try:
        return repair_text(text)
    except LegacyEncodingError:
        return text


def _safe(source: str, text: str) -> str:
    """Text lxml and JSON accept. Many control characters mean a binary file read as text."""
    if _UNSAFE.search(text):  # rare: one scan for the common case, not a count and a scan
        unsafe = len(_UNSAFE.findall(text[:8192]))
        if unsafe > max(8, len(text[:8192]) // 50):
            raise BinaryPage(source, f"{unsafe} control characters in the first block: not a text page")
        text = _UNSAFE.sub("", text)
    if not text.strip():
        raise EmptyPage(source, "empty page")
    return text


def looks_like_html(text: str) -> bool:
    """HTML when the text opens with markup, or carries several common tags early on: a text
    dump may quote "<" but does not open with a tag."""
    if _HTML_START.match(text):
        return True
    return len(_HTML_TAG.findall(text[:20000])) >= 3


def html_tree(source: str, text: str) -> etree._Element:
    """The page's tree, lenient with truncated or broken markup as browsers are."""
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = etree.fromstring(text, parser=_HTML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(source, f"unreadable HTML: {error}") from None
    if root is None:
        raise ParseError(source, "unreadable HTML: no document element")
    return root


def kind_of(source: str, text: str) -> tuple[PageKind, etree._Element | None]:
    """The page's kind, and its tree when it is HTML (so parsers do not build it twice)."""
    kind, root, _ = classify(source, text)
    return kind, root


def classify(source: str, text: str) -> tuple[PageKind, etree._Element | None, list[ListingTable]]:
    """kind_of plus the listing-shaped tables found on the way: a detail page's parser skips
    them (related documents), and finding them again cost a twentieth of a page's parse."""
    if not looks_like_html(text):
        return PageKind.text_dump, None, []
    root = html_tree(source, text)
    tables = listing_tables(root)
    if tables:
        labelled = labelled_fields(root, outside=[t.table for t in tables])
        related = labelled > 0 and all(_introduced_as_related(t.table) for t in tables)
        if labelled < _DETAIL_FIELDS and not related:
            return PageKind.html_listing, root, tables
    return PageKind.html_detail, root, tables


def _introduced_as_related(table: etree._Element) -> bool:
    """A listing-shaped table under a heading such as "Văn bản liên quan": the documents a
    detail page links to, so one labelled field outside it is enough for a detail page (a
    listing page's own table has no such heading)."""
    for text in _headings_of(table):
        if _RELATED.search(fold_key(text[:_HEADING_CHARS])):
            return True
    return False


def _headings_of(table: etree._Element) -> list[str]:
    """The table's caption, the element just before it, and when it opens its container
    (<div class="related"><h4>...</h4><table>), the element before that container."""
    texts = [str(_STRING(caption)) for caption in table.iterchildren("caption")]
    element = table
    for _ in range(2):
        previous = element.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is not None:
            texts.append(str(_STRING(previous)))
            break
        element = element.getparent()
        if element is None:
            break
    return texts


def detect_kind(page: RawPage) -> PageKind:
    """The kind of a page (decoding it on the way); raises the typed errors of decode_page."""
    return kind_of(page.source, decode_page(page))[0]

