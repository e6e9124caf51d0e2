"""Extraction accuracy: parse every gold page of a folder and compare it field by field.

    python scripts/eval_parse.py DIR [--json]

In: DIR, searched recursively for `NAME.expected.json` files, each beside its page `NAME.txt`,
`NAME.html` or `NAME.htm`. Out: per-field and overall accuracy and every mismatch (file, field,
expected, got), as a table or as JSON. Exit codes: 0 done, 1 could not run, 2 usage.

What is compared, for each notice the gold file lists (in order, row by row for listings):
number, title, doc_type, sector, issuer, signer, issued_date, effective_date, status and
body_start — only the fields the gold file states, so a gold file judges what its author
checked. Both sides go through the project's own normalisation first: search.textnorm.clean_field
for one-line fields (which also puts tone marks in their canonical place), ISO text for dates.

body_start is the first 200 characters of the body after search.textnorm.clean_body with every
run of whitespace collapsed to one space: long enough to show that the content starts at the
right place and without the labels, short enough not to depend on where a page ends. A gold
file gives it as `body` (the whole body: its first 200 characters are compared) or
`body_starts` (a prefix: the parsed body must begin with it, up to 200 characters).

A gold file `{"error": "EmptyPage"}` expects the parse to fail with that error class; this is
scored as the field `outcome`, and so is a page that fails when the gold file lists notices
(each of whose fields then counts as missed). A notice count that differs is a mismatch of
`notices`; the first min(expected, got) notices are still compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pydantic import BaseModel  # noqa: E402

from search.errors import VanbanError  # noqa: E402
from search.textnorm import clean_body, clean_field  # noqa: E402

FIELDS = (
    "number",
    "title",
    "doc_type",
    "sector",
    "issuer",
    "signer",
    "issued_date",
    "effective_date",
    "status",
    "body_start",
)
BODY_START_CHARS = 200
PAGE_SUFFIXES = (".txt", ".html", ".htm")
GOLD_SUFFIX = ".expected.json"


class Mismatch(BaseModel):
    file: str
    field: str
    expected: Any
    got: Any


class FieldScore(BaseModel):
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


class ParseEvalReport(BaseModel):
    pages: int
    fields: dict[str, FieldScore]
    mismatches: list[Mismatch]

    def accuracy(self) -> dict[str, float]:
        """Per-field accuracy, and `overall`: all comparisons pooled (each counts once)."""
        correct = sum(s.correct for s in self.fields.values())
        total = sum(s.total for s in self.fields.values())
        scores = {name: score.accuracy for name, score in self.fields.items()}
        scores["overall"] = correct / total if total else 1.0
        return scores


class GoldError(VanbanError):
    """A gold file that cannot be used (not JSON, no page beside it); names the file."""


def gold_pages(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(page, gold file) pairs under folder, in name order; a gold file without a page is an
    error, since a silently skipped gold page would raise the score."""
    for gold in sorted(folder.rglob(f"*{GOLD_SUFFIX}")):
        stem = gold.name[: -len(GOLD_SUFFIX)]
        pages = [gold.with_name(stem + suffix) for suffix in PAGE_SUFFIXES]
        page = next((p for p in pages if p.exists()), None)
        if page is None:
            raise GoldError(f"{gold}: no page {stem}.txt or {stem}.html beside it")
        yield page, gold


