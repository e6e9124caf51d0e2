"""Text dumps → ParsedNotice: label lines, their values, then the body.

In: the decoded text of a dump like the seed (tests/fixtures/000_413800830483a456.txt). Out: a
`ParsedNotice` with values as written, or NoLabelledFields.

What dumps do (seen in the seed and DOMAIN.md): a value sits on the label's line ("Trích yếu:
...") or on the next lines ("Loại văn bản:\\nThông báo - Công văn"), or is empty ("Người kí:"
directly followed by the next label); labels come with or without a colon, upper case, without
diacritics; the body follows "Nội dung văn bản:" to the end of the file. The label helpers
here are shared with the HTML parsers.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ingest.errors import NoLabelledFields
from ingest.models import ParsedNotice
from search.models import Attachment, Status
from search.vocabulary import vocabulary

# Longest label we look up: the longest wording in labels.json is 38 characters; a colon and
# stray spaces make room for a few more. Longer text is a value, not a label.
MAX_LABEL_CHARS = 48
# No label in labels.json holds a digit; values nearly always do (numbers, dates), and skipping
# them spares the vocabulary's fuzzy search.
_DIGIT = re.compile(r"\d")
# Labels we do not know are kept (in extra) when they look like labels: a few words, no digits.
_UNKNOWN_LABEL = re.compile(r"^[^\W\d_][^\d:;.!?\"“”()\[\]]{0,38}$")
_MAX_UNKNOWN_LABEL_WORDS = 5
# A line that opens the body without a "Nội dung" label: a long prose line after a blank line.
_BODY_LINE_CHARS = 160
# Table layouts copied as text put a TAB (or a run of spaces) between label and value, no colon:
# "Trích yếu nội dung\tKết luận của Thủ tướng". NBSP counts: Windows copies keep it.
_FIELD_GAP = re.compile(r"\t[\s:]*|[ \xa0]{2,}[\s:]*")
# A numbered or lettered list marker before a label ("1. Số hiệu:", "a) Trích yếu:"); bullets
# ("-", "•") need none: the vocabulary's matching drops punctuation, but a digit bars a label.
_LIST_MARKER = re.compile(r"^(?:\d{1,2}|[a-zđ]|[ivx]{1,4})[.)]\s+", re.I)
# Date labels whose value may be a status wording instead ("Ngày hết hiệu lực:\nHết hiệu lực").
_DATE_FIELDS = {"issued_date", "effective_date", "expiry_date"}
# Links written out in a dump's attachment line ("Văn bản gốc: https://.../qd.pdf").
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Label:
    """A label as found: the Notice field it names, or the extra key; `written` as on the page."""

    written: str
    field: str | None = None
    extra_key: str | None = None


def known_label(text: str) -> Label | None:
    """The label text names (a Notice field or a known extra), or None. Takes the text with or
    without its trailing colon."""
    written = text.strip().rstrip(":：").strip()
    if not written or len(written) > MAX_LABEL_CHARS or _DIGIT.search(written):
        return None
    if ":" in written or "：" in written:
        # "Trạng thái: Hiệu lực" is a label and its value; read whole, the vocabulary's
        # matching (which drops punctuation) took it for the label "Trạng thái hiệu lực".
        # No wording in labels.json holds a colon.
        return None
    return _lookup(written)


def expected_value(label: Label | None, text: str) -> bool:
    """Whether text reads as the value label waits for, even though it is also a label's
    wording: "Hết hiệu lực" names the expiry date but is the value of "Trạng thái", and
    "Hiệu lực" names the effective date but is a status too. Dates and numbers never look like
    labels (no label holds a digit), so statuses are the only values to tell apart. Text ending
    in a colon is the next label whatever its words."""
    if label is None or label.field != "status" or text.rstrip().endswith((":", "：")):
        return False
    return vocabulary().status_for(text) is not Status.unknown


def _status_wording(text: str) -> bool:
    """Text that names a status ("Hết hiệu lực", "Còn hiệu lực") and is not a label (no colon)."""
    if text.rstrip().endswith((":", "：")) or len(text) > MAX_LABEL_CHARS:
        return False
    return vocabulary().status_for(text) is not Status.unknown


@lru_cache(maxsize=8192)
def _lookup(written: str) -> Label | None:
    """The vocabulary's answer for a label, cached here because a miss costs a fuzzy search over
    every wording (search.vocabulary caches field hits only): pages repeat the same texts."""
    vocab = vocabulary()
    found = vocab.field_for_label(written)
    if found:
        return Label(written, field=found)
    extra = vocab.extra_for_label(written)
    return Label(written, extra_key=extra) if extra else None


def unknown_label(text: str) -> Label | None:
    """A label the vocabulary does not know but that reads like one ("Người soạn thảo"), so
    its value is kept in extra rather than read as a value or dropped."""
    written = text.strip().rstrip(":：").strip()
    if not _UNKNOWN_LABEL.match(written) or len(written.split()) > _MAX_UNKNOWN_LABEL_WORDS:
        return None
    return Label(written)


def split_label_line(line: str, *, allow_unknown: bool) -> tuple[Label, str] | None:
    """(label, value) when a line starts with a label: "Label: value", "Label:" or a bare known
    label, or "Label value" where value starts with a digit ("Ngày BH 30/07/2018")."""
    text = line.strip()
    if not text:
        return None
    gap = _FIELD_GAP.search(text) if ("\t" in text or "  " in text or "\xa0" in text) else None
    if gap:
        found = _label_before_gap(text, gap, allow_unknown)
        if found:
            return found
    head, colon, rest = text.partition(":")
    if colon:
        label = known_label(head) or (unknown_label(head) if allow_unknown else None)
        if label:
            return label, rest.strip()
    label = known_label(text)
    if label:
        return label, ""
    found = _label_without_colon(text)
    if found is None and (marker := _LIST_MARKER.match(text)):
        # "1. Cơ quan ban hành: Bộ Y tế": only known labels, since numbered body paragraphs
        # ("1. Phạm vi: ...") read like unknown labels after their number.
        return split_label_line(text[marker.end() :], allow_unknown=False)
    return found


def _label_before_gap(text: str, gap: re.Match[str], allow_unknown: bool) -> tuple[Label, str] | None:
    """ "Số, ký hiệu văn bản\t45/TB-VPCP": table cells copied as text. The text before the first
    TAB or run of spaces is the label when the vocabulary knows it; an unknown one only before a
    TAB (prose has double spaces, hardly ever a TAB) and only where unknown labels may open."""
    head, rest = text[: gap.start()], text[gap.end() :].strip()
    if not rest:
        return None
    label = known_label(head)
    if label is None and allow_unknown and "\t" in gap.group():
        label = unknown_label(head)
    return (label, rest) if label else None


def _label_without_colon(text: str) -> tuple[Label, str] | None:
    """ "SỐ KÝ HIỆU 123/QĐ-UBND", "Ngày ban hành 30/07/2018": a known label of up to six words
    followed by a value that opens with a digit. Prose rarely opens with a label then a number.
    A body label of two or more words may be followed by the text's first sentence on its line
    ("Nội dung văn bản Kính gửi các sở"): a capital after it, where prose would go on in lower
    case ("Nội dung chính của kế hoạch")."""
    words = text.split()
    for size in range(min(6, len(words) - 1), 0, -1):
        rest = " ".join(words[size:])
        opens = rest[:1]
        if not (opens.isdigit() or (opens.isupper() and size >= 2)):
            continue
        label = known_label(" ".join(words[:size]))
        if label and (opens.isdigit() or label.field == "body"):
            return label, rest
    return None


@dataclass
class _Reader:
    """State while reading a dump's header: the label whose value lines are being collected."""

    notice: ParsedNotice
    label: Label | None = None
    values: list[str] = field(default_factory=list)
    found: int = 0
    before: list[str] = field(default_factory=list)

    def open(self, label: Label, value: str) -> None:
        self.close()
        self.label, self.values, self.found = label, [value] if value else [], self.found + 1

    def close(self) -> None:
        if self.label is not None:
            store(self.notice, self.label, " ".join(self.values))
        self.label, self.values = None, []

    @property
    def pending(self) -> bool:
        """A label still waiting for its value (value on the next line)."""
        return self.label is not None and not self.values


