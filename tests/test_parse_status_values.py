"""A status value that is also a label's wording ("Hết hiệu lực" names the expiry date, "Hiệu lực"
the effective date) is read as the value of the status label before it, in every layout that
puts a value on its own line or in its own element."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.models import RawPage
from ingest.pages import parse_page
from ingest.parse_text import known_label
from search.vocabulary import vocabulary

STATUS_LABELS = ["Trạng thái văn bản", "Trạng thái", "Tình trạng hiệu lực"]
_STATUSES = Path(__file__).parent.parent / "mappings" / "vocabulary" / "statuses.json"
# Every status wording, read from the data file, so a wording added later is covered too.
WORDINGS = [w for key, ws in json.loads(_STATUSES.read_text(encoding="utf-8")).items()
            if not key.startswith("_") for w in ws]

HEAD = "Số ký hiệu: 12/QĐ-UBND\nTrích yếu: Về việc khen thưởng tập thể\n"
TAIL = "Người ký: Nguyễn Văn An\nNội dung:\nVăn bản.\n"
LAYOUTS = {
    "text, value on the next line": HEAD + "{label}:\n{value}\n" + TAIL,
    "text, label without colon": HEAD + "{label}\n{value}\n" + TAIL,
    "html, value in the next paragraph": (
        "<html><body><div class='info'><p><b>Số ký hiệu:</b> 12/QĐ-UBND</p>"
        "<p><strong>{label}:</strong></p><p>{value}</p><p><strong>Người ký:</strong></p><p>Nguyễn Văn An</p>"
        "</div><div class='content'><p>Văn bản.</p></div></body></html>"
    ),
    "html, value after <br>": (
        "<html><body><div class='info'><p><b>Số ký hiệu:</b> 12/QĐ-UBND</p>"
        "<p><b>{label}:</b><br>{value}</p><p><b>Người ký:</b> Nguyễn Văn An</p>"
        "</div><div class='content'><p>Văn bản.</p></div></body></html>"
    ),
    "html, span pairs of one class": (
        "<html><body><div class='info'>"
        "<div><span class='f'>Số ký hiệu:</span><span class='f'>12/QĐ-UBND</span></div>"
        "<div><span class='f'>{label}:</span><span class='f'>{value}</span></div>"
        "<div><span class='f'>Người ký:</span><span class='f'>Nguyễn Văn An</span></div>"
        "</div><div class='content'><p>Văn bản.</p></div></body></html>"
    ),
    "html, table row": (
        "<html><body><table><tr><th>Số ký hiệu</th><td>12/QĐ-UBND</td></tr>"
        "<tr><th>{label}</th><td>{value}</td></tr><tr><th>Người ký</th><td>Nguyễn Văn An</td></tr>"
        "</table><div class='content'><p>Văn bản.</p></div></body></html>"
    ),
    "html, label and value in one cell": (
        "<html><body><table><tr><td>Số ký hiệu: 12/QĐ-UBND</td></tr>"
        "<tr><td>{label}: {value}</td></tr><tr><td>Người ký: Nguyễn Văn An</td></tr>"
        "</table><div class='content'><p>Văn bản.</p></div></body></html>"
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_status_wording_is_the_status_labels_value(layout: str) -> None:
    vocab = vocabulary()
    wrong = []
    for label in STATUS_LABELS:
        for value in WORDINGS:
            page = LAYOUTS[layout].format(label=label, value=value)
            notice = parse_page(RawPage(source="status", data=page.encode("utf-8")))[0]
            got = (notice.status, notice.status_text, notice.signer, notice.expiry_date)
            if got != (vocab.status_for(value), value, "Nguyễn Văn An", None) or notice.effective_date:
                wrong.append((label, value, got))
    assert wrong == []


def test_the_wordings_include_label_wordings_so_the_test_means_something() -> None:
    assert {"Hết hiệu lực", "Hiệu lực"} <= set(WORDINGS)
    assert known_label("Hết hiệu lực") is not None and known_label("Hiệu lực") is not None


@pytest.mark.parametrize("text", ["Trạng thái: Hiệu lực", "Tình trạng: Hết hiệu lực", "Trạng thái:Hiệu lực:"])
def test_a_label_and_its_value_together_are_not_one_label(text: str) -> None:
    # Read whole, with the colon dropped, "Trạng thái: Hiệu lực" matched "Trạng thái hiệu lực".
    assert known_label(text) is None


def test_a_status_wording_ending_in_a_colon_is_the_next_label() -> None:
    page = HEAD + "Trạng thái:\nHết hiệu lực:\n01/01/2021\nNội dung:\nVăn bản.\n"
    notice = parse_page(RawPage(source="status", data=page.encode("utf-8")))[0]
    assert notice.status_text is None
    assert str(notice.expiry_date) == "2021-01-01"
