"""Query building and highlighting, tested as plain data without a server: what a query
becomes (numbers, phrases, words), the Elasticsearch dict it builds, the filters, the caps,
and the HTML snippets the highlighter makes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from search.highlight import choose_windows, highlight, mark_text, merge_spans
from search.queries import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    QueryError,
    SearchParams,
    Terms,
    build_search,
    filters,
    highlight_words,
    paging,
    parse_query,
    proximity_clauses,
    scoring_query,
    sort_clause,
    split_numbers,
    split_partial_numbers,
    split_phrases,
    words_clause,
)


def walk(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) pair in a nested dict/list."""
    pairs: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            pairs.append((key, value))
            pairs.extend(walk(value))
    elif isinstance(node, list):
        for item in node:
            pairs.extend(walk(item))
    return pairs


# ---------------------------------------------------------------- numbers in the query


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("91/2017/NĐ-CP", "91/2017/ND-CP"),
        ("91/2017/ND-CP", "91/2017/ND-CP"),
        ("nghị định 91/2017/nđ-cp về thi đua", "91/2017/ND-CP"),
        ("91/ 2017/ NÐ - CP", "91/2017/ND-CP"),
        ("1234/qđ-ubnd", "1234/QD-UBND"),
        ("kế hoạch 02-KH/KTĐCQĐ", "02-KH/KTDCQD"),
    ],
)
def test_a_full_document_number_anywhere_in_the_query_becomes_its_lookup_key(text, key):
    refs, rest = split_numbers(text)
    assert [(r.key, r.prefix) for r in refs] == [(key, False)]
    assert "/" not in rest


def test_type_abbreviation_and_number_slash_year_become_a_key_prefix():
    refs, rest = split_partial_numbers("nđ 91/2017")
    assert [(r.key, r.prefix, r.doc_type) for r in refs] == [("91/2017/ND", True, None)]
    assert rest.strip() == ""


def test_a_type_written_in_full_narrows_the_prefix_by_its_code_and_by_type():
    refs, rest = split_partial_numbers("Nghị định số 91/2017 về khen thưởng")
    assert [(r.key, r.doc_type) for r in refs] == [("91/2017/ND", None), ("91/2017/", "Nghị định")]
    assert rest.split() == ["về", "khen", "thưởng"]


def test_a_bare_number_below_ten_is_looked_up_with_and_without_its_leading_zero():
    refs, _ = split_partial_numbers("5/2020")
    assert [r.key for r in refs] == ["5/2020/", "05/2020/"]


def test_a_date_is_not_taken_for_a_number():
    refs, rest = split_partial_numbers("hội nghị ngày 24/7/2018")
    assert refs == []
    assert "24/7/2018" in rest


# ---------------------------------------------------------------- phrases, words, caps


def test_quoted_phrases_are_taken_out_of_the_free_words():
    phrases, rest = split_phrases('"cải cách hành chính" năm 2023 “thi đua”')
    assert phrases == ["cải cách hành chính", "thi đua"]
    assert rest.split() == ["năm", "2023"]


def test_an_unmatched_quote_is_only_punctuation():
    phrases, rest = split_phrases('thi đua "khen')
    assert phrases == []
    assert "khen" in rest


def test_parse_query_splits_numbers_phrases_and_words_and_analyses_each():
    parsed = parse_query('"thi đua" khen thưởng 91/2017/NĐ-CP')
    assert [r.key for r in parsed.numbers] == ["91/2017/ND-CP"]
    assert parsed.phrases[0].folded_syllables == ["thi", "dua"]
    assert parsed.terms.folded_syllables == ["khen", "thuong"]
    assert parsed.terms.syllables == ["khen", "thưởng"]


def test_a_query_longer_than_the_cap_is_refused_with_its_length():
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_CHARS}"):
        parse_query("thi đua " * 100)


def test_punctuation_only_is_an_empty_query():
    assert parse_query("!!! ??? ...").is_empty()


