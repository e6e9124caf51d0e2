"""The foundation: a real node answers, its version matches the client, Vietnamese round-trips."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from search.config import settings


def test_server_major_version_matches_the_client(es):
    server = next(iter(es.nodes.info()["nodes"].values()))["version"]
    assert server.split(".")[0] == version("elasticsearch").split(".")[0]
    assert server == settings().es_version


def test_a_vietnamese_document_is_found_again_by_a_word_with_diacritics(es, index_name):
    es.indices.create(index=index_name, mappings={"properties": {"title": {"type": "text"}}})
    es.index(index=index_name, id="1", document={"title": "Hội nghị sơ kết công tác thi đua, khen thưởng"})
    es.index(index=index_name, id="2", document={"title": "Kế hoạch phòng chống lụt bão"})
    es.indices.refresh(index=index_name)
    hits = es.search(index=index_name, query={"match": {"title": "thưởng"}})["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["1"]
    assert es.search(index=index_name, query={"match": {"title": "thuong"}})["hits"]["total"]["value"] == 0


@pytest.mark.parametrize("package", ["ingest", "search"])
def test_each_command_line_has_help(package):
    result = subprocess.run([sys.executable, "-m", package, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert f"python -m {package}" in result.stdout


def test_search_options_may_come_before_or_after_the_query():
    from search.cli import build_parser
    from search.commandline import subcommands

    assert "query" in subcommands(build_parser())
    before = subprocess.run(
        [sys.executable, "-m", "search", "--limit", "0", "thi đua"], capture_output=True, text=True
    )
    after = subprocess.run(
        [sys.executable, "-m", "search", "thi đua", "--limit", "0"], capture_output=True, text=True
    )
    assert "invalid choice" not in before.stderr
    assert before.returncode == after.returncode


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    seed = (Path(__file__).parent / "fixtures" / "000_413800830483a456.txt").read_bytes()
    for i in range(200):
        (pages / f"{i:03}.txt").write_bytes(seed)
    command = f"{sys.executable} -m ingest parse --json {pages}/*.txt | head -c 10"
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert len(result.stdout) == 10
