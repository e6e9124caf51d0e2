"""`python -m ingest parse PATH... [--json]`: NDJSON or a summary on stdout, one line per
failed page on stderr, exit 1 when any page failed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.cli import main
from search.models import Notice

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_413800830483a456.txt"
PAGES = FIXTURES / "pages"


def test_json_prints_one_notice_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(SEED), str(PAGES / "l01_standard.html"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    notices = [Notice.model_validate_json(line) for line in out.splitlines()]
    assert len(notices) == 4  # the seed, then the listing's three rows
    assert notices[0].status_text == "Đang có hiệu lưc" and notices[0].source == str(SEED)
    assert [n.source_row for n in notices[1:]] == [0, 1, 2]
    assert "Đang" in out  # UTF-8 as is, not \\u escapes


def test_a_failed_page_is_one_line_on_stderr_and_the_others_still_print(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = PAGES / "b03_no_labels.html"
    code = main(["parse", str(bad), str(SEED), str(PAGES / "b01_empty.txt"), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) == 1 and json.loads(out)["status"] == "in_force"
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"ingest parse: {bad}: no labelled field")
    assert lines[1].startswith(f"ingest parse: {PAGES / 'b01_empty.txt'}: empty page")


def test_without_json_a_readable_line_per_notice(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(PAGES / "t01_same_line.txt")])
    out, _ = capsys.readouterr()
    assert code == 0
    (line,) = out.splitlines()
    where, issued, status, title = line.split(" | ")
    assert where == f"{PAGES / 't01_same_line.txt'}: 1234/QĐ-UBND"
    assert (issued, status) == ("2021-06-15", "in_force")
    # Long titles are cut to 70 characters, the cut marked with an ellipsis.
    full = "Quyết định về việc ban hành Quy chế làm việc của Uỷ ban nhân dân tỉnh nhiệm kỳ 2021-2026"
    assert len(title) == 70 and title.endswith("…") and full.startswith(title[:-1])


def test_a_directory_is_parsed_page_by_page(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(PAGES), "--json"])
    out, err = capsys.readouterr()
    failed = [line for line in err.splitlines() if line]
    pages_with_errors = sum(1 for p in PAGES.glob("b0*.expected.json"))
    assert code == 1 and len(failed) == pages_with_errors
    assert len(out.splitlines()) > 40


def test_base_url_resolves_listing_links(capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", str(PAGES / "l04_last_page_no_links.html"), "--json", "--base-url", "https://x.example/vb/"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # No links in that listing: every row keeps the page as its source.
    assert [r["source"] for r in rows] == [str(PAGES / "l04_last_page_no_links.html")] * 2


def test_the_real_command_line_has_help_and_no_traceback_on_bad_input(tmp_path: Path) -> None:
    binary = tmp_path / "scan.html"
    binary.write_bytes(b"%PDF-1.5\x00\x00binary")
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "parse", str(binary), str(tmp_path / "missing.txt"), str(SEED)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 2
    assert "binary content" in result.stderr and "missing.txt: cannot read" in result.stderr
    assert result.stdout.count("\n") == 1
    usage = subprocess.run(
        [sys.executable, "-m", "ingest", "parse"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert usage.returncode == 2 and "PATH" in usage.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # `python -m ingest parse DIR --json | head -1`: the pipe closes while pages still print.
    process = subprocess.Popen(
        [sys.executable, "-m", "ingest", "parse", *[str(PAGES)] * 20, "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.wait(timeout=120)
    assert json.loads(first)["id"] and "Traceback" not in errors
