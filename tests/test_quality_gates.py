"""Quality gates: extraction accuracy and ranking quality must not fall below their pinned
floors (tests/eval/floors.json: raise them when results improve, never lower them), and our
ranking must beat both baselines on nDCG@10."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import RUN_PREFIX

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"
FIXTURES = ROOT / "tests" / "fixtures"
for extra in (ROOT / "scripts", EVAL):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import build_corpus  # noqa: E402
import eval_parse  # noqa: E402
import eval_search  # noqa: E402
from notice_corpus import generate_notices, render_text, write_corpus, write_gold_pages  # noqa: E402

FLOORS = json.loads((EVAL / "floors.json").read_text(encoding="utf-8"))
BASELINES = ("standard", "syllables")


def below(scores: dict[str, float], floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    """The scores under their floor, as (score, floor); a floor without a score counts as 0."""
    return {k: (scores.get(k, 0.0), f) for k, f in floors.items() if scores.get(k, 0.0) < f - 1e-9}


# ----------------------------------------------------------------------------- extraction


def test_extraction_of_the_fixture_pages_stays_above_its_floors():
    report = eval_parse.evaluate(FIXTURES)
    assert report.pages >= FLOORS["parse_fixtures"]["pages"]
    failing = below(report.accuracy(), FLOORS["parse_fixtures"]["accuracy"])
    assert not failing, (failing, [m.model_dump() for m in report.mismatches])


def test_extraction_of_synthetic_pages_the_parser_never_saw_stays_above_its_floors(tmp_path):
    spec = FLOORS["parse_synthetic"]
    write_gold_pages(tmp_path, spec["pages"], spec["seed"])
    report = eval_parse.evaluate(tmp_path)
    failing = below(report.accuracy(), spec["accuracy"])
    assert not failing, (failing, [m.model_dump() for m in report.mismatches][:20])


def test_a_wrong_gold_value_is_reported_as_a_mismatch_naming_file_and_field(tmp_path):
    notice = next(generate_notices(1, seed=5))
    (tmp_path / "page.txt").write_text(render_text(notice), encoding="utf-8")
    gold = {"notices": [{"number": notice.number, "title": "Một trích yếu khác", "body": notice.body}]}
    (tmp_path / "page.expected.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    report = eval_parse.evaluate(tmp_path)
    assert [(m.file, m.field, m.expected, m.got) for m in report.mismatches] == [
        ("page.txt", "title", "Một trích yếu khác", notice.title)
    ]
    assert report.accuracy()["title"] == 0.0 and report.accuracy()["number"] == 1.0


def test_an_expected_failure_scores_the_outcome(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "empty.expected.json").write_text('{"error": "EmptyPage"}', encoding="utf-8")
    (tmp_path / "other.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "other.expected.json").write_text('{"error": "BinaryPage"}', encoding="utf-8")
    report = eval_parse.evaluate(tmp_path)
    assert report.fields["outcome"].total == 2 and report.fields["outcome"].correct == 1
    assert [(m.file, m.expected) for m in report.mismatches] == [("other.txt", "BinaryPage")]


def test_both_sides_are_compared_after_the_projects_normalisation():
    assert eval_parse.comparable("title", " Hoà  bình\u00a0") == eval_parse.comparable("title", "Hòa bình")
    long_body = "Đoạn một.\n\n\n   Đoạn   hai. " + "x" * 400
    assert eval_parse.comparable("body_start", long_body) == ("Đoạn một. Đoạn hai. " + "x" * 400)[:200]
    assert eval_parse.comparable("issued_date", "2018-07-30") == "2018-07-30"


def test_a_gold_file_without_its_page_is_refused(tmp_path, capsys):
    (tmp_path / "lost.expected.json").write_text('{"notices": []}', encoding="utf-8")
    assert eval_parse.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lost.expected.json: no page" in err


def test_the_parse_report_prints_as_json(tmp_path, capsys):
    write_gold_pages(tmp_path, 2, seed=3)
    assert eval_parse.main([str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pages"] == 2 and set(out["accuracy"]) >= {"number", "body_start", "overall"}


# -------------------------------------------------------------------------------- ranking


def test_the_committed_judged_set_is_what_its_builder_writes(tmp_path):
    sizes = build_corpus.build(tmp_path)
    assert sizes["notices"] >= 300 and sizes["queries"] >= 60
    for name in ("corpus.ndjson", "queries.tsv", "qrels.txt"):
        assert (tmp_path / name).read_bytes() == (EVAL / name).read_bytes(), name


@pytest.fixture(scope="module")
def search_report(es):
    return eval_search.evaluate(
        es, EVAL / "corpus.ndjson", EVAL / "queries.tsv", EVAL / "qrels.txt", prefix=RUN_PREFIX
    )


def test_the_whole_corpus_loads_and_every_query_runs(search_report):
    assert search_report.notices == sum(1 for _ in (EVAL / "corpus.ndjson").open(encoding="utf-8"))
    assert {name: result.errors for name, result in search_report.systems.items()} == {
        name: {} for name in eval_search.SYSTEMS
    }


@pytest.mark.parametrize("baseline", BASELINES)
def test_our_ranking_beats_each_baseline_on_ndcg(search_report, baseline):
    ours = search_report.systems["ours"].scores.overall["ndcg@10"]
    theirs = search_report.systems[baseline].scores.overall["ndcg@10"]
    assert ours >= theirs, f"ours {ours:.3f} < {baseline} {theirs:.3f}"


@pytest.mark.parametrize("metric", ["ndcg@10", "mrr@10", "recall@100"])
def test_our_ranking_stays_above_its_pinned_floors(search_report, metric):
    scores = search_report.systems["ours"].scores
    got = {"all": scores.overall[metric], **{g: s[metric] for g, s in scores.groups.items()}}
    failing = below(got, FLOORS["search"][metric])
    assert not failing, failing


def test_the_baselines_are_real_competitors_not_empty_indexes(search_report):
    """A broken baseline scoring 0 would make the comparison above pass for nothing."""
    standard = search_report.systems["standard"].scores.groups
    syllables = search_report.systems["syllables"].scores.groups
    assert standard["topic_accented"]["ndcg@10"] > 0.5
    assert syllables["topic_unaccented"]["ndcg@10"] > 0.5


def test_eval_search_refuses_a_broken_qrels_file_in_one_line(tmp_path, capsys, es):
    (tmp_path / "qrels.txt").write_text("a01 0 1234/QĐ-UBND high\n", encoding="utf-8")
    args = ["--corpus", str(EVAL / "corpus.ndjson"), "--queries", str(EVAL / "queries.tsv")]
    assert eval_search.main([*args, "--qrels", str(tmp_path / "qrels.txt"), "--prefix", RUN_PREFIX]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "qrels.txt:1: expected 'qid 0 DOCID grade'" in err


def test_a_corpus_of_pages_is_loaded_through_the_parser_and_scored(tmp_path, es):
    write_corpus(tmp_path / "pages", 12, seed=9, fmt="html")
    wanted = list(generate_notices(12, seed=9))[4]
    (tmp_path / "q.tsv").write_text(f"q1\t{wanted.number}\tnumber\n", encoding="utf-8")
    (tmp_path / "qrels.txt").write_text(f"q1 0 {wanted.number} 2\n", encoding="utf-8")
    report = eval_search.evaluate(
        es, tmp_path / "pages", tmp_path / "q.tsv", tmp_path / "qrels.txt", RUN_PREFIX
    )
    assert report.notices == 12 and report.groups == ["number"]
    assert report.systems["ours"].scores.overall["mrr@10"] == 1.0
    assert not es.indices.get(index=f"{RUN_PREFIX}-*-ours", expand_wildcards="all", ignore_unavailable=True)
