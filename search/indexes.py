"""Index management: versioned physical indexes behind one alias.

In: an Elasticsearch client, an alias name (`notices` by default) and mappings/notices.json.
Out: `IndexStatus` / `ReindexReport` models; side effects on the cluster.

Layout: physical indexes are named `<alias>-v<N>`; the alias points at exactly one of them.
Searches and loads go through the alias, so a reindex builds `<alias>-v<N+1>` beside the
serving version and switches the alias with one `update_aliases` call (atomic: no moment
without an index). A failed reindex deletes the partial version and leaves the old one serving.

`_source` excludes `text.*` (the pre-analysed tokens), so a reindex cannot copy documents with
the server-side `_reindex` API: it reads every notice back (point in time + search_after),
re-analyses it in Python and bulk-writes the new version. `rebuild` is passed in by the caller
(see `search.bulk.reindex_documents`) so this module stays free of analysis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError, TransportError
from pydantic import BaseModel

from search.config import MAPPINGS_DIR
from search.errors import VanbanError

DEFINITION_FILE = MAPPINGS_DIR / "notices.json"
# Elasticsearch's own default, restored when an index had no explicit interval.
DEFAULT_REFRESH_INTERVAL = "1s"


class AliasStateError(VanbanError):
    """The alias or its indexes are not in a state the operation can work with."""


class ReindexFailed(VanbanError):
    """A reindex stopped; the old version still serves and the partial one was deleted."""


class IndexStatus(BaseModel):
    """What the alias points at and what else of it exists on the cluster."""

    alias: str
    index: str | None
    version: int | None
    documents: int
    versions: list[str]


class ReindexReport(BaseModel):
    """The outcome of a completed reindex: from which version to which, and how many notices."""

    alias: str
    old_index: str | None
    new_index: str
    copied: int
    deleted_old: bool


@lru_cache(maxsize=1)
def _definition_text() -> str:
    return DEFINITION_FILE.read_text(encoding="utf-8")


def index_definition() -> dict[str, Any]:
    """A fresh copy of the settings and mappings (callers may edit it)."""
    return json.loads(_definition_text())


def version_name(alias: str, version: int) -> str:
    """The physical index name of one version: `notices-v3`."""
    return f"{alias}-v{version}"


def parse_version(alias: str, index: str) -> int | None:
    """The version number in a physical index name of this alias, or None if it is not one."""
    match = re.fullmatch(re.escape(alias) + r"-v(\d+)", index)
    return int(match.group(1)) if match else None


def list_versions(es: Elasticsearch, alias: str) -> list[str]:
    """Every physical version of alias on the cluster, oldest first."""
    found = es.indices.get(index=f"{alias}-v*", expand_wildcards="all", allow_no_indices=True)
    named = [(parse_version(alias, name), name) for name in found]
    return [name for version, name in sorted(v for v in named if v[0] is not None)]


def current_index(es: Elasticsearch, alias: str) -> str | None:
    """The physical index the alias points at, or None when the alias does not exist.

    A concrete index that carries the alias's own name would shadow it; refuse it by name.
    """
    if es.indices.exists_alias(name=alias):
        targets = sorted(es.indices.get_alias(name=alias))
        if len(targets) != 1:
            raise AliasStateError(f"alias {alias} points at {len(targets)} indexes ({', '.join(targets)})")
        return targets[0]
    if es.indices.exists(index=alias):
        raise AliasStateError(f"{alias} is a concrete index, not an alias: delete or rename it first")
    return None


def _create_version(es: Elasticsearch, alias: str) -> str:
    """Create the next free version from the definition, without pointing the alias at it."""
    existing = [parse_version(alias, name) or 0 for name in list_versions(es, alias)]
    name = version_name(alias, max(existing, default=0) + 1)
    definition = index_definition()
    es.indices.create(index=name, settings=definition["settings"], mappings=definition["mappings"])
    return name


def create(es: Elasticsearch, alias: str) -> IndexStatus:
    """Make alias usable: create version 1 behind it unless the alias already serves one."""
    if current_index(es, alias) is None:
        name = _create_version(es, alias)
        es.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    return status(es, alias)


def status(es: Elasticsearch, alias: str) -> IndexStatus:
    """The alias's serving index, its version and document count, and every version present."""
    index = current_index(es, alias)
    documents = int(es.count(index=index)["count"]) if index else 0
    return IndexStatus(
        alias=alias,
        index=index,
        version=parse_version(alias, index) if index else None,
        documents=documents,
        versions=list_versions(es, alias),
    )


