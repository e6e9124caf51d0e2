"""Index management on the real node: the definition creates on this distribution (integ-test,
no analysis-common), the whitespace analyzer keeps pre-analysed tokens verbatim, versions sit
behind an alias that a reindex flips atomically, and a failed reindex leaves the old one serving."""

from __future__ import annotations

from datetime import date

import pytest

from search import indexes
from search.bulk import write_documents
from search.documents import AnalysedText, AnalysedTexts, build_document
from search.models import Notice, Reference


def notice(n: int, body: str = "Nội dung") -> Notice:
    return Notice(
        id=f"n{n}",
        number=f"{n:02d}/QĐ-UBND",
        title=f"Quyết định số {n}",
        doc_type="Quyết định",
        issuer="Ủy ban nhân dân tỉnh",
        issued_date=date(2018, 7, 30),
        body=body,
        source=f"test/{n}.txt",
        references=[Reference(number="91/2017/NĐ-CP", date=date(2017, 7, 31))],
    )


def tokens(words: str) -> AnalysedTexts:
    """Hand-made analysed texts: these tests are about the index, not about pyvi."""
    return AnalysedTexts(body=AnalysedText(words=words, syllables=words.replace("_", " ")))


def load(es, alias: str, notices: list[Notice], words: str = "thi_đua khen_thưởng") -> None:
    outcomes = write_documents(es, alias, [build_document(n, tokens(words)) for n in notices])
    assert {o.result for o in outcomes} == {"indexed"}, outcomes
    es.indices.refresh(index=alias)


def ids_and_hashes(es, alias: str) -> dict[str, str]:
    hits = es.search(index=alias, size=100, source_includes=["content_hash"])["hits"]["hits"]
    return {h["_id"]: h["_source"]["content_hash"] for h in hits}


def test_the_definition_creates_on_this_node_and_the_whitespace_analyzer_keeps_tokens_verbatim(
    es, index_name
):
    status = indexes.create(es, index_name)
    assert (status.index, status.version, status.documents) == (f"{index_name}-v1", 1, 0)
    analysed = es.indices.analyze(
        index=status.index, field="text.body.words", text="thi_đua Khen_Thưởng 91/2017/NĐ-CP"
    )
    # Tokens go in exactly as Python wrote them: no lower-casing, no splitting at / or _.
    assert [t["token"] for t in analysed["tokens"]] == ["thi_đua", "Khen_Thưởng", "91/2017/NĐ-CP"]
    # The components the issue forbids are indeed missing here, so the test proves something.
    with pytest.raises(Exception, match="asciifolding|failed to find"):
        es.indices.analyze(tokenizer="standard", filter=["asciifolding"], text="Đảng")


def test_analysed_tokens_are_searchable_but_not_stored_and_derived_keys_are(es, index_name):
    indexes.create(es, index_name)
    load(es, index_name, [notice(1)])
    hit = es.search(index=index_name, query={"term": {"text.body.words": "thi_đua"}})["hits"]["hits"][0]
    assert "text" not in hit["_source"]
    assert hit["_source"]["number_key"] == "01/QD-UBND"
    assert hit["_source"]["numbers"] == ["01/QD-UBND", "91/2017/ND-CP"]
    assert hit["_source"]["year"] == 2018
    cited = es.search(index=index_name, query={"term": {"references.number_key": "91/2017/ND-CP"}})
    assert cited["hits"]["total"]["value"] == 1


def test_create_is_idempotent_and_status_counts_documents(es, index_name):
    indexes.create(es, index_name)
    load(es, index_name, [notice(1), notice(2)])
    status = indexes.create(es, index_name)
    assert (status.index, status.documents, status.versions) == (f"{index_name}-v1", 2, [f"{index_name}-v1"])


def test_a_concrete_index_with_the_alias_name_is_refused(es, index_name):
    es.indices.create(index=index_name)
    with pytest.raises(indexes.AliasStateError, match="concrete index"):
        indexes.create(es, index_name)


def test_reindex_flips_the_alias_while_searches_keep_working(es, index_name):
    from search.documents import notice_from_source

    indexes.create(es, index_name)
    load(es, index_name, [notice(n) for n in range(1, 6)])
    before = ids_and_hashes(es, index_name)
    seen_during: list[int] = []

    def rebuild(client, old, new):
        sources = list(indexes.scan_sources(client, old, page_size=2))  # several pages of search_after
        seen_during.append(client.count(index=index_name)["count"])  # the alias still serves old
        notices = [notice_from_source(s) for s in sources]
        write_documents(client, new, [build_document(n, tokens("tái_cấu_trúc")) for n in notices])
        return len(notices)

    report = indexes.reindex(es, index_name, rebuild)
    assert (report.old_index, report.new_index, report.copied) == (f"{index_name}-v1", f"{index_name}-v2", 5)
    assert seen_during == [5]
    assert indexes.status(es, index_name).versions == [f"{index_name}-v2"]
    assert ids_and_hashes(es, index_name) == before
    assert es.count(index=index_name, query={"term": {"text.body.words": "tái_cấu_trúc"}})["count"] == 5


def test_a_failed_reindex_leaves_the_old_version_serving_and_deletes_the_partial_one(es, index_name):
    indexes.create(es, index_name)
    load(es, index_name, [notice(1), notice(2)])

    def rebuild(client, old, new):
        write_documents(client, new, [build_document(notice(1), tokens("x"))])
        raise RuntimeError("analysis crashed")

    with pytest.raises(indexes.ReindexFailed, match="analysis crashed"):
        indexes.reindex(es, index_name, rebuild)
    status = indexes.status(es, index_name)
    assert (status.index, status.documents, status.versions) == (f"{index_name}-v1", 2, [f"{index_name}-v1"])


def test_relaxed_refresh_switches_refresh_off_and_restores_it_even_after_a_killed_load(es, index_name):
    name = indexes.create(es, index_name).index

    def interval() -> str | None:
        flat = es.indices.get_settings(index=name, name="index.refresh_interval", flat_settings=True)
        return flat[name]["settings"].get("index.refresh_interval")

    with indexes.relaxed_refresh(es, name):
        assert interval() == "-1"
    assert interval() == "1s"
    # A loader killed mid-run leaves -1 behind; the next load must not "restore" -1.
    es.indices.put_settings(index=name, settings={"index.refresh_interval": "-1"})
    with indexes.relaxed_refresh(es, name):
        pass
    assert interval() == "1s"


def test_reindex_re_analyses_every_notice_from_its_stored_fields(es, index_name):
    from search.bulk import reindex_documents

    indexes.create(es, index_name)
    load(
        es,
        index_name,
        [notice(n, body="Hội nghị sơ kết công tác thi đua, khen thưởng") for n in (1, 2, 3)],
        words="",
    )
    query = {"match_phrase": {"text.body.folded_syllables": "thi dua khen thuong"}}
    assert es.count(index=index_name, query=query)["count"] == 0  # written without analysis
    before = ids_and_hashes(es, index_name)
    stamps = {h["_id"]: h["_source"]["indexed_at"] for h in es.search(index=index_name)["hits"]["hits"]}
    report = indexes.reindex(es, index_name, reindex_documents)
    assert report.copied == 3
    # The change feed pages on indexed_at: a reindex changes no notice, so it keeps the stamps.
    assert {
        h["_id"]: h["_source"]["indexed_at"] for h in es.search(index=index_name)["hits"]["hits"]
    } == stamps
    assert es.count(index=index_name, query=query)["count"] == 3
    assert ids_and_hashes(es, index_name) == before
