"""The bulk writer on the real node: one outcome per document, a bad document fails alone,
unchanged documents are not rewritten, 429/5xx are retried, a dead node is one clear error."""

from __future__ import annotations

import pytest

from search import indexes
from search.bulk import RetryPolicy, write_documents, write_serialised
from search.client import connect
from search.documents import (
    AnalysedTexts,
    analyse_notices,
    build_document,
    notice_from_source,
    serialise_document,
)
from search.errors import ElasticsearchUnavailable
from search.models import Attachment, Notice, Reference
from tests.es_proxy import FaultyProxy

FAST = RetryPolicy(max_retries=3, initial_backoff=0.05, max_backoff=0.2)


def notice(n: int, **changes) -> Notice:
    fields = dict(id=f"n{n}", number=f"{n}/TB-VPCP", title=f"Thông báo {n}", body="Thân bài", source=f"t/{n}")
    return Notice(**{**fields, **changes})


def documents(notices: list[Notice]):
    return [build_document(n, AnalysedTexts()) for n in notices]


def test_a_bad_document_fails_alone_with_its_reason(es, index_name):
    indexes.create(es, index_name)
    # A keyword value over Lucene's 32766-byte term limit: Elasticsearch refuses that document only.
    bad = notice(2, source="x" * 40_000)
    outcomes = write_documents(es, index_name, documents([notice(1), bad, notice(3)]), FAST)
    assert [(o.id, o.result) for o in outcomes] == [("n1", "indexed"), ("n2", "failed"), ("n3", "indexed")]
    assert outcomes[1].reason == "document_parsing_exception"
    assert "field [source]" in (outcomes[1].detail or "")


def test_unchanged_documents_are_skipped_and_an_updated_one_is_rewritten(es, index_name):
    indexes.create(es, index_name)
    first = write_documents(es, index_name, documents([notice(1), notice(2)]), FAST)
    again = write_documents(es, index_name, documents([notice(1), notice(2, body="Thân bài đã sửa")]), FAST)
    assert [o.result for o in first] == ["indexed", "indexed"]
    assert [o.result for o in again] == ["unchanged", "indexed"]
    stored = es.get(index=index_name, id="n2")["_source"]
    assert stored["body"] == "Thân bài đã sửa"


def test_a_stored_document_reads_back_as_the_same_notice(es, index_name):
    indexes.create(es, index_name)
    original = notice(
        7,
        status="in_force",
        attachments=[Attachment(name="a.pdf", url="http://x/a.pdf", text_error="scanned")],
        references=[Reference(doc_type="Nghị định", number="91/2017/NĐ-CP")],
        extra={"Nơi nhận": "Như trên"},
    ).with_content_hash()
    write_documents(es, index_name, documents([original]), FAST)
    back = notice_from_source(es.get(index=index_name, id="n7")["_source"])
    assert back == original
    assert back.with_content_hash().content_hash == original.content_hash


@pytest.mark.parametrize("status", [429, 503])
def test_overload_and_server_errors_are_retried_with_backoff(es, index_name, status):
    indexes.create(es, index_name)
    with FaultyProxy(connect(check=False).transport.node_pool.get().base_url) as proxy:
        proxy.fail_bulks = [status, status]
        client = connect(proxy.url)
        outcomes = write_documents(client, index_name, documents([notice(1), notice(2)]), FAST)
    assert [o.result for o in outcomes] == ["indexed", "indexed"]
    assert proxy.bulks_seen == 3


def test_errors_that_outlast_the_retries_stop_the_load_instead_of_losing_documents(es, index_name):
    indexes.create(es, index_name)
    with FaultyProxy(connect(check=False).transport.node_pool.get().base_url) as proxy:
        proxy.fail_bulks = [503] * 10
        with pytest.raises(ElasticsearchUnavailable, match="kept refusing"):
            write_documents(connect(proxy.url), index_name, documents([notice(1)]), FAST)


def test_a_node_that_does_not_answer_is_one_clear_error():
    client = connect("http://127.0.0.1:9", check=False)
    with pytest.raises(ElasticsearchUnavailable, match="127.0.0.1:9 stopped answering"):
        write_documents(client, "anything", documents([notice(1)]), FAST)


def test_serialised_documents_are_stored_as_built_and_their_tokens_are_searchable(es, index_name):
    # The load hands write_serialised JSON bytes made in pool workers: what is stored must be
    # the document itself, and the analysed text (not in _source) must be indexed.
    notices = [
        notice(1, references=[Reference(doc_type="Nghị định", number="91/2017/NĐ-CP")]),
        notice(
            2,
            title="Kế hoạch thi đua khen thưởng",
            attachments=[Attachment(name="a.pdf", url="https://x.example.vn/a.pdf", text="Phụ lục")],
        ),
    ]
    built = [build_document(n, t) for n, t in zip(notices, analyse_notices(notices), strict=True)]
    indexes.create(es, index_name)
    outcomes = write_serialised(es, index_name, [serialise_document(d) for d in built], FAST)
    assert [(o.id, o.result) for o in outcomes] == [("n1", "indexed"), ("n2", "indexed")]
    es.indices.refresh(index=index_name)
    for document in built:
        stored = es.get(index=index_name, id=document.id)["_source"]
        assert stored == document.model_dump(mode="json", exclude_none=True, exclude={"text"})
    hits = es.search(index=index_name, query={"term": {"text.title.folded_words": "thi_dua"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["n2"]


def test_a_serialised_document_the_mapping_refuses_fails_alone(es, index_name):
    good = serialise_document(build_document(notice(1), AnalysedTexts()))
    bad = good.model_copy(
        update={"id": "n2", "source": good.source.replace(b'"id":"n1"', b'"id":"n2","oops":1')}
    )
    indexes.create(es, index_name)
    outcomes = write_serialised(es, index_name, [good, bad], FAST)
    assert [o.result for o in outcomes] == ["indexed", "failed"]
    assert outcomes[1].reason == "strict_dynamic_mapping_exception"
