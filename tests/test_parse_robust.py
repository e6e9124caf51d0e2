"""Page shapes found by probing that the fixture pages do not pin down one by one: table cells
copied as text (TAB or a run of spaces, no colon), status wordings under date labels, body
labels opening a container or a line, read-only form values, numbered pagers, labelled lines
inside listing cells. Each test states what the page says and what must come out."""

from __future__ import annotations

import pytest

from ingest.detect import detect_kind
from ingest.errors import NoLabelledFields
from ingest.models import RawPage
from ingest.pages import parse_listing_links, parse_page
from ingest.parse_text import split_label_line


def _one(text: str, name: str = "probe.txt") -> dict:
    notices = parse_page(RawPage(source=name, data=text.encode("utf-8")))
    assert len(notices) == 1
    return notices[0].model_dump(mode="json")


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("Số, ký hiệu văn bản\t45/TB-VPCP", "number", "45/TB-VPCP"),
        ("Trích yếu nội dung\tKết luận của Thủ tướng", "title", "Kết luận của Thủ tướng"),
        ("Cơ quan ban hành/Chức danh\tVăn phòng Chính phủ", "issuer", "Văn phòng Chính phủ"),
        ("Cơ quan ban hành    Văn phòng Chính phủ", "issuer", "Văn phòng Chính phủ"),
        ("Người ký\xa0\xa0Mai Tiến Dũng", "signer", "Mai Tiến Dũng"),
        ("Trích yếu\t:\tV/v: họp giao ban", "title", "V/v: họp giao ban"),
        ("Trích yếu:  V/v  họp  giao ban", "title", "V/v  họp  giao ban"),
    ],
)
def test_label_then_tab_or_spaces_splits_label_and_value(line: str, field: str, value: str) -> None:
    pair = split_label_line(line, allow_unknown=True)
    assert pair is not None
    label, got = pair
    assert (label.field, got) == (field, value)


def test_unknown_label_needs_a_tab_not_double_spaces() -> None:
    """Prose has double spaces ("Căn cứ  Luật"), hardly ever a TAB: only a TAB makes an unknown
    label, and only where unknown labels may open."""
    assert split_label_line("Căn cứ  Luật Tổ chức chính quyền", allow_unknown=True) is None
    pair = split_label_line("Người soạn thảo\tVụ Tổng hợp", allow_unknown=True)
    assert pair is not None and (pair[0].written, pair[1]) == ("Người soạn thảo", "Vụ Tổng hợp")
    assert split_label_line("Người soạn thảo\tVụ Tổng hợp", allow_unknown=False) is None


def test_tab_separated_dump_keeps_each_field_apart() -> None:
    got = _one(
        "Số, ký hiệu văn bản\t45/TB-VPCP\nTrích yếu nội dung\tKết luận của Thủ tướng tại cuộc họp\n"
        "Cơ quan ban hành/Chức danh\tVăn phòng Chính phủ\nNgày ban hành\t12/02/2019\n"
    )
    assert (got["number"], got["title"], got["issuer"], got["issued_date"]) == (
        "45/TB-VPCP", "Kết luận của Thủ tướng tại cuộc họp", "Văn phòng Chính phủ", "2019-02-12"
    )


@pytest.mark.parametrize(
    ("label", "wording", "status"),
    [("Ngày hết hiệu lực", "Hết hiệu lực", "expired"), ("Ngày hết hiệu lực", "Còn hiệu lực", "in_force"),
     ("Ngày có hiệu lực", "Còn hiệu lực", "in_force")],
)
def test_status_wording_under_a_date_label_is_the_status_when_none_is_given(
    label: str, wording: str, status: str
) -> None:
    got = _one(f"Số ký hiệu: 12/QĐ-UBND\n{label}:\n{wording}\nTrích yếu: Về việc khen thưởng\n")
    field = "expiry_date" if "hết" in label else "effective_date"
    assert got[field] is None
    assert got["extra"] == {f"invalid:{field}": wording}
    assert (got["status"], got["status_text"]) == (status, wording)
    assert got["title"] == "Về việc khen thưởng"


def test_a_given_status_wins_over_a_wording_under_a_date_label() -> None:
    got = _one("Số ký hiệu: 12/QĐ-UBND\nTrạng thái: Hết hiệu lực một phần\nNgày hết hiệu lực: Còn hiệu lực\n")
    assert (got["status"], got["status_text"]) == ("partly_expired", "Hết hiệu lực một phần")
    assert got["extra"] == {"invalid:expiry_date": "Còn hiệu lực"}


def test_status_words_followed_by_a_date_label_that_date() -> None:
    """"Ngày có hiệu lực:" left empty, then "Hết hiệu lực" with its date on the next line."""
    got = _one("Số ký hiệu: 12/QĐ-UBND\nNgày có hiệu lực:\nHết hiệu lực\n01/01/2021\n")
    assert (got["effective_date"], got["expiry_date"], got["extra"]) == (None, "2021-01-01", {})


