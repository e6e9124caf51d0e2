"""The fixture portal's content: a document section as Vietnamese portals publish it.

- /van-ban, /van-ban?page=2, /van-ban?page=3: listing tables (STT | Số ký hiệu | Ngày ban
  hành | Trích yếu | Cơ quan ban hành | Tải về), "Trang sau »" paging; page 1 links to page 2
  with a tracking parameter, page 2 lists detail 5 again under another spelling.
- 30 detail pages: 1-15 in a label/value table (/van-ban/chi-tiet/N), 16-30 as labelled
  paragraphs like the seed page (/vb/N). Detail 30 is linked through an old address that
  redirects (301) to it.
- Attachments: a PDF with a text layer (detail 10), a DOCX (detail 21), a scanned PDF
  (detail 12), a legacy .doc (detail 23).
- Misbehaviour: detail 7 answers 500 twice, detail 8 stalls once (a timeout for a 0.5 s
  client), detail 19 is Windows-1258 behind a `charset=utf-8` header, /loop/a redirects in a
  loop, /noi-bo/ is disallowed by robots.txt, one row links off-site.
- /vb/anh-chup, linked from page 3, is an image served as text/html: the parser refuses it.
- Detail 5's attachment is a download link without an extension: only a profile's
  attachment_selector finds it.
- Detail 17 carries a label no vocabulary knows ("Mã lưu trữ") that a profile maps to number.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.portal.encodings import to_cp1258
from tests.portal.files import docx_with_text, legacy_doc, pdf_with_text, scanned_pdf
from tests.portal.server import Portal, Redirect, Resource

DETAILS = 30
STALL_SECONDS = 1.5
ISSUERS = ["UBND tỉnh Hà Giang", "Sở Nội vụ", "Ban Thi đua - Khen thưởng"]
TYPES = [("QĐ", "Quyết định"), ("KH", "Kế hoạch"), ("TB", "Thông báo")]
# Words that appear only inside attachments: a search for them must find the notice.
PDF_WORDS = "kiểm kê rừng ngập mặn"
DOCX_WORDS = "phương án phòng chống lụt bão"
SELECTOR_WORDS = "quy hoạch vùng nuôi trồng thủy sản"
ODD_LABEL = "Mã lưu trữ"


@dataclass(frozen=True)
class Doc:
    n: int

    @property
    def number(self) -> str:
        return f"{self.n:02d}/{TYPES[self.n % 3][0]}-UBND"

    @property
    def doc_type(self) -> str:
        return TYPES[self.n % 3][1]

    @property
    def title(self) -> str:
        return f"{self.doc_type} về việc triển khai công tác thi đua khen thưởng đợt {self.n} năm 2018"

    @property
    def date(self) -> str:
        return f"{(self.n % 28) + 1:02d}/07/2018"

    @property
    def issuer(self) -> str:
        return ISSUERS[self.n % 3]

    @property
    def path(self) -> str:
        return f"/van-ban/chi-tiet/{self.n}" if self.n <= 15 else f"/vb/{self.n}"

    @property
    def link(self) -> str:
        return "/vb-cu/30" if self.n == 30 else self.path

    @property
    def body(self) -> list[str]:
        return [
            f"Căn cứ Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ, văn bản số {self.n} quy định "
            "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng.",
            f"Giao các sở, ban, ngành tổ chức thực hiện nội dung đợt {self.n}; "
            "báo cáo kết quả trước ngày 30/12/2018.",
        ]


ATTACHMENTS = {
    10: ("/files/qd-10-phu-luc.pdf", "Phụ lục kèm theo", "application/pdf"),
    21: (
        "/files/kh-21.docx",
        "Kế hoạch chi tiết",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    12: ("/files/scan-12.pdf", "Bản scan", "application/pdf"),
    23: ("/files/cv-23.doc", "Công văn gốc", "application/msword"),
}


def attachment_bytes(n: int) -> bytes:
    if n == 10:
        return pdf_with_text(
            [f"Phụ lục: {PDF_WORDS} tại các xã ven biển", "Kèm theo Quyết định số 10/QĐ-UBND"]
        )
    if n == 21:
        return docx_with_text([f"Kế hoạch: {DOCX_WORDS} năm 2018"], [["Nơi nhận:", "CHỦ TỊCH"]])
    if n == 12:
        return scanned_pdf(pages=2)
    return legacy_doc()


def _attachment_html(doc: Doc) -> str:
    if doc.n not in ATTACHMENTS:
        return ""
    path, name, _ = ATTACHMENTS[doc.n]
    return f'<a href="{path}">{name}</a>'


def detail_table(doc: Doc) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in doc.body)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{doc.number}</title></head><body>
<div class="header"><a href="/">Trang chủ</a> | <a href="/van-ban">Văn bản</a></div>
<h1>Chi tiết văn bản</h1>
<table class="chi-tiet">
<tr><td>Số ký hiệu</td><td>{doc.number}</td><td>Ngày ban hành</td><td>{doc.date}</td></tr>
<tr><td>Trích yếu</td><td colspan="3">{doc.title}</td></tr>
<tr><td>Cơ quan ban hành</td><td>{doc.issuer}</td><td>Người ký</td><td>Nguyễn Văn {doc.n}</td></tr>
<tr><td>Loại văn bản</td><td>{doc.doc_type}</td><td>Trạng thái</td><td>Còn hiệu lực</td></tr>
<tr><td>Tệp đính kèm</td><td colspan="3">{_attachment_html(doc)}</td></tr>
</table>
<div class="noi-dung">{paragraphs}</div>
{'<div class="cong-cu"><a class="tep" href="/tai-ve?id=5">Tải xuống</a></div>' if doc.n == 5 else ""}
<div class="footer">Cổng thông tin điện tử</div>
</body></html>"""


