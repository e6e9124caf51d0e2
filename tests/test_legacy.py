"""search.legacy: every legacy Vietnamese encoding back to Unicode, and garbage refused by name."""

from __future__ import annotations

import json
import random
import unicodedata

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from search.errors import LegacyEncodingError
from search.legacy import (
    LEGACY_FILE,
    LegacyFile,
    decode_as,
    decode_bytes,
    encode_legacy,
    is_syllable,
    plausibility,
    repair_text,
)
from search.tones import canonical_tones

SENTENCES = [
    "Thông báo",
    "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Người kí: Nguyễn Văn Quyết, Phó Chủ tịch Uỷ ban nhân dân tỉnh Thừa Thiên Huế",
    "Khối thi đua các Ban Đảng đã tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm.",
    "Quyết định về việc khen thưởng; giữ gìn, khuỷu tay, thuở ấy, nghiêng ngả.",
]


def _as_cp1252_reader(text: str) -> str:
    """UTF-8 text as a browser reading it as windows-1252 shows it (undefined bytes as C1)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def _seed_body() -> str:
    """The seed in the canonical form decode_bytes returns (NFC; tones as search.tones puts
    them, so that capital Uỷ stays writable in TCVN3, whose capitals carry no tones)."""
    return canonical_tones(unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")))


def _latin1_safe(text: str) -> str:
    """The seed without the characters 8-bit Vietnamese encodings have no byte for."""
    return text.translate({ord("“"): '"', ord("”"): '"', ord("–"): "-", ord("…"): "...", 0xA0: " "})


@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_the_seed_round_trips_through(encoding: str) -> None:
    body = _seed_body()
    data = encode_legacy(body, encoding)
    assert data != body.encode("utf-8")
    assert decode_as(data, encoding) == body
    assert decode_bytes(data) == body  # detected, not told


def test_the_seed_round_trips_through_tcvn3_with_word_punctuation() -> None:
    # .VnTime files keep cp1252's curly quotes, dashes and ellipsis at 0x80-0x9F.
    body = _seed_body()
    data = encode_legacy(body, "tcvn3")
    assert b"\x93" in data and b"\x85" in data
    assert decode_as(data, "tcvn3") == body
    assert decode_bytes(data) == body


@pytest.mark.parametrize("encoding", ["tcvn3", "viscii"])
def test_the_seed_round_trips_through_8bit_tables(encoding: str) -> None:
    body = _latin1_safe(_seed_body())
    data = encode_legacy(body, encoding)
    assert decode_as(data, encoding) == body
    assert decode_bytes(data) == body


def test_the_seed_round_trips_through_strict_viqr() -> None:
    # VIQR writes Đ as DD, so the seed's "KTĐCBDDTW" (a real DD) cannot survive: leave it out.
    body = " ".join(w for w in _latin1_safe(_seed_body()).split(" ") if "BDDTW" not in w)
    assert "91/2017/NĐ-CP" in body and "02-KH/KTĐCQĐ" in body
    data = encode_legacy(body, "viqr")
    assert data.isascii()
    assert decode_as(data, "viqr") == body
    assert decode_bytes(data) == body


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "viscii", "viqr"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip(encoding: str, sentence: str) -> None:
    sentence = canonical_tones(sentence)
    assert decode_as(encode_legacy(sentence, encoding), encoding) == sentence


SHORT_FIELDS = [
    "Thông báo",
    "Nghị định",
    "Đảng uỷ",
    "Quyết định",
    "Trích yếu",
    "Người kí",
    "Ngày ban hành",
    "Đang có hiệu lực",
    "Lĩnh vực",
    "Bộ Nội vụ",
    "Chính phủ",
    "Ban Tuyên giáo Trung ương",
]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
@pytest.mark.parametrize("field", SHORT_FIELDS)
def test_short_fields_are_detected(encoding: str, field: str) -> None:
    # Two or three words are enough once readings are also checked against known syllables:
    # VNI reads cp1258 "Thông" as "Thơng", well-formed but no word.
    field = canonical_tones(field)
    assert decode_bytes(encode_legacy(field, encoding)) == field


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # TCVN3 as people typed it with .VnTime and .VnTimeH (capitals without tone codes).
        ("Th«ng b¸o", "Thông báo"),
        ("§¶ng uû", "Đảng uỷ"),
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("QUYÕT §ÞNH cña UBND tØnh", "QUYẾT ĐỊNH của UBND tỉnh"),
    ],
)
def test_tcvn3_as_written_by_abc_fonts(data: str, expected: str) -> None:
    assert decode_bytes(data.encode("latin-1")) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Bytes 0x80-0x9F: Word's punctuation in .VnTime files, VN1 capitals inside words.
        (b"\x93V\xd2 vi\xd6c\x94 \x96 \x9ey ban nh\xa9n d\xa9n\x85", "“Về việc” – Ủy ban nhân dân…"),
        (b"C\x97NG HO\x80 X\x82 H\x97I", "CỘNG HOÀ XÃ HỘI"),
        (b"\x99 H\xb5 N\xe9i, \x91kh\xe8i\x92 \x97 \x95 m\xf4c", "Ở Hà Nội, ‘khối’ — • mục"),
        (b"\x93\x9ey ban\x94", "“Ủy ban”"),
    ],
)
def test_tcvn3_bytes_0x80_to_0x9f_read_by_context(data: bytes, expected: str) -> None:
    assert decode_as(data, "tcvn3") == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Thoâng baùo", "Thông báo"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñaûng boä, ngöôøi, ñöôïc, quyeát ñònh, chæ thò", "Đảng bộ, người, được, quyết định, chỉ thị"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("naêm, baèng, ñaëc, caáp, daãn, laäp, tyû", "năm, bằng, đặc, cấp, dẫn, lập, tỷ"),
    ],
)
def test_vni_as_written_by_vni_fonts(shown: str, expected: str) -> None:
    assert decode_bytes(shown.encode("cp1252")) == expected
    assert repair_text(shown) == expected


@pytest.mark.parametrize(
    ("ascii_text", "expected"),
    [
        ("Tho^ng ba'o", "Thông báo"),
        ("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Tru+o+`ng dda.i ho.c", "Trường đại học"),
        ("DDa?ng bo^. d9a^`u tu+", "Đảng bộ đầu tư"),
        ("Ba.n co' kho?e kho^ng? To^i kho?e.", "Bạn có khỏe không? Tôi khỏe."),
        ("Ha` No^.i, nga`y 24 tha'ng 7 na(m 2018.", "Hà Nội, ngày 24 tháng 7 năm 2018."),
        ("Ha\\. No^.i", "Ha. Nội"),  # escaped: literal; and then strict: every mark is a mark
        ("Bo^. No^.i vu.\\.", "Bộ Nội vụ."),
        (
            "Nghi. ddi.nh 91/2017/NDD-CP, 01/VBHN-BGDDDT, QDD-UBND; ADDRESS",
            "Nghị định 91/2017/NĐ-CP, 01/VBHN-BGDĐT, QĐ-UBND; ADDRESS",
        ),
    ],
)
def test_viqr(ascii_text: str, expected: str) -> None:
    assert decode_as(ascii_text.encode("ascii"), "viqr") == expected
    assert decode_bytes(ascii_text.encode("ascii"), declared="viqr") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thi dua khen thuong nam 2018",  # Vietnamese typed without marks is not VIQR
        "Read more? Yes. Click here.",
        "<a href='index.php?id=3&x=a.b'>Xem chi tiet</a>",
        "address: 12 Ly Thuong Kiet",
        "<p>Th&ocirc;ng b&aacute;o c&#7911;a &#272;&#7843;ng u&#7927;</p>",  # entities: the parser's job
    ],
)
def test_plain_ascii_is_left_alone(text: str) -> None:
    assert decode_bytes(text.encode("ascii")) == text
    assert repair_text(text) == text


def test_viqr_pages_are_detected_without_a_declaration() -> None:
    text = "Kho^'i thi dd ua ca'c Ban DDa?ng dda~ to^? chu+'c Ho^.i nghi. so+ ke^'t co^ng ta'c."
    assert (
        decode_bytes(text.encode("ascii"))
        == "Khối thi dd ua các Ban Đảng đã tổ chức Hội nghị sơ kết công tác."
    )


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_pages_are_judged_where_their_text_is_not_by_their_ascii_head(encoding: str) -> None:
    head = "<html><head><script>" + "var x = 1; " * 800 + "</script></head><body>\n"
    body = _latin1_safe(_seed_body())
    page = head.encode("ascii") + encode_legacy(body, encoding) + b"</body></html>"
    assert decode_bytes(page) == head + body + "</body></html>"


@pytest.mark.parametrize("declared", ["iso-8859-1", "utf-8", "windows-1252", None, "windows-1258"])
def test_declared_charsets_are_distrusted(declared: str | None) -> None:
    # Portals serve TCVN3 pages as iso-8859-1 or utf-8; some declare windows-1258 by mistake.
    body = _latin1_safe(_seed_body())
    assert decode_bytes(encode_legacy(body, "tcvn3"), declared=declared) == body


def test_a_true_windows_1258_declaration_is_used() -> None:
    body = _seed_body()
    assert decode_bytes(encode_legacy(body, "cp1258"), declared="windows-1258") == body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (unicodedata.normalize("NFD", "Thông báo Đảng uỷ").encode("utf-8"), "Thông báo Đảng uỷ"),
        ("\ufeffThông báo".encode(), "Thông báo"),
        ("Thông báo".encode("utf-16"), "Thông báo"),
        ("Thông báo Đảng uỷ".encode(), "Thông báo Đảng uỷ"),
        (b"", ""),
        (b"30/07/2018", "30/07/2018"),
        # UTF-8 pages carrying mojibake from an old conversion are repaired.
        ("Th«ng b¸o cña §¶ng uû".encode(), "Thông báo của Đảng uỷ"),
        (_as_cp1252_reader("Thông báo của Đảng").encode(), "Thông báo của Đảng"),
    ],
)
def test_unicode_input(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Th«ng b¸o", "Thông báo"),
        ("Thoâng baùo", "Thông báo"),
        ("Tho^ng ba'o cu?a Ba.n", "Thông báo của Bạn"),
        ("ThÃ´ng bÃ¡o", "Thông báo"),
        (_as_cp1252_reader("Thừa Thiên Huế, ngày 24 tháng 7"), "Thừa Thiên Huế, ngày 24 tháng 7"),
        # "ộ" is E1 BB 99 in UTF-8, and cp1252 shows 0x99 as "™": both tables are needed.
        (_as_cp1252_reader("Cộng hoà xã hội chủ nghĩa"), "Cộng hoà xã hội chủ nghĩa"),
        ("Thông báo", "Thông báo"),  # right already: a VNI reading (Thơng) is no better
        (unicodedata.normalize("NFD", "Đảng uỷ"), "Đảng uỷ"),
        ("Xem thêm ©", "Xem thêm ©"),
    ],
)
def test_repair_text(text: str, expected: str) -> None:
    assert repair_text(text) == expected


def _noise(seed: int, size: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_noise(1, 2000), "binary data"),
        (_noise(2, 300), "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 0 R >>\nstream\n\x78\x9c\x00", "binary"),
        (_noise(3, 2000, low=0x80), "no plausible Vietnamese"),
        ("Größe und Übergänge für Käufer".encode("latin-1"), "no plausible Vietnamese"),
    ],
)
def test_garbage_bytes_raise_a_typed_error(data: bytes, reason: str) -> None:
    with pytest.raises(LegacyEncodingError, match=reason):
        decode_bytes(data)


def test_repair_text_refuses_control_characters() -> None:
    with pytest.raises(LegacyEncodingError, match="binary"):
        repair_text("Th«ng\x00\x01\x02 b¸o")


def test_encode_legacy_names_a_character_the_encoding_lacks() -> None:
    with pytest.raises(LegacyEncodingError, match="viscii cannot write"):
        encode_legacy("Hà\u00a0Nội", "viscii")  # VISCII gave 0xA0 to Õ
    with pytest.raises(LegacyEncodingError, match="tcvn3 cannot write"):
        encode_legacy("Giá 5 µg", "tcvn3")  # 0xB5 is à in TCVN3


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("người", True),
        ("NGƯỜI", True),
        ("khuỷu", True),
        ("thuở", True),
        ("quyết", True),
        ("giữ", True),
        ("gìn", True),
        ("nghiêng", True),
        ("hoà", True),
        ("hòa", True),
        ("Nguyễn", True),
        ("thi", True),
        ("Th«ng", False),  # TCVN3 read as Latin-1
        ("Thoâng", False),  # VNI read as cp1252
        ("héi", False),
        ("tiê", False),  # iê needs a final consonant
        ("hòt", False),  # p/t/c/ch take only sắc or nặng
        ("hoạt", True),
        ("cáfé", False),
        ("ăn", True),
        ("ă", False),
    ],
)
def test_is_syllable(word: str, valid: bool) -> None:
    assert is_syllable(word) is valid


def test_plausibility_counts_only_non_ascii_words() -> None:
    score = plausibility("<div class='x'>Thông báo Th«ng 2018</div>")
    assert (score.judged, score.valid) == (3, 2)
    assert plausibility("only ascii here").share == 1.0


_LOWER_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    }
    | set("bcdđghklmnpqrstvx")
)
_LETTERS = _LOWER_LETTERS + [ch.upper() for ch in _LOWER_LETTERS]
_OTHERS = list(" ,.;:()-/0123456789\n")


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_LETTERS + _OTHERS), max_size=80),
    st.sampled_from(["vni", "cp1258", "viscii"]),
)
def test_any_vietnamese_text_round_trips(text: str, encoding: str) -> None:
    assert decode_as(encode_legacy(text, encoding), encoding) == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_LOWER_LETTERS + _OTHERS), max_size=80))
def test_any_lower_case_text_round_trips_through_tcvn3(text: str) -> None:
    # Lower case only: capitals go through the .VnTimeH heuristic, tested with real headings above.
    assert decode_as(encode_legacy(text, "tcvn3"), "tcvn3") == text


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["tcvn3"].update({"B5": "àà"}),
        lambda d: d["tcvn3"].update({"XYZ": "à"}),
        lambda d: d["tcvn3_vn1_capitals"].update({"B5": "À"}),  # a byte in both tables
        lambda d: d["vni"].update({"ươ": "öô"}),
        lambda d: d.update({"vps": {}}),
    ],
)
def test_malformed_legacy_tables_are_refused(change) -> None:
    data = json.loads(LEGACY_FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ValidationError):
        LegacyFile.model_validate(data)


@pytest.mark.parametrize(
    "data",
    [
        b"x" * 100_000 + "Thông báo".encode("cp1258", errors="ignore"),
        b"Ab" * 50_000 + b"\x9e",
        b"\xe9" * 50_000,
    ],
)
def test_huge_tokens_are_judged_in_one_pass(data: bytes) -> None:
    # A 100 KB token without separators once made the word regexes quadratic (minutes a page).
    try:
        text = decode_bytes(data)
    except LegacyEncodingError as error:
        assert "no plausible Vietnamese" in str(error)
    else:
        assert len(text) >= len(data) // 2
