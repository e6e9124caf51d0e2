"""Speed of the normalisation layer on seed-sized pages, side by side in one run.

    python scripts/bench_normalise.py [--rounds N]

Prints JSON: microseconds per page and pages per second for each step, and the ratios that
matter: decode_bytes' overhead over a bare UTF-8 decode (the fast path every page takes),
detection over decoding with the encoding known (legacy dumps only), and fold against the
textbook NFD-and-filter fold. The parser's budget is 1,000 pages/s, i.e. 1,000 µs a page for
everything; the machine is noisy, so each figure is the best of five runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.dates import find_dates, parse_date  # noqa: E402
from search.legacy import decode_as, decode_bytes, encode_legacy  # noqa: E402
from search.references import extract_references  # noqa: E402
from search.textnorm import clean_body, clean_field, fold, normalise_text  # noqa: E402
from search.tones import canonical_tones  # noqa: E402
from search.vocabulary import vocabulary  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "000_413800830483a456.txt"
LABELS = ["Số / Ký hiệu:", "Trích yếu:", "Loại văn bản:", "Lĩnh vực:", "Tải tệp đính kèm:", "Người kí:",
          "Ngày ban hành:", "Ngày có hiệu lực:", "Trạng thái văn bản:", "Nội dung văn bản:"]  # fmt: skip


def best_of(step: Callable[[], object], rounds: int) -> float:
    """Best mean seconds per call over five batches of `rounds` calls."""
    step()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            step()
        best = min(best, (time.perf_counter() - start) / rounds)
    return best


def naive_fold(text: str) -> str:
    """The textbook fold: decompose, drop combining marks, map đ."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fields_step() -> None:
    """What normalising one detail page's fields costs, the body aside."""
    vocab = vocabulary()
    for label in LABELS:
        vocab.field_for_label(label)
    vocab.status_for("Đang có hiệu lưc")
    vocab.canonical_doc_type("Thông báo - Công văn")
    parse_date("30/07/2018", "issued_date")
    parse_date("30/07/2018", "effective_date")
    clean_field("Khối Thi đua các Ban Đảng và cơ quan của Đảng tổ chức Hội nghị sơ kết")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="calls per batch (default 200)")
    args = parser.parse_args(argv)
    raw = SEED.read_bytes()
    text = raw.decode("utf-8")
    body = canonical_tones(unicodedata.normalize("NFC", text))
    eight_bit = body.translate({ord("“"): '"', ord("”"): '"', ord("–"): "-", ord("…"): "...", 0xA0: " "})
    tcvn3, vni = encode_legacy(eight_bit, "tcvn3"), encode_legacy(body, "vni")
    rounds, slow = args.rounds, max(1, args.rounds // 10)
    steps: dict[str, tuple[Callable[[], object], int]] = {
        "bytes.decode utf-8 (floor)": (lambda: raw.decode("utf-8"), rounds),
        "decode_bytes utf-8": (lambda: decode_bytes(raw), rounds),
        "decode_as tcvn3 (known)": (lambda: decode_as(tcvn3, "tcvn3"), slow),
        "decode_bytes tcvn3 (detected)": (lambda: decode_bytes(tcvn3), slow),
        "decode_as vni (known)": (lambda: decode_as(vni, "vni"), slow),
        "decode_bytes vni (detected)": (lambda: decode_bytes(vni), slow),
        "search.tones.canonical_tones": (lambda: canonical_tones(text), slow),
        "normalise_text": (lambda: normalise_text(text), slow),
        "clean_body": (lambda: clean_body(text), slow),
        "fields (10 labels, status, type, 2 dates, title)": (fields_step, rounds),
        "extract_references": (lambda: extract_references(text), slow),
        "find_dates": (lambda: find_dates(text), slow),
        "fold": (lambda: fold(text), slow),
        "naive NFD fold": (lambda: naive_fold(text), slow),
    }
    micro = {name: best_of(step, n) * 1e6 for name, (step, n) in steps.items()}
    report = {
        "page_bytes": len(raw),
        "us_per_page": {name: round(us, 1) for name, us in micro.items()},
        "pages_per_s": {name: round(1e6 / us) for name, us in micro.items()},
        "ratios": {
            "decode_bytes utf-8 / bare decode": round(
                micro["decode_bytes utf-8"] / micro["bytes.decode utf-8 (floor)"], 2
            ),
            "tcvn3 detected / known": round(
                micro["decode_bytes tcvn3 (detected)"] / micro["decode_as tcvn3 (known)"], 2
            ),
            "vni detected / known": round(
                micro["decode_bytes vni (detected)"] / micro["decode_as vni (known)"], 2
            ),
            "naive fold / fold": round(micro["naive NFD fold"] / micro["fold"], 2),
            "tones share of normalise_text": round(
                micro["search.tones.canonical_tones"] / micro["normalise_text"], 2
            ),
        },
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
