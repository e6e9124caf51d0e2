"""The parse stage's shortcuts give what the plain forms they replace give: class/id noise words
by one regex instead of a split, table rows and cells by a walk instead of XPath."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ingest import parse_html, parse_listing
from ingest.detect import decode_page, html_tree
from ingest.errors import ParseError
from ingest.pages import read_page

PAGES = Path(__file__).parent / "fixtures" / "pages"

_NAME_PIECES = st.sampled_from(
    [*sorted(parse_html._NOISE_WORDS), "MENU", "Nav", "main", "content", "x", "menus", "2",
     " ", "  ", "-", "_", "\t", "é"]
)


def _noise_by_words(names: str) -> bool:
    """The plain form: split the names into words, test each against the set."""
    return any(word in parse_html._NOISE_WORDS for word in parse_html._WORD_SPLIT.split(names.lower()))


@given(st.lists(_NAME_PIECES, max_size=8).map("".join), st.lists(_NAME_PIECES, max_size=4).map("".join))
def test_noise_names_are_whole_words_of_class_or_id(class_: str, id_: str) -> None:
    element = etree.Element("div", {"class": class_, "id": id_})
    assert parse_html._is_noise(element) == _noise_by_words(class_ + " " + id_)


def _fixture_tables() -> list[etree._Element]:
    tables = []
    for page in sorted(PAGES.glob("*.html")):
        try:
            root = html_tree(page.name, decode_page(read_page(page)))
        except ParseError:
            continue
        tables.extend(root.iter("table"))
    return tables


def test_table_rows_and_cells_are_those_the_xpath_selects_in_its_order() -> None:
    tables = _fixture_tables()
    assert len(tables) >= 20
    rows = 0
    for table in tables:
        expected = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        assert parse_listing._rows(table) == expected
        for row in expected:
            assert parse_listing._cells(row) == row.xpath("./th|./td")
            rows += 1
    assert rows >= 50


def test_rows_of_sections_and_nested_tables() -> None:
    root = html_tree(
        "t",
        "<table><caption>x</caption><thead><tr><th>STT</th></tr></thead><tr><td>1</td></tr>"
        "<tbody><tr><td>2<table><tr><td>inner</td></tr></table></td></tr></tbody>"
        "<tfoot><tr><td>3</td></tr></tfoot></table>",
    )
    table = next(root.iter("table"))
    assert [parse_listing.own_text(r) for r in parse_listing._rows(table)] == ["STT", "1", "2 inner", "3"]
