"""Ranking metrics and the judged-set files they read: pure functions, no Elasticsearch.

In: a queries file (TSV `qid<TAB>query[<TAB>group]`), a qrels file (TREC `qid 0 DOCID grade`)
and, per system, each query's ranked list of DOCIDs. Out: nDCG@10, MRR@10 and Recall@100 per
query, averaged overall and per query group.

Conventions (those of trec_eval, so numbers compare with published ones):
- nDCG uses linear gain (the grade) and a log2(rank + 1) discount; the ideal ranking is built
  from every judged document of the query, not only the retrieved ones.
- A document counts as relevant when its grade is above 0; unjudged documents count as 0.
- A query without any relevant document is a judging error and is refused, because it would
  score 0 for every system and hide differences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from search.errors import VanbanError

NDCG_DEPTH = 10
MRR_DEPTH = 10
RECALL_DEPTH = 100
METRICS = ("ndcg@10", "mrr@10", "recall@100")

Qrels = dict[str, dict[str, int]]


class JudgedSetError(VanbanError):
    """A queries or qrels file that cannot be used; names the file, the line and the reason."""


class Query(BaseModel):
    """One judged query; `group` tags what it tests (number, tones, ...)."""

    model_config = ConfigDict(frozen=True)

    qid: str
    text: str
    group: str = "all"


class Scores(BaseModel):
    """One system's metrics: the mean over all queries, the mean per group, and per query."""

    overall: dict[str, float]
    groups: dict[str, dict[str, float]]
    per_query: dict[str, dict[str, float]]


def read_queries(path: str | Path) -> list[Query]:
    """The queries of a TSV file, in file order; blank lines and `#` comments are skipped."""
    queries: list[Query] = []
    seen: set[str] = set()
    for number, line in _lines(path):
        parts = line.split("\t")
        if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
            raise JudgedSetError(f"{path}:{number}: expected qid<TAB>query[<TAB>group], got {line!r}")
        qid = parts[0].strip()
        if qid in seen:
            raise JudgedSetError(f"{path}:{number}: query id {qid!r} appears twice")
        seen.add(qid)
        group = parts[2].strip() if len(parts) == 3 and parts[2].strip() else "all"
        queries.append(Query(qid=qid, text=parts[1].strip(), group=group))
    if not queries:
        raise JudgedSetError(f"{path}: no queries")
    return queries


def read_qrels(path: str | Path) -> Qrels:
    """Grades by query and document from a TREC qrels file (`qid 0 DOCID grade`). DOCIDs may
    not contain spaces; document numbers never do."""
    qrels: Qrels = {}
    for number, line in _lines(path):
        parts = line.split()
        if len(parts) != 4 or not parts[3].lstrip("-").isdigit():
            raise JudgedSetError(f"{path}:{number}: expected 'qid 0 DOCID grade', got {line!r}")
        qid, _, docid, grade = parts
        judged = qrels.setdefault(qid, {})
        if docid in judged:
            raise JudgedSetError(f"{path}:{number}: {qid} judges {docid} twice")
        judged[docid] = int(grade)
    return qrels


def check_judged_set(queries: Sequence[Query], qrels: Qrels, source: str = "qrels") -> None:
    """Refuse a judged set whose queries lack relevant documents or whose qrels name unknown
    queries: both are judging mistakes that would silently distort the means."""
    qids = {q.qid for q in queries}
    unknown = sorted(set(qrels) - qids)
    if unknown:
        raise JudgedSetError(f"{source}: judgments for unknown queries {', '.join(unknown[:5])}")
    empty = [q.qid for q in queries if not any(g > 0 for g in qrels.get(q.qid, {}).values())]
    if empty:
        raise JudgedSetError(f"{source}: no relevant document for queries {', '.join(empty[:5])}")


def dcg(grades: Iterable[int]) -> float:
    """Discounted cumulative gain of grades in rank order (rank 1 first)."""
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1) if grade > 0)


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = NDCG_DEPTH) -> float:
    """DCG of the top k divided by the DCG of the best possible top k from the judgments."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(judged.get(doc, 0) for doc in _dedupe(ranking)[:k]) / ideal


def mrr_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = MRR_DEPTH) -> float:
    """Reciprocal rank of the first relevant document in the top k, 0 when none is there."""
    for rank, doc in enumerate(_dedupe(ranking)[:k], start=1):
        if judged.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def recall_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = RECALL_DEPTH) -> float:
    """Share of the relevant documents found in the top k."""
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(_dedupe(ranking)[:k])) / len(relevant)


def score_query(ranking: Sequence[str], judged: Mapping[str, int]) -> dict[str, float]:
    """The three metrics of one query's ranking."""
    return {
        "ndcg@10": ndcg_at(ranking, judged),
        "mrr@10": mrr_at(ranking, judged),
        "recall@100": recall_at(ranking, judged),
    }


def score_run(queries: Sequence[Query], qrels: Qrels, run: Mapping[str, Sequence[str]]) -> Scores:
    """Score every query's ranking (a missing ranking counts as empty) and average them overall
    and per group; every query weighs the same."""
    per_query = {q.qid: score_query(run.get(q.qid, ()), qrels.get(q.qid, {})) for q in queries}
    groups: dict[str, list[str]] = {}
    for q in queries:
        groups.setdefault(q.group, []).append(q.qid)
    return Scores(
        overall=_mean([per_query[q.qid] for q in queries]),
        groups={name: _mean([per_query[qid] for qid in qids]) for name, qids in sorted(groups.items())},
        per_query=per_query,
    )


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {metric: sum(row[metric] for row in rows) / len(rows) if rows else 0.0 for metric in METRICS}


def _dedupe(ranking: Sequence[str]) -> list[str]:
    """A ranking with repeats removed: a document found twice must not earn gain twice."""
    return list(dict.fromkeys(ranking))


def _lines(path: str | Path) -> Iterable[tuple[int, str]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise JudgedSetError(f"{path}: cannot read ({error.strerror or error})") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line
