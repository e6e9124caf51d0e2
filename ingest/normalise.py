"""ParsedNotice → search.models.Notice: every value through the shared normalisation.

In: a `ParsedNotice` (values as written) and the source identity its id derives from. Out: a
`Notice` with its content_hash set.

Decisions, each tested in tests/test_parse_normalise.py:
- A value that cannot be read (an impossible date such as 31/02/2018, a "Số ký hiệu" holding
  no number) does not lose the notice: the field stays null and the raw value is kept in extra
  under "invalid:<field>".
- A field written twice with different values keeps the first; the others go to extra under
  "conflict:<field>", joined by " | ".
- doc_type is the type as written (cleaned); when the page gives none, the type the number's
  code names (91/2017/NĐ-CP → Nghị định).
- references are the documents cited in the title and body, except the notice itself.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ingest.models import ParsedNotice
from search.dates import parse_date
from search.errors import InvalidDateError
from search.models import Attachment, Notice, Reference, Status, notice_id
from search.numbers import normalise_number
from search.references import extract_references
from search.textnorm import clean_body, clean_field
from search.vocabulary import vocabulary


def row_identity(source: str, row: int) -> str:
    """The identity of a listing row: its source (the detail URL) plus its row index."""
    return f"{source}#row={row}"


def to_notice(parsed: ParsedNotice, identity: str | None = None) -> Notice:
    """The Notice for a parsed page or row; identity defaults to the source (plus "#row=N" for
    listing rows), so re-parsing the same page gives the same id."""
    if identity is None:
        row = parsed.source_row
        identity = parsed.source if row is None else row_identity(parsed.source, row)
    fields = parsed.fields
    extra = {key: value for key, value in ((clean_field(k), clean_field(v) or "") for k, v in
                                            parsed.extra.items()) if key}
    for field, others in parsed.conflicts.items():
        differing = _differing(field, fields.get(field), others)
        if differing:
            extra[f"conflict:{field}"] = " | ".join(differing)
    number = _number(fields.get("number"), extra)
    title = clean_field(fields.get("title"))
    body = clean_body(parsed.body)
    status_text = clean_field(fields.get("status"))
    effective_date = _date(fields.get("effective_date"), "effective_date", extra)
    expiry_date = _date(fields.get("expiry_date"), "expiry_date", extra)
    status_text = status_text or _status_under_date_label(extra)
    notice = Notice(
        id=notice_id(identity),
        number=number,
        title=title,
        doc_type=_doc_type(fields.get("doc_type"), number),
        sector=clean_field(fields.get("sector")),
        issuer=clean_field(fields.get("issuer")),
        signer=clean_field(fields.get("signer")),
        issued_date=_date(fields.get("issued_date"), "issued_date", extra),
        effective_date=effective_date,
        expiry_date=expiry_date,
        status=vocabulary().status_for(status_text),
        status_text=status_text,
        body=body,
        attachments=[_attachment(a) for a in parsed.attachments],
        references=_references(title, body, number),
        source=parsed.source,
        source_row=parsed.source_row,
        extra=extra,
    )
    return notice.with_content_hash()


def _differing(field: str, kept: str | None, others: list[str]) -> list[str]:
    """Later values that still differ from the kept one once both are normalised: the same
    number written "56/ 2015/ NĐ - CP" and "56/2015/NĐ-CP" is no conflict."""
    same = normalise_number if field == "number" else clean_field
    kept_value = same(kept)
    cleaned = (clean_field(other) or "" for other in others)
    return list(dict.fromkeys(o for o in cleaned if o and same(o) != kept_value))


def _number(raw: str | None, extra: dict[str, str]) -> str | None:
    """The normalised number; a value with no number in it is kept in extra, not dropped."""
    written = clean_field(raw)
    if written is None:
        return None
    number = normalise_number(written)
    if number is None:
        extra["invalid:number"] = written
    return number


def _doc_type(raw: str | None, number: str | None) -> str | None:
    """The type as written, canonical when it names one type ("CHỈ THỊ", "Nghi dinh"); else
    the type the number's code names."""
    written = clean_field(raw)
    if written:
        return _canonical_doc_type(written)
    return vocabulary().doc_type_for_number(number) if number else None


@lru_cache(maxsize=4096)
def _canonical_doc_type(written: str) -> str:
    """Cached: portals repeat a handful of type wordings, and a wording that names no single
    type costs the vocabulary a fuzzy search every time."""
    return vocabulary().canonical_doc_type(written) or written


def _date(raw: str | None, field: str, extra: dict[str, str]) -> date | None:
    """The date a field holds; an impossible or unreadable one is kept in extra as written."""
    written = clean_field(raw)
    if written is None:
        return None
    try:
        value = parse_date(written, field)
    except InvalidDateError:
        value = None
    if value is None:
        extra[f"invalid:{field}"] = written
    return value


def _status_under_date_label(extra: dict[str, str]) -> str | None:
    """A status wording written where a date belongs ("Ngày hết hiệu lực: Hết hiệu lực", seen
    on portals that fill the expiry cell with the status): the page's only word on the status
    when no status label has one. It stays in extra as the invalid date it is, too."""
    for field in ("expiry_date", "effective_date"):
        written = extra.get(f"invalid:{field}")
        if written and vocabulary().status_for(written) is not Status.unknown:
            return written
    return None


def _attachment(attachment: Attachment) -> Attachment:
    name = clean_field(attachment.name) or attachment.url
    return attachment.model_copy(update={"name": name, "url": attachment.url.strip()})


def _references(title: str | None, body: str, number: str | None) -> list[Reference]:
    """Documents cited in the title and body; the notice's own number is no citation."""
    text = f"{title}\n{body}" if title else body
    references = extract_references(text)
    if not number:
        return references
    # Both sides are normalise_number output (Ð→Đ, dashes, spaces): only case may differ, and
    # number_key per reference cost more than the rest of this function.
    own = number.upper()
    return [ref for ref in references if ref.number.upper() != own]