def detail_paragraphs(doc: Doc, charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in doc.body)
    number_line = (
        f"<p><strong>{ODD_LABEL}:</strong> {doc.number}</p>"
        if doc.n == 17
        else f"<p><strong>Số / Ký hiệu:</strong> {doc.number}</p>"
    )
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>Văn bản {doc.n}</title></head>
<body>
<div class="van-ban">
{number_line}
<p><strong>Trích yếu:</strong> {doc.title}</p>
<p><strong>Loại văn bản:</strong> {doc.doc_type}</p>
<p><strong>Cơ quan ban hành:</strong> {doc.issuer}</p>
<p><strong>Ngày ban hành:</strong> {doc.date}</p>
<p><strong>Trạng thái văn bản:</strong> Đang có hiệu lực</p>
<p><strong>Tải tệp đính kèm:</strong> {_attachment_html(doc)}</p>
</div>
<div class="noi-dung-van-ban"><h3>Nội dung văn bản:</h3>{paragraphs}</div>
</body></html>"""


HEADER = "".join(
    f"<th>{h}</th>" for h in ("STT", "Số ký hiệu", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành", "Tải về")
)


def listing(page: int, base: str) -> str:
    numbers = range((page - 1) * 10 + 1, page * 10 + 1)
    rows = [
        (
            str(n),
            Doc(n).number,
            Doc(n).date,
            f'<a href="{Doc(n).link}">{Doc(n).title}</a>',
            Doc(n).issuer,
            _attachment_html(Doc(n)),
        )
        for n in numbers
    ]
    if page == 2:  # the same detail again, spelled with the host, a trailing slash and a fragment
        rows.append(
            (
                "11",
                Doc(5).number,
                Doc(5).date,
                f'<a href="{base}/van-ban/chi-tiet/5/#top">{Doc(5).title}</a>',
                "",
                "",
            )
        )
    if page == 3:
        rows += [
            (
                "31",
                "99/TB-VP",
                "01/08/2018",
                '<a href="/noi-bo/vb-99">Thông báo nội bộ về lịch công tác</a>',
                "",
                "",
            ),
            ("32", "100/TB-VP", "02/08/2018", '<a href="/loop/a">Thông báo lịch tiếp công dân</a>', "", ""),
            (
                "33",
                "101/TB-VP",
                "03/08/2018",
                '<a href="http://portal.example.invalid/vb/101">Thông báo của đơn vị khác</a>',
                "",
                "",
            ),
            ("34", "102/TB-VP", "04/08/2018", '<a href="/vb/anh-chup">Ảnh chụp thông báo</a>', "", ""),
        ]
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    following = {1: "/van-ban?page=2&utm_source=menu", 2: "/van-ban?page=3"}.get(page)
    paging = " ".join(f'<a href="/van-ban?page={p}">{p}</a>' for p in (1, 2, 3))
    if following:
        paging += f' <a href="{following}">Trang sau »</a>'
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Văn bản - trang {page}</title></head>
<body>
<h1>Văn bản chỉ đạo điều hành</h1>
<table class="danh-sach">
<tr>{HEADER}</tr>
{cells}
</table>
<div class="phan-trang">{paging}</div>
</body></html>"""


