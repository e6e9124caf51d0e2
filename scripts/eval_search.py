"""Ranking quality of vanban's search against two baselines, on one judged set, in one run.

    python scripts/eval_search.py --corpus PATH --queries FILE --qrels FILE [--json]

In: a corpus (anything `ingest load` accepts), queries (TSV `qid<TAB>query[<TAB>group]`) and
qrels (TREC `qid 0 DOCID grade`, DOCID = the notice's number). Out: nDCG@10, MRR@10 and
Recall@100, overall and per query group, for three systems built on the same notices:

- ``ours``: the corpus loaded by the real loader (ingest.pipeline.run_load) into a fresh alias
  and searched with search.searcher.search;
- ``standard``: Elasticsearch's standard analyzer over the raw title and body, one plain
  multi_match (no segmentation, no folding, no number handling);
- ``syllables``: search.analysis's syllables and folded syllables of title and body, matched
  as bags of tokens (no pyvi words, no phrases, no number lookup).

The baselines index the notices the loader stored (read back from our index), so all three
rank exactly the same documents. Every index is named after this run and deleted at the end.
Exit codes: 0 done, 1 could not run (names the file or the node), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from elasticsearch import Elasticsearch  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from ranking_metrics import (  # noqa: E402
    METRICS,
    RECALL_DEPTH,
    Query,
    Scores,
    check_judged_set,
    read_qrels,
    read_queries,
    score_run,
)

from search.errors import VanbanError  # noqa: E402
from search.models import Notice  # noqa: E402

SYSTEMS = ("ours", "standard", "syllables")
DEFAULT_PREFIX = "vanban-eval"


class EvalError(VanbanError):
    """The evaluation cannot run: a corpus that does not load cleanly, an index that fails."""


class SystemResult(BaseModel):
    """One system's scores and the queries it could not run (with the one-line reason)."""

    scores: Scores
    errors: dict[str, str]


class EvalReport(BaseModel):
    corpus: str
    notices: int
    queries: int
    groups: list[str]
    systems: dict[str, SystemResult]


Ranker = Callable[[str], list[str]]


# ------------------------------------------------------------------------------------ ours


def load_ours(es: Elasticsearch, corpus: Path, alias: str, workdir: Path) -> int:
    """Load the corpus with the real pipeline; refuse a load that quarantined anything, since a
    missing judged notice would distort every score."""
    from ingest.pipeline import LoadOptions, run_load

    options = LoadOptions(index=alias, quarantine_path=workdir / "quarantine.jsonl")
    report = run_load([corpus], options, es)
    if report.quarantined:
        reasons = ", ".join(f"{reason}: {count}" for reason, count in report.reasons.items())
        raise EvalError(f"{corpus}: {report.quarantined} records quarantined ({reasons})")
    es.indices.refresh(index=alias)
    return report.indexed + report.unchanged


def stored_notices(es: Elasticsearch, alias: str) -> list[Notice]:
    """The notices as the loader stored them, for the baselines to index."""
    from search.documents import notice_from_source
    from search.indexes import current_index, scan_sources

    index = current_index(es, alias) or alias
    return sorted((notice_from_source(source) for source in scan_sources(es, index)), key=lambda n: n.id)


def ours_ranker(es: Elasticsearch, alias: str) -> Ranker:
    from search.queries import MAX_LIMIT, SearchParams
    from search.searcher import search

    def rank(text: str) -> list[str]:
        result = search(SearchParams(q=text, limit=min(RECALL_DEPTH, MAX_LIMIT)), client=es, index=alias)
        return [hit.number or hit.id for hit in result.hits]

    return rank


# ------------------------------------------------------------------------------- baselines

STANDARD_MAPPING = {
    "properties": {
        "number": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "standard"},
        "body": {"type": "text", "analyzer": "standard"},
    }
}
SYLLABLE_FIELDS = ("title_syllables", "title_folded", "body_syllables", "body_folded")
SYLLABLE_MAPPING = {
    "properties": {"number": {"type": "keyword"}}
    | {field: {"type": "text", "analyzer": "whitespace"} for field in SYLLABLE_FIELDS}
}


