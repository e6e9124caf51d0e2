"""A deterministic corpus of Vietnamese text (> 1 MB) for the segmenter's identity test and the
analysis benchmark (scripts/bench_analysis.py).

In: the seed page (tests/fixtures/000_413800830483a456.txt) and pyvi's own dictionary of words
(pyvi/models/words.txt), plus a fixed random seed. Out: a list of documents (str), the same on
every run and machine, generated rather than committed so the repository stays small.

The documents are shaped like what the analysis meets: notice bodies built from templates with
document numbers, dates, money, URLs, e-mail addresses and abbreviations; runs of dictionary
words in every case style; the seed and variants of it (upper case, no diacritics, old and new
tone placement, NFD); and the awkward inputs identity must also hold for (empty, blank,
punctuation only, pyvi's special tokens "==>", "->", "...", ">>", tabs, emoji, Greek capital
sigma whose lower case depends on context, a NUL).
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

SEED_PAGE = Path(__file__).parent / "fixtures" / "000_413800830483a456.txt"
MIN_BYTES = 1_100_000

_TYPES = ["Nghị định", "Thông tư", "Quyết định", "Chỉ thị", "Kế hoạch", "Công văn", "Thông báo", "Nghị quyết"]
_CODES = ["NĐ-CP", "TT-BNV", "QĐ-UBND", "CT-TTg", "KH/KTĐCQĐ", "BTC-TCT", "QH14", "NQ-HĐND", "VBHN-BGDĐT"]
_ISSUERS = [
    "Chính phủ",
    "Bộ Nội vụ",
    "Uỷ ban nhân dân tỉnh Thái Nguyên",
    "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    "Ban Thi đua - Khen thưởng Trung ương",
    "Bộ Giáo dục và Đào tạo",
    "Hội đồng nhân dân tỉnh Tuyên Quang",
]
_TITLES = ["PGS.TS", "GS.TSKH", "Th.S", "TS.", "ThS.", "Mr.", "Dr.", "TP.HCM", "Tp. Hà Nội", "UBND", "HĐND"]
_PEOPLE = ["Nguyễn Duy Bắc", "Hoàng Phúc Lâm", "Trần Thị Hà", "Cao Đức Phát"]
_HOSTS = ["chinhphu", "moha", "thainguyen", "tuyenquang"]
_ODD = [
    "",
    " ",
    "\n\n",
    "...",
    "==> -> >> ...",
    "!!! ??? ,,, ;;;",
    "ΑΣ ΟΔΟΣ Σ σ",
    "a\x00b",
    "\t\tTab\tand\ttabs",
    "Emoji 🎉 và chữ 漢字",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "x_y __ a_b_c",
    "1.000.000 2,5 3.14 10_000",
    "user.name+tag@sub.domain.gov.vn",
    "https://vanban.chinhphu.vn/?pageid=27160&docid=191075",
]
# Old-style → new-style tone placement (search.tones makes the old style canonical).
_SWAP_TONES = dict(
    pair.split(">")
    for pair in "oà>òa oá>óa oả>ỏa oã>õa oạ>ọa uỷ>ủy uý>úy uỳ>ùy uỹ>ũy uỵ>ụy".split()
    + "oẻ>ỏe oé>óe oè>òe oẽ>õe oẹ>ọe".split()
)


def dictionary_words() -> list[str]:
    """pyvi's word list (one to four syllables each), in file order."""
    import pyvi

    path = Path(pyvi.__file__).parent / "models" / "words.txt"
    return [w for w in path.read_text(encoding="utf-8").split("\n") if w.strip()]


def build_corpus(min_bytes: int = MIN_BYTES, seed: int = 20180724) -> list[str]:
    """Documents totalling at least min_bytes of UTF-8, the same for the same arguments."""
    rng = random.Random(seed)
    words = dictionary_words()
    page = SEED_PAGE.read_text(encoding="utf-8")
    docs = [page, *_variants(page), *_ODD]
    size = sum(len(d.encode("utf-8")) for d in docs)
    while size < min_bytes:
        doc = _notice(rng, words) if rng.random() < 0.6 else _word_salad(rng, words)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def _variants(page: str) -> list[str]:
    """The seed in the other shapes a page arrives in."""
    new_style = page
    for old, new in _SWAP_TONES.items():
        new_style = new_style.replace(old, new)
    folded = "".join(
        c
        for c in unicodedata.normalize("NFD", page.replace("Đ", "D").replace("đ", "d"))
        if not unicodedata.combining(c)
    )
    return [page.upper(), page.lower(), new_style, folded, unicodedata.normalize("NFD", page)]


def _number(rng: random.Random) -> str:
    number = rng.randint(1, 2500)
    code = rng.choice(_CODES)
    if rng.random() < 0.5:
        return f"{number:02d}/{rng.randint(2000, 2024)}/{code}"
    if rng.random() < 0.2:
        return f"{number:02d} / {rng.randint(2000, 2024)} / {code.replace('-', ' - ')}"
    return f"{number}/{code}"


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 31), rng.randint(1, 12), rng.randint(1990, 2024)
    return rng.choice([f"{day}/{month}/{year}", f"{day:02d}/{month:02d}/{year}", f"{day}-{month}-{year}"])


def _notice(rng: random.Random, words: list[str]) -> str:
    """A notice-like body: citations, dates, money, contacts, and ordinary sentences."""
    paragraphs = []
    for _ in range(rng.randint(2, 12)):
        parts = [
            f"Căn cứ {rng.choice(_TYPES)} số {_number(rng)} ngày {_date(rng)} của {rng.choice(_ISSUERS)};",
            f"{rng.choice(_TITLES)} {rng.choice(_PEOPLE)} phát biểu.",
            f"Kinh phí {rng.randint(1, 999)}.{rng.randint(100, 999)}.000 đồng, tăng {rng.randint(1, 9)},"
            f"{rng.randint(1, 9)}% so với năm {rng.randint(2010, 2024)}.",
            f"Chi tiết xem tại https://www.{rng.choice(_HOSTS)}.gov.vn/van-ban/{rng.randint(1000, 99999)}.htm"
            f" hoặc gửi thư tới vanthu{rng.randint(1, 99)}@{rng.choice(_HOSTS)}.gov.vn.",
            " ".join(rng.choice(words) for _ in range(rng.randint(5, 40))).capitalize() + ".",
            "“" + " ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + "”",
            f"({_date(rng)} – {_date(rng)})",
        ]
        rng.shuffle(parts)
        paragraphs.append(" ".join(parts[: rng.randint(2, len(parts))]))
    return "\n\n".join(paragraphs)


def _word_salad(rng: random.Random, words: list[str]) -> str:
    """Dictionary words in every case style, with punctuation and pyvi's special tokens."""
    styles = [str.lower, str.upper, str.title, str.capitalize, lambda w: w]
    marks = [",", ".", ";", ":", "!", "?", "...", " -", " ->", " ==>", " >>", "\n", " (", ")", "/", '"']
    out = []
    for _ in range(rng.randint(50, 600)):
        word = rng.choice(styles)(rng.choice(words))
        if rng.random() < 0.05:
            word = "".join(
                c
                for c in unicodedata.normalize("NFD", word.replace("đ", "d"))
                if not unicodedata.combining(c)
            )
        out.append(word)
        if rng.random() < 0.15:
            out.append(rng.choice(marks))
    return " ".join(out)
