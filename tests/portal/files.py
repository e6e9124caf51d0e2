"""Attachments generated at test time: a PDF with a text layer, a scanned-style PDF without
one, a DOCX (python-docx) and a legacy .doc header.

The PDF is written by hand: one Type1 font whose single-byte codes 128-255 are mapped by a
ToUnicode CMap to the Vietnamese letters the text needs, which is how real exporters make
text extractable when the glyphs are outside the base encoding.
"""

from __future__ import annotations

import io


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _encode(lines: list[str]) -> tuple[list[bytes], dict[int, str]]:
    """Each line as single-byte codes; non-ASCII letters get codes from 128 up."""
    codes: dict[str, int] = {}
    encoded = []
    for line in lines:
        out = bytearray()
        for ch in line:
            if ord(ch) < 128:
                out.append(ord(ch))
            else:
                out.append(codes.setdefault(ch, 128 + len(codes)))
        encoded.append(bytes(out))
    return encoded, {code: ch for ch, code in codes.items()}


def _escape(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds lines (Vietnamese allowed)."""
    encoded, unicode_of = _encode(lines)
    content = (
        b"BT /F1 12 Tf 72 760 Td 14 TL\n" + b"".join(b"(" + _escape(e) + b") '\n" for e in encoded) + b"ET"
    )
    bfchars = b"".join(b"<%02X> <%04X>\n" % (code, ord(ch)) for code, ch in sorted(unicode_of.items()))
    ascii_range = b"<20> <7E> <0020>\n"
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Vanban-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange\n" + ascii_range + b"endbfrange\n"
        b"%d beginbfchar\n" % len(unicode_of) + bfchars + b"endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(cmap),
        ]
    )


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages only draw shapes, as a scan's image would: no text layer at all."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (4 + 2 * i)
        )
        objects.append(_stream(b"0.5 g 50 50 495 742 re f 0 g 100 700 m 400 700 l S"))
    return _pdf(objects)


def docx_with_text(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A DOCX made by python-docx with the paragraphs and an optional table."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def legacy_doc() -> bytes:
    """The start of a Word 97-2003 file: the OLE2 compound-file signature and padding."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
