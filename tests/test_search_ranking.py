"""Search on the real node over the fixture corpus (tests/fixtures/search/notices.ndjson):
concrete expected hits and order for number lookups, accent-free queries, tone placement,
words versus scattered syllables, phrases, every filter, facets, --cites, sorting, paging,
highlights, injection attempts, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections import Counter

import pytest
from conftest import RUN_PREFIX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_corpus import fixture_notices, load_notices

from search.queries import QueryError, SearchParams
from search.searcher import search

NOTICES = fixture_notices()
BY_ID = {n.id: n for n in NOTICES}
CITERS_OF_ND91 = {"tt-08-2017", "tb-khoi-thi-dua", "qd-1234-ubnd"}


@pytest.fixture(scope="module")
def alias(es):
    name = f"{RUN_PREFIX}-ranking-{uuid.uuid4().hex[:4]}"
    load_notices(es, name, NOTICES)
    return name


@pytest.fixture
def find(es, alias):
    def run(q: str = "", **filters):
        return search(SearchParams(q=q, **filters), es, alias)

    return run


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "query",
    [
        "91/2017/NĐ-CP",
        "91/2017/ND-CP",
        "91/2017/nđ-cp",
        "91/ 2017/ NÐ - CP",
        "nđ 91/2017",
        "ND 91/2017",
        "Nghị định 91/2017",
        "nghi dinh so 91/2017",
        "quy định khen thưởng theo 91/2017/NĐ-CP",
    ],
)
def test_a_document_number_in_any_spelling_finds_that_notice_first(find, query):
    assert ids(find(query))[0] == "nd-91-2017"


def test_after_the_notice_itself_come_the_notices_that_cite_its_number(find):
    result = find("91/2017/NĐ-CP")
    assert set(ids(result)[1:4]) == CITERS_OF_ND91


def test_a_type_and_number_does_not_find_another_type_with_the_same_number(find):
    found = ids(find("nđ 91/2017"))
    assert found[0] == "nd-91-2017"
    assert "qd-91-2017-ubnd" not in found
    assert ids(find("qđ 91/2017"))[0] == "qd-91-2017-ubnd"


def test_an_official_letter_number_in_lower_case_is_found(find):
    assert ids(find("1234/qđ-ubnd"))[0] == "qd-1234-ubnd"
    assert ids(find("số 1150/bnn-tl"))[0] == "cv-thuy-loi"


# ---------------------------------------------------------------- words and accents


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("thuy loi", "cv-thuy-loi"),
        ("cai cach hanh chinh", "qd-cai-cach"),
        ("gieo ma", "hd-gieo-ma"),
        ("di doi mo ma", "kh-mo-ma"),
        ("bieu mau thuyet minh du toan", "cv-bieu-mau"),
    ],
)
def test_a_query_without_diacritics_finds_the_accented_notice(find, query, first):
    assert ids(find(query))[0] == first


@pytest.mark.parametrize(
    ("old", "new", "first"),
    [("thuỷ lợi", "thủy lợi", "cv-thuy-loi"), ("hoà giải", "hòa giải", "kh-hoa-giai")],
)
def test_old_and_new_tone_placement_find_the_same_notices_in_the_same_order(find, old, new, first):
    assert ids(find(old)) == ids(find(new))
    assert ids(find(old))[0] == first


@pytest.mark.parametrize(
    ("query", "first"), [("mạ", "hd-gieo-ma"), ("mã số", "qd-ma-so"), ("mồ mả", "kh-mo-ma")]
)
def test_an_accented_query_ranks_the_exact_accent_above_folded_look_alikes(find, query, first):
    found = ids(find(query))
    assert found[0] == first


def test_a_single_accented_syllable_still_finds_its_folded_look_alikes_below_it(find):
    found = ids(find("mạ"))
    assert found[0] == "hd-gieo-ma"
    assert {"qd-ma-so", "kh-mo-ma"} <= set(found[1:])


def test_a_whole_word_ranks_above_the_same_syllables_scattered(find):
    found = ids(find("thi đua"))
    assert "tb-le-hoi" in found  # "cuộc thi viết ... giải đua thuyền": both syllables, apart
    assert found.index("kh-phong-trao") < found.index("tb-le-hoi")
    assert found[-1] == "tb-le-hoi"


def test_a_quoted_phrase_matches_only_as_a_phrase(find):
    assert ids(find('"cải cách hành chính"')) == ["qd-cai-cach"]
    unquoted = ids(find("cải cách hành chính"))
    assert unquoted[0] == "qd-cai-cach"
    assert "bc-tien-luong" in unquoted


def test_text_inside_attachments_is_searchable(find):
    assert ids(find("biểu mẫu thuyết minh"))[0] == "cv-bieu-mau"


# ---------------------------------------------------------------- filters and facets


def expected(predicate) -> set[str]:
    return {n.id for n in NOTICES if predicate(n)}


@pytest.mark.parametrize(
    ("filters", "predicate"),
    [
        ({"doc_type": "QĐ"}, lambda n: n.doc_type == "Quyết định"),
        ({"doc_type": "ke hoach"}, lambda n: n.doc_type == "Kế hoạch"),
        ({"sector": "thi đua - khen thưởng"}, lambda n: n.sector == "Thi đua - Khen thưởng"),
        (
            {"issuer": "UỶ BAN NHÂN DÂN TỈNH THÁI NGUYÊN"},
            lambda n: n.issuer == "Ủy ban nhân dân tỉnh Thái Nguyên",
        ),
        ({"signer": "trinh viet hung"}, lambda n: n.signer == "Trịnh Việt Hùng"),
        ({"status": "expired"}, lambda n: n.status.value == "expired"),
        ({"status": "Hết hiệu lực một phần"}, lambda n: n.status.value == "partly_expired"),
        ({"year": 2017}, lambda n: n.issued_date.year == 2017),
        ({"date_from": "2023-01-01", "date_to": "2023-12-31"}, lambda n: n.issued_date.year == 2023),
        ({"cites": "91/2017/nđ-cp"}, lambda n: n.id in CITERS_OF_ND91),
    ],
)
def test_each_filter_returns_exactly_the_matching_notices(find, filters, predicate):
    result = find("", limit=100, **filters)
    assert set(ids(result)) == expected(predicate)
    assert result.total == len(expected(predicate))


def test_filters_combine_with_words(find):
    assert ids(find("bằng khen", doc_type="Quyết định")) == ["qd-1234-ubnd"]
    assert ids(find("bằng khen", doc_type="Thông tư")) == ["tt-08-2017"]


def test_facet_counts_are_those_of_the_result_set(find):
    result = find("", limit=1)
    assert result.total == len(NOTICES)
    assert {f.value: f.count for f in result.facets.doc_type} == Counter(n.doc_type for n in NOTICES)
    assert {f.value: f.count for f in result.facets.status} == Counter(n.status.value for n in NOTICES)
    assert {f.value: f.count for f in result.facets.year} == Counter(n.issued_date.year for n in NOTICES)
    narrowed = find("", issuer="Ủy ban nhân dân huyện Đại Từ")
    assert {f.value: f.count for f in narrowed.facets.doc_type} == {"Kế hoạch": 2, "Thông báo": 1}


def test_sort_by_date_lists_the_newest_first(find):
    found = ids(find("", sort="date", limit=100))
    assert found == [n.id for n in sorted(NOTICES, key=lambda n: (-n.issued_date.toordinal(), n.id))]


def test_paging_walks_every_hit_once_in_order(find):
    everything = ids(find("", sort="date", limit=100))
    pages = [ids(find("", sort="date", limit=5, page=p)) for p in range(1, 5)]
    assert [i for page in pages for i in page] == everything
    assert pages[-1] == everything[15:]
    assert ids(find("", sort="date", limit=5, page=5)) == []


def test_an_absurd_page_or_query_is_a_clear_query_error(find):
    with pytest.raises(QueryError, match="beyond the first 10,000"):
        find("thuế", page=5000)
    with pytest.raises(QueryError, match="too long"):
        find("đất " * 200)


# ---------------------------------------------------------------- highlights and injection


def test_highlights_mark_the_matched_words_in_the_body(find):
    snippets = next(h.highlights for h in find("khen thưởng").hits if h.id == "nd-91-2017")
    assert any("Luật Thi đua, <mark>khen thưởng</mark> về" in s for s in snippets)
    unaccented = find("phong trao thi dua").hits[0]
    assert any("<mark>phong trào thi đua</mark>" in s for s in unaccented.highlights)


def test_markup_in_a_body_is_escaped_in_its_snippet(find):
    hit = next(h for h in find("script").hits if h.id == "tb-an-toan-web")
    joined = " ".join(hit.highlights)
    assert "&lt;<mark>script</mark>&gt;" in joined
    assert "<script>" not in joined and "&amp;" in joined


def test_a_query_with_nothing_searchable_is_a_query_error_not_everything(find):
    for query in ("*:*", "!!! ???", "/ - ."):
        with pytest.raises(QueryError, match="nothing to search for"):
            find(query)


@pytest.mark.parametrize(
    "query",
    [
        '" OR *:*',
        '{"script": {"source": "ctx._source.title = \'x\'"}}',
        "title:* OR body:*",
        "<script>alert(1)</script>",
    ],
)
def test_injection_attempts_are_searched_as_plain_words(es, alias, find, query):
    before = es.count(index=alias)["count"]
    result = find(query)
    assert set(ids(result)) <= {"tb-an-toan-web"}  # only the notice that literally contains "script"
    assert es.count(index=alias)["count"] == before
    assert BY_ID["nd-91-2017"].title == search(SearchParams(q="91/2017/NĐ-CP"), es, alias).hits[0].title


# ---------------------------------------------------------------- command line


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "search", *args], capture_output=True, text=True, timeout=120
    )


def test_the_command_prints_the_contract_json(alias):
    done = cli("nđ 91/2017", "--index", alias, "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"total", "hits", "facets"}
    assert set(result["facets"]) == {"doc_type", "sector", "issuer", "year", "status"}
    first = result["hits"][0]
    assert set(first) == {
        "id",
        "number",
        "title",
        "doc_type",
        "issuer",
        "issued_date",
        "status",
        "score",
        "highlights",
    }
    assert (first["number"], first["issued_date"], first["status"]) == (
        "91/2017/NĐ-CP",
        "2017-07-31",
        "in_force",
    )


def test_the_command_filters_and_prints_a_readable_list(alias):
    done = cli(
        "thi đua", "--index", alias, "--type", "Kế hoạch", "--from", "2020-01-01", "--to", "31/12/2020"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "1 notices, showing 1-1"
    assert "15/KH-UBND" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("",), "empty query"),
        (("thuế", "--limit", "500"), "limit"),
        (("thuế", "--status", "đang xét"), "unknown status"),
        (("thuế", "--page", "99999"), "beyond"),
        (("thuế", "--from", "31/02/2018"), "impossible date"),
        (("thuế", "--to", "hôm qua"), "--to needs a date"),
    ],
)
def test_the_command_answers_a_bad_query_with_one_line_and_exit_2(alias, args, message):
    done = cli(*args, "--index", alias)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120) | st.text(alphabet='"*:(){}[]<>/\\-~^!?&|đĐÐ ', max_size=60))
def test_any_text_is_either_searched_or_refused_with_a_query_error(find, text):
    try:
        result = find(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert result.total >= len(result.hits)
