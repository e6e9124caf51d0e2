"""Settings read once from config/vanban.toml, overridden by environment variables.

In: config/vanban.toml, VANBAN_ES_URL, VANBAN_ES_PORT, VANBAN_INDEX. Out: a frozen `Settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "config" / "vanban.toml"
MAPPINGS_DIR = ROOT / "mappings"


@dataclass(frozen=True)
class Settings:
    es_url: str
    es_version: str
    index_alias: str


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The effective settings: the file's values unless the environment says otherwise."""
    raw = tomllib.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    es = raw["elasticsearch"]
    port = os.environ.get("VANBAN_ES_PORT", es["port"])
    default_url = f"http://{es['host']}:{port}"
    return Settings(
        es_url=os.environ.get("VANBAN_ES_URL", default_url).rstrip("/"),
        es_version=es["version"],
        index_alias=os.environ.get("VANBAN_INDEX", raw["index"]["alias"]),
    )
