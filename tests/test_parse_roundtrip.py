"""Round trip: notices written into each page layout portals use come back field for field.

Hypothesis draws the values (numbers, titles, names, dates, statuses, bodies) and a layout;
the page is rendered here, parsed, and every field compared with what was written. This checks
the layouts against values no fixture author chose."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.models import RawPage
from ingest.pages import parse_listing_links, parse_page
from search.models import Status
from search.textnorm import clean_field

WORDS = ["công", "tác", "thi", "đua", "khen", "thưởng", "phòng", "chống", "dịch", "bệnh", "năm", "tỉnh",
         "kế", "hoạch", "triển", "khai", "chuyển", "đổi", "số", "giáo", "dục", "đất", "đai", "xây", "dựng"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Đức Dũng", "Hoàng Thị Hoà", "Võ Thuỷ"]
ISSUERS = ["UBND tỉnh Nghệ An", "Bộ Nội vụ", "Sở Tài chính", "UBND huyện Củ Chi", "Ban Thi đua - Khen thưởng"]
CODES = ["QĐ-UBND", "KH-UBND", "TB-SNV", "CT-TTg", "HD-SYT", "BTC-TCT"]
STATUSES = {"Còn hiệu lực": Status.in_force, "Hết hiệu lực": Status.expired,
            "Chưa có hiệu lực": Status.not_yet_in_force, "Hết hiệu lực một phần": Status.partly_expired}


@st.composite
def notices(draw: st.DrawFn) -> dict[str, object]:
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))).capitalize()
    paragraphs = [
        " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=30))).capitalize() + "."
        for _ in range(draw(st.integers(1, 4)))
    ]
    return {
        "number": f"{draw(st.integers(1, 9999))}/{draw(st.sampled_from(CODES))}",
        "title": title,
        "issuer": draw(st.sampled_from(ISSUERS)),
        "signer": draw(st.sampled_from(NAMES)),
        "issued_date": draw(st.dates(date(1990, 1, 1), date(2030, 12, 31))),
        "status": draw(st.sampled_from(sorted(STATUSES))),
        "paragraphs": paragraphs,
    }


LABELS = {"number": "Số ký hiệu", "title": "Trích yếu", "issuer": "Cơ quan ban hành", "signer": "Người ký",
          "issued_date": "Ngày ban hành", "status": "Trạng thái"}


def _pairs(notice: dict[str, object]) -> list[tuple[str, str]]:
    values = {**notice, "issued_date": notice["issued_date"].strftime("%d/%m/%Y")}  # type: ignore[attr-defined]
    return [(label, html.escape(str(values[field]))) for field, label in LABELS.items()]


def _body(notice: dict[str, object]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in notice["paragraphs"])  # type: ignore[attr-defined]


def th_td(n: dict[str, object]) -> str:
    rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in _pairs(n))
    return f"<table>{rows}</table><div class='content'>{_body(n)}</div>"


def four_columns(n: dict[str, object]) -> str:
    pairs = _pairs(n)
    rows = "".join(
        "<tr>" + "".join(f"<td>{label}:</td><td>{value}</td>" for label, value in pairs[i : i + 2]) + "</tr>"
        for i in range(0, len(pairs), 2)
    )
    return f"<table>{rows}</table><div id='noidung'>{_body(n)}</div>"


def dl(n: dict[str, object]) -> str:
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in _pairs(n))
    return f"<article><dl>{items}</dl><section>{_body(n)}</section></article>"


def div_span(n: dict[str, object]) -> str:
    rows = "".join(
        f"<div class='row'><span class='label'>{label}:</span> <span class='value'>{value}</span></div>"
        for label, value in _pairs(n)
    )
    return f"<div class='doc'>{rows}<div class='noi-dung'>{_body(n)}</div></div>"


def strong_inline(n: dict[str, object]) -> str:
    rows = "".join(f"<p><strong>{label}:</strong> {value}</p>" for label, value in _pairs(n))
    return f"{rows}<div class='entry-content'>{_body(n)}</div>"


def br_lines(n: dict[str, object]) -> str:
    lines = "".join(f"{label}: {value}<br>\n" for label, value in _pairs(n))
    return f"<div class='info'>{lines}</div><div class='content'>{_body(n)}</div>"


def label_br_value(n: dict[str, object]) -> str:
    cells = "".join(f"<td><b>{label}</b><br>\n{value}</td>" for label, value in _pairs(n))
    return f"<table><tr>{cells}</tr></table><div class='content'>{_body(n)}</div>"


def bootstrap_grid(n: dict[str, object]) -> str:
    rows = "".join(
        f"<div class='row'><div class='col-md-3'><strong>{label}:</strong></div>"
        f"<div class='col-md-9'><a href='/tim?q=1'>{value}</a></div></div>"
        for label, value in _pairs(n)
    )
    return f"<div class='container'>{rows}</div><article>{_body(n)}</article>"


def list_items(n: dict[str, object]) -> str:
    items = "".join(f"<li><span>{label}</span>: {value}</li>" for label, value in _pairs(n))
    return f"<ul class='thuoc-tinh'>{items}</ul><div class='noidung'>{_body(n)}</div>"


def text_dump(n: dict[str, object]) -> str:
    lines = "\n".join(f"{label}:\n{html.unescape(value)}" for label, value in _pairs(n))
    return lines + "\nNội dung văn bản:\n\n" + "\n\n".join(n["paragraphs"])  # type: ignore[arg-type]


LAYOUTS: list[Callable[[dict[str, object]], str]] = [
    th_td, four_columns, dl, div_span, strong_inline, br_lines, label_br_value, bootstrap_grid, list_items,
    text_dump,
]


@settings(max_examples=120, deadline=None)
@given(notices(), st.sampled_from(LAYOUTS), st.booleans())
def test_every_layout_gives_back_what_was_written(
    written: dict[str, object], layout: Callable[[dict[str, object]], str], noise: bool
) -> None:
    page = layout(written)
    if layout is not text_dump:
        chrome = "<ul class='menu'><li><a href='/'>Trang chủ</a></li></ul><script>var x = 'Số: 1';</script>"
        page = f"<html><head><meta charset='utf-8'></head><body>{chrome if noise else ''}{page}</body></html>"
    (notice,) = parse_page(RawPage(source="roundtrip", data=page.encode()))
    assert notice.number == written["number"]
    for field in ("title", "issuer", "signer"):
        assert getattr(notice, field) == clean_field(str(written[field])), field
    assert notice.issued_date == written["issued_date"]
    assert notice.status is STATUSES[str(written["status"])]
    paragraphs: list[str] = written["paragraphs"]  # type: ignore[assignment]
    assert notice.body == "\n\n".join(clean_field(p) or "" for p in paragraphs)
    assert notice.extra == {}


COLUMNS = {
    "number": "Số ký hiệu", "issued_date": "Ngày ban hành", "title": "Trích yếu", "issuer": "Cơ quan ban hành"
}
NEXT_LINKS = ['<a href="?page=3">Trang sau</a>', '<a href="?page=3">»</a>', '<a href="?page=3">Tiếp</a>',
              '<a rel="next" href="?page=3">3</a>', '<a href="?page=3">Sau ›</a>']


@settings(max_examples=60, deadline=None)
@given(
    st.lists(notices(), min_size=1, max_size=6),
    st.permutations(sorted(COLUMNS)),
    st.sampled_from([*NEXT_LINKS, ""]),
    st.booleans(),
)
def test_listings_in_any_column_order_give_back_every_row(
    rows: list[dict[str, object]], order: list[str], next_link: str, with_stt: bool
) -> None:
    head = ("<th>STT</th>" if with_stt else "") + "".join(f"<th>{COLUMNS[c]}</th>" for c in order)
    body = ""
    for index, row in enumerate(rows):
        values = {**row, "issued_date": row["issued_date"].strftime("%d/%m/%Y")}  # type: ignore[attr-defined]
        cells = "".join(
            f"<td><a href='/vb/{index}'>{html.escape(str(values[c]))}</a></td>" if c == "title"
            else f"<td>{html.escape(str(values[c]))}</td>"
            for c in order
        )
        body += "<tr>" + (f"<td>{index + 1}</td>" if with_stt else "") + cells + "</tr>"
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    page = f"<html><body>{table}{next_link}</body></html>"
    raw = RawPage(source="listing", data=page.encode(), base_url="https://p.example/van-ban?page=2")
    parsed = parse_page(raw)
    assert [n.source for n in parsed] == [f"https://p.example/vb/{i}" for i in range(len(rows))]
    for notice, row in zip(parsed, rows, strict=True):
        assert notice.number == row["number"] and notice.issued_date == row["issued_date"]
        assert notice.title == clean_field(str(row["title"])) and notice.issuer == row["issuer"]
    links = parse_listing_links(raw)
    assert links.next_page_url == ("https://p.example/van-ban?page=3" if next_link else None)
