"""Ranking metrics against hand-computed values, and the judged-set file readers."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from ranking_metrics import (  # noqa: E402
    JudgedSetError,
    Query,
    check_judged_set,
    mrr_at,
    ndcg_at,
    read_qrels,
    read_queries,
    recall_at,
    score_run,
)

JUDGED = {"A": 2, "B": 1, "C": 0, "D": 2}


def test_ndcg_matches_a_hand_computed_value():
    # DCG = 2/log2(3) + 1/log2(5) = 1.26186 + 0.43068; ideal = 2/1 + 2/log2(3) + 1/log2(4) = 3.76186
    assert ndcg_at(["C", "A", "X", "B"], JUDGED) == pytest.approx(1.69254 / 3.76186, abs=1e-5)


def test_ndcg_is_one_for_the_ideal_order_and_zero_without_relevant_hits():
    assert ndcg_at(["A", "D", "B"], JUDGED) == pytest.approx(1.0)
    assert ndcg_at(["D", "A", "B", "C"], JUDGED) == pytest.approx(1.0)
    assert ndcg_at(["C", "X"], JUDGED) == 0.0


def test_ndcg_only_counts_the_top_ten():
    ranking = [f"x{i}" for i in range(10)] + ["A", "D", "B"]
    assert ndcg_at(ranking, JUDGED) == 0.0
    assert ndcg_at(ranking, JUDGED, k=11) == pytest.approx((2 / math.log2(12)) / 3.76186, abs=1e-5)


def test_a_document_repeated_in_a_ranking_earns_gain_once():
    assert ndcg_at(["A", "A", "A"], JUDGED) == pytest.approx(2 / 3.76186, abs=1e-5)
    assert recall_at(["A", "A"], JUDGED) == pytest.approx(1 / 3)


def test_mrr_is_the_reciprocal_rank_of_the_first_relevant_document():
    assert mrr_at(["C", "A", "X", "B"], JUDGED) == 0.5
    assert mrr_at(["X", "Y", "Z", "B"], JUDGED) == 0.25
    assert mrr_at(["C"] + [f"x{i}" for i in range(9)] + ["A"], JUDGED) == 0.0


def test_recall_counts_relevant_documents_found_within_the_depth():
    assert recall_at(["C", "A", "X", "B"], JUDGED) == pytest.approx(2 / 3)
    assert recall_at(["C", "A", "X", "B"], JUDGED, k=2) == pytest.approx(1 / 3)


def test_a_run_is_averaged_overall_and_per_group():
    queries = [
        Query(qid="1", text="a", group="number"),
        Query(qid="2", text="b", group="topic"),
        Query(qid="3", text="c", group="topic"),
    ]
    qrels = {"1": {"A": 1}, "2": {"B": 2}, "3": {"C": 1, "D": 1}}
    run = {"1": ["A"], "2": ["X", "B"], "3": ["Z"]}
    scores = score_run(queries, qrels, run)
    assert scores.per_query["2"]["mrr@10"] == 0.5
    assert scores.groups["number"]["mrr@10"] == 1.0
    assert scores.groups["topic"]["mrr@10"] == 0.25
    assert scores.overall["mrr@10"] == pytest.approx(0.5)
    assert scores.overall["recall@100"] == pytest.approx(2 / 3)


def test_queries_and_qrels_files_are_read_with_groups_and_comments(tmp_path):
    (tmp_path / "q.tsv").write_text("# comment\nq1\tthi đua\tphrase\n\nq2\t91/2017/NĐ-CP\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("q1 0 12/QĐ-UBND 2\nq2 0 91/2017/NĐ-CP 1\nq2 0 X 0\n", encoding="utf-8")
    queries = read_queries(tmp_path / "q.tsv")
    assert queries == [Query(qid="q1", text="thi đua", group="phrase"), Query(qid="q2", text="91/2017/NĐ-CP")]
    qrels = read_qrels(tmp_path / "r.txt")
    assert qrels == {"q1": {"12/QĐ-UBND": 2}, "q2": {"91/2017/NĐ-CP": 1, "X": 0}}
    check_judged_set(queries, qrels)


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("q.tsv", "q1 only-one-column\n", "expected qid<TAB>query"),
        ("q.tsv", "q1\ta\nq1\tb\n", "appears twice"),
        ("r.txt", "q1 0 A high\n", "expected 'qid 0 DOCID grade'"),
        ("r.txt", "q1 0 A 1\nq1 0 A 2\n", "judges A twice"),
    ],
)
def test_malformed_files_are_refused_naming_the_line(tmp_path, name, text, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reader = read_queries if name.endswith(".tsv") else read_qrels
    with pytest.raises(JudgedSetError, match=reason) as error:
        reader(path)
    assert f"{path}:" in str(error.value)


def test_a_query_without_relevant_documents_is_a_judging_error():
    queries = [Query(qid="1", text="a"), Query(qid="2", text="b")]
    with pytest.raises(JudgedSetError, match="no relevant document for queries 2"):
        check_judged_set(queries, {"1": {"A": 1}, "2": {"B": 0}})
    with pytest.raises(JudgedSetError, match="unknown queries 9"):
        check_judged_set(queries, {"1": {"A": 1}, "2": {"B": 1}, "9": {"C": 1}})