def read_gold(gold: Path) -> dict[str, Any]:
    try:
        data = json.loads(gold.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GoldError(f"{gold}: not a readable JSON file ({error})") from None
    if not isinstance(data, dict) or not ("error" in data or isinstance(data.get("notices"), list)):
        raise GoldError(f'{gold}: expected {{"notices": [...]}} or {{"error": "ErrorClass"}}')
    return data


def comparable(field: str, value: Any) -> Any:
    """A value in the form both sides are compared in (see the module docstring)."""
    if value is None:
        return None
    if field == "body_start":
        text = " ".join(clean_body(str(value)).split())
        return text[:BODY_START_CHARS] or None
    if field == "status":
        return getattr(value, "value", value)
    if field.endswith("_date"):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return clean_field(str(value))


def expected_fields(notice: dict[str, Any]) -> dict[str, Any]:
    """The fields a gold notice states, in comparable form."""
    fields = {f: comparable(f, notice[f]) for f in FIELDS if f != "body_start" and f in notice}
    if "body" in notice:
        fields["body_start"] = comparable("body_start", notice["body"])
    elif "body_starts" in notice:
        fields["body_start"] = comparable("body_start", notice["body_starts"])
    return fields


def got_fields(notice: Any) -> dict[str, Any]:
    """The parsed notice's fields in comparable form (an empty dict for a failed parse)."""
    if notice is None:
        return {}
    fields = {f: comparable(f, getattr(notice, f)) for f in FIELDS if f != "body_start"}
    fields["body_start"] = comparable("body_start", notice.body)
    return fields


def same(field: str, expected: Any, got: Any, prefix: bool) -> bool:
    if field == "body_start" and prefix and expected is not None:
        return got is not None and got.startswith(expected)
    return expected == got


def parse(page: Path) -> tuple[list[Any], str | None]:
    """The notices of a page, or the name of the error it failed with."""
    from ingest.pages import parse_page, read_page

    try:
        return parse_page(read_page(page)), None
    except VanbanError as error:
        return [], type(error).__name__
    except Exception as error:  # noqa: BLE001 - a crash is a result to score, not a reason to stop
        return [], f"crash {type(error).__name__}: {error}"


def evaluate(folder: Path) -> ParseEvalReport:
    """Score every gold page under folder."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a directory")
    scores = {name: FieldScore() for name in ("outcome", "notices", *FIELDS)}
    mismatches: list[Mismatch] = []
    pages = 0
    for page, gold_path in gold_pages(folder):
        pages += 1
        name = str(page.relative_to(folder))
        gold = read_gold(gold_path)
        notices, error = parse(page)
        for field, expected, got, prefix in _comparisons(gold, notices, error):
            score = scores[field]
            score.total += 1
            if same(field, expected, got, prefix):
                score.correct += 1
            else:
                mismatches.append(Mismatch(file=name, field=field, expected=expected, got=got))
    if not pages:
        raise GoldError(f"{folder}: no *{GOLD_SUFFIX} files")
    return ParseEvalReport(
        pages=pages, fields={k: v for k, v in scores.items() if v.total}, mismatches=mismatches
    )


def _comparisons(
    gold: dict[str, Any], notices: list[Any], error: str | None
) -> Iterable[tuple[str, Any, Any, bool]]:
    """(field, expected, got, prefix?) for one page."""
    if "error" in gold:
        yield "outcome", gold["error"], error or "parsed", False
        return
    yield "outcome", "parsed", error or "parsed", False
    expected_notices = gold["notices"]
    if error is None:
        yield "notices", len(expected_notices), len(notices), False
    for index, gold_notice in enumerate(expected_notices):
        parsed = notices[index] if index < len(notices) else None
        got = got_fields(parsed)
        prefix = "body" not in gold_notice
        for field, expected in expected_fields(gold_notice).items():
            yield field, expected, got.get(field), prefix


def format_report(report: ParseEvalReport) -> str:
    accuracy = report.accuracy()
    lines = [f"{report.pages} gold pages", "", f"{'field':<16}{'correct':>9}{'total':>7}{'accuracy':>10}"]
    for name, score in report.fields.items():
        lines.append(f"{name:<16}{score.correct:>9}{score.total:>7}{score.accuracy:>10.3f}")
    correct = sum(s.correct for s in report.fields.values())
    total = sum(s.total for s in report.fields.values())
    lines.append(f"{'overall':<16}{correct:>9}{total:>7}{accuracy['overall']:>10.3f}")
    if report.mismatches:
        lines += ["", "mismatches (file, field, expected, got):"]
        lines += [f"  {m.file}  {m.field}  {m.expected!r}  {m.got!r}" for m in report.mismatches]
    return "\n".join(lines)


def report_json(report: ParseEvalReport) -> dict[str, Any]:
    return {
        "pages": report.pages,
        "accuracy": report.accuracy(),
        "fields": {name: score.model_dump() for name, score in report.fields.items()},
        "mismatches": [m.model_dump() for m in report.mismatches],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/eval_parse.py",
        description="Field-by-field extraction accuracy of the page parser against gold pages.",
    )
    parser.add_argument("dir", type=Path, help="folder searched recursively for NAME.expected.json")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.dir)
    except VanbanError as error:
        print(f"eval_parse: {error}", file=sys.stderr)
        return 1
    print(
        json.dumps(report_json(report), ensure_ascii=False, indent=1) if args.json else format_report(report)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