# ---------------------------------------------------------------- query dicts


ACCENTED = Terms(
    words=["thi_đua"], syllables=["thi", "đua"], folded_words=["thi_dua"], folded_syllables=["thi", "dua"]
)


def test_words_must_match_folded_and_score_more_when_exact():
    clause = words_clause(ACCENTED)["bool"]
    required = clause["must"][0]["combined_fields"]
    assert required["query"] == "thi dua"
    assert required["fields"][0] == "text.title.folded_syllables^3.0"
    exact = clause["should"][0]["combined_fields"]
    assert (exact["query"], exact["boost"]) == ("thi đua", 2.0)


def test_whole_words_and_adjacency_rescore_the_first_pass():
    clauses = proximity_clauses(ParsedQuery(text="thi đua", terms=ACCENTED))
    boosts = {
        c["combined_fields"]["query"]: c["combined_fields"]["boost"]
        for c in clauses
        if "combined_fields" in c
    }
    assert boosts == {"thi_đua": 3.0, "thi_dua": 1.5}
    phrases = [c["match_phrase"] for c in clauses if "match_phrase" in c]
    assert {"text.body.syllables": {"query": "thi đua", "slop": 1, "boost": 6.0}} in phrases
    assert {"text.title.folded_syllables": {"query": "thi dua", "slop": 1, "boost": 3.0}} in phrases


def test_relevance_order_rescores_a_window_covering_the_page_and_date_order_does_not():
    parsed = parse_query("thi đua khen thưởng")
    by_score = build_search(parsed, SearchParams(q="thi đua", limit=100, page=8))
    assert by_score["rescore"]["window_size"] == 800
    assert "sort" not in by_score  # Elasticsearch refuses a sort beside a rescore
    by_date = build_search(parsed, SearchParams(q="thi đua", sort="date"))
    assert "rescore" not in by_date
    assert by_date["sort"][0] == {"issued_date": {"order": "desc", "missing": "_last"}}


def test_a_number_outranks_any_text_score_and_its_citers_come_next():
    query = scoring_query(parse_query("91/2017/NĐ-CP"))
    assert query["bool"]["should"][0] == {
        "constant_score": {"filter": {"term": {"number_key": "91/2017/ND-CP"}}, "boost": 1000.0}
    }
    assert query["bool"]["should"][1] == {
        "constant_score": {"filter": {"term": {"numbers": "91/2017/ND-CP"}}, "boost": 50.0}
    }
    mentioned = query["bool"]["should"][2]["constant_score"]
    assert mentioned["boost"] == 20.0
    assert {"term": {"text.body.folded_syllables": "91/2017/nd-cp"}} in mentioned["filter"]["bool"]["should"]


def test_a_type_and_number_with_no_code_looks_only_for_the_notice_itself():
    # A Luật's number carries the National Assembly's code (45/2019/QH14), not a type code.
    assert scoring_query(parse_query("Luật 45/2019")) == {
        "constant_score": {
            "filter": {
                "bool": {
                    "filter": [{"prefix": {"number_key": "45/2019/"}}, {"term": {"keys.doc_type": "luat"}}]
                }
            },
            "boost": 500.0,
        }
    }


def test_a_number_with_words_is_an_alternative_not_a_requirement():
    query = scoring_query(parse_query("1234/QĐ-UBND khen thưởng"))
    assert query["bool"]["minimum_should_match"] == 1
    assert len(query["bool"]["should"]) == 4  # own number, cited, mentioned, words


def test_a_quoted_phrase_is_required_as_a_phrase():
    query = scoring_query(parse_query('"cải cách hành chính"'))
    required = query["bool"]["should"]
    assert {"match_phrase": {"text.body.folded_syllables": {"query": "cai cach hanh chinh"}}} in required


def test_an_empty_query_matches_everything():
    assert scoring_query(parse_query("   ")) == {"match_all": {}}


