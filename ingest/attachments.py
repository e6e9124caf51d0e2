"""Attachment text: the words of a notice that only its attached file holds.

In: an attachment's bytes, its URL and the Content-Type the server sent. Out: its text,
legacy-font mojibake repaired by search.legacy and normalised by search.textnorm.clean_body,
or an `AttachmentTextError` naming the URL and why there is no text (scanned PDF without a
text layer, legacy Word .doc, unreadable file, ...). The crawler stores that reason in
`Attachment.text_error`: a scanned PDF is reported, never silently empty.

Formats, told by their magic bytes first (portals serve PDFs as application/octet-stream and
name DOCX files .doc), then by Content-Type and extension:
- PDF (`%PDF`): pypdf, page by page;
- DOCX (a zip holding word/document.xml): python-docx, paragraphs then table cells;
- DOC (an OLE2 compound file, `D0 CF 11 E0`): no well-kept pure-Python extractor exists, so
  it is reported as unsupported rather than guessed at.

    AttachmentTextError (VanbanError)
    ├── ScannedPDF           a PDF whose pages carry no text layer
    ├── UnsupportedFormat    a format we do not extract (legacy .doc, images, archives)
    └── UnreadableFile       a PDF or DOCX that its library cannot open
"""

from __future__ import annotations

import io
import logging
import zipfile
from urllib.parse import urlsplit

from search.errors import LegacyEncodingError, VanbanError
from search.legacy import repair_text
from search.textnorm import clean_body

# Extensions and types a crawler downloads as attachments (anything else is just a link).
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx")
DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_PDF_MAGIC = b"%PDF"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Fewer letters than this per page and a PDF is taken as scanned: page numbers and stamps
# leave a few characters on a scanned page's text layer.
_MIN_LETTERS_PER_PAGE = 16


class AttachmentTextError(VanbanError):
    """No text from an attachment; the message is what Attachment.text_error records."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(reason)


class ScannedPDF(AttachmentTextError):
    """A PDF with no text layer: its words are pixels, and OCR is out of scope."""


class UnsupportedFormat(AttachmentTextError):
    """A format vanban does not extract text from."""


class UnreadableFile(AttachmentTextError):
    """A file its library could not open: truncated, encrypted, or not what it claims."""


def is_attachment_link(url: str) -> bool:
    """True when a link's path ends with an attachment extension (case-insensitive)."""
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTENSIONS)


def file_format(data: bytes, url: str = "", content_type: str = "") -> str:
    """ "pdf", "docx", "doc" or "other": magic bytes first, then Content-Type, then extension."""
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return "docx" if _is_docx(data) else "other"
    if data.startswith(_OLE_MAGIC):
        return "doc"
    hints = f"{content_type} {urlsplit(url).path}".lower()
    for name, markers in (
        ("pdf", ("pdf",)),
        ("docx", ("wordprocessingml", ".docx")),
        ("doc", ("msword", ".doc")),
    ):
        if any(marker in hints for marker in markers):
            return name
    return "other"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def extract_text(data: bytes, url: str, content_type: str = "") -> str:
    """The attachment's text, normalised; AttachmentTextError when there is none to give."""
    kind = file_format(data, url, content_type)
    if kind == "pdf":
        return clean_body(_repaired(pdf_text(data, url)))
    if kind == "docx":
        return clean_body(_repaired(docx_text(data, url)))
    if kind == "doc":
        raise UnsupportedFormat(url, "legacy Word .doc: text extraction not supported (save as DOCX or PDF)")
    raise UnsupportedFormat(url, f"unsupported attachment format ({content_type or 'unknown type'})")


def _repaired(text: str) -> str:
    """Text as the shared normaliser reads it: files typed in .VnTime (TCVN3) or VNI fonts
    extract as mojibake ("Th«ng b¸o"), which search.legacy turns back into Vietnamese. Text it
    finds no plausible Vietnamese in (an English annex, a table of figures) is kept as is."""
    try:
        return repair_text(text)
    except LegacyEncodingError:
        return text


def pdf_text(data: bytes, url: str) -> str:
    """Text of every page joined by blank lines; ScannedPDF when the pages hold (almost) none."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs warnings for common producer quirks; they are not ours to report.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(url, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except AttachmentTextError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableFile(url, f"unreadable PDF ({type(error).__name__}: {error})") from None
    letters = sum(ch.isalpha() for page in pages for ch in page)
    if letters < _MIN_LETTERS_PER_PAGE * max(len(pages), 1):
        raise ScannedPDF(url, f"scanned PDF without a text layer ({len(pages)} page(s), {letters} letters)")
    return "\n\n".join(page.strip() for page in pages if page.strip())


def docx_text(data: bytes, url: str) -> str:
    """Paragraphs in order, then each table row as cells joined by " | " (notices put the
    issuer block and signature in tables)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(url, f"unreadable DOCX ({type(error).__name__}: {error})") from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
            if cells:
                parts.append(" | ".join(cells))
    text = "\n".join(parts)
    if not text.strip():
        raise UnreadableFile(url, "DOCX without any text")
    return text