def build_site(portal: Portal) -> Portal:
    """Fill the portal's routes; returns it for chaining."""
    routes = portal.routes
    routes["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /noi-bo/\n", content_type="text/plain")
    routes["/van-ban"] = Resource(listing(1, portal.base).encode())
    routes["/van-ban?page=2"] = Resource(listing(2, portal.base).encode(), etag=False)
    routes["/van-ban?page=3"] = Resource(listing(3, portal.base).encode())
    for n in range(1, DETAILS + 1):
        doc = Doc(n)
        if n == 19:
            routes[doc.path] = Resource(to_cp1258(detail_paragraphs(doc, "windows-1258")))
        else:
            html = detail_table(doc) if n <= 15 else detail_paragraphs(doc)
            routes[doc.path] = Resource(html.encode("utf-8"))
    routes["/van-ban/chi-tiet/7"].fail = 2
    routes["/van-ban/chi-tiet/8"].stall_once = STALL_SECONDS
    routes["/vb-cu/30"] = Redirect("/vb/30", status=301)
    routes["/loop/a"] = Redirect("/loop/b")
    routes["/loop/b"] = Redirect("/loop/a")
    routes["/noi-bo/vb-99"] = Resource(detail_paragraphs(Doc(99)).encode())
    # An image served as text/html: fetched, then refused by the parser (counted, not fatal).
    routes["/vb/anh-chup"] = Resource(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    # A download link without a file extension, found only through a profile's selector.
    routes["/tai-ve?id=5"] = Resource(
        pdf_with_text([f"Văn bản đính kèm: {SELECTOR_WORDS}"]), content_type="application/octet-stream"
    )
    for n, (path, _, content_type) in ATTACHMENTS.items():
        routes[path] = Resource(attachment_bytes(n), content_type=content_type)
    return portal


def expected_first_run_hits() -> dict[str, int]:
    """Requests per path of one complete crawl: one each, plus the retries the misbehaving
    pages force (detail 7: 500, 500, 200; detail 8: timeout, 200)."""
    hits = {"/robots.txt": 1, "/van-ban": 1, "/van-ban?page=2": 1, "/van-ban?page=3": 1}
    for n in range(1, DETAILS + 1):
        hits[Doc(n).path] = 1
    hits["/van-ban/chi-tiet/7"] = 3
    hits["/van-ban/chi-tiet/8"] = 2
    hits["/vb-cu/30"] = 1
    hits["/loop/a"] = 1
    hits["/loop/b"] = 1
    hits["/vb/anh-chup"] = 1
    for path, _, _ in ATTACHMENTS.values():
        hits[path] = 1
    return hits