def standard_documents(notices: Sequence[Notice]) -> list[dict[str, Any]]:
    return [{"number": n.number, "title": n.title or "", "body": n.body} for n in notices]


def syllable_documents(notices: Sequence[Notice]) -> list[dict[str, Any]]:
    """Title and body as the analysis module's syllables and folded syllables, nothing else."""
    from search.documents import analyse_notices

    documents = []
    for notice, texts in zip(notices, analyse_notices(notices), strict=True):
        documents.append(
            {
                "number": notice.number,
                "title_syllables": texts.title.syllables,
                "title_folded": texts.title.folded_syllables,
                "body_syllables": texts.body.syllables,
                "body_folded": texts.body.folded_syllables,
            }
        )
    return documents


def build_index(
    es: Elasticsearch, name: str, mappings: dict[str, Any], documents: list[dict[str, Any]]
) -> None:
    from elasticsearch.helpers import bulk

    es.indices.create(
        index=name, settings={"number_of_shards": 1, "number_of_replicas": 0}, mappings=mappings
    )
    actions = ({"_index": name, "_id": str(i), "_source": doc} for i, doc in enumerate(documents))
    _, errors = bulk(es, actions, raise_on_error=False, refresh="wait_for")
    if isinstance(errors, list) and errors:
        raise EvalError(f"index {name}: {len(errors)} documents failed, first: {errors[0]}")


def standard_query(text: str) -> dict[str, Any]:
    """Baseline 1: the query as typed, one plain multi_match over title and body."""
    return {"multi_match": {"query": text, "fields": ["title", "body"]}}


def syllable_query(text: str) -> dict[str, Any] | None:
    """Baseline 2: the query's syllables against the syllable fields and its folded syllables
    against the folded ones, summed; no words, phrases or boosts."""
    from search.analysis import analyse_query

    analysis = analyse_query(text)
    if not analysis.folded_syllables:
        return None
    exact, folded = " ".join(analysis.syllables), " ".join(analysis.folded_syllables)
    return {
        "bool": {
            "should": [
                {
                    "multi_match": {
                        "query": exact,
                        "fields": ["title_syllables", "body_syllables"],
                        "type": "most_fields",
                    }
                },
                {
                    "multi_match": {
                        "query": folded,
                        "fields": ["title_folded", "body_folded"],
                        "type": "most_fields",
                    }
                },
            ]
        }
    }


def baseline_ranker(
    es: Elasticsearch, index: str, to_query: Callable[[str], dict[str, Any] | None]
) -> Ranker:
    def rank(text: str) -> list[str]:
        query = to_query(text)
        if query is None:
            return []
        hits = es.search(index=index, query=query, size=RECALL_DEPTH, source_includes=["number"])["hits"][
            "hits"
        ]
        return [hit["_source"]["number"] for hit in hits]

    return rank


# ------------------------------------------------------------------------------------- run


