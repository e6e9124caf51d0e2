"""Every fixture page parses to what its expected JSON says, field by field.

Pages live in tests/fixtures/pages/ (and the seed in tests/fixtures/), each beside
NAME.expected.json written by hand from what the page says. An expected file holds either
{"error": "<ParseError subclass>"} or {"kind": ..., "notices": [...], "next_page_url": ...}
with, per notice, only the fields it asserts. Strings are compared after the shared
normalisation (search.textnorm.normalise_text: canonical dashes and tone placement), since the
expected values are written as the page writes them. Special keys: body_starts, body_ends,
body_paragraphs, references_include (each listed reference is found, with the keys given).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ingest import errors
from ingest.detect import detect_kind
from ingest.pages import parse_listing_links, parse_page, read_page
from search.models import Notice
from search.textnorm import normalise_text

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(
    p for p in [*FIXTURES.glob("*.txt"), *(FIXTURES / "pages").iterdir()] if not p.name.endswith(".json")
)
_UNNORMALISED = {"source", "url", "number"}


def _expected(page: Path) -> dict[str, Any]:
    return json.loads(page.with_name(page.name.split(".")[0] + ".expected.json").read_text(encoding="utf-8"))


def _norm(value: Any, key: str = "") -> Any:
    if isinstance(value, str) and key not in _UNNORMALISED:
        return normalise_text(value)
    if isinstance(value, list):
        return [_norm(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v, k) for k, v in value.items()}
    return value


def _raw(page: Path, expected: dict[str, Any]):
    return read_page(page, source=str(page.relative_to(FIXTURES)), base_url=expected.get("base_url"))


def assert_notice(notice: Notice, want: dict[str, Any]) -> None:
    got = notice.model_dump(mode="json")
    for key, value in want.items():
        if key == "body_starts":
            assert notice.body.startswith(_norm(value)), f"body starts {notice.body[:80]!r}"
        elif key == "body_ends":
            assert notice.body.endswith(_norm(value)), f"body ends {notice.body[-80:]!r}"
        elif key == "body_paragraphs":
            assert len(notice.body.split("\n\n")) == value, notice.body
        elif key == "references_include":
            for ref in value:
                wanted = _norm(ref)
                assert any(all(r.get(k) == v for k, v in wanted.items()) for r in got["references"]), (
                    f"{ref} not in {got['references']}"
                )
        elif key == "attachments":
            attachments = [{"name": a["name"], "url": a["url"]} for a in got["attachments"]]
            assert attachments == _norm(value), "attachments"
        elif key == "extra":
            assert got["extra"] == {normalise_text(k): v for k, v in _norm(value).items()}, "extra"
        else:
            assert got[key] == _norm(value, key), f"{key}: {got[key]!r} != {value!r}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_parses_to_its_expected_json(page: Path) -> None:
    expected = _expected(page)
    raw = _raw(page, expected)
    if "error" in expected:
        with pytest.raises(getattr(errors, expected["error"])) as caught:
            parse_page(raw)
        assert caught.value.source == raw.source and caught.value.reason
        return
    assert detect_kind(raw).value == expected["kind"]
    notices = parse_page(raw)
    assert len(notices) == len(expected["notices"])
    for notice, want in zip(notices, expected["notices"], strict=True):
        assert_notice(notice, want)
    if expected["kind"] == "html_listing":
        links = parse_listing_links(raw)
        assert links.next_page_url == expected.get("next_page_url")
        with_links = [n["source"] for n in expected["notices"] if n["source"].startswith("http")]
        assert links.detail_urls == with_links


def test_there_are_at_least_forty_fixture_pages() -> None:
    assert len([p for p in PAGES if "error" not in _expected(p)]) >= 40
