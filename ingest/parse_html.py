"""HTML detail pages → ParsedNotice: labelled pairs, the content container, attachment links.

In: the lxml tree of one detail page (detect.html_tree: lxml.etree's HTML parser) and the URL
links resolve against. Out: a `ParsedNotice` with values as written, or NoLabelledFields.

Layouts portals use for label/value pairs, all read by one rule, "a label element, then its
value": table rows (<th>/<td>, two or four columns), <dt>/<dd>, <div>/<span> pairs with classes
such as "label"/"value"/"field-label", <strong>Label:</strong> value inline (value in the tail,
up to <br>), and "Label: value" as the text of one <p>/<li>/<td>. Labels the vocabulary does
not know are kept in extra where the markup says "label" (<th>, <dt>, class "label", bold text
ending in a colon). The content is what follows a "Nội dung" label, else a container named
for content (div.content, div#noidung, div.noi-dung, article, ...), else the element with the
most paragraphs. Without a "Trích yếu" label the title is the page's <h1>. Navigation, menus,
scripts and footers are removed before anything is read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TypeAlias
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from ingest.errors import NoLabelledFields
from ingest.models import ParsedNotice
from ingest.parse_text import (
    MAX_LABEL_CHARS,
    Label,
    expected_value,
    known_label,
    parse_text,
    read_lines,
    split_label_line,
    store,
    unknown_label,
)
from search.models import Attachment

HtmlElement: TypeAlias = etree._Element
# An element's whole text, in C (lxml.html's text_content without its Python wrapper).
_TEXT_CONTENT = etree.XPath("string()")

# Elements that never hold a notice's fields. Not <form>: ASP.NET portals wrap whole pages in one.
_NOISE_TAGS = {"script", "style", "noscript", "nav", "iframe", "select", "button", "template", "svg",
               "footer", "object", "embed", "link", "meta", "head"}
# class/id words portals give to menus and page chrome.
_NOISE_WORDS = {"menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "footer", "sidebar",
                "banner", "share", "social", "comment", "comments", "topbar", "mainmenu", "submenu",
                "sitemap"}
# One of them as a whole word of a class or id: one regex call instead of a split and a set
# test per word, on every named element of every page.
_NOISE_NAME = re.compile(r"(?<![^\s_-])(?:" + "|".join(sorted(_NOISE_WORDS)) + r")(?![^\s_-])")
# class/id words of the element holding a document's content.
_CONTENT_WORDS = {"noidung", "content", "fulltext", "toanvan", "vbcontent", "doccontent", "bodytext",
                  "entrycontent", "articlecontent", "postcontent", "detailcontent", "contentdetail",
                  "noidungvanban", "vanbancontent"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "dd", "dt", "dl", "h1", "h2",
               "h3", "h4", "h5", "h6", "article", "section", "blockquote", "pre", "hr", "tbody", "thead",
               "main", "center", "address", "figure", "figcaption", "caption"}
# Tags whose whole text may be a label.
_LABEL_TAGS = {"th", "td", "dt", "span", "div", "strong", "b", "label", "p", "li", "em", "i", "font", "h4",
               "h5", "h6", "u"}
_INLINE_LABEL_TAGS = {"strong", "b", "label", "span", "em", "i", "font", "u"}
_ATTACHMENT_EXT = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".odt", ".rtf", ".7z", ".ppt",
                   ".pptx", ".tif", ".tiff"}
# Link texts that say "download" rather than name the file: the URL's file name is the name.
_GENERIC_LINK = re.compile(r"^(tải( về| xuống| file| tệp)?|tai ve|download|xem|file|tệp|tải tệp|\W*)$", re.I)
_WORD_SPLIT = re.compile(r"[\s_-]+")
# Marks a block boundary while text is gathered: a control character detect._safe has already
# removed from the page, so it cannot come from the page itself.
_BREAK = "\x1e"
# Longer text (lxml's text_content) is a container's, too long to hold one label pair.
_CONTAINER_CHARS = 400
# Where a sidebar's field labels sit (table cells, definition terms, label spans).
_SIDEBAR_LABEL_TAGS = ("th", "td", "dt", "label", "strong", "b", "span", "li")
# Fields with a value found outside the content containers that show the page labels its
# fields there (one could be a stray "Lĩnh vực:" line of a menu).
_FIELDS_OUTSIDE_CONTENT = 2
# Paragraphs an unnamed element needs to be taken for the text's container before labels are
# read: a document's text has a heading, a place and date, a title and its articles.
_UNNAMED_CONTAINER_PARAGRAPHS = 5
# <input> types whose value is text a reader sees in the box.
_SHOWN_INPUT_TYPES = {"text", "date", "search", ""}
# Elements with a class or id: the only ones whose names can mark them as chrome.
_NAMED = etree.XPath("//*[@class or @id]")


def parse_detail(
    source: str, root: HtmlElement, base_url: str | None, skip: list[HtmlElement] | None = None
) -> ParsedNotice:
    """Read a detail page; elements in skip (tables of related documents) are not read.
    Raises NoLabelledFields when the page has no labelled field."""
    _strip_noise(root)
    _show_form_values(root)
    named = [el for el in _NAMED(root) if _named_content(el)]
    notice, found = _read_fields(source, root, skip or [], named)
    if not found.body and not notice.body:
        container = _body_element(root, found.used, named)
        found.body = [container] if container is not None else []
    _read_unknown_labels(root, notice, found)
    if not any(notice.fields.values()):
        # Nothing labelled by markup (at most a lone "Tải về" link or an "Tác giả:" line of
        # a news page): try the page as a dump, and it is no notice if that finds none either.
        return _as_text(source, root, base_url)
    if found.body:
        notice.body = _without_body_label(
            "\n\n".join(filter(None, (block_text(el, skip=found.used) for el in found.body)))
        )
    if not notice.fields.get("title"):
        heading = _first_heading(root, found.used)
        if heading:
            # Portals often show the trích yếu as the page heading, without a label.
            notice.add("title", heading)
            if notice.body.startswith(heading + "\n\n"):
                # The heading inside the content container ("main-content" holding the <h1> and
                # "entry-content"): the page's heading, now the title, not the document's text.
                notice.body = notice.body[len(heading) + 2 :]
    for element in found.attachment_values:
        for attachment in attachments(element, base_url, any_link=True):
            notice.add_attachment(attachment)
    for attachment in attachments(root, base_url):
        notice.add_attachment(attachment)
    return notice


def _read_fields(
    source: str, root: HtmlElement, skip: list[HtmlElement], named: list[HtmlElement]
) -> tuple[ParsedNotice, _Found]:
    """The known labels, read outside the content containers when the fields are there: the
    document's own text repeats "Số: 1234/QĐ-UBND" and "Nơi nhận:" lines, which are its body,
    not labels to take out of it. Pages whose fields sit inside the container (a "content"
    div wrapping the whole page) are read whole."""
    containers = _content_leaves(named) or _unnamed_container(root)
    if containers:
        notice, found = ParsedNotice(source=source), _Found()
        found.used.update(skip)
        _read_known_labels(root, notice, found, outside=containers)
        if sum(1 for value in notice.fields.values() if value) >= _FIELDS_OUTSIDE_CONTENT:
            for container in containers:
                # A "Tải về" link at the end of the text is the page's, not the document's.
                _read_known_labels(container, notice, found, only="attachments")
            return notice, found
    notice, found = ParsedNotice(source=source), _Found()
    found.used.update(skip)
    _read_known_labels(root, notice, found)
    return notice, found


def _content_leaves(named: list[HtmlElement]) -> tuple[HtmlElement, ...]:
    """Of the elements named for content (div.noidung, div#content), those holding no other:
    a "content" wrapper around the whole page is not one, the text container inside it is."""
    if not named:
        return ()
    holders = {ancestor for el in named for ancestor in el.iterancestors()}
    return tuple(el for el in named if el not in holders)


def _unnamed_container(root: HtmlElement) -> tuple[HtmlElement, ...]:
    """Pages without a named content container: the element with the most <p> children, when
    it has enough to be a document's text rather than a run of "Label: value" lines."""
    best = _paragraph_parent(root, set(), set())
    if best is None or sum(1 for child in best.iterchildren("p")) < _UNNAMED_CONTAINER_PARAGRAPHS:
        return ()
    return (best,)


def _without_body_label(body: str) -> str:
    """The body without a leading "Nội dung văn bản" paragraph: containers such as
    <div class="noi-dung"><h3>Nội dung văn bản</h3><p>Căn cứ ...</p> open with their own label
    (samples/html/quyet-dinh-khen-thuong-2019.html), which is no part of the document."""
    first, sep, rest = body.partition("\n\n")
    if len(first) > MAX_LABEL_CHARS + 1:
        return body
    label = known_label(first)
    return rest if label is not None and label.field == "body" and sep else body


def _as_text(source: str, root: HtmlElement, base_url: str | None) -> ParsedNotice:
    """A page whose markup pairs no label with a value (a dump in <pre>, labels and values in
    one run of text): its visible text read as a text dump. NoLabelledFields if that fails too."""
    # <pre> keeps a dump's own lines and blank lines; elsewhere one line per block or <br>.
    literal = "\n".join(str(_TEXT_CONTENT(pre)) for pre in root.iter("pre"))
    text = literal if literal.strip() else block_text(root).replace("\n\n", "\n")
    try:
        notice = parse_text(source, text)
    except NoLabelledFields:
        raise NoLabelledFields(
            source, "no labelled field (such as 'Số ký hiệu' or 'Trích yếu') in the HTML"
        ) from None
    for attachment in attachments(root, base_url):
        notice.add_attachment(attachment)
    return notice


class _Found:
    """What the label passes found: how many labels, the elements used by label pairs, the
    elements holding the body (after a "Nội dung" label) and those holding attachment links."""

    def __init__(self) -> None:
        self.count = 0
        self.used: set[HtmlElement] = set()
        self.body: list[HtmlElement] = []
        self.attachment_values: list[HtmlElement] = []


def page_base(root: HtmlElement, base_url: str | None) -> str | None:
    """Where the page's relative links point: its <base href> (itself relative to the page's
    URL, as browsers read it), else the URL the page came from."""
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(base_url, href) if base_url else href
    return base_url


def _strip_noise(root: HtmlElement) -> None:
    """Drop scripts, menus, navigation and footers in place (their tails, text after them, stay)."""
    doomed = [*root.iter(*_NOISE_TAGS), *(el for el in _NAMED(root) if _is_noise(el))]
    for el in doomed:
        if not _fields_in_sidebar(el):
            _drop(el)


def _fields_in_sidebar(el: HtmlElement) -> bool:
    """A sidebar holding the document's fields ("Thông tin văn bản" beside the content, seen on
    WordPress-style portals): kept, while its menus, named as such, still go. Other chrome
    (menus, footers, breadcrumbs) never holds them."""
    if el.tag != "div" and el.tag != "aside" or set(_NOISE_NAME.findall(_names(el))) != {"sidebar"}:
        return False
    for child in el.iter(*_SIDEBAR_LABEL_TAGS):
        text = (child.text or "").strip()
        if text and len(text) <= MAX_LABEL_CHARS + 1:
            label = known_label(text)
            if label is not None and label.field is not None and label.field != "body":
                return True
    return False


def _show_form_values(root: HtmlElement) -> None:
    """Read-only form fields as the text they show: ASP.NET detail pages put each value in
    <input readonly value="88/TB-UBND"> beside a <label>, and an input holds no text. Editable
    inputs (a search box) are left alone: what they hold is not the page's."""
    for el in root.iter("input"):
        if el.get("readonly") is None and el.get("disabled") is None:
            continue
        value = (el.get("value") or "").strip()
        if value and (el.get("type") or "text").lower() in _SHOWN_INPUT_TYPES:
            el.tag, el.text = "span", value


def _drop(el: HtmlElement) -> None:
    """Remove an element and its subtree, keeping its tail (the text after it) in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_noise(el: HtmlElement) -> bool:
    """Whether a class or id word (split at spaces, "_" and "-") is one of _NOISE_WORDS."""
    return _NOISE_NAME.search(_names(el)) is not None


def _names(el: HtmlElement) -> str:
    return ((el.get("class") or "") + " " + (el.get("id") or "")).lower()


def _short_text(el: HtmlElement, limit: int = _CONTAINER_CHARS) -> str:
    """own_text for elements short enough to hold a label pair; "" for containers (measured
    with lxml's C text_content first: containers are most of a page's text)."""
    if len(_TEXT_CONTENT(el)) > limit:
        return ""
    return own_text(el)


def own_text(el: HtmlElement) -> str:
    """An element's text as a reader sees it on one line: inline pieces joined as they are,
    block boundaries and <br> as spaces."""
    parts: list[str] = []
    _collect(el, parts, inline=True)
    return " ".join("".join(parts).split())


def _collect(el: HtmlElement, parts: list[str], inline: bool, skip: set[HtmlElement] | None = None) -> None:
    """Gather text depth-first; a block element or <br> adds a break (_BREAK) around its text."""
    # Each read of .text, .tail or .tag builds a new Python string from the tree: read once.
    text = el.text
    if text:
        parts.append(text)
    mark = " " if inline else _BREAK
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and not (skip and child in skip):
            if tag in _BLOCK_TAGS:
                parts.append(mark)
                _collect(child, parts, inline, skip)
                parts.append(mark)
            else:
                _collect(child, parts, inline, skip)
        tail = child.tail
        if tail:
            parts.append(tail)


def block_text(el: HtmlElement, skip: set[HtmlElement] | None = None) -> str:
    """Text with paragraphs kept: one paragraph per block element, separated by a blank line,
    spaces inside a paragraph collapsed. Elements in skip (label pairs) are left out."""
    parts: list[str] = []
    _collect(el, parts, inline=False, skip=skip)
    # Newlines in HTML source are spaces; only blocks and <br> break lines.
    text = "".join(parts).replace("\n", " ")
    lines = (" ".join(line.split()) for line in text.split(_BREAK))
    return "\n\n".join(line for line in lines if line)


def _elements(
    root: HtmlElement, skip: set[HtmlElement], outside: tuple[HtmlElement, ...] = ()
) -> Iterator[HtmlElement]:
    """Elements in document order, not descending into skipped ones (checked after the caller
    saw an element, so a pair it just used is not entered) nor into the `outside` subtrees."""
    stack = [root]
    while stack:
        el = stack.pop()
        if el in skip or el in outside:
            continue
        yield el
        if el not in skip:
            # Elements only (no comments or processing instructions), filtered in C.
            stack.extend(el.iterchildren(etree.Element, reversed=True))


def _read_known_labels(
    root: HtmlElement, notice: ParsedNotice, found: _Found, outside: tuple[HtmlElement, ...] = (),
    only: str | None = None,
) -> None:
    """First pass: every element that is a known label, or a "Label: value" text block, except
    inside the `outside` subtrees; with `only`, just the labels of that field."""
    for el in _elements(root, found.used, outside):
        if el.tag not in _LABEL_TAGS or el in found.used:
            continue
        full = _TEXT_CONTENT(el)
        if len(full) > _CONTAINER_CHARS:
            continue
        if only is not None:
            label = known_label(full) if len(full) <= MAX_LABEL_CHARS + 1 else None
            if label is not None and label.field == only and not _label_is_deeper(el, own_text(el)):
                found.count += 1
                _pair_value(el, label, notice, found, own_text(el))
            continue
        if len("".join(full.split())) > MAX_LABEL_CHARS + 1:
            # A body paragraph, mostly: own_text keeps every non-space character of full, so
            # it would be too long for a label, and only a "Label: value" text block (its colon
            # in the element's own text) can open here. Its one-line text is not built.
            if _is_text_block(el):
                _read_text_block(el, notice, found)
            continue
        text = own_text(el)
        if not text:
            continue
        label = known_label(text) if len(text) <= MAX_LABEL_CHARS + 1 else None
        if label and _label_is_deeper(el, text):
            continue
        if label:
            found.count += 1
            _pair_value(el, label, notice, found, text)
        elif ":" in text and _is_text_block(el):
            _read_text_block(el, notice, found)


def _label_is_deeper(el: HtmlElement, text: str) -> bool:
    """A wrapper whose text is only a child's label (<div class="row"><span>Người ký:</span>
    <span></span></div>): the child is the label, its empty sibling the value."""
    return any(isinstance(child.tag, str) and own_text(child) == text for child in el) and len(el) > 1


def _read_text_block(el: HtmlElement, notice: ParsedNotice, found: _Found) -> None:
    """ "Số ký hiệu: 12/QĐ<br>Ngày ban hành: 01/02/2020<br>...": the element's lines read as a
    text dump, when its first line is a label (a body paragraph with a colon is not)."""
    lines = block_text(el).split("\n\n")
    if split_label_line(lines[0], allow_unknown=False) is None:
        return
    count, _ = read_lines(notice, lines)
    found.count += count
    found.used.add(el)


def labelled_fields(root: HtmlElement, outside: list[HtmlElement]) -> int:
    """How many distinct fields the page labels, with a value, outside the given elements:
    what tells a detail page with a related-documents table from a listing page (whose search
    form has labels too, but next to empty inputs)."""
    fields: set[str] = set()
    for el in _elements(root, set(outside)):
        if el.tag not in _LABEL_TAGS:
            continue
        text = _short_text(el)
        if not text:
            continue
        label = known_label(text) if len(text) <= MAX_LABEL_CHARS + 1 else None
        if label is not None and label.field:
            sibling = _next_element(_anchor(el, text))
            if (el.tail or "").strip(" \t\n\r\xa0:") or (sibling is not None and own_text(sibling)):
                fields.add(label.field)
        elif label is None and _is_text_block(el):
            pair = split_label_line(text, allow_unknown=False)
            if pair and pair[0].field and pair[1]:
                fields.add(pair[0].field)
    return len(fields)


def _is_text_block(el: HtmlElement) -> bool:
    """A <p>/<li>/<td>/<div> whose own text opens with the label: "Số ký hiệu: 123/QĐ"."""
    return el.tag in {"p", "li", "td", "div", "dd", "span"} and ":" in (el.text or "")


def _anchor(el: HtmlElement, text: str) -> HtmlElement:
    """The outermost element holding only this label (<td><strong>Số:</strong></td> → the td),
    whose sibling or tail holds the value."""
    anchor = el
    parent = anchor.getparent()
    while parent is not None and parent.tag in _LABEL_TAGS and len(parent) == 1 and own_text(parent) == text:
        anchor, parent = parent, parent.getparent()
    return anchor


def _next_element(el: HtmlElement) -> HtmlElement | None:
    sibling = el.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def _pair_value(el: HtmlElement, label: Label, notice: ParsedNotice, found: _Found, text: str) -> None:
    """Find and store a label element's value: its tail (inline form), else its next sibling.
    text is own_text(el), which the caller has already."""
    anchor = _anchor(el, text)
    found.used.add(anchor)
    if label.field == "body":
        _body_after(anchor, notice, found)
        return
    if anchor.tag in _INLINE_LABEL_TAGS and (anchor.tail or "").strip(" \t\n\r\xa0:"):
        store(notice, label, _inline_value(anchor, found.used))
        return
    sibling = _next_element(anchor)
    if sibling is not None and sibling.tag in {"td", "th"} and _only_separator(sibling):
        # "Số ký hiệu | : | 76/2019/NĐ-CP": a cell holding only the colon sits between them.
        found.used.add(sibling)
        sibling = _next_element(sibling)
    if sibling is not None and sibling.tag == "br" and not (anchor.tail or "").strip():
        # <td><b>Số ký hiệu</b><br>12/QĐ-UBND</td>: the value is the next line.
        store(notice, label, _inline_value(sibling, found.used))
        return
    sibling_text = "" if sibling is None or sibling.tag == "br" else own_text(sibling)
    if sibling is None or sibling.tag == "br" or _is_label_element(sibling, anchor, label, sibling_text):
        store(notice, label, (anchor.tail or "").strip(" \t\n\r\xa0:"))
        return
    found.used.add(sibling)
    if label.field == "attachments":
        found.attachment_values.append(sibling)
        if sibling.find(".//a") is not None:
            return
    store(notice, label, sibling_text)


def _only_separator(el: HtmlElement) -> bool:
    """A cell whose whole text is a colon or dash (older portals' three-column label tables)."""
    text = (el.text or "").strip(" \t\n\r\xa0")
    return text in {":", "：", "-", "–"} and not len(el)


def _body_after(anchor: HtmlElement, notice: ParsedNotice, found: _Found) -> None:
    """A "Nội dung" label's value is everything after it in its parent: one <td>/<dd>/<div>, or
    a run of <p> (later label pairs are skipped when the text is read)."""
    tail = (anchor.tail or "").strip(" \t\n\r\xa0:")
    if tail:
        notice.body = tail
    sibling = _next_element(anchor)
    while sibling is not None:
        found.used.add(sibling)
        found.body.append(sibling)
        sibling = _next_element(sibling)


def _is_label_element(
    el: HtmlElement, anchor: HtmlElement, label: Label | None = None, text: str | None = None
) -> bool:
    """A sibling that is itself the next label, so the previous label's value is empty. Label
    words alone do not tell: "Hết hiệu lực" is a label and also the value of "Trạng thái", so
    what label (the one before) waits for is its value. Otherwise a next label ends in a colon,
    or is marked up as the label before it was (not a <td>/<dd>, which in a row is the value
    cell). text is own_text(el) when the caller has it."""
    if text is None:
        text = own_text(el)
    if el.tag not in _LABEL_TAGS or not 0 < len(text) <= MAX_LABEL_CHARS + 1 or known_label(text) is None:
        return False
    if expected_value(label, text):
        return False
    if text.endswith((":", "：")):
        return True
    return el.tag == anchor.tag and el.get("class") == anchor.get("class") and el.tag not in {"td", "dd"}


def _inline_value(anchor: HtmlElement, used: set[HtmlElement]) -> str:
    """<strong>Label:</strong> value <em>more</em><br>: the tail and inline siblings up to the
    next <br>, block or label."""
    parts = [anchor.tail or ""]
    sibling = anchor.getnext()
    while sibling is not None:
        if not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
            continue
        if sibling.tag in _BLOCK_TAGS or _is_label_element(sibling, anchor):
            break
        used.add(sibling)
        parts.append(own_text(sibling))
        parts.append(sibling.tail or "")
        sibling = sibling.getnext()
    return " ".join(" ".join(parts).split()).lstrip(": ")


def _read_unknown_labels(root: HtmlElement, notice: ParsedNotice, found: _Found) -> None:
    """Second pass, outside the body: labels the vocabulary does not know, where the markup says
    "label" (<th>, <dt>, a class with "label", <strong>Text:</strong>), kept in extra."""
    for el in _elements(root, found.used, outside=tuple(found.body)):
        if el in found.used or not _marked_as_label(el):
            continue
        text = own_text(el)
        label = unknown_label(text)
        if label is None:
            continue
        anchor = _anchor(el, text)
        following = _next_element(anchor)
        if anchor.tag == "th" and following is not None and following.tag == "th":
            # A header row ("STT | Tên tệp | Dung lượng | Tải về" over a table of files):
            # column names side by side, no label and its value.
            continue
        has_value = (anchor.tail or "").strip(" \t\n\r\xa0:") or following is not None
        if not has_value:
            continue
        found.count += 1
        _pair_value(el, label, notice, found, text)


def _marked_as_label(el: HtmlElement) -> bool:
    """Markup that says "this is a label": <th>, <dt>, a class "label"/"field-label"/"lbl"/"key",
    or bold text ending in a colon."""
    if el.tag in {"th", "dt"}:
        return True
    classes = _WORD_SPLIT.split((el.get("class") or "").lower())
    if "label" in classes or "lbl" in classes or "key" in classes:
        return True
    return el.tag in {"strong", "b", "label"} and own_text(el).endswith(":")


def _body_element(root: HtmlElement, used: set[HtmlElement], named: list[HtmlElement]) -> HtmlElement | None:
    """The content container when no "Nội dung" label points at one: the first element named
    for content (named: those, in document order) or <article> that holds no label pair, else
    the parent of the most paragraphs."""
    holders = _holders(used)
    for el in named:
        if el not in used and el not in holders:
            return el
    for el in root.iter("article"):
        if el not in used and el not in holders:
            return el
    return _paragraph_parent(root, used, holders)


def _named_content(el: HtmlElement) -> bool:
    names = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
    if not names.strip():
        return False
    words = _WORD_SPLIT.split(names)
    joined = names.replace("-", "").replace("_", "").split()
    return any(word in _CONTENT_WORDS for word in words) or any(word in _CONTENT_WORDS for word in joined)


def _holders(used: set[HtmlElement]) -> set[HtmlElement]:
    """Every element that is or contains a used one: no content container can be among them."""
    holders: set[HtmlElement] = set()
    for el in used:
        while el is not None and el not in holders:
            holders.add(el)
            el = el.getparent()
    return holders


def _paragraph_parent(
    root: HtmlElement, used: set[HtmlElement], holders: set[HtmlElement]
) -> HtmlElement | None:
    """Pages with an unnamed container: the element with the most <p> children, two or more,
    or one when it comes after the labels (the content follows the fields on every layout
    seen; a lone <p> before them is a heading or a notice of the site)."""
    best, most, after_labels = None, 0, not used
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el in used:
            after_labels = True
            continue
        count = sum(1 for child in el if child.tag == "p" and child not in holders)
        if count > most and (count >= 2 or after_labels):
            best, most = el, count
    return best


def _first_heading(root: HtmlElement, used: set[HtmlElement]) -> str | None:
    for el in root.iter("h1"):
        if el not in used:
            text = own_text(el)
            if text and known_label(text) is None:
                return text
    return None


def attachments(root: HtmlElement, base_url: str | None, any_link: bool = False) -> list[Attachment]:
    """Links to files: hrefs ending in a document extension (before any query string), or
    links whose query names such a file ("download.aspx?file=qd.pdf"); with any_link (the
    value of a "Tệp đính kèm" label) every link, named by its text."""
    found: list[Attachment] = []
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        file_name = file_name_of(href)
        if file_name is None and not any_link:
            continue
        url = urljoin(base_url, href) if base_url else href
        text = own_text(link)
        if not text or _GENERIC_LINK.match(text):
            # "Tải về", "Xem" or an icon: the link's title, else the file's name, else its URL.
            text = (link.get("title") or "").strip() or file_name or url
        found.append(Attachment(name=text, url=url))
    return found


def file_name_of(href: str) -> str | None:
    """The file a link downloads, when its path or query ends in a document extension."""
    parts = urlsplit(href)
    query_values = (part.partition("=")[2] for part in parts.query.split("&"))
    for candidate in (parts.path, *query_values):
        name = posixpath.basename(unquote(candidate))
        if posixpath.splitext(name)[1].lower() in _ATTACHMENT_EXT:
            return name
    return None
