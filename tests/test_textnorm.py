"""search.textnorm: one spelling for text written many ways, and every function idempotent."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from search.textnorm import clean_body, clean_field, fold, fold_key, normalise_text

NFD = "NFD"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # NFD (Windows-1258 style, Mac file names) composes.
        (unicodedata.normalize(NFD, "Thông báo"), "Thông báo"),
        # The Icelandic Ð portals use for Đ, in numbers and words.
        ("91/2017/NÐ-CP", "91/2017/NĐ-CP"),
        ("Ðảng ðoàn", "Đảng đoàn"),
        # Dash-like marks become the en dash, hyphen-like ones the hyphen-minus.
        ("Thi đua – Khen thưởng", "Thi đua – Khen thưởng"),
        ("Thi đua — Khen thưởng", "Thi đua – Khen thưởng"),
        ("11/6/1948 ― 11/6/2018", "11/6/1948 – 11/6/2018"),
        ("NĐ‐CP NĐ‑CP NĐ‒CP NĐ−CP", "NĐ-CP NĐ-CP NĐ-CP NĐ-CP"),
        # NBSP and its relatives are spaces; runs of spaces are kept (layout is not ours to change).
        ("Hà\u00a0Nội,\u202fngày", "Hà Nội, ngày"),
        ("tại  Học viện", "tại  Học viện"),
        # Invisible characters split words for search without showing.
        ("Thông\u200b báo\u00ad\ufeff", "Thông báo"),
        ("khen\u200dthưởng", "khenthưởng"),
        # Line endings.
        ("dòng một\r\ndòng hai\rdòng ba", "dòng một\ndòng hai\ndòng ba"),
        # Stray control characters from Word exports.
        ("Điều 1\x0bĐiều 2\x0c", "Điều 1Điều 2"),
        # One tone placement (search.tones decides which: the old style pyvi's dictionary uses).
        ("hòa bình, thủy lợi, Ủy ban, khỏe", "hoà bình, thuỷ lợi, Uỷ ban, khoẻ"),
        ("hoà bình, thuỷ lợi, Uỷ ban, khoẻ", "hoà bình, thuỷ lợi, Uỷ ban, khoẻ"),
        ("", ""),
        ("ASCII only 91/2017", "ASCII only 91/2017"),
    ],
)
def test_normalise_text_gives_one_spelling(written: str, expected: str) -> None:
    assert normalise_text(written) == expected


def test_normalise_text_keeps_the_seed_layout() -> None:
    seed = SEED.read_text(encoding="utf-8")
    normalised = normalise_text(seed)
    assert normalised.count("\n") == seed.count("\n")
    assert normalised.rstrip().endswith("Ban Thi đua – Khen thưởng")
    assert "Uỷ viên Trung ương Đảng" in normalised


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Thông báo -\n Công văn \t", "Thông báo - Công văn"),
        ("\u00a0\u200b \n", None),
        ("", None),
        (None, None),
        ("Đang có hiệu lưc", "Đang có hiệu lưc"),
        ("Người\u00a0kí", "Người kí"),
    ],
)
def test_clean_field_collapses_onto_one_line(value: str | None, expected: str | None) -> None:
    assert clean_field(value) == expected


def test_clean_body_keeps_paragraphs_and_squeezes_blank_runs() -> None:
    written = "\n \nĐoạn một.  \nvẫn đoạn một\u00a0\n\n\n \n\n  Đoạn hai thụt lề.\n\n\n"
    assert clean_body(written) == "Đoạn một.\nvẫn đoạn một\n\n  Đoạn hai thụt lề."


def test_clean_body_of_the_seed_has_no_blank_runs_or_trailing_spaces() -> None:
    body = clean_body(SEED.read_text(encoding="utf-8"))
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.split("\n"))
    assert body.startswith("Số / Ký hiệu:") and body.endswith("Ban Thi đua – Khen thưởng")
    assert body.count("\n\n") >= 10  # paragraphs survive


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thông báo Đảng", "Thong bao Dang"),
        ("THI ĐUA KHEN THƯỞNG", "THI DUA KHEN THUONG"),
        ("Nghị định 91/2017/NĐ-CP", "Nghi dinh 91/2017/ND-CP"),
        (unicodedata.normalize(NFD, "hoà bình"), "hoa binh"),
        ("ỳ ỷ ỹ ý ỵ ữ ợ ậ ặ ễ", "y y y y y u o a a e"),
        ("NÐ", "ND"),
        ("plain", "plain"),
    ],
)
def test_fold_removes_diacritics_and_keeps_case(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Ngày   BAN hành ", "ngay ban hanh"),
        ("Ngay\u00a0ban hanh", "ngay ban hanh"),
        ("Thi đua – Khen thưởng", "thi dua - khen thuong"),
        ("hòa", "hoa"),
    ],
)
def test_fold_key_is_case_and_space_blind(text: str, key: str) -> None:
    assert fold_key(text) == key


# Text in the shapes that matter: Vietnamese letters precomposed and decomposed, tone marks on
# their own, look-alikes, dashes, spaces, invisibles, line breaks; plus arbitrary Unicode.
_TRICKY = (
    "aăâeêioôơuưyđĐÐð AĂÂEÊIOÔƠUƯY hoà hòa thuỷ thủy qúy"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    "-\u2010\u2013\u2014\u2212 \u00a0\u2007\u202f\u200b\u200d\ufeff\u00ad\r\n\t\x0b"
)
vietnamese_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=60)
any_text = st.one_of(vietnamese_text, st.text(max_size=60))


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_field_is_idempotent(text: str) -> None:
    once = clean_field(text)
    assert clean_field(once) == once
    assert once is None or ("\n" not in once and once == once.strip())


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_body_is_idempotent(text: str) -> None:
    once = clean_body(text)
    assert clean_body(once) == once
    assert "\n\n\n" not in once


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_fold_and_fold_key_are_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold_key(fold_key(text)) == fold_key(text)


@settings(max_examples=300, deadline=None)
@given(vietnamese_text)
def test_folded_vietnamese_is_ascii(text: str) -> None:
    # Everything a user might type without diacritics must meet the folded document text.
    assert fold_key(text).isascii()
