"""Property tests: whatever a page holds, parsing gives notices or a typed ParseError, never
anything else, and gives the same answer twice."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import ParseError
from ingest.models import RawPage
from ingest.pages import parse_listing_links, parse_page
from search.models import Notice

LABELS = [
    "Số ký hiệu", "Số / Ký hiệu", "SỐ KÝ HIỆU", "Trích yếu", "Ngày ban hành", "Ngay ban hanh", "Ngày BH",
    "Người kí", "Trạng thái", "Loại văn bản", "Nội dung văn bản", "Tải về", "Tệp đính kèm", "STT",
    "Cơ quan ban hành", "Ngày hết hiệu lực", "Nơi nhận", "Người soạn thảo", "Lĩnh vực",
]
VALUES = [
    "", "12/QĐ-UBND", "56/ 2015/ NÐ - CP", "31/02/2018", "30/07/2018", "ngày 24 tháng 7 năm 2018",
    "Hết hiệu lực", "Đang có hiệu lưc", "Về việc A: B", "<>&", "9" * 30, "Th«ng b¸o", "Tho^ng ba'o",
    "\u00a0", "\u200b", "x" * 300,
]
TAGS = ["div", "p", "span", "strong", "b", "td", "th", "tr", "table", "dl", "dt", "dd", "li", "ul", "h1",
        "article", "script", "nav", "a", "em", "section", "thead", "tbody", "form", "pre"]
ATTRS = ["", ' class="label"', ' class="value"', ' id="noidung"', ' class="content"', ' href="x.pdf"',
         ' href="/chi-tiet/1"', ' rel="next" href="?p=2"', ' class="menu"', ' class="field-label"']

fragment = st.one_of(
    st.builds(lambda label, sep: label + sep, st.sampled_from(LABELS), st.sampled_from([":", "", " :"])),
    st.sampled_from(VALUES),
    st.text(max_size=30),
    st.builds(lambda tag, attr: f"<{tag}{attr}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(["<br>", "<!-- c -->", "<![CDATA[x]]>", "<?xml version='1.0'?>", "&nbsp;", "&#0;", "\n"]),
)


html_pages = st.lists(fragment, max_size=60).map(lambda parts: "<html><body>" + "".join(parts))
text_dumps = st.lists(
    st.tuples(st.sampled_from(LABELS), st.sampled_from([": ", ":\n", " ", "\n"]), st.sampled_from(VALUES)),
    max_size=20,
).map(lambda lines: "\n".join(label + sep + value for label, sep, value in lines))

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: RawPage) -> list[dict] | str:
    """The notices as JSON, or the error's class and reason: the only two allowed outcomes."""
    try:
        notices = parse_page(raw)
    except ParseError as error:
        assert error.source == raw.source and error.reason and "\n" not in str(error)
        return f"{type(error).__name__}: {error.reason}"
    assert all(isinstance(n, Notice) for n in notices)
    return [n.model_dump(mode="json") for n in notices]


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_gives_notices_or_a_parse_error(text: str) -> None:
    raw = RawPage(source="t", text=text)
    assert outcome(raw) == outcome(raw)


CHARSETS = [None, "utf-8", "iso-8859-1", "windows-1258", "tcvn3", "bogus"]


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(CHARSETS))
def test_any_bytes_give_notices_or_a_parse_error(data: bytes, charset: str | None) -> None:
    outcome(RawPage(source="b", data=data, declared_charset=charset))


@SETTINGS
@given(html_pages)
def test_any_html_gives_notices_or_a_parse_error(html: str) -> None:
    raw = RawPage(source="h", data=html.encode("utf-8", "surrogatepass"), base_url="https://x.example/a/")
    assert outcome(raw) == outcome(raw)
    try:
        links = parse_listing_links(raw)
    except ParseError:
        return
    assert all(url.startswith("https://x.example/") for url in links.detail_urls)


@SETTINGS
@given(text_dumps)
def test_label_lines_give_notices_or_a_parse_error(text: str) -> None:
    result = outcome(RawPage(source="d", text=text))
    if isinstance(result, list) and result:
        # Nothing the page says is silently dropped into nowhere: known fields or extra.
        assert result[0]["source"] == "d"


NUMBER_LABELS = ["Số ký hiệu", "Số / Ký hiệu", "SỐ KÝ HIỆU", "So ky hieu", "Số hiệu", "Ký hiệu"]


@SETTINGS
@given(st.sampled_from(NUMBER_LABELS), st.sampled_from([": ", ":\n", ":\n\n"]), st.text(max_size=80))
def test_a_number_label_is_found_whatever_the_body_holds(label: str, sep: str, body: str) -> None:
    notices = parse_page(RawPage(source="k", text=f"{label}{sep}12/QĐ-UBND\nNội dung:\n{body}"))
    assert notices[0].number == "12/QĐ-UBND"
