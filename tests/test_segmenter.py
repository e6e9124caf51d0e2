"""The fast segmenter gives pyvi's ViTokenizer.tokenize output, byte for byte."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyvi import ViTokenizer

from search import segmenter
from tests.vi_text_corpus import SEED_PAGE, build_corpus


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return build_corpus()


def test_the_identity_corpus_is_over_one_megabyte_and_holds_the_seed(corpus):
    assert sum(len(doc.encode("utf-8")) for doc in corpus) >= 1_000_000
    assert SEED_PAGE.read_text(encoding="utf-8") in corpus


def test_identical_to_pyvi_on_every_document_of_the_corpus(corpus):
    different = [i for i, doc in enumerate(corpus) if segmenter.tokenize(doc) != ViTokenizer.tokenize(doc)]
    assert different == []


def test_identical_to_pyvi_on_the_corpus_as_one_long_text(corpus):
    # One CRF sequence across documents: features of the first and last token of each
    # document see their neighbours in the next one.
    text = "\n".join(corpus[:120])
    assert len(text) > 200_000
    assert segmenter.tokenize(text) == ViTokenizer.tokenize(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n",
        "a",
        "A",
        ".",
        "...",
        "==>",
        "_",
        "Hòa bình",
        "hoà bình",
        "91/2017/NĐ-CP ngày 24/7/2018",
        "thi dua khen thuong",
        "TP.HCM PGS.TS Th.S ThS. Mr. Mrs. Tp. Dr.",
        "e-mail: a.b@x.gov.vn, web http://x.vn/a?b=1",
        "1.000.000 3,5 10_000",
        "ΑΣ Σ ΟΔΟΣ",
        "a\x00b c\x00",
        "\n\nabc\n",
        "Ab cD EF gH",
        unicodedata.normalize("NFD", "Thi đua khen thưởng"),
    ],
)
def test_identical_to_pyvi_on_awkward_inputs(text):
    assert segmenter.tokenize(text) == ViTokenizer.tokenize(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưy đĐbcdhngtAHTÀàảạèéờữ0123456789.,/-_:@\n()", max_size=80))
def test_identical_to_pyvi_on_generated_strings(text):
    assert segmenter.tokenize(text) == ViTokenizer.tokenize(text)


def test_segment_is_tokenize_split_on_spaces(corpus):
    for doc in corpus[:40]:
        if segmenter.syllables(doc):
            assert segmenter.segment(doc) == segmenter.tokenize(doc).split(" ")
    assert segmenter.segment("") == []


def test_pieces_point_at_their_tokens_and_rebuild_pyvi_output():
    text = "Thi đua, khen thưởng theo 91/2017/NĐ-CP."
    pieces = segmenter.pieces(text)
    assert [text[s:e] for s, e in zip(pieces.starts, pieces.ends, strict=True)] == pieces.tokens
    rebuilt = pieces.tokens[0] + "".join(
        ("_" if glued else " ") + token
        for token, glued in zip(pieces.tokens[1:], pieces.glued[1:], strict=True)
    )
    assert rebuilt == ViTokenizer.tokenize(text)
    assert pieces.glued[0] is False


def test_identity_survives_the_token_table_being_cleared(corpus, monkeypatch):
    # A long bulk run clears the per-token table when it is full; results must not change.
    monkeypatch.setattr(segmenter, "_TOKEN_CACHE_LIMIT", 500)
    for doc in corpus[:30]:
        assert segmenter.tokenize(doc) == ViTokenizer.tokenize(doc)


def test_model_weights_are_the_stored_doubles_not_the_printed_ones():
    # crfsuite's dump prints weights with six decimals; identity needs the full doubles,
    # which are never that round.
    model = segmenter._model()
    bias = model._weight("bias")
    assert bias != (0.0, 0.0)
    assert any(round(w, 6) != w for w in bias)


def test_unknown_attributes_weigh_nothing():
    assert segmenter._model()._weight("word.lower():không-có-trong-mô-hình") == (0.0, 0.0)


def test_identical_to_pyvi_on_every_line_of_the_corpus(corpus):
    # Lines are short (titles, headings, list items): they take the plain-Python labelling.
    lines = [line for doc in corpus[:150] for line in doc.split("\n") if line.strip()]
    assert sum(len(segmenter.syllables(line)) < segmenter._SHORT for line in lines) > 200
    different = [line for line in lines if segmenter.tokenize(line) != ViTokenizer.tokenize(line)]
    assert different == []


def test_plain_python_and_numpy_labelling_agree_on_long_documents(corpus):
    import numpy as np

    model = segmenter._model()
    for doc in corpus[:80]:
        tokens = segmenter.syllables(doc)
        if not tokens:
            continue
        with model._lock:
            ids = model._row_ids(tokens)
            labels = np.array(model._labels(ids), dtype=bool)
            barrier, title = model._barrier[ids], model._title[ids]
        glued = labels[1:] & ~barrier[1:] & ~barrier[:-1] & ~(title[1:] & ~title[:-1])
        assert model._glued_short(tokens) == glued.tolist()