def reindex(
    es: Elasticsearch,
    alias: str,
    rebuild: Callable[[Elasticsearch, str, str], int],
    *,
    keep_old: bool = False,
) -> ReindexReport:
    """Build a new version with `rebuild(es, old, new) -> copied`, then flip the alias atomically.

    Any failure in rebuild deletes the new version and raises ReindexFailed; the alias is
    untouched until the single update_aliases call, so searches never see a partial index.
    """
    old = current_index(es, alias)
    new = _create_version(es, alias)
    try:
        with relaxed_refresh(es, new):
            copied = rebuild(es, old, new) if old else 0
        es.indices.refresh(index=new)
    except BaseException as error:  # an interrupt too must not leave a partial version behind
        es.indices.delete(index=new, ignore_unavailable=True)
        if not isinstance(error, Exception):
            raise
        raise ReindexFailed(f"reindex of {alias} into {new} failed, {old} still serves: {error}") from error
    actions: list[dict[str, Any]] = [{"add": {"index": new, "alias": alias}}]
    if old:
        actions.insert(0, {"remove": {"index": old, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    if old and not keep_old:
        es.indices.delete(index=old)
    return ReindexReport(
        alias=alias, old_index=old, new_index=new, copied=copied, deleted_old=bool(old and not keep_old)
    )


def scan_sources(es: Elasticsearch, index: str, page_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every document's `_source` in index, via a point in time and search_after.

    `from + size` stops at 10,000 hits; a point in time also keeps the view stable while a
    load writes to the alias during a reindex.
    """
    pit = es.open_point_in_time(index=index, keep_alive="2m")["id"]
    try:
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "pit": {"id": pit, "keep_alive": "2m"},
                "size": page_size,
                "sort": [{"_shard_doc": "asc"}],
            }
            if after is not None:
                body["search_after"] = after
            hits = es.search(**body)["hits"]["hits"]
            if not hits:
                return
            for hit in hits:
                yield hit["_source"]
            after = hits[-1]["sort"]
    finally:
        es.close_point_in_time(id=pit)


@contextmanager
def relaxed_refresh(es: Elasticsearch, index: str) -> Iterator[None]:
    """Switch refresh off during a big write and restore the index's own interval after.

    Refreshing every second during a bulk load makes many tiny segments; Elasticsearch's
    guidance is `refresh_interval: -1` while loading. Restored even when the load fails.
    """
    settings = es.indices.get_settings(index=index, name="index.refresh_interval", flat_settings=True)
    previous = next(iter(settings.values()))["settings"].get("index.refresh_interval")
    if previous in (None, "-1"):
        # "-1" here means an earlier load died before restoring: fall back to the definition's.
        previous = index_definition()["settings"].get("refresh_interval", DEFAULT_REFRESH_INTERVAL)
    es.indices.put_settings(index=index, settings={"index.refresh_interval": "-1"})
    try:
        yield
    finally:
        try:
            es.indices.put_settings(index=index, settings={"index.refresh_interval": previous})
            es.indices.refresh(index=index)
        except NotFoundError:
            pass  # the index was deleted (a failed reindex cleans up its partial version)
        except TransportError:
            pass  # the node went away mid-load; the next load restores the interval (see above)