def test_body_label_with_text_on_its_line_but_not_prose_that_opens_with_its_words() -> None:
    got = _one("Số ký hiệu: 9/TB-UBND\nNội dung văn bản Kính gửi các sở.\nĐề nghị thực hiện.\n")
    assert got["body"] == "Kính gửi các sở.\nĐề nghị thực hiện."
    got = _one("Số ký hiệu: 9/TB-UBND\nTrích yếu:\nNội dung chính của kế hoạch năm 2024\n")
    assert got["title"] == "Nội dung chính của kế hoạch năm 2024" and got["body"] == ""


def _html(body: str) -> bytes:
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


def test_leading_body_heading_is_dropped_but_a_later_one_is_kept() -> None:
    page = _html(
        "<table><tr><th>Số ký hiệu</th><td>3/QĐ-UBND</td></tr></table>"
        '<div class="noi-dung"><h3>Nội dung văn bản</h3><p>Căn cứ Luật.</p>'
        "<h3>Nội dung</h3><p>Điều 1.</p></div>"
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    assert notice.body == "Căn cứ Luật.\n\nNội dung\n\nĐiều 1."


def test_readonly_inputs_are_values_editable_ones_are_not() -> None:
    page = _html(
        '<div><label>Số ký hiệu:</label><input readonly value="88/TB-UBND"></div>'
        '<div><label>Người ký:</label><input type="text" value="Nhập tên người ký"></div>'
        '<div><label>Trích yếu:</label><input type="hidden" disabled value="x"></div>'
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    assert (notice.number, notice.signer, notice.title) == ("88/TB-UBND", None, None)


def test_page_with_only_editable_inputs_is_no_notice() -> None:
    page = _html('<div><label>Số ký hiệu:</label><input type="text" value="123/QĐ"></div>')
    with pytest.raises(NoLabelledFields):
        parse_page(RawPage(source="p.html", data=page))


_LISTING = (
    "<table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>"
    '<tr><td>1/TB</td><td><a href="/a/1">Thông báo một</a></td></tr></table>'
)


@pytest.mark.parametrize(
    ("pager", "next_url"),
    [
        ('<ul><li><a href="?p=1">1</a></li><li class="active"><span>2</span></li>'
         '<li><a href="?p=3">3</a></li></ul>', "https://x.gov.vn/ds?p=3"),
        ('<div>Trang: <strong>3</strong> <a href="?p=1">1</a> <a href="?p=4">4</a></div>', "https://x.gov.vn/ds?p=4"),
        ('<div><a class="current" href="?p=7">7</a><a href="?p=8">8</a></div>', "https://x.gov.vn/ds?p=8"),
        ('<div><a href="#">2</a><a href="?p=3">3</a></div>', "https://x.gov.vn/ds?p=3"),
        # The last page: nothing past the current number.
        ('<ul><li><a href="?p=4">4</a></li><li class="active"><a href="?p=5">5</a></li></ul>', None),
        # ASP.NET GridView pager: postbacks only, no page to fetch.
        ("<table><tr><td><span>1</span></td><td><a href=\"javascript:__doPostBack('g','Page$2')\">2</a>"
         "</td></tr></table>", None),
        ('<p><a href="?p=2">Xem tiếp</a></p>', "https://x.gov.vn/ds?p=2"),
        ('<p><a href="?p=2">Trang tiếp »</a></p>', "https://x.gov.vn/ds?p=2"),
        # Links numbered 2 and 3 with no current page marked: nothing says which one is next.
        ('<div><a href="?p=2">2</a><a href="?p=3">3</a></div>', None),
    ],
)
def test_next_page_of_numbered_and_worded_pagers(pager: str, next_url: str | None) -> None:
    links = parse_listing_links(RawPage(source="ds.html", data=_html(_LISTING + pager), base_url="https://x.gov.vn/ds"))
    assert links.next_page_url == next_url


def test_row_numbers_in_cells_are_not_a_current_page() -> None:
    page = _html(
        "<table><tr><th>STT</th><th>Số ký hiệu</th><th>Trích yếu</th></tr>"
        '<tr><td>1</td><td><a href="/a/2">2</a></td><td><a href="/a/2">Thông báo số 2</a></td></tr>'
        '<tr><td>2</td><td>6/TB</td><td><a href="/a/6">Sáu tháng đầu năm</a></td></tr></table>'
    )
    # "1" in the row-number cell and a link reading "2" beside it: a table row, no pager.
    assert parse_listing_links(RawPage(source="ds.html", data=page)).next_page_url is None


def test_a_link_reading_sau_six_is_no_next_link_but_unaccented_sau_is() -> None:
    listing = _LISTING.replace("Thông báo một", "Sáu")
    links = parse_listing_links(RawPage(source="ds.html", data=_html(listing)))
    assert links.next_page_url is None
    links = parse_listing_links(RawPage(source="ds.html", data=_html(listing + '<a href="/ds?p=2">Sau</a>')))
    assert links.next_page_url == "/ds?p=2"


def test_labelled_line_under_a_listing_title_goes_to_its_field() -> None:
    page = _html(
        "<table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>"
        '<tr><td>5/TB</td><td><a href="/a/5">V/v lịch họp</a><br><i>Cơ quan ban hành: Sở Nội vụ</i>'
        "<br>Ghi chú: họp trực tuyến</td></tr></table>"
    )
    (notice,) = parse_page(RawPage(source="ds.html", data=page))
    assert (notice.title, notice.issuer) == ("V/v lịch họp Ghi chú: họp trực tuyến", "Sở Nội vụ")


def test_numbered_marker_before_a_known_label_only() -> None:
    """"1. Cơ quan ban hành:" is a label; "2. Phạm vi:" (a numbered paragraph) is not made one."""
    pair = split_label_line("1. Cơ quan ban hành: Bộ Y tế", allow_unknown=True)
    assert pair is not None and (pair[0].field, pair[1]) == ("issuer", "Bộ Y tế")
    assert split_label_line("2. Phạm vi điều chỉnh: Thông tư này quy định", allow_unknown=True) is None
    assert split_label_line("Điều 1. Phạm vi: Thông tư này quy định", allow_unknown=False) is None


def test_colon_cell_between_label_and_value_but_not_a_value_that_is_a_dash_only() -> None:
    page = _html(
        "<table><tr><td><b>Số ký hiệu</b></td><td>:</td><td>76/2019/NĐ-CP</td></tr>"
        "<tr><td><b>Người ký</b></td><td>-</td></tr></table>"
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    assert (notice.number, notice.signer) == ("76/2019/NĐ-CP", None)


def test_sidebar_with_fields_is_read_one_with_menus_only_is_not() -> None:
    page = _html(
        '<div class="sidebar"><ul><li><a href="/x">Trích yếu các văn bản mới</a></li></ul>'
        '<p>Người ký: Ban biên tập</p></div>'
        '<div class="content"><p>Số ký hiệu: 5/TB-UBND</p><p>Thông báo lịch họp.</p></div>'
        '<div class="sidebar"><table><tr><th>Người ký</th><td>Lê Văn B</td></tr></table>'
        '<ul class="menu"><li>Cơ quan ban hành</li></ul></div>'
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    # The first sidebar has no label cell (only a "Label: value" line in a <p>): dropped.
    assert (notice.number, notice.signer, notice.issuer) == ("5/TB-UBND", "Lê Văn B", None)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("<h3>Văn bản liên quan</h3>", "html_detail"), ("<h3>VĂN BẢN CÙNG LĨNH VỰC</h3>", "html_detail"),
     ("<h3>Văn bản khác</h3>", "html_listing"), ("", "html_listing")],
)
def test_one_labelled_field_and_a_related_documents_table_is_a_detail_page(heading: str, kind: str) -> None:
    page = _html(
        "<p>Số ký hiệu: 300/KH-UBND</p>" + heading
        + "<table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>"
        '<tr><td>12/KH-UBND</td><td><a href="/vb/12">Kế hoạch tuyên truyền</a></td></tr></table>'
    )
    raw = RawPage(source="p.html", data=page)
    assert detect_kind(raw).value == kind
    numbers = [n.number for n in parse_page(raw)]
    assert numbers == (["300/KH-UBND"] if kind == "html_detail" else ["12/KH-UBND"])


def test_fields_inside_a_content_wrapper_are_still_read() -> None:
    """A "content" wrapper around fields and text is not the text's container, the innermost
    one is: the fields inside the wrapper are read, the "Số:" line of the text stays in it."""
    page = _html(
        "<p>Lĩnh vực: Tài chính</p>"
        '<div id="content"><table><tr><th>Số ký hiệu</th><td>9/TB-STC</td></tr>'
        "<tr><th>Trích yếu</th><td>Thông báo thu phí</td></tr></table>"
        '<div class="noidung"><p>Số: 9/TB-STC</p><p>Sở Tài chính thông báo.</p></div></div>'
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    assert (notice.number, notice.title, notice.sector) == ("9/TB-STC", "Thông báo thu phí", "Tài chính")
    # The innermost container is the body, its "Số:" line included.
    assert notice.body == "Số: 9/TB-STC\n\nSở Tài chính thông báo."


def test_fields_only_inside_the_content_container_are_read_from_it() -> None:
    page = _html(
        '<div class="content"><p>Số ký hiệu: 7/TB-UBND</p><p>Trích yếu: Lịch tiếp dân</p>'
        "<p>Ủy ban nhân dân huyện thông báo lịch tiếp công dân tháng 5 như sau, đề nghị các cơ quan"
        " đơn vị và công dân biết.</p></div>"
    )
    (notice,) = parse_page(RawPage(source="p.html", data=page))
    assert (notice.number, notice.title) == ("7/TB-UBND", "Lịch tiếp dân")