@pytest.mark.parametrize(
    "text",
    [
        '" OR *:*',
        '{"script": {"source": "ctx._source.title = 1"}}',
        "<script>alert(1)</script>",
        "title:thuế AND body:*",
        "\\u0000 /.*/ ~2 ^10",
    ],
)
def test_user_text_never_reaches_elasticsearch_as_query_syntax(text):
    body = build_search(parse_query(text), SearchParams(q=text))
    keys = {key for key, _ in walk(body)}
    assert not keys & {"query_string", "simple_query_string", "script", "script_score", "regexp", "wildcard"}
    # The text only ever appears as the value of a match-family "query" key.
    for key, value in walk(body):
        if isinstance(value, str) and ("*" in value or "script" in value):
            assert key == "query", (key, value)


# ---------------------------------------------------------------- filters, sort, paging


def test_filters_use_folded_keys_and_canonical_type_names():
    clauses = filters(
        SearchParams(doc_type="QĐ", issuer="BỘ TÀI CHÍNH", sector="Tài chính", signer="Đinh Tiến Dũng")
    )
    assert clauses[0] == {"terms": {"keys.doc_type": ["qd", "quyet dinh"]}}
    assert {"term": {"keys.sector": "tai chinh"}} in clauses
    assert {"term": {"keys.issuer": "bo tai chinh"}} in clauses
    assert {"term": {"keys.signer": "dinh tien dung"}} in clauses


@pytest.mark.parametrize(
    ("written", "value"),
    [("in_force", "in_force"), ("Còn hiệu lực", "in_force"), ("het hieu luc mot phan", "partly_expired")],
)
def test_status_filter_accepts_enum_values_and_vietnamese_wordings(written, value):
    assert filters(SearchParams(status=written)) == [{"term": {"status": value}}]


def test_an_unknown_status_is_refused_naming_the_accepted_values():
    with pytest.raises(QueryError, match="in_force"):
        filters(SearchParams(status="bảng giá"))


def test_date_range_and_year_and_cites():
    clauses = filters(
        SearchParams(date_from=date(2017, 1, 1), date_to=date(2018, 12, 31), year=2018, cites="91/2017/nđ-cp")
    )
    assert {"range": {"issued_date": {"gte": "2017-01-01", "lte": "2018-12-31"}}} in clauses
    assert {"term": {"year": 2018}} in clauses
    assert {"term": {"references.number_key": "91/2017/ND-CP"}} in clauses


def test_a_reversed_date_range_and_a_cites_without_a_number_are_refused():
    with pytest.raises(QueryError, match="after"):
        filters(SearchParams(date_from=date(2020, 1, 1), date_to=date(2019, 1, 1)))
    with pytest.raises(QueryError, match="--cites"):
        filters(SearchParams(cites="thi đua"))


def test_a_blank_filter_from_an_empty_form_box_is_no_filter():
    assert filters(SearchParams(doc_type="", issuer="  ", status="")) == []


def test_sort_by_date_puts_the_newest_first_and_always_ends_with_the_id():
    assert sort_clause("date")[0] == {"issued_date": {"order": "desc", "missing": "_last"}}
    assert sort_clause("relevance")[0] == "_score"
    assert sort_clause("relevance")[-1] == sort_clause("date")[-1] == {"id": "asc"}


def test_paging_stops_at_the_result_window_with_a_reason():
    assert paging(10, 1) == (0, 10)
    assert paging(10, 1000) == (9990, 10)
    with pytest.raises(QueryError, match="beyond the first 10,000"):
        paging(10, 1001)


@pytest.mark.parametrize("fields", [{"limit": 0}, {"limit": 101}, {"page": 0}, {"sort": "random"}])
def test_page_size_and_page_are_capped(fields):
    with pytest.raises(ValidationError):
        SearchParams(**fields)