def store(notice: ParsedNotice, label: Label, value: str) -> None:
    """Put a label's value where it belongs: a field (first wins), a known extra, or extra under
    the label as written. Attachment labels in text hold names only; they are kept in extra."""
    if label.field == "body":
        notice.body = notice.body or value
    elif label.field == "attachments":
        links = _URL.findall(value)
        for url in links:
            name = posixpath.basename(urlsplit(url).path) or url
            notice.add_attachment(Attachment(name=unquote(name), url=url))
        if value.strip() and not links:
            # File names without a link: nothing to fetch, but what the page says is kept.
            notice.add_extra(label.written, value)
    elif label.field:
        notice.add(label.field, value)
    else:
        notice.add_extra(label.extra_key or label.written, value)


def parse_text(source: str, text: str) -> ParsedNotice:
    """Read a text dump's labels and body. Raises NoLabelledFields when no line is a label."""
    notice = ParsedNotice(source=source)
    found, before = read_lines(notice, text.splitlines())
    if found == 0:
        raise NoLabelledFields(source, "no labelled field (such as 'Số ký hiệu' or 'Trích yếu') in the text")
    if not any(notice.fields.values()):
        # Labels without values, or only labels the vocabulary does not know ("Tác giả:"):
        # nothing says this is a notice.
        raise NoLabelledFields(source, "no known field (such as 'Số ký hiệu' or 'Trích yếu') has a value")
    if before:
        # Text above the first label (a portal's heading): not a field, but never dropped.
        notice.add_extra("text_before_labels", " ".join(before))
    return notice


