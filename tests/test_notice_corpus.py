"""The synthetic notice generator: deterministic, varied, realistic in shape, and written in the
formats benchmarks and loaders read."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from search.models import Notice
from search.numbers import find_numbers, normalise_number

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from notice_corpus import generate_notices, ki_variant, main, old_style_tones, write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def sample() -> list[Notice]:
    return list(generate_notices(1500, seed=7))


def test_the_same_seed_gives_the_same_notices_and_a_shorter_run_is_a_prefix():
    short = [n.content_hash for n in generate_notices(40, seed=3)]
    long = [n.content_hash for n in generate_notices(90, seed=3)]
    assert short == long[:40]
    assert short != [n.content_hash for n in generate_notices(40, seed=4)]


def test_every_number_is_unique_and_already_in_canonical_form(sample):
    numbers = [n.number for n in sample]
    assert len(set(numbers)) == len(numbers)
    assert all(normalise_number(number) == number for number in numbers)
    assert all(find_numbers(f"theo văn bản số {number} ngày 01/01/2020") == [number] for number in numbers)


def test_numbers_come_in_the_real_shapes(sample):
    numbers = [n.number for n in sample]
    shapes = {
        "decision": lambda x: "/QĐ-UBND" in x and x.count("/") == 1,
        "decree with year": lambda x: x.endswith("/NĐ-CP") and x.count("/") == 2,
        "party plan": lambda x: "-KH/" in x,
        "ministry letter": lambda x: "/BTC-" in x and x.count("/") == 1,
        "prime minister directive": lambda x: x.endswith("/CT-TTg"),
        "law": lambda x: x.split("/")[-1].startswith("QH"),
    }
    for name, shape in shapes.items():
        assert any(shape(number) for number in numbers), name


def test_types_issuers_sectors_and_statuses_vary(sample):
    assert len(Counter(n.doc_type for n in sample)) >= 9
    assert len(Counter(n.issuer for n in sample)) >= 40
    assert len(Counter(n.sector for n in sample)) >= 12
    assert len(Counter(n.status for n in sample)) >= 5
    years = {n.issued_date.year for n in sample}
    assert min(years) == 2005 and max(years) == 2026


def test_bodies_range_from_one_paragraph_to_several_pages(sample):
    lengths = sorted(len(n.body) for n in sample)
    assert lengths[0] < 600
    assert lengths[-1] > 9000


def test_bodies_cite_real_looking_documents_and_the_references_name_them(sample):
    cited = [n for n in sample if n.references]
    assert len(cited) > len(sample) // 3
    for notice in cited[:200]:
        for reference in notice.references:
            assert reference.number in notice.body
            assert f"Căn cứ {reference.doc_type}" in notice.body


def test_some_notices_use_old_tone_placement_and_ki_for_ky(sample):
    assert any("Uỷ ban" in n.body or "hoà" in n.body or "thuỷ" in n.body for n in sample)
    assert any(" kí " in n.body or "kí kết" in n.body for n in sample)


def test_old_style_tones_moves_the_mark_only_in_open_syllables():
    assert old_style_tones("Ủy ban hòa bình, thủy lợi, sức khỏe") == "Uỷ ban hoà bình, thuỷ lợi, sức khoẻ"
    assert old_style_tones("hoàn toàn quý của Thanh Hóa") == "hoàn toàn quý của Thanh Hoá"
    assert ki_variant("Người ký, quản lý") == "Người kí, quản lí"


def test_ids_come_from_the_synthetic_source_and_hashes_cover_content(sample):
    assert len({n.id for n in sample}) == len(sample)
    assert all(n.content_hash == n.with_content_hash().content_hash for n in sample[:50])


def test_ndjson_round_trips_into_notices(tmp_path):
    out = tmp_path / "corpus.ndjson"
    assert write_corpus(out, 30, seed=1) == 30
    lines = out.read_text(encoding="utf-8").splitlines()
    restored = [Notice.model_validate_json(line) for line in lines]
    assert restored == list(generate_notices(30, seed=1))


@pytest.mark.parametrize("fmt, suffix", [("text", "txt"), ("html", "html")])
def test_pages_show_labelled_fields_and_the_body(tmp_path, fmt, suffix):
    write_corpus(tmp_path, 4, seed=2, fmt=fmt)
    pages = sorted(tmp_path.glob(f"*.{suffix}"))
    assert len(pages) == 4
    for page, notice in zip(pages, generate_notices(4, seed=2), strict=True):
        text = page.read_text(encoding="utf-8")
        assert notice.number in text and notice.issuer in text
        assert "Trích yếu" in text and "Ngày" in text
        assert notice.issued_date.strftime("%d/%m/%Y") in text


def test_the_command_line_prints_json_and_rejects_bad_counts(tmp_path, capsys):
    assert main(["3", str(tmp_path / "c.ndjson"), "--seed", "5"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "written": 3,
        "out": str(tmp_path / "c.ndjson"),
        "format": "ndjson",
        "seed": 5,
    }
    assert main(["-1", str(tmp_path / "x.ndjson")]) == 2
    assert "N must be" in capsys.readouterr().err
