"""The indexed form of a notice, and the way back.

In: `Notice` records (search.models) and their analysed texts (search.analysis).
Out: `IndexedDocument` models, bulk actions for elasticsearch-py's helpers, `SerialisedDocument`s
(a document's `_source` already as JSON bytes: what a load's pool workers hand back), and `Notice`
records rebuilt from a stored `_source` (for reindex and the query layer's `/notices/{id}`).

The field names here are the ones mappings/notices.json declares; `extra="forbid"` on every
model keeps the two from drifting apart silently (the mapping is `dynamic: strict` as well).
`text.*` holds tokens analysed in Python (Vietnamese words, syllables and their folded forms)
and is excluded from `_source`, so it is rebuilt from the notice whenever it is needed.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from search.models import Attachment, Notice, Reference, Status
from search.numbers import number_key

TEXT_FIELDS = ("title", "body", "attachments")
ANALYSED_FORMS = ("words", "syllables", "folded_words", "folded_syllables")
KEYED_FIELDS = ("doc_type", "sector", "issuer", "signer")


class AnalysedText(BaseModel):
    """One text field in its four indexed forms (space-separated tokens, stored verbatim)."""

    model_config = ConfigDict(extra="forbid")

    words: str = ""
    syllables: str = ""
    folded_words: str = ""
    folded_syllables: str = ""


class AnalysedTexts(BaseModel):
    """The analysed forms of a notice's title, body and attachment text."""

    model_config = ConfigDict(extra="forbid")

    title: AnalysedText = Field(default_factory=AnalysedText)
    body: AnalysedText = Field(default_factory=AnalysedText)
    attachments: AnalysedText = Field(default_factory=AnalysedText)


class Keys(BaseModel):
    """Folded forms of the facet fields, so filters tolerate case, tone placement and diacritics."""

    model_config = ConfigDict(extra="forbid")

    doc_type: str | None = None
    sector: str | None = None
    issuer: str | None = None
    signer: str | None = None


class IndexedReference(Reference):
    """A cited document, with the lookup key `--cites` and number search match on."""

    number_key: str


class IndexedDocument(BaseModel):
    """Exactly what is sent to Elasticsearch for one notice."""

    model_config = ConfigDict(extra="forbid")

    id: str
    number: str | None = None
    number_key: str | None = None
    numbers: list[str] = Field(default_factory=list)
    title: str | None = None
    doc_type: str | None = None
    sector: str | None = None
    issuer: str | None = None
    signer: str | None = None
    keys: Keys = Field(default_factory=Keys)
    issued_date: date | None = None
    effective_date: date | None = None
    expiry_date: date | None = None
    year: int | None = None
    status: Status = Status.unknown
    status_text: str | None = None
    body: str = ""
    attachments: list[Attachment] = Field(default_factory=list)
    references: list[IndexedReference] = Field(default_factory=list)
    source: str
    source_row: int | None = None
    content_hash: str
    extra: dict[str, str] = Field(default_factory=dict)
    indexed_at: datetime
    text: AnalysedTexts = Field(default_factory=AnalysedTexts)


def notice_texts(notice: Notice) -> dict[str, str]:
    """The three texts analysed for search; attachment texts are joined, one per paragraph."""
    attachments = "\n\n".join(a.text for a in notice.attachments if a.text)
    return {"title": notice.title or "", "body": notice.body, "attachments": attachments}


def lookup_keys(notice: Notice) -> list[str]:
    """Keys of the notice's own number and of every number it cites, without repeats.

    One field serves both number lookup and `--cites`, so a query for a number finds the
    notice that carries it and the notices that cite it."""
    numbers = [notice.number] if notice.number else []
    numbers += [ref.number for ref in notice.references]
    return list(dict.fromkeys(number_key(n) for n in numbers))


def _fold(value: str | None) -> str | None:
    # Imported here: textnorm is the one home of Vietnamese folding (see search/textnorm.py).
    from search.textnorm import fold_key

    return fold_key(value) if value else None


def build_document(
    notice: Notice, texts: AnalysedTexts, indexed_at: datetime | None = None
) -> IndexedDocument:
    """The indexed document for notice: its fields, derived keys and analysed texts.

    The content hash is computed here when the notice has none, because `unchanged`
    detection compares it with the stored one."""
    if not notice.content_hash:
        notice = notice.with_content_hash()
    fields = notice.model_dump(exclude={"references"})
    return IndexedDocument(
        **fields,
        number_key=number_key(notice.number) if notice.number else None,
        numbers=lookup_keys(notice),
        keys=Keys(**{name: _fold(getattr(notice, name)) for name in KEYED_FIELDS}),
        year=notice.issued_date.year if notice.issued_date else None,
        references=[
            IndexedReference(**ref.model_dump(), number_key=number_key(ref.number))
            for ref in notice.references
        ],
        indexed_at=indexed_at or datetime.now(UTC),
        text=texts,
    )


def _analysed_fields(text: str) -> dict[str, str]:
    """One text's four indexed forms; module-level so that pool workers can run it and send
    back plain strings (cheaper to pickle than Analysis models)."""
    from search.analysis import analyse

    return analyse(text).as_fields()


