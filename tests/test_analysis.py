"""The shared analysis: words, syllables, folded forms, i/y, accent-free text, the pool."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import Analysis, analyse, analyse_many, analyse_query, fold_token
from search.segmenter import tokenize
from search.textnorm import normalise_text
from tests.vi_text_corpus import SEED_PAGE, build_corpus

SEED = SEED_PAGE.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "...", "– — ; : ! ?", "\u200b\u00a0"])
def test_empty_and_punctuation_only_input_gives_empty_lists(text):
    analysis = analyse(text)
    assert analysis == Analysis(words=[], syllables=[], folded_words=[], folded_syllables=[])
    assert analysis.is_empty()
    assert analysis.as_fields() == {"words": "", "syllables": "", "folded_words": "", "folded_syllables": ""}


def test_words_are_pyvi_words_lower_cased_and_punctuation_is_dropped():
    analysis = analyse("Khối Thi đua tổ chức Hội nghị sơ kết, trao đổi nghiệp vụ.")
    assert "thi_đua" in analysis.words
    assert "hội_nghị" in analysis.words
    assert "nghiệp_vụ" in analysis.words
    assert all(w == w.lower() for w in analysis.words)
    assert not {",", "."} & set(analysis.words + analysis.syllables)


def test_words_follow_pyvi_on_the_seed():
    # Apart from spans and punctuation, the words are pyvi's (on canonical text).
    analysis = analyse(SEED)
    pyvi_words = {w.lower() for w in tokenize(normalise_text(SEED)).split(" ")}
    plain = [w for w in analysis.words if "/" not in w and "." not in w]
    assert set(plain) <= pyvi_words
    assert {"thi_đua", "khen_thưởng", "hồ_chí_minh"} <= set(analysis.words)


def test_syllables_are_the_words_unjoined_in_the_same_order():
    analysis = analyse(SEED)
    assert [s for w in analysis.words for s in w.split("_")] == analysis.syllables


def test_folded_lists_are_the_folded_accented_lists():
    analysis = analyse("Đồng chí Trần Thị Hà, Thứ trưởng Bộ Nội vụ")
    assert analysis.folded_syllables == [
        "dong",
        "chi",
        "tran",
        "thi",
        "ha",
        "thu",
        "truong",
        "bo",
        "noi",
        "vu",
    ]
    assert analysis.folded_words == [fold_token(w) for w in analysis.words]
    assert len(analysis.folded_words) == len(analysis.words)


def test_as_fields_joins_each_list_by_spaces_in_order():
    analysis = analyse("thi đua khen thưởng")
    assert analysis.as_fields() == {
        "words": "thi_đua khen_thưởng",
        "syllables": "thi đua khen thưởng",
        "folded_words": "thi_dua khen_thuong",
        "folded_syllables": "thi dua khen thuong",
    }


@pytest.mark.parametrize(
    ("one", "other"),
    [("chữ kí", "chữ ký"), ("lí luận", "lý luận"), ("kĩ thuật", "kỹ thuật"), ("qui định", "quy định"),
     ("tỉ lệ", "tỷ lệ"), ("Người kí", "Người ký"), ("hi vọng", "hy vọng")],
)  # fmt: skip
def test_i_and_y_meet_in_the_folded_forms_but_not_in_the_words(one, other):
    a, b = analyse(one), analyse(other)
    assert a.folded_syllables == b.folded_syllables
    assert a.folded_words == b.folded_words
    assert a.syllables != b.syllables  # the accented forms keep the writer's spelling


@pytest.mark.parametrize(("syllable", "folded"), [("y", "y"), ("uy", "uy"), ("tay", "tay"), ("quy", "qui")])
def test_y_stays_where_it_is_not_an_i_spelling(syllable, folded):
    # "y tế", "uy tín", "tay": no i/y variant exists; only onset + y is rewritten.
    assert fold_token(syllable) == folded


def test_span_tokens_keep_their_y():
    assert "www.ky.vn" in analyse("xem www.ky.vn").folded_words


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("thi dua khen thuong", "Hội nghị thi đua, khen thưởng năm 2018"),
        ("uy ban nhan dan", "Uỷ ban nhân dân tỉnh Thái Nguyên"),
        ("hoa binh", "giữ gìn hòa bình"),
        ("chu ky", "chữ kí của Người kí"),
        ("nghi dinh 91/2017/nd-cp", "Nghị định 91/2017/NĐ-CP ngày 31/7/2017"),
        ("KHEN THUONG", "Ban Thi đua - Khen thưởng Trung ương"),
    ],
)
def test_an_accent_free_query_matches_the_accented_document_folded_tokens(query, document):
    q, d = analyse(query), analyse(document)
    assert set(q.folded_syllables) <= set(d.folded_syllables)
    assert set(q.folded_words) <= set(d.folded_words)


def test_accent_free_text_gets_dictionary_words_in_its_folded_words():
    analysis = analyse("thi dua khen thuong")
    assert analysis.words == ["thi", "dua", "khen", "thuong"]  # pyvi does not join them
    assert analysis.folded_words == ["thi_dua", "khen_thuong"]


def test_analyse_query_reports_its_spans():
    result = analyse_query("quyết định 1234/QĐ-UBND ngày 24/07/2018")
    assert [(s.kind.value, s.token) for s in result.spans] == [
        ("number", "1234/qđ-ubnd"),
        ("date", "24/7/2018"),
    ]
    assert result.words[-1] == "24/7/2018"


def test_analyse_many_in_a_pool_equals_one_by_one_in_order():
    texts = build_corpus(min_bytes=60_000, seed=7)
    serial = [analyse(t) for t in texts]
    assert list(analyse_many(texts, processes=2, chunk_size=3)) == serial
    assert list(analyse_many(texts, processes=1)) == serial


def test_analyse_many_of_nothing_is_nothing():
    assert list(analyse_many([], processes=2)) == []


_ALPHABET = "aăâeêioôơuưyđbcghklmnpqrstvxAĐHTNàáảãạèéẻẽẹòóỏõọùúủũụỳýỷỹỵờớữự0123456789 .,/-:@()\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_any_text_gives_four_consistent_lists(text):
    analysis = analyse(text)
    assert len(analysis.folded_syllables) == len(analysis.syllables)
    assert all(token and " " not in token and token == token.lower() for token in analysis.syllables)
    assert all(token and " " not in token for token in analysis.words + analysis.folded_words)
    # The words use up the syllables, in order; so do the folded words.
    assert [s for w in analysis.words for s in w.split("_")] == analysis.syllables
    assert [s for w in analysis.folded_words for s in w.split("_")] == analysis.folded_syllables
    assert analyse(analysis.as_fields()["syllables"]).folded_syllables == analysis.folded_syllables


def test_analyse_many_works_while_other_threads_run():
    # A server process has threads: the pool must not fork it (a held lock would block a
    # worker forever) and must still give the same results.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        texts = ["thi đua khen thưởng", "Nghị định 91/2017/NĐ-CP", "hòa bình"] * 3
        assert list(analyse_many(texts, processes=2)) == [analyse(t) for t in texts]
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("value", [None, b"thi \xc4\x91ua", 12])
def test_what_is_not_text_is_refused_with_a_clear_error(value):
    with pytest.raises(TypeError, match="analysis needs text"):
        analyse(value)


def test_a_full_stop_after_capitals_is_not_part_of_the_word():
    # pyvi's tokens are "UBND." and "TS." here; the index must store the words themselves.
    analysis = analyse("Gửi UBND. Ông TS. Lê và Tp. Huế")
    assert {"ubnd", "ts", "tp"} <= set(analysis.syllables)
    assert analyse("UBND.").words == analyse("UBND").words == ["ubnd"]


def test_the_index_stores_our_tokens_verbatim_and_accent_free_queries_find_accented_text(es, index_name):
    # The mapping's whitespace analyzer must give back exactly the analysis's tokens, in order,
    # and a phrase of an accent-free query's folded words must hit the accented document.
    mapping = json.loads(
        (Path(__file__).parent.parent / "mappings" / "notices.json").read_text(encoding="utf-8")
    )
    es.indices.create(index=index_name, **mapping)
    body = analyse(SEED)
    for name, tokens in body.model_dump().items():
        analysed = es.indices.analyze(
            index=index_name, field=f"text.body.{name}", text=body.as_fields()[name]
        )
        assert [t["token"] for t in analysed["tokens"]] == tokens
    es.index(
        index=index_name, id="seed", document={"id": "seed", "text": {"body": body.as_fields()}}, refresh=True
    )
    for query in ["thi dua khen thuong", "nghi dinh 91/2017/nd-cp", "ky giao uoc thi dua"]:
        phrase = " ".join(analyse(query).folded_words)
        hits = es.search(index=index_name, query={"match_phrase": {"text.body.folded_words": phrase}})
        assert hits["hits"]["total"]["value"] == 1, query
    # A name pyvi joins by its CRF, not its dictionary, is not a folded word of accent-free
    # text ("ho chi minh" stays three): the folded syllables still meet as a phrase.
    name = analyse("Hoc vien Chinh tri quoc gia Ho Chi Minh")
    assert "ho_chi_minh" not in name.folded_words
    phrase = " ".join(name.folded_syllables)
    hits = es.search(index=index_name, query={"match_phrase": {"text.body.folded_syllables": phrase}})
    assert hits["hits"]["total"]["value"] == 1
    miss = es.search(
        index=index_name, query={"match_phrase": {"text.body.folded_words": "khen_thuong thi_dua"}}
    )
    assert miss["hits"]["total"]["value"] == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab_\x1f đ", max_size=4), max_size=6))
def test_token_lists_come_back_from_a_pool_worker_exactly(tokens):
    # Workers pack each list into one string; any list, empty tokens or separators in a token
    # included, must unpack to itself.
    from search.analysis import _pack, _unpack

    assert _unpack(_pack(tokens)) == tokens


# ---------------------------------------------------------------------------------------------
# Frozen output: a digest of analyse_query() on generated notices, the seed and the segmenter
# corpus, computed with the implementation of commit 7ae199e (before analysis was optimised)
# and stored in tests/fixtures/analysis_digests.json. Any change to a token, its position or a
# span changes the digest. Regenerate only for an intended change of output:
#   python -c "from tests.test_analysis import write_digests; write_digests()"
# ---------------------------------------------------------------------------------------------

DIGESTS = Path(__file__).parent / "fixtures" / "analysis_digests.json"


def _frozen_texts() -> list[str]:
    """Titles and bodies of 150 generated notices, each also without diacritics (the
    dictionary-words path) and upper-cased titles; the seed; the segmenter corpus's pages."""
    import sys

    from search.textnorm import fold

    root = str(Path(__file__).resolve().parent.parent / "scripts")
    if root not in sys.path:
        sys.path.insert(0, root)
    from notice_corpus import generate_notices

    texts: list[str] = [SEED, fold(SEED)]
    for notice in generate_notices(150, seed=11):
        texts += [notice.title, notice.body, fold(notice.title), fold(notice.body), notice.title.upper()]
    texts += build_corpus(min_bytes=300_000)
    return texts


def _digest(text: str) -> str:
    import hashlib

    result = analyse_query(text)
    payload = json.dumps(
        [
            result.words,
            result.syllables,
            result.folded_words,
            result.folded_syllables,
            [(s.start, s.end, s.kind.value, s.text, s.token) for s in result.spans],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def write_digests() -> None:
    DIGESTS.write_text(json.dumps([_digest(t) for t in _frozen_texts()], indent=0) + "\n", encoding="utf-8")


def test_analysis_output_is_unchanged_from_the_frozen_digests():
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    texts = _frozen_texts()
    assert len(texts) == len(expected)
    pairs = enumerate(zip(texts, expected, strict=True))
    differing = [i for i, (text, want) in pairs if _digest(text) != want]
    assert differing == [], f"{len(differing)} texts differ, first: {texts[differing[0]][:200]!r}"


def test_analyse_equals_analyse_query_without_spans_and_repeats_identically():
    # Caches inside the analysis must not make a second analysis of the same text differ.
    for text in _frozen_texts()[:60]:
        first = analyse(text)
        assert first == analyse(text)
        query = analyse_query(text)
        assert first == Analysis(**query.model_dump(exclude={"spans"}))