def test_the_search_body_asks_for_exact_totals_and_every_facet():
    body = build_search(parse_query("thuế"), SearchParams(q="thuế", limit=20, page=3))
    assert (body["from_"], body["size"], body["track_total_hits"]) == (40, 20, True)
    assert set(body["aggs"]) == {"doc_type", "sector", "issuer", "status", "year"}


# ---------------------------------------------------------------- highlighting

BODY = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ. Phát động phong trào thi đua "
    "yêu nước & khen thưởng <kịp thời>. Mùa này gieo mạ, không phải mà cũng chẳng phải mã."
)


def test_an_unaccented_word_marks_every_folded_look_alike():
    snippet = highlight(BODY, ["thi", "dua"], width=400)[0]
    assert "<mark>thi đua</mark>" in snippet


def test_an_accented_word_marks_only_its_exact_spelling_when_present():
    snippet = highlight(BODY, ["mạ"], width=400)[0]
    assert "<mark>mạ</mark>" in snippet
    assert "<mark>mà</mark>" not in snippet and "<mark>mã</mark>" not in snippet


def test_an_accented_word_absent_from_the_body_marks_its_folded_look_alikes():
    snippet = highlight(BODY, ["má"], width=400)[0]
    assert snippet.count("<mark>") == 3  # mạ, mà, mã: what made the notice match


def test_everything_but_the_marks_is_html_escaped():
    snippet = highlight(BODY, ["khen"], width=400)[0]
    assert "&amp; <mark>khen</mark> thưởng &lt;kịp thời&gt;" in snippet
    assert "<kịp" not in snippet


def test_document_numbers_are_marked_by_lookup_key():
    snippet = highlight(BODY, [], ["91/2017/ND"], width=400)[0]
    assert "<mark>91/2017/NĐ-CP</mark>" in snippet


def test_long_bodies_give_short_windows_around_the_matches_with_ellipses():
    body = ("Lorem " * 200) + "công tác thi đua khen thưởng" + (" ipsum" * 200)
    snippets = highlight(body, ["thi", "đua"])
    assert len(snippets) == 1
    assert snippets[0].startswith("…") and snippets[0].endswith("…")
    assert len(snippets[0]) < 300
    assert "<mark>thi đua</mark>" in snippets[0]


def test_no_match_gives_no_snippet():
    assert highlight(BODY, ["đất", "đai"]) == []


def test_a_query_of_several_words_marks_where_they_stand_together_not_lone_syllables():
    body = "Chỉ thị về phong trào thi đua; thi hành nghiêm túc. Phong trào của thanh niên."
    snippet = highlight(body, ["phong", "trao", "thi", "dua"], width=400)[0]
    assert snippet.count("<mark>") == 2
    assert "<mark>phong trào thi đua</mark>" in snippet and "<mark>Phong trào</mark>" in snippet
    assert highlight("thi hành và thi đua", ["thi", "dua", "khen"], width=400) == [
        "thi hành và <mark>thi đua</mark>"
    ]
    assert highlight("thi hành, khen", ["thi", "dua", "khen"], width=400) == [
        "<mark>thi</mark> hành, <mark>khen</mark>"
    ]


def test_a_query_typed_without_diacritics_has_no_exact_forms_to_favour():
    parsed = parse_query("bang gia dat")
    assert words_clause(parsed.terms)["bool"]["should"] == []
    fields = {field for c in proximity_clauses(parsed) for field in c.get("match_phrase", {})}
    assert fields == {"text.title.folded_syllables", "text.body.folded_syllables"}


def test_neighbouring_syllables_of_a_longer_query_rescore_as_pairs():
    clauses = proximity_clauses(parse_query("bảng giá đất"))
    pairs = {
        (field, spec["query"])
        for c in clauses
        for field, spec in c.get("match_phrase", {}).items()
        if "slop" not in spec and field.startswith("text.body")
    }
    assert pairs == {
        ("text.body.folded_syllables", "bang gia"),
        ("text.body.folded_syllables", "gia dat"),
        ("text.body.syllables", "bảng giá"),
        ("text.body.syllables", "giá đất"),
    }