def _group(notices: Sequence[Notice], fields: list[dict[str, str]]) -> list[AnalysedTexts]:
    """Regroup the flat list of analysed texts (title, body, attachments per notice)."""
    width = len(TEXT_FIELDS)
    return [
        AnalysedTexts(
            **{
                name: AnalysedText(**f)
                for name, f in zip(TEXT_FIELDS, fields[i * width : (i + 1) * width], strict=True)
            }
        )
        for i in range(len(notices))
    ]


def analyse_notices(notices: Sequence[Notice], pool: Any = None, chunk_size: int = 32) -> list[AnalysedTexts]:
    """Analysed texts for each notice, in order, with the shared analysis (search.analysis);
    on pool's workers when one is given (pyvi costs ~16 ms per page body, so a bulk load is
    CPU-bound on analysis)."""
    return submit_analysis(notices, pool, chunk_size)()


def submit_analysis(
    notices: Sequence[Notice], pool: Any = None, chunk_size: int = 32
) -> Callable[[], list[AnalysedTexts]]:
    """Start analysing notices on pool's workers and return what collects the result, so the
    caller can write the previous batch meanwhile; without a pool the work happens on collect."""
    texts = [text for notice in notices for text in notice_texts(notice).values()]
    if pool is None:
        return lambda: _group(notices, [_analysed_fields(t) for t in texts])
    pending = pool.map_async(_analysed_fields, texts, chunksize=chunk_size)
    return lambda: _group(notices, pending.get())


@contextmanager
def analysis_pool(processes: int) -> Iterator[Any]:
    """A worker pool kept for a whole load (None for one process). Creating a pool per batch
    cost more than it saved; the model is loaded before forking so workers share its pages."""
    if processes <= 1:
        yield None
        return
    _analysed_fields("khởi động")  # load the segmenter's model and dictionaries once, pre-fork
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(processes) as pool:
        yield pool


class SerialisedDocument(BaseModel):
    """A document ready for the bulk request: its id, its content hash and its `_source` as
    JSON bytes, the same JSON `index_action` gives (tests/test_load.py compares them)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    content_hash: str
    source: bytes


def serialise_document(document: IndexedDocument) -> SerialisedDocument:
    """The document's `_source` as JSON bytes, straight from pydantic's serializer: 0.012 ms a
    notice against 0.066 ms for model_dump(mode="json") + json.dumps and 0.040 ms for
    model_dump_json().encode(), which decodes the bytes to str and back (bench corpus, 500
    notices, best of 3); and done in a pool worker, not in the process that writes to ES."""
    return SerialisedDocument.model_construct(
        id=document.id,
        content_hash=document.content_hash,
        source=IndexedDocument.__pydantic_serializer__.to_json(document, exclude_none=True),
    )


def prepare_documents(notices: Sequence[Notice]) -> list[SerialisedDocument]:
    """Analyse, build and serialise each notice: all the CPU work of a load after parsing, in
    one call so that a pool worker does it in one round trip per chunk of notices."""
    texts = _group(notices, [_analysed_fields(t) for n in notices for t in notice_texts(n).values()])
    return [serialise_document(build_document(n, t)) for n, t in zip(notices, texts, strict=True)]


def _prepare_chunk(notices: Sequence[Notice]) -> list[tuple[str, str, bytes]]:
    """A pool worker's task: plain tuples back, not models (cheaper to pickle; the parent
    wraps them again without validation, since the worker built them from validated models)."""
    return [(d.id, d.content_hash, d.source) for d in prepare_documents(notices)]


def submit_documents(
    notices: Sequence[Notice], pool: Any = None, chunk_size: int = 8
) -> Callable[[], list[SerialisedDocument]]:
    """Start preparing notices (prepare_documents) on pool's workers, in chunks of chunk_size
    notices, and return what collects them in order; without a pool the work happens on collect.

    Why chunks of notices and not of texts: a worker then builds and serialises the whole
    document, and the parent, which also parses pages and talks to Elasticsearch, only
    receives bytes. Small chunks keep both workers busy to the end of a batch."""
    if pool is None:
        return lambda: prepare_documents(notices)
    chunks = [notices[i : i + chunk_size] for i in range(0, len(notices), chunk_size)]
    pending = pool.map_async(_prepare_chunk, chunks, chunksize=1)

    def collect() -> list[SerialisedDocument]:
        return [
            SerialisedDocument.model_construct(id=i, content_hash=h, source=b)
            for chunk in pending.get()
            for i, h, b in chunk
        ]

    return collect


def index_action(document: IndexedDocument, index: str) -> dict[str, Any]:
    """The bulk action elasticsearch-py's helpers take: index (create or overwrite) by id."""
    return {
        "_op_type": "index",
        "_index": index,
        "_id": document.id,
        "_source": document.model_dump(mode="json", exclude_none=True),
    }


def notice_from_source(source: dict[str, Any]) -> Notice:
    """The Notice a stored `_source` came from: derived fields dropped, reference keys too."""
    fields = {k: v for k, v in source.items() if k in Notice.model_fields and k != "references"}
    references = [
        {k: v for k, v in ref.items() if k in Reference.model_fields} for ref in source.get("references", [])
    ]
    return Notice.model_validate({**fields, "references": references})