def run_queries(rank: Ranker, queries: Sequence[Query]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Each query's ranking; a query the system refuses ranks nothing and its reason is kept."""
    run: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for query in queries:
        try:
            run[query.qid] = rank(query.text)
        except VanbanError as error:
            run[query.qid] = []
            errors[query.qid] = str(error)
    return run, errors


def evaluate(
    es: Elasticsearch, corpus: Path, queries_path: Path, qrels_path: Path, prefix: str = DEFAULT_PREFIX
) -> EvalReport:
    """Build the three systems on the corpus, run every query on each, score, clean up."""
    queries = read_queries(queries_path)
    qrels = read_qrels(qrels_path)
    check_judged_set(queries, qrels, str(qrels_path))
    if not corpus.exists():
        raise EvalError(f"{corpus}: no such corpus")
    run_name = f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    alias, standard, syllables = f"{run_name}-ours", f"{run_name}-standard", f"{run_name}-syllables"
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-eval-") as workdir:
            count = load_ours(es, corpus, alias, Path(workdir))
        notices = stored_notices(es, alias)
        _check_numbers(notices, qrels)
        build_index(es, standard, STANDARD_MAPPING, standard_documents(notices))
        build_index(es, syllables, SYLLABLE_MAPPING, syllable_documents(notices))
        rankers = {
            "ours": ours_ranker(es, alias),
            "standard": baseline_ranker(es, standard, standard_query),
            "syllables": baseline_ranker(es, syllables, syllable_query),
        }
        systems = {}
        for name in SYSTEMS:
            run, errors = run_queries(rankers[name], queries)
            systems[name] = SystemResult(scores=score_run(queries, qrels, run), errors=errors)
    finally:
        _delete_run_indexes(es, run_name)
    groups = sorted({q.group for q in queries})
    return EvalReport(corpus=str(corpus), notices=count, queries=len(queries), groups=groups, systems=systems)


def _check_numbers(notices: Sequence[Notice], qrels: dict[str, dict[str, int]]) -> None:
    """Numbers are the document ids: each must be unique, and every relevant one must exist."""
    numbers = [n.number for n in notices]
    if len(set(numbers)) != len(numbers) or None in numbers:
        raise EvalError("every notice of the corpus needs a number of its own: numbers are the qrels' DOCIDs")
    relevant = {doc for judged in qrels.values() for doc, grade in judged.items() if grade > 0}
    missing = sorted(relevant - set(numbers))
    if missing:
        raise EvalError(f"relevant documents missing from the corpus: {', '.join(missing[:5])}")


def _delete_run_indexes(es: Elasticsearch, run_name: str) -> None:
    names = list(es.indices.get(index=f"{run_name}-*", expand_wildcards="all", ignore_unavailable=True))
    if names:
        es.indices.delete(index=names, ignore_unavailable=True)


# ---------------------------------------------------------------------------------- output


def format_table(report: EvalReport) -> str:
    """One block per metric: rows are the systems, columns overall then each group."""
    columns = ["all", *report.groups]
    width = max(len(c) for c in columns) + 2
    lines = [f"{report.notices} notices, {report.queries} queries ({report.corpus})"]
    for metric in METRICS:
        lines.append("")
        lines.append(f"{metric:<12}" + "".join(f"{c:>{width}}" for c in columns))
        for name, result in report.systems.items():
            values = [result.scores.overall[metric]] + [
                result.scores.groups[g][metric] for g in report.groups
            ]
            lines.append(f"{name:<12}" + "".join(f"{v:>{width}.3f}" for v in values))
    for name, result in report.systems.items():
        for qid, reason in result.errors.items():
            lines.append(f"{name} could not run {qid}: {reason}")
    return "\n".join(lines)


def report_json(report: EvalReport) -> dict[str, Any]:
    return report.model_dump(mode="json")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python scripts/eval_search.py",
        description="Score vanban's ranking and two baselines (nDCG@10, MRR@10, Recall@100) on a judged set.",
    )
    parser.add_argument("--corpus", required=True, type=Path, help="anything `ingest load` accepts")
    parser.add_argument("--queries", required=True, type=Path, help="TSV: qid<TAB>query[<TAB>group]")
    parser.add_argument("--qrels", required=True, type=Path, help="TREC qrels: qid 0 NUMBER grade")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="prefix of this run's index names")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from search.client import connect

    try:
        es = connect()
        report = evaluate(es, args.corpus, args.queries, args.qrels, args.prefix)
    except VanbanError as error:
        print(f"eval_search: {error}", file=sys.stderr)
        return 1
    print(
        json.dumps(report_json(report), ensure_ascii=False, indent=1) if args.json else format_table(report)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