def test_mark_text_marks_a_whole_text_escaped_and_keeps_its_spacing():
    marked = mark_text("Căn cứ  91/2017/NĐ-CP;\nthi đua & <b>khen</b>", ["thi", "đua"], ["91/2017/ND-CP"])
    assert marked == "Căn cứ  <mark>91/2017/NĐ-CP</mark>;\n<mark>thi đua</mark> &amp; &lt;b&gt;khen&lt;/b&gt;"


def test_a_date_in_the_query_marks_the_same_date_written_with_leading_zeros():
    words = highlight_words(parse_query("họp 24/7/2018"))
    assert "24/7/2018" in words  # the index's date token, as the analysis gives it
    body = "Cuộc họp ngày 24/07/2018 tại Hà Nội; ngày 24/7/2019 thì không."
    snippet = highlight(body, words, width=400)[0]
    assert "<mark>24/07/2018</mark>" in snippet
    assert "<mark>24/7/2019</mark>" not in snippet


def test_a_dotted_abbreviation_marks_the_body_whatever_its_case():
    marked = mark_text("UBND Tp.HCM ban hành", highlight_words(parse_query("TP.HCM")))
    assert marked == "UBND <mark>Tp.HCM</mark> ban hành"


@pytest.mark.parametrize(
    ("typed", "body", "marked"),
    [
        ("ki", "Người ký: Trần Văn Lý", "Người <mark>ký</mark>: Trần Văn Lý"),
        ("ký", "Người kí: Trần Văn Lý", "Người <mark>kí</mark>: Trần Văn Lý"),
        ("ly", "Trần Văn Lí và thuỷ lợi", "Trần Văn <mark>Lí</mark> và thuỷ lợi"),
        # "y tế" has no consonant before the y: not an i/y pair, so "i" does not mark it.
        ("i", "Bộ Y tế", "Bộ Y tế"),
    ],
)
def test_folded_words_mark_by_the_index_folding_with_i_and_y_unified(typed: str, body: str, marked: str):
    assert mark_text(body, [typed]) == marked


def _windows_by_scanning(spans: list[tuple[int, int]], length: int, width: int, count: int):
    """choose_windows as first written: count the marks of every candidate window one by one."""
    remaining = list(spans)
    windows = []
    while remaining and len(windows) < count:
        best = max(
            range(len(remaining)),
            key=lambda i: (
                sum(1 for s, e in remaining if s >= remaining[i][0] and e <= remaining[i][0] + width),
                -i,
            ),
        )
        start = max(0, remaining[best][0] - width // 4)
        end = min(length, start + width)
        windows.append((start, end))
        remaining = [(s, e) for s, e in remaining if e <= start or s >= end]
    return sorted(windows)


@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 60)), max_size=60),
    st.integers(20, 400),
    st.integers(1, 4),
)
def test_windows_counted_by_bisection_are_the_windows_counted_by_scanning(raw, width, count):
    body = "x" * 3100
    marks = merge_spans([(s, s + n) for s, n in raw], body)
    expected = _windows_by_scanning(marks, len(body), width, count)
    assert choose_windows(marks, len(body), width, count) == expected


def test_a_bare_word_marks_its_accented_look_alikes_in_either_case():
    marked = mark_text("BẢNG GIÁ ĐẤT năm 2024; giá đất ở; gia hạn; đạt", ["dat"])
    assert marked == "BẢNG GIÁ <mark>ĐẤT</mark> năm 2024; giá <mark>đất</mark> ở; gia hạn; <mark>đạt</mark>"


def test_a_body_with_loose_combining_marks_is_folded_token_by_token():
    # "thi" then U+0301 (a loose acute, as in NFD text): the mark is no letter of the word.
    marked = mark_text("phong trào thi\u0301 đua", ["thi", "dua"])
    assert marked == "phong trào <mark>thi</mark>\u0301 <mark>đua</mark>"