def read_lines(notice: ParsedNotice, lines: list[str]) -> tuple[int, list[str]]:
    """Read label lines into notice (the body too, after a "Nội dung" label); returns how many
    labels were found and the lines above the first one. HTML pages that write "Label: value"
    lines separated by <br> are read with this too."""
    reader = _Reader(notice)
    blank_before = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        value_line = reader.pending and _is_value_line(stripped, reader.label, lines, index)
        found = None if value_line else _label_line(reader, stripped)
        if found is not None:
            label, value = found
            if label.field == "body":
                reader.close()
                reader.notice.body = "\n".join([value, *lines[index + 1 :]]) if value else "\n".join(
                    lines[index + 1 :]
                )
                reader.found += 1
                break
            reader.open(label, value)
        elif stripped and _opens_body(reader, stripped, blank_before):
            reader.close()
            reader.notice.body = "\n".join(lines[index:])
            break
        elif stripped:
            if reader.label is not None:
                reader.values.append(stripped)
            else:
                reader.before.append(stripped)
        blank_before = not stripped
    reader.close()
    return reader.found, reader.before


def _label_line(reader: _Reader, stripped: str) -> tuple[Label, str] | None:
    """A label line; unknown labels only once the previous label has its value, since a value
    on the next line may itself hold a colon ("Trích yếu:\\nV/v: ...")."""
    return split_label_line(stripped, allow_unknown=not reader.pending)


def _is_value_line(stripped: str, pending: Label | None, lines: list[str], index: int) -> bool:
    """A line right after a bare label is its value unless it is itself a known label (the
    seed's empty "Tải tệp đính kèm:" followed by "Người kí:"). A status wording after a status
    label is its value even though "Hết hiệu lực" is also a label (of expiry_date); so is one
    after a date label ("Ngày hết hiệu lực:\nHết hiệu lực"), unless a date follows it: then
    the date label was empty and "Hết hiệu lực" labels that date."""
    if not stripped:
        return False
    if expected_value(pending, stripped):
        return True
    if pending is not None and pending.field in _DATE_FIELDS and _status_wording(stripped):
        following = next((line.strip() for line in lines[index + 1 :] if line.strip()), "")
        return not following[:1].isdigit()
    head = stripped.partition(":")[0]
    return known_label(head) is None and known_label(stripped) is None


def _opens_body(reader: _Reader, stripped: str, blank_before: bool) -> bool:
    """Dumps without a "Nội dung" label: a long prose line after a blank line, once the labels
    above have their values, is where the content starts."""
    return (
        blank_before
        and reader.found > 0
        and not reader.pending
        and len(stripped) >= _BODY_LINE_CHARS
    )
