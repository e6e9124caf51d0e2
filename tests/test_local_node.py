"""scripts/elasticsearch on a second, private node: start is idempotent, stop stops it, status
says so, and a start after a stop reuses the cached distribution instead of downloading again."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def private_node():
    """Environment for a node of our own, in a cache folder the node's user can enter."""
    cache = Path(tempfile.mkdtemp(prefix="vanban-es-test-", dir="/tmp"))
    cache.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "VANBAN_ES_URL"}
    env.update(VANBAN_ES_CACHE=str(cache), VANBAN_ES_PORT=str(free_port()))
    yield env
    subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True)
    shutil.rmtree(cache, ignore_errors=True)


def run(env: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=300)


def test_start_twice_stop_status_and_restart_without_download(private_node):
    url = f"http://127.0.0.1:{private_node['VANBAN_ES_PORT']}"
    first = run(private_node, "start")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == url
    assert "unpacking" in first.stderr

    again = run(private_node, "start")
    assert (again.returncode, again.stdout.strip()) == (0, url)
    assert "starting" not in again.stderr  # the running node was reused

    assert run(private_node, "status").returncode == 0
    assert "stopped" in run(private_node, "stop").stdout
    stopped = run(private_node, "status")
    assert stopped.returncode == 3 and "stopped" in stopped.stdout

    restart = run(private_node, "start")
    assert restart.returncode == 0, restart.stderr
    assert "downloading" not in restart.stderr and "unpacking" not in restart.stderr


def test_a_port_held_by_another_node_is_refused_with_a_clear_message(private_node, es):
    # The shared test node answers on its own port: a second start there must not claim it.
    from search.config import settings

    private_node["VANBAN_ES_PORT"] = settings().es_url.rsplit(":", 1)[1]
    result = run(private_node, "start")
    assert result.returncode == 1
    assert "in use by a node this script did not start" in result.stderr
