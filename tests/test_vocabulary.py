"""search.vocabulary: labels, statuses and document types as portals write them."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from search.models import Status
from search.textnorm import normalise_text
from search.vocabulary import (
    VOCABULARY_DIR,
    DocTypesFile,
    LabelsFile,
    StatusesFile,
    Vocabulary,
    edit_distance,
    label_key,
    vocabulary,
)

# Every spelling DOMAIN.md lists, by field.
DOMAIN_LABELS = {
    "number": [
        "Số / Ký hiệu",
        "Số/ Ký hiệu",
        "Số ký hiệu",
        "Số, ký hiệu",
        "Số hiệu",
        "Ký hiệu",
        "Số văn bản",
        "Mã văn bản",
        "Số",
    ],
    "title": ["Trích yếu", "Trích yếu nội dung", "Về việc", "V/v", "Tên văn bản", "Tiêu đề"],
    "doc_type": ["Loại văn bản", "Hình thức văn bản", "Thể loại"],
    "sector": ["Lĩnh vực", "Ngành", "Lĩnh vực - Ngành"],
    "issuer": ["Cơ quan ban hành", "Nơi ban hành", "Đơn vị ban hành", "Cơ quan ban hành/Chức danh"],
    "signer": ["Người kí", "Người ký", "Người ký duyệt", "Chức danh/Người ký"],
    "issued_date": ["Ngày ban hành", "Ngày BH", "Ban hành"],
    "effective_date": ["Ngày có hiệu lực", "Ngày hiệu lực", "Hiệu lực"],
    "expiry_date": ["Ngày hết hiệu lực"],
    "status": ["Trạng thái văn bản", "Trạng thái", "Tình trạng", "Tình trạng hiệu lực"],
    "attachments": ["Tải tệp đính kèm", "Tệp đính kèm", "File đính kèm", "Tải về", "Văn bản gốc"],
    "body": ["Nội dung văn bản", "Nội dung"],
}
DOMAIN_CASES = [(label, field) for field, labels in DOMAIN_LABELS.items() for label in labels]


@pytest.mark.parametrize(("label", "field"), DOMAIN_CASES)
def test_every_domain_label_names_its_field(label: str, field: str) -> None:
    vocab = vocabulary()
    assert vocab.field_for_label(label) == field
    assert vocab.field_for_label(f"  {label.upper()} : ") == field
    assert vocab.field_for_label(label.lower() + ":") == field


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Số / Ký hiệu:", "number"),
        ("Ngay ban hanh", "issued_date"),
        ("NGƯỜI KÍ", "signer"),
        ("Nguoi ki:", "signer"),
        ("Trích yếu nội dung", "title"),
        ("Cơ quan ban hành/Chức danh", "issuer"),
        ("V/v", "title"),
        ("v/v:", "title"),
        ("Số hiệu văn bản", "number"),
        ("Ngày   có  hiệu lực :", "effective_date"),
        ("Tình trạng hiệu lực", "status"),
        ("File đính kèm", "attachments"),
        ("Ngày hết hiệu lực:", "expiry_date"),
        # Typos: one letter dropped, swapped or doubled in a long enough label.
        ("Ngay ban hnah", "issued_date"),
        ("Trạng thái văn bảnn", "status"),
        ("Tình trạng hiệu lưc", "status"),
        ("Trích yêu nội dung", "title"),
        ("Co quan ban hanh", "issuer"),
        # Not labels we know.
        ("Chiều ngày 24/7/2018", None),
        ("Lượt xem", None),
        ("Ngày đăng", None),
        ("Ngahn", None),  # a typo in a short label is too close to other words to guess
        ("Sô", "number"),  # but folding is exact: "Sô" and "Số" share the key "so"
        ("", None),
    ],
)
def test_field_for_label_tolerates_case_spacing_diacritics_and_typos(label: str, field: str | None) -> None:
    assert vocabulary().field_for_label(label) == field


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Số / Ký hiệu:", "so ky hieu"),
        ("SỐ, KÍ HIỆU", "so ky hieu"),
        ("Người kí", "nguoi ky"),
        ("Lĩnh vực - Ngành", "linh vuc nganh"),
        ("#", "#"),
    ],
)
def test_label_key(label: str, key: str) -> None:
    assert label_key(label) == key


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("STT", "row_number"),
        ("TT", "row_number"),
        ("#", "row_number"),
        ("Số ký hiệu", "number"),
        ("Số hiệu", "number"),
        ("Ngày ban hành", "issued_date"),
        ("Ngày BH", "issued_date"),
        ("Trích yếu", "title"),
        ("Cơ quan ban hành", "issuer"),
        ("Tải về", "attachments"),
        ("File", "attachments"),
        ("Xem", "detail_link"),
        ("Chi tiết", "detail_link"),
        ("Ghi chú", None),
    ],
)
def test_column_for_header(header: str, column: str | None) -> None:
    assert vocabulary().column_for_header(header) == column


def test_extras_are_labels_without_a_field() -> None:
    vocab = vocabulary()
    assert vocab.extra_for_label("Ngày đăng:") == "posted_date"
    assert vocab.extra_for_label("Chức vụ") == "signer_title"
    assert vocab.field_for_label("Ngày đăng:") is None
    assert vocab.is_label("Ngày đăng") and vocab.is_label("STT") and vocab.is_label("Người kí")
    assert not vocab.is_label("Chiều ngày 24/7/2018, tại Học viện")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Còn hiệu lực", Status.in_force),
        ("Đang có hiệu lực", Status.in_force),
        ("Có hiệu lực", Status.in_force),
        ("Đang có hiệu lưc", Status.in_force),  # the seed's typo
        ("ĐANG CÓ HIỆU LỰC", Status.in_force),
        ("con hieu luc", Status.in_force),
        ("Còn hiệu lực.", Status.in_force),
        ("Hết hiệu lực toàn bộ", Status.expired),
        ("Hết hiệu lực", Status.expired),
        ("Het hieu luc", Status.expired),
        ("Hết hiệu lực một phần", Status.partly_expired),
        ("Hết hiệu lực 1 phần", Status.partly_expired),
        ("Hêt hiệu lưc một phân", Status.partly_expired),
        ("Chưa có hiệu lực", Status.not_yet_in_force),
        ("Chua co hieu luc", Status.not_yet_in_force),
        ("Ngưng hiệu lực", Status.suspended),
        ("Ngừng hiệu lực", Status.suspended),
        ("Ngưng hiệu lực một phần", Status.partly_suspended),
        ("Còn hiệu lực (đã được sửa đổi, bổ sung)", Status.in_force),
        ("Hết hiệu lực toàn bộ từ ngày 01/01/2020", Status.expired),
        ("Không xác định", Status.unknown),
        ("Xem chi tiết", Status.unknown),
        ("", Status.unknown),
        (None, Status.unknown),
    ],
)
def test_status_for(text: str | None, status: Status) -> None:
    assert vocabulary().status_for(text) == status


@pytest.mark.parametrize(
    ("abbrev", "name"),
    [
        ("QĐ", "Quyết định"),
        ("qd", "Quyết định"),
        ("qđ", "Quyết định"),
        ("NĐ", "Nghị định"),
        ("NÐ", "Nghị định"),  # U+00D0
        ("nd", "Nghị định"),
        ("TT", "Thông tư"),
        ("TTLT", "Thông tư liên tịch"),
        ("TTr", "Tờ trình"),
        ("CT", "Chỉ thị"),
        ("CTr", "Chương trình"),
        ("KH", "Kế hoạch"),
        ("QyĐ", "Quy định"),
        ("VBHN", "Văn bản hợp nhất"),
        ("CV", "Công văn"),
        ("PL", "Pháp lệnh"),
        # Abbreviations that fold to the same letters: the exact spelling decides.
        ("DA", "Dự án"),
        ("ĐA", "Đề án"),
        ("HD", "Hướng dẫn"),
        ("HĐ", "Hợp đồng"),
        ("BTC", None),
        ("UBND", None),
        ("", None),
    ],
)
def test_doc_type_name(abbrev: str, name: str | None) -> None:
    assert vocabulary().doc_type_name(abbrev) == name


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("91/2017/NĐ-CP", "Nghị định"),
        ("08/2017/TT-BNV", "Thông tư"),
        ("22-CT/TW", "Chỉ thị"),
        ("02-KH/KTĐCQĐ", "Kế hoạch"),
        ("1234/QĐ-UBND", "Quyết định"),
        ("05/CT-TTg", "Chỉ thị"),
        ("01/VBHN-BGDĐT", "Văn bản hợp nhất"),
        ("12/2015/TTLT-BTC-BNV", "Thông tư liên tịch"),
        ("56/ 2015/ NÐ - CP", "Nghị định"),
        ("1234/BTC-TCT", None),  # a công văn: issuer codes only
        ("1234/TTg-KTTH", None),
        ("45/2019/QH14", None),  # a law or a resolution of the National Assembly: the code cannot tell
    ],
)
def test_doc_type_for_number(number: str, name: str | None) -> None:
    assert vocabulary().doc_type_for_number(number) == name


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Quyết định", "Quyết định"),
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("quyet dinh", "Quyết định"),
        ("  Nghị   định ", "Nghị định"),
        ("NĐ", "Nghị định"),
        ("Thong tu lien tich", "Thông tư liên tịch"),
        ("Bản thỏa thuận", "Bản thoả thuận"),
        ("Bộ luật", "Luật"),
        ("Thông báo - Công văn", "Thông báo - Công văn"),  # the seed: two types, kept as written
        ("Quyết định (QĐ)", "Quyết định"),
        ("NĐ - Nghị định", "Nghị định"),
        ("Quyết định / Chỉ thị", "Quyết định / Chỉ thị"),
        ("Văn bản khác", "Văn bản khác"),
        ("   ", ""),
    ],
)
def test_canonical_doc_type(written: str, canonical: str) -> None:
    assert vocabulary().canonical_doc_type(written) == canonical


def test_doc_type_words_lists_names_and_abbreviations_longest_first() -> None:
    words = vocabulary().doc_type_words()
    for expected in ("Nghị định", "NĐ", "Thông tư liên tịch", "TTLT", "Chỉ thị", "Kế hoạch", "KH", "Luật"):
        assert expected in words
    assert words.index("Thông tư liên tịch") < words.index("Thông tư")
    assert len(words) == len(set(words))


def test_type_names_are_already_normalised() -> None:
    # Stored doc_type values must equal what normalise_text makes of the same words in a body.
    for doc_type in vocabulary().doc_types.types:
        assert normalise_text(doc_type.name) == doc_type.name


def test_vocabulary_is_loaded_once() -> None:
    assert vocabulary() is vocabulary()


def _files() -> tuple[dict, dict, dict]:
    read = lambda name: json.loads((VOCABULARY_DIR / name).read_text(encoding="utf-8"))  # noqa: E731
    return read("labels.json"), read("statuses.json"), read("doc_types.json")


def test_a_label_for_two_fields_is_refused() -> None:
    labels, statuses, doc_types = _files()
    labels["fields"]["signer"].append("Ngày ban hành")
    with pytest.raises(ValueError, match="Ngày ban hành"):
        Vocabulary(
            LabelsFile.model_validate(labels),
            StatusesFile.model_validate(statuses),
            DocTypesFile.model_validate(doc_types),
        )


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("labels.json", lambda d: d["fields"].update({"not_a_notice_field": ["X"]})),
        ("labels.json", lambda d: d["columns"].update({"mystery_column": ["Y"]})),
        ("statuses.json", lambda d: d.update({"cancelled": ["Huỷ"]})),
        ("doc_types.json", lambda d: d["types"].append({"name": "X", "abbrev": ["X"]})),
    ],
)
def test_malformed_vocabulary_files_are_refused(name: str, change) -> None:
    data = json.loads((VOCABULARY_DIR / name).read_text(encoding="utf-8"))
    change(data)
    model = {"labels.json": LabelsFile, "statuses.json": StatusesFile, "doc_types.json": DocTypesFile}[name]
    with pytest.raises(ValidationError):
        model.model_validate(data)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("ngay ban hanh", "ngay ban hnah", 1), ("hieu luc", "hieu lu", 1), ("abc", "abc", 0), ("abc", "xyz", 3)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, limit=5) == distance
    assert edit_distance(a, b, limit=0) == (0 if distance == 0 else 1)
