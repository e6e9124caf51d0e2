"""A deterministic generator of realistic synthetic notices, for benchmarks and evaluation.

In: a count and a seed. Out: `search.models.Notice` records (or a corpus written as NDJSON, as
text detail pages like the seed, or as HTML detail pages) whose numbers, issuers, signers,
dates, statuses and bodies have the shapes real portals show: numbers such as `1234/QĐ-UBND`,
`91/2017/NĐ-CP`, `02-KH/KTĐCQĐ`, `1234/BTC-TCT`; bodies built from topic sentences with
"Căn cứ ..." citations; a share written with old-style tone marks (hoà, thuỷ, uỷ) and kí for ký.

The same (n, seed) always gives the same notices, and a shorter run is a prefix of a longer
one, so benchmarks at different sizes see the same first notices. Every number is unique within
one run, so evaluation can use the number as the document id.

Other scripts import it after `sys.path.insert(0, "scripts")`:

    from notice_corpus import generate_notices, write_corpus

CLI: `python scripts/notice_corpus.py N OUT [--seed S] [--format ndjson|text|html]`; OUT is a
file for ndjson and a directory (one page per notice) for text and html.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from search.models import Notice, Reference, Status, notice_id  # noqa: E402

FORMATS = ("ndjson", "text", "html")
# Status is decided against a fixed day, not today, so that a corpus never changes with the clock.
REFERENCE_DAY = date(2026, 6, 30)
FIRST_DAY = date(2005, 1, 1)
LAST_DAY = date(2026, 12, 31)

# ---------------------------------------------------------------------------------------------
# Vocabulary of the generator. These are the shapes of synthetic data, not the project's
# normalisation tables (those live in mappings/vocabulary and are never needed to generate).
# ---------------------------------------------------------------------------------------------

PROVINCES = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Thanh Hóa",
    "Nghệ An",
    "Quảng Ninh",
    "Thái Nguyên",
    "Tuyên Quang",
    "Lào Cai",
    "Bắc Ninh",
    "Nam Định",
    "Thừa Thiên Huế",
    "Quảng Nam",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Bình Dương",
    "Đồng Nai",
    "Long An",
    "An Giang",
    "Kiên Giang",
    "Cà Mau",
    "Hòa Bình",
    "Ninh Bình",
    "Hà Tĩnh",
    "Quảng Bình",
    "Gia Lai",
    "Bến Tre",
    "Sóc Trăng",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Mai",
    "Cao",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Quốc",
    "Hữu",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Hồng",
    "Công",
    "Đình",
    "Thu",
    "Kim",
    "Bá",
    "Anh",
]
GIVEN = [
    "Hùng",
    "Dũng",
    "Hà",
    "Lan",
    "Phúc",
    "Lâm",
    "Hải",
    "Sơn",
    "Tuấn",
    "Nam",
    "Bình",
    "Hòa",
    "Thủy",
    "Phát",
    "Thắng",
    "Long",
    "Khánh",
    "Trang",
    "Hương",
    "Quang",
    "Vinh",
    "Thảo",
    "Cường",
    "Mai",
    "Tâm",
    "Hiếu",
    "Nga",
    "Toàn",
    "Huy",
    "Yến",
]


@dataclass(frozen=True)
class DocType:
    """A document type: its name, its code in numbers, and whether its number carries the year."""

    name: str
    code: str
    with_year: bool = False
    party: bool = False  # Party style: number-TYPE/ISSUER ("02-KH/KTĐCQĐ")


QD = DocType("Quyết định", "QĐ")
QD_QPPL = DocType("Quyết định", "QĐ", with_year=True)
ND = DocType("Nghị định", "NĐ", with_year=True)
TT = DocType("Thông tư", "TT", with_year=True)
CV = DocType("Công văn", "")
KH = DocType("Kế hoạch", "KH")
TB = DocType("Thông báo", "TB")
CT = DocType("Chỉ thị", "CT")
NQ = DocType("Nghị quyết", "NQ")
NQ_QH = DocType("Nghị quyết", "", with_year=True)
LUAT = DocType("Luật", "", with_year=True)
BC = DocType("Báo cáo", "BC")
HD = DocType("Hướng dẫn", "HD")
CD = DocType("Công điện", "CĐ")
VBHN = DocType("Văn bản hợp nhất", "VBHN")
KH_PARTY = DocType("Kế hoạch", "KH", party=True)
CT_PARTY = DocType("Chỉ thị", "CT", party=True)
NQ_PARTY = DocType("Nghị quyết", "NQ", party=True)
TB_PARTY = DocType("Thông báo", "TB", party=True)


@dataclass(frozen=True)
class Issuer:
    """An issuing body: its name, its code, the types it issues, the units that write its công
    văn (`BTC-TCT`), the title its signers hold and the deputy title."""

    name: str
    code: str
    types: tuple[DocType, ...]
    units: tuple[str, ...] = ()
    head: str = "Bộ trưởng"
    deputy: str = "Thứ trưởng"


def _ministry(name: str, code: str, units: tuple[str, ...]) -> Issuer:
    return Issuer(name, code, (TT, QD, CV, CV, CV, KH, TB, BC, CT, VBHN), units)


MINISTRIES = {
    "BTC": _ministry("Bộ Tài chính", "BTC", ("TCT", "NSNN", "KBNN", "CST", "QLCS", "HCSN")),
    "BNV": _ministry("Bộ Nội vụ", "BNV", ("CCVC", "TCBC", "CCHC", "CQĐP", "VP")),
    "BGDĐT": _ministry("Bộ Giáo dục và Đào tạo", "BGDĐT", ("GDTrH", "GDTH", "GDĐH", "KHTC", "NGCBQLGD")),
    "BYT": _ministry("Bộ Y tế", "BYT", ("KCB", "DP", "BH", "KH-TC", "MT")),
    "BGTVT": _ministry("Bộ Giao thông vận tải", "BGTVT", ("KCHT", "VT", "ATGT", "KHĐT")),
    "BTNMT": _ministry("Bộ Tài nguyên và Môi trường", "BTNMT", ("TCQLĐĐ", "TCMT", "PC", "KHTC")),
    "BNNPTNT": _ministry("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT", ("TT", "TCTL", "KH", "PCTT")),
    "BXD": _ministry("Bộ Xây dựng", "BXD", ("HĐXD", "QLN", "KTXD", "PTĐT")),
}
GOVERNMENT = Issuer("Chính phủ", "CP", (ND, ND, ND, NQ), head="Thủ tướng", deputy="Phó Thủ tướng")
PRIME_MINISTER = Issuer(
    "Thủ tướng Chính phủ",
    "TTg",
    (QD, QD_QPPL, CT, CD, CV),
    units=("KTTH", "KGVX", "NN", "CN", "QHQT"),
    head="Thủ tướng",
    deputy="Phó Thủ tướng",
)
NATIONAL_ASSEMBLY = Issuer(
    "Quốc hội", "QH", (LUAT, NQ_QH), head="Chủ tịch Quốc hội", deputy="Chủ tịch Quốc hội"
)
EMULATION_BOARD = Issuer(
    "Ban Thi đua - Khen thưởng Trung ương",
    "BTĐKT",
    (CV, CV, QD, KH, TB, HD),
    units=("VP", "TĐKT", "NV"),
    head="Trưởng ban",
    deputy="Phó Trưởng ban",
)
SECRETARIAT = Issuer(
    "Ban Bí thư",
    "TW",
    (CT_PARTY, NQ_PARTY, TB_PARTY),
    head="Thường trực Ban Bí thư",
    deputy="Thường trực Ban Bí thư",
)
PARTY_BLOC = Issuer(
    "Khối thi đua các cơ quan Đảng Trung ương",
    "KTĐCQĐ",
    (KH_PARTY, TB_PARTY),
    head="Khối trưởng",
    deputy="Khối phó",
)


def _province(name: str) -> Issuer:
    return Issuer(
        f"Ủy ban nhân dân tỉnh {name}",
        "UBND",
        (QD, QD, QD_QPPL, KH, KH, TB, CT, BC, CV, CV),
        ("KT", "VX", "NC", "TH", "KTN"),
        head="Chủ tịch",
        deputy="Phó Chủ tịch",
    )


def _department(province: str, name: str, code: str, units: tuple[str, ...]) -> Issuer:
    return Issuer(
        f"{name} tỉnh {province}",
        code,
        (QD, KH, TB, CV, CV, BC, HD),
        units,
        head="Giám đốc",
        deputy="Phó Giám đốc",
    )


def _party_committee(province: str) -> Issuer:
    return Issuer(
        f"Tỉnh ủy {province}",
        "TU",
        (CT_PARTY, NQ_PARTY, KH_PARTY, TB_PARTY),
        head="Bí thư",
        deputy="Phó Bí thư",
    )


# Topics: sector as portals label it, the bodies that usually issue on it, title phrases and
# body sentences. Slots: {scope} {year} {n} {m} {pct} {money} {day} {place}.
TOPICS: dict[str, dict] = {
    "thi_dua": {
        "sector": "Thi đua - Khen thưởng",
        "issuers": ("BNV", "EMULATION", "PROVINCE", "PROVINCE", "PARTY", "BLOC"),
        "titles": [
            "Phát động phong trào thi đua yêu nước năm {year}",
            "Hướng dẫn công tác thi đua, khen thưởng năm {year}",
            "Tặng Bằng khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm "
            "{year}",
            "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
            "Sơ kết 6 tháng đầu năm {year} công tác thi đua, khen thưởng của Khối thi đua",
            "Tặng danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
            "Xét tặng danh hiệu Tập thể lao động xuất sắc năm {year}",
        ],
        "sentences": [
            "Các cơ quan, đơn vị tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua, bảo "
            "đảm "
            "thiết thực, hiệu quả, tránh hình thức.",
            "Công tác khen thưởng phải bảo đảm chính xác, công khai, minh bạch, công bằng, kịp thời, chú "
            "trọng "
            "khen thưởng người lao động trực tiếp.",
            "Trong năm {year}, toàn {scope} đã có {n} tập thể và {m} cá nhân được đề nghị khen thưởng.",
            "Phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến, gương người tốt, việc tốt trong các "
            "phong "
            "trào thi đua yêu nước.",
            "Hồ sơ đề nghị khen thưởng gửi về Ban Thi đua - Khen thưởng trước ngày {day}.",
            "Hội đồng Thi đua - Khen thưởng có trách nhiệm thẩm định hồ sơ, trình cấp có thẩm quyền xem xét, "
            "quyết định.",
            "Tặng danh hiệu Chiến sĩ thi đua cơ sở cho {n} cá nhân đã có thành tích xuất sắc trong thực hiện "
            "nhiệm vụ.",
            "Các khối, cụm thi đua tổ chức ký kết giao ước thi đua và đăng ký danh hiệu thi đua ngay từ đầu "
            "năm.",
            "Hội nghị đã trao đổi nghiệp vụ công tác thi đua, khen thưởng và thống nhất phương hướng nhiệm "
            "vụ "
            "năm {year}.",
            "Đẩy mạnh công tác tuyên truyền về thi đua, khen thưởng trên các phương tiện thông tin đại "
            "chúng.",
        ],
    },
    "dat_dai": {
        "sector": "Đất đai",
        "issuers": ("BTNMT", "PROVINCE", "PROVINCE", "DEPT_TNMT", "GOV"),
        "titles": [
            "Phê duyệt bảng giá đất giai đoạn {year} - {year5} trên địa bàn {scope}",
            "Thu hồi đất để thực hiện dự án mở rộng đường giao thông tại {place}",
            "Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất lần đầu",
            "Phê duyệt kế hoạch sử dụng đất năm {year} của {place}",
            "Bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
            "Quy định hạn mức giao đất ở tại nông thôn",
        ],
        "sentences": [
            "Ủy ban nhân dân cấp huyện chịu trách nhiệm tổ chức thực hiện việc thu hồi đất, bồi thường, hỗ "
            "trợ "
            "và tái định cư theo đúng quy định.",
            "Giá đất cụ thể được xác định theo phương pháp so sánh trực tiếp, thu nhập hoặc thặng dư.",
            "Diện tích đất thu hồi là {n} m2, trong đó đất trồng lúa {m} m2.",
            "Người sử dụng đất được cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
            "khác "
            "gắn liền với đất khi có đủ điều kiện.",
            "Văn phòng đăng ký đất đai cập nhật, chỉnh lý hồ sơ địa chính và cơ sở dữ liệu đất đai.",
            "Nghiêm cấm các hành vi lấn, chiếm đất đai, sử dụng đất không đúng mục đích.",
            "Phòng Tài nguyên và Môi trường chủ trì kiểm tra hiện trạng sử dụng đất tại {place}.",
            "Kế hoạch sử dụng đất được công bố công khai tại trụ sở Ủy ban nhân dân cấp xã.",
            "Tiền sử dụng đất nộp vào ngân sách nhà nước trong thời hạn {n} ngày kể từ ngày nhận thông báo.",
        ],
    },
    "thue": {
        "sector": "Thuế - Phí - Lệ phí",
        "issuers": ("BTC", "BTC", "BTC", "GOV", "PROVINCE"),
        "titles": [
            "Hướng dẫn quyết toán thuế thu nhập cá nhân năm {year}",
            "Gia hạn thời hạn nộp thuế giá trị gia tăng và thuế thu nhập doanh nghiệp",
            "Chính sách thuế đối với hoạt động thương mại điện tử",
            "Hóa đơn điện tử khi bán hàng hóa, cung cấp dịch vụ",
            "Hoàn thuế giá trị gia tăng đối với dự án đầu tư",
            "Lệ phí trước bạ đối với nhà, đất",
        ],
        "sentences": [
            "Người nộp thuế thực hiện khai thuế, nộp thuế theo quy định của pháp luật về quản lý thuế.",
            "Cục Thuế các tỉnh, thành phố hướng dẫn người nộp thuế thực hiện quyết toán thuế thu nhập cá "
            "nhân.",
            "Số thuế được gia hạn là {money} đồng, thời gian gia hạn là {n} tháng.",
            "Doanh nghiệp sử dụng hóa đơn điện tử có mã của cơ quan thuế khi bán hàng hóa, cung cấp dịch vụ.",
            "Hồ sơ đề nghị hoàn thuế gửi đến cơ quan thuế quản lý trực tiếp.",
            "Cơ quan thuế kiểm tra, đối chiếu số thuế đã nộp và xử lý số tiền thuế nộp thừa.",
            "Tổng cục Thuế đề nghị các Cục Thuế tăng cường công tác thanh tra, kiểm tra, chống thất thu "
            "ngân sách.",
            "Thu nhập chịu thuế từ tiền lương, tiền công được giảm trừ gia cảnh theo quy định.",
        ],
    },
    "giao_duc": {
        "sector": "Giáo dục",
        "issuers": ("BGDĐT", "BGDĐT", "DEPT_GD", "PROVINCE"),
        "titles": [
            "Hướng dẫn thực hiện nhiệm vụ năm học {year}-{year1}",
            "Ban hành khung kế hoạch thời gian năm học {year}-{year1}",
            "Tổ chức kỳ thi tốt nghiệp trung học phổ thông năm {year}",
            "Quy chế tuyển sinh trung học cơ sở và trung học phổ thông",
            "Chương trình giáo dục phổ thông mới đối với lớp {grade}",
            "Đánh giá học sinh tiểu học",
        ],
        "sentences": [
            "Các trường tổ chức dạy học theo định hướng phát triển phẩm chất, năng lực của học sinh.",
            "Năm học {year}-{year1} bắt đầu từ ngày 05 tháng 9 và kết thúc trước ngày 31 tháng 5.",
            "Sở Giáo dục và Đào tạo chỉ đạo các phòng giáo dục và đào tạo rà soát đội ngũ giáo viên.",
            "Kỳ thi được tổ chức nghiêm túc, an toàn, đúng quy chế, bảo đảm công bằng cho thí sinh.",
            "Toàn {scope} có {n} trường học với {m} học sinh, tỷ lệ huy động trẻ đến trường đạt {pct}%.",
            "Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số trong dạy học và quản lý giáo dục.",
            "Thực hiện chương trình giáo dục phổ thông mới đối với lớp {grade} từ năm học {year}-{year1}.",
            "Bảo đảm đủ sách giáo khoa, thiết bị dạy học tối thiểu cho các lớp học.",
        ],
    },
    "y_te": {
        "sector": "Y tế",
        "issuers": ("BYT", "BYT", "DEPT_YT", "PROVINCE"),
        "titles": [
            "Tăng cường phòng, chống dịch sốt xuất huyết năm {year}",
            "Hướng dẫn khám bệnh, chữa bệnh bảo hiểm y tế",
            "Triển khai tiêm chủng mở rộng năm {year}",
            "Phòng, chống dịch COVID-19 trên địa bàn {scope}",
            "Bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
            "Nâng cao chất lượng khám bệnh, chữa bệnh tại trạm y tế xã",
        ],
        "sentences": [
            "Các cơ sở khám bệnh, chữa bệnh bảo đảm thuốc, vật tư y tế phục vụ người bệnh.",
            "Tỷ lệ bao phủ bảo hiểm y tế trên địa bàn {scope} đạt {pct}% dân số.",
            "Trung tâm Kiểm soát bệnh tật tăng cường giám sát, phát hiện sớm ca bệnh, xử lý kịp thời ổ dịch.",
            "Trong năm, toàn {scope} ghi nhận {n} ca mắc sốt xuất huyết, giảm so với cùng kỳ.",
            "Người dân chủ động giữ gìn sức khỏe, thực hiện các biện pháp phòng bệnh.",
            "Thanh tra, kiểm tra an toàn thực phẩm tại các cơ sở sản xuất, kinh doanh thực phẩm.",
            "Bảo đảm tiêm chủng đủ liều, đúng lịch cho trẻ em dưới một tuổi.",
            "Trạm y tế xã thực hiện quản lý sức khỏe người dân, khám sàng lọc bệnh không lây nhiễm.",
        ],
    },
    "giao_thong": {
        "sector": "Giao thông - Vận tải",
        "issuers": ("BGTVT", "BGTVT", "PROVINCE", "PM"),
        "titles": [
            "Bảo đảm trật tự, an toàn giao thông dịp Tết Nguyên đán năm {year}",
            "Phê duyệt chủ trương đầu tư dự án nâng cấp quốc lộ qua {place}",
            "Quy định về đào tạo, sát hạch, cấp giấy phép lái xe",
            "Tổ chức giao thông tại nút giao trên địa bàn {scope}",
            "Quản lý, bảo trì đường bộ năm {year}",
        ],
        "sentences": [
            "Lực lượng cảnh sát giao thông tăng cường tuần tra, kiểm soát, xử lý nghiêm các hành vi vi phạm.",
            "Trong năm {year} xảy ra {n} vụ tai nạn giao thông, làm chết {m} người.",
            "Các doanh nghiệp vận tải bảo đảm phương tiện đủ điều kiện an toàn kỹ thuật, không tăng giá vé.",
            "Dự án có tổng chiều dài {n} km, tổng mức đầu tư {money} đồng.",
            "Sở Giao thông vận tải chủ trì tổ chức phân luồng giao thông, chống ùn tắc tại các đầu mối.",
            "Nghiêm cấm người điều khiển phương tiện sử dụng rượu, bia khi tham gia giao thông.",
            "Thực hiện bảo trì, sửa chữa mặt đường, hệ thống thoát nước và biển báo hiệu đường bộ.",
        ],
    },
    "thien_tai": {
        "sector": "Phòng chống thiên tai",
        "issuers": ("PROVINCE", "PROVINCE", "PM", "BNNPTNT"),
        "titles": [
            "Chủ động ứng phó với bão số {grade} và mưa lũ",
            "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}",
            "Khắc phục hậu quả lũ lụt tại {place}",
            "Hỗ trợ gạo cứu đói cho nhân dân bị ảnh hưởng bởi thiên tai",
            "Phòng, chống hạn hán, xâm nhập mặn mùa khô {year}-{year1}",
        ],
        "sentences": [
            "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn các cấp trực ban 24/24 giờ.",
            "Tổ chức sơ tán dân ra khỏi khu vực nguy hiểm, vùng có nguy cơ sạt lở đất, lũ quét.",
            "Mưa lũ đã làm {n} ngôi nhà bị ngập, {m} ha lúa và hoa màu bị thiệt hại.",
            "Kiểm tra, gia cố hệ thống đê điều, hồ chứa, bảo đảm an toàn công trình trong mùa mưa bão.",
            "Thực hiện phương châm bốn tại chỗ trong phòng, chống thiên tai.",
            "Hỗ trợ {n} tấn gạo cho các hộ dân bị ảnh hưởng bởi thiên tai.",
            "Thông báo, hướng dẫn tàu thuyền đang hoạt động trên biển di chuyển vào nơi tránh trú an toàn.",
        ],
    },
    "ngan_sach": {
        "sector": "Tài chính - Ngân sách",
        "issuers": ("BTC", "BTC", "PROVINCE", "GOV"),
        "titles": [
            "Giao dự toán thu, chi ngân sách nhà nước năm {year}",
            "Công khai quyết toán ngân sách địa phương năm {year}",
            "Hướng dẫn xây dựng dự toán ngân sách nhà nước năm {year1}",
            "Quản lý, sử dụng tài sản công tại cơ quan nhà nước",
            "Phân bổ kinh phí thực hiện chương trình mục tiêu quốc gia",
        ],
        "sentences": [
            "Tổng thu ngân sách nhà nước trên địa bàn là {money} đồng, đạt {pct}% dự toán.",
            "Các đơn vị sử dụng kinh phí đúng mục đích, tiết kiệm, hiệu quả, đúng chế độ.",
            "Kho bạc Nhà nước kiểm soát chi theo dự toán được giao.",
            "Tài sản công được quản lý, sử dụng theo tiêu chuẩn, định mức do cơ quan có thẩm quyền ban hành.",
            "Thực hiện công khai dự toán, quyết toán ngân sách theo quy định.",
            "Bố trí {money} đồng từ nguồn dự phòng ngân sách để thực hiện nhiệm vụ cấp bách.",
            "Sở Tài chính thẩm định quyết toán vốn đầu tư công trình hoàn thành.",
        ],
    },
    "cchc": {
        "sector": "Cải cách hành chính",
        "issuers": ("BNV", "PROVINCE", "PROVINCE", "PM", "GOV"),
        "titles": [
            "Kế hoạch cải cách hành chính năm {year}",
            "Công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của {scope}",
            "Đẩy mạnh cung cấp dịch vụ công trực tuyến mức độ toàn trình",
            "Nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
            "Tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
            "Kiện toàn tổ chức bộ máy các cơ quan chuyên môn",
        ],
        "sentences": [
            "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thời gian giải quyết hồ sơ.",
            "Bộ phận một cửa tiếp nhận và trả kết quả giải quyết thủ tục hành chính đúng hạn.",
            "Tỷ lệ hồ sơ được giải quyết đúng hạn đạt {pct}%, có {n} dịch vụ công trực tuyến toàn trình.",
            "Người đứng đầu cơ quan chịu trách nhiệm về kết quả cải cách hành chính tại đơn vị mình.",
            "Thực hiện tinh giản biên chế gắn với vị trí việc làm và cơ cấu ngạch công chức.",
            "Ứng dụng công nghệ thông tin, xây dựng chính quyền điện tử, chính quyền số.",
            "Tăng cường kỷ luật, kỷ cương hành chính, đạo đức công vụ của cán bộ, công chức.",
        ],
    },
    "nong_nghiep": {
        "sector": "Nông nghiệp",
        "issuers": ("BNNPTNT", "BNNPTNT", "PROVINCE"),
        "titles": [
            "Kế hoạch sản xuất vụ Đông Xuân {year}-{year1}",
            "Phòng, chống dịch tả lợn châu Phi",
            "Xây dựng nông thôn mới giai đoạn {year} - {year5}",
            "Chuyển đổi cơ cấu cây trồng trên đất trồng lúa",
            "Hỗ trợ phát triển hợp tác xã nông nghiệp",
        ],
        "sentences": [
            "Diện tích gieo cấy vụ Đông Xuân đạt {n} ha, năng suất bình quân {m} tạ/ha.",
            "Cơ quan thú y tổ chức tiêm phòng, khoanh vùng, xử lý triệt để ổ dịch.",
            "Đến nay, toàn {scope} có {n} xã đạt chuẩn nông thôn mới.",
            "Khuyến khích nông dân áp dụng tiến bộ khoa học kỹ thuật, sản xuất theo chuỗi giá trị.",
            "Bảo đảm đủ nước tưới cho cây trồng, chủ động phòng trừ sâu bệnh.",
            "Hỗ trợ giống cây trồng, vật nuôi cho hộ nghèo, hộ cận nghèo.",
        ],
    },
    "moi_truong": {
        "sector": "Tài nguyên - Môi trường",
        "issuers": ("BTNMT", "BTNMT", "PROVINCE", "DEPT_TNMT"),
        "titles": [
            "Tăng cường quản lý chất thải rắn sinh hoạt",
            "Phê duyệt báo cáo đánh giá tác động môi trường của dự án tại {place}",
            "Xử lý cơ sở gây ô nhiễm môi trường nghiêm trọng",
            "Bảo vệ môi trường lưu vực sông",
            "Hưởng ứng Ngày Môi trường thế giới năm {year}",
        ],
        "sentences": [
            "Chất thải rắn sinh hoạt được phân loại tại nguồn, thu gom và xử lý theo quy định.",
            "Cơ sở sản xuất phải lắp đặt hệ thống quan trắc nước thải tự động, liên tục.",
            "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt {pct}%.",
            "Xử phạt vi phạm hành chính đối với {n} cơ sở xả thải vượt quy chuẩn kỹ thuật.",
            "Chủ dự án thực hiện đầy đủ các biện pháp bảo vệ môi trường đã nêu trong báo cáo.",
            "Vận động nhân dân hạn chế sử dụng túi ni lông khó phân hủy.",
        ],
    },
    "xay_dung": {
        "sector": "Xây dựng",
        "issuers": ("BXD", "BXD", "PROVINCE"),
        "titles": [
            "Quản lý trật tự xây dựng trên địa bàn {scope}",
            "Phê duyệt đồ án quy hoạch chung đô thị {place}",
            "Hướng dẫn xác định chi phí đầu tư xây dựng",
            "Phát triển nhà ở xã hội giai đoạn {year} - {year5}",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        ],
        "sentences": [
            "Chủ đầu tư chỉ được khởi công xây dựng công trình khi có giấy phép xây dựng.",
            "Đội kiểm tra trật tự xây dựng phát hiện {n} trường hợp xây dựng không phép.",
            "Đồ án quy hoạch có quy mô diện tích {n} ha, dân số dự báo đến năm {year5} khoảng {m} người.",
            "Sở Xây dựng hướng dẫn lập, thẩm định dự toán xây dựng công trình.",
            "Ưu tiên bố trí quỹ đất để phát triển nhà ở xã hội cho công nhân, người thu nhập thấp.",
            "Tăng cường kiểm tra chất lượng công trình xây dựng, bảo đảm an toàn lao động.",
        ],
    },
}

# Sentences any administrative notice may carry, whatever its topic.
GENERIC_SENTENCES = [
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời để được hướng dẫn.",
    "Giao Văn phòng theo dõi, đôn đốc việc thực hiện và báo cáo kết quả trước ngày {day}.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành văn bản này.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
    "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện.",
    "Định kỳ sáu tháng, các đơn vị báo cáo kết quả thực hiện về cơ quan thường trực để tổng hợp.",
    "Tăng cường công tác phối hợp giữa các cấp, các ngành trong tổ chức thực hiện.",
    "Văn bản này có hiệu lực kể từ ngày ký ban hành.",
    "Đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện.",
    "Kết quả thực hiện là một trong những tiêu chí đánh giá, xếp loại thi đua cuối năm.",
    "Năm {year}, kết quả đạt được tuy có chuyển biến tích cực nhưng vẫn còn một số hạn chế.",
    "Cơ quan thường trực tổng hợp ý kiến, báo cáo cấp có thẩm quyền xem xét, quyết định.",
]

CITATIONS = {
    "thi_dua": [
        ("Luật", "06/2022/QH15", date(2022, 6, 15), "Luật Thi đua, khen thưởng"),
        (
            "Nghị định",
            "91/2017/NĐ-CP",
            date(2017, 7, 31),
            "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        ),
        (
            "Thông tư",
            "08/2017/TT-BNV",
            date(2017, 10, 27),
            "quy định chi tiết thi hành một số điều của Nghị định 91/2017/NĐ-CP",
        ),
        ("Chỉ thị", "22-CT/TW", date(2018, 1, 23), "về đẩy mạnh các phong trào thi đua yêu nước"),
    ],
    "dat_dai": [
        ("Luật", "45/2013/QH13", date(2013, 11, 29), "Luật Đất đai"),
        (
            "Nghị định",
            "43/2014/NĐ-CP",
            date(2014, 5, 15),
            "quy định chi tiết thi hành một số điều của Luật Đất đai",
        ),
    ],
    "thue": [
        ("Luật", "38/2019/QH14", date(2019, 6, 13), "Luật Quản lý thuế"),
        (
            "Nghị định",
            "126/2020/NĐ-CP",
            date(2020, 10, 19),
            "quy định chi tiết một số điều của Luật Quản lý thuế",
        ),
    ],
    "giao_duc": [("Luật", "43/2019/QH14", date(2019, 6, 14), "Luật Giáo dục")],
    "y_te": [("Luật", "15/2023/QH15", date(2023, 1, 9), "Luật Khám bệnh, chữa bệnh")],
    "giao_thong": [("Luật", "23/2008/QH12", date(2008, 11, 13), "Luật Giao thông đường bộ")],
    "thien_tai": [("Luật", "33/2013/QH13", date(2013, 6, 19), "Luật Phòng, chống thiên tai")],
    "ngan_sach": [("Luật", "83/2015/QH13", date(2015, 6, 25), "Luật Ngân sách nhà nước")],
    "cchc": [
        (
            "Nghị quyết",
            "76/NQ-CP",
            date(2021, 7, 15),
            "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
        )
    ],
    "nong_nghiep": [("Luật", "31/2018/QH14", date(2018, 11, 19), "Luật Trồng trọt")],
    "moi_truong": [("Luật", "72/2020/QH14", date(2020, 11, 17), "Luật Bảo vệ môi trường")],
    "xay_dung": [("Luật", "50/2014/QH13", date(2014, 6, 18), "Luật Xây dựng")],
}
LOCAL_GOVERNMENT_LAW = ("Luật", "77/2015/QH13", date(2015, 6, 19), "Luật Tổ chức chính quyền địa phương")
PAPERWORK_DECREE = ("Nghị định", "30/2020/NĐ-CP", date(2020, 3, 5), "về công tác văn thư")

STATUS_TEXT = {
    Status.in_force: ("Còn hiệu lực", "Đang có hiệu lực", "Có hiệu lực", "Còn hiệu lực"),
    Status.partly_expired: ("Hết hiệu lực một phần",),
    Status.expired: ("Hết hiệu lực toàn bộ", "Hết hiệu lực"),
    Status.not_yet_in_force: ("Chưa có hiệu lực",),
    Status.suspended: ("Ngưng hiệu lực",),
    Status.partly_suspended: ("Ngưng hiệu lực một phần",),
    Status.unknown: ("Không xác định", ""),
}
STATUS_WEIGHTS = (
    (Status.in_force, 62),
    (Status.expired, 14),
    (Status.partly_expired, 9),
    (Status.unknown, 9),
    (Status.suspended, 3),
    (Status.partly_suspended, 3),
)
# Legislatures: a law's code names the one in session (QH14 sat from 2016 to 2021).
LEGISLATURES = ((2007, "QH11"), (2011, "QH12"), (2016, "QH13"), (2021, "QH14"), (2027, "QH15"))

# Old-style tone placement puts the mark on the last vowel of oa/oe/uy: hòa→hoà, khỏe→khoẻ, thủy→thuỷ.
_OLD_TONE_TABLE = {
    "ò": "`",
    "ó": "'",
    "ỏ": "?",
    "õ": "~",
    "ọ": ".",
    "ù": "`",
    "ú": "'",
    "ủ": "?",
    "ũ": "~",
    "ụ": ".",
    "Ò": "`",
    "Ó": "'",
    "Ỏ": "?",
    "Õ": "~",
    "Ọ": ".",
    "Ù": "`",
    "Ú": "'",
    "Ủ": "?",
    "Ũ": "~",
    "Ụ": ".",
}
_TONED = {
    "a": {"`": "à", "'": "á", "?": "ả", "~": "ã", ".": "ạ"},
    "e": {"`": "è", "'": "é", "?": "ẻ", "~": "ẽ", ".": "ẹ"},
    "y": {"`": "ỳ", "'": "ý", "?": "ỷ", "~": "ỹ", ".": "ỵ"},
}
_BARE = {
    "ò": "o",
    "ó": "o",
    "ỏ": "o",
    "õ": "o",
    "ọ": "o",
    "ù": "u",
    "ú": "u",
    "ủ": "u",
    "ũ": "u",
    "ụ": "u",
    "Ò": "O",
    "Ó": "O",
    "Ỏ": "O",
    "Õ": "O",
    "Ọ": "O",
    "Ù": "U",
    "Ú": "U",
    "Ủ": "U",
    "Ũ": "U",
    "Ụ": "U",
}
# Only open syllables move the mark (hòa→hoà but hoàn stays): the vowel pair ends the word.
_NEW_TONE = re.compile(r"(?<!q)(?<!Q)([òóỏõọÒÓỎÕỌ][ae]|[ùúủũụÙÚỦŨỤ]y)(?![\wà-ỹ])")


def old_style_tones(text: str) -> str:
    """Rewrite new-style tone placement as old style (hòa→hoà, thủy→thuỷ, Ủy→Uỷ), as older
    documents and many writers still do; the search side must treat both as one word."""

    def move(match: re.Match[str]) -> str:
        pair = match.group(0)
        first, second = pair[0], pair[1]
        return _BARE[first] + _TONED[second][_OLD_TONE_TABLE[first]]

    return _NEW_TONE.sub(move, text)


def ki_variant(text: str) -> str:
    """Write ký as kí and lý as lí (the seed writes "Người kí"); capitalised forms too."""
    return text.replace("ký", "kí").replace("Ký", "Kí").replace("lý", "lí").replace("Lý", "Lí")


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """What one notice is about, decided before any text is written."""

    topic: str
    issuer: Issuer
    doc_type: DocType
    province: str | None
    issued: date


class NoticeFactory:
    """Makes notices one after another; remembers numbers already used (so every number is
    unique) and recent notices (so later ones can cite them, as real documents do)."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.used_numbers: set[str] = set()
        self.recent: list[tuple[str, str, date, str]] = []
        self._topics = list(TOPICS)
        self._status_values = [s for s, _ in STATUS_WEIGHTS]
        self._status_weights = [w for _, w in STATUS_WEIGHTS]
        self._day_span = (LAST_DAY - FIRST_DAY).days

    def notice(self, index: int) -> Notice:
        """The index-th notice of this seed's stream."""
        rng = random.Random(self.seed * 1_000_003 + index)
        draft = self._draft(rng)
        number = self._number(rng, draft)
        title = self._title(rng, draft)
        references = self._citations(rng, draft)
        signer = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        body = self._body(rng, draft, signer, references)
        effective, expiry, status = self._validity(rng, draft)
        style = rng.random()
        if style < 0.15:
            title, body, signer = old_style_tones(title), old_style_tones(body), old_style_tones(signer)
        elif style < 0.22:
            body = ki_variant(body)
        source = f"synthetic://vanban/{self.seed}/{index}"
        notice = Notice(
            id=notice_id(source),
            number=number,
            title=title,
            doc_type=draft.doc_type.name,
            sector=TOPICS[draft.topic]["sector"],
            issuer=draft.issuer.name if draft.issuer.code != "QH" else "Quốc hội",
            signer=signer,
            issued_date=draft.issued,
            effective_date=effective,
            expiry_date=expiry,
            status=status,
            status_text=rng.choice(STATUS_TEXT[status]) or None,
            body=body,
            references=[Reference(doc_type=t, number=n, date=d) for t, n, d, _ in references],
            source=source,
        )
        self._remember(draft, number, title)
        return notice.with_content_hash()

    def _draft(self, rng: random.Random) -> _Draft:
        topic = rng.choice(self._topics)
        kind = rng.choice(TOPICS[topic]["issuers"])
        province = rng.choice(PROVINCES)
        issuer = _issuer(kind, province)
        if rng.random() < 0.03:
            issuer = NATIONAL_ASSEMBLY
        doc_type = rng.choice(issuer.types)
        issued = FIRST_DAY + timedelta(days=rng.randrange(self._day_span + 1))
        local = issuer.code in ("UBND", "TU") or "tỉnh" in issuer.name
        return _Draft(topic, issuer, doc_type, province if local else None, issued)

    def _number(self, rng: random.Random, draft: _Draft) -> str:
        """A number in the shape the type and issuer use; bumped until unused in this run."""
        # Legal normative documents are few a year (a ministry issues dozens of Thông tư, the
        # Government a few hundred Nghị định); administrative ones run into the thousands.
        if draft.doc_type.with_year or draft.doc_type.party:
            seq = rng.randint(1, 160)
        else:
            seq = rng.randint(1, 3200) if rng.random() < 0.8 else rng.randint(1, 99)
        while True:
            number = _format_number(seq, draft, rng)
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number
            seq += 1

    def _title(self, rng: random.Random, draft: _Draft) -> str:
        phrase = rng.choice(TOPICS[draft.topic]["titles"]).format_map(_slots(rng, draft))
        kind = draft.doc_type.name
        if kind == "Công văn":
            return f"V/v {phrase[0].lower()}{phrase[1:]}" if rng.random() < 0.5 else phrase
        if kind == "Luật":
            return f"Luật {TOPICS[draft.topic]['sector'].split(' - ')[0].lower()} (sửa đổi)"
        if kind in ("Quyết định", "Nghị quyết") and rng.random() < 0.4:
            return f"Về việc {phrase[0].lower()}{phrase[1:]}"
        return phrase

    def _citations(self, rng: random.Random, draft: _Draft) -> list[tuple[str, str, date, str]]:
        """Documents this one rests on: laws of its topic, the local-government law for local
        bodies, and now and then an earlier notice of this corpus."""
        cited = [c for c in CITATIONS[draft.topic] if c[2] <= draft.issued]
        if draft.province and draft.issued >= LOCAL_GOVERNMENT_LAW[2]:
            cited.insert(0, LOCAL_GOVERNMENT_LAW)
        if draft.issued >= PAPERWORK_DECREE[2] and rng.random() < 0.1:
            cited.append(PAPERWORK_DECREE)
        earlier = [r for r in self.recent[-60:] if r[2] < draft.issued]
        if earlier and rng.random() < 0.35:
            cited.append(rng.choice(earlier))
        return cited[:4]

    def _body(self, rng: random.Random, draft: _Draft, signer: str, cited: list) -> str:
        paragraphs: list[str] = []
        kind = draft.doc_type.name
        if kind == "Công văn":
            paragraphs.append(f"Kính gửi: {_addressee(rng, draft)}")
        for doc_type, number, day, about in cited:
            paragraphs.append(f"Căn cứ {_cite(doc_type, number, day, about)};")
        sentences = TOPICS[draft.topic]["sentences"]
        size = rng.random()
        count = 1 if size < 0.2 else rng.randint(2, 8) if size < 0.8 else rng.randint(10, 36)
        sections = _SECTIONS.get(kind)
        if kind in ("Quyết định", "Nghị quyết", "Nghị định", "Thông tư"):
            paragraphs.append(f"{kind.upper()}:")
        step = count // len(sections) + 1 if sections else 0
        for i in range(count):
            if sections and i % step == 0:
                paragraphs.append(sections[i // step])
            lead = f"Điều {i + 1}. " if kind in ("Quyết định", "Nghị định", "Thông tư") and i < 9 else ""
            chosen = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 4)))
            if rng.random() < 0.5:
                chosen.insert(rng.randint(0, len(chosen)), rng.choice(GENERIC_SENTENCES))
            # Fresh figures per paragraph: a report does not repeat one count in every article.
            slots = _slots(rng, draft)
            paragraphs.append(lead + " ".join(s.format_map(slots) for s in chosen))
        paragraphs.append(_signature(rng, draft.issuer, signer))
        return "\n\n".join(paragraphs)

    def _validity(self, rng: random.Random, draft: _Draft) -> tuple[date | None, date | None, Status]:
        effective: date | None
        if draft.doc_type.with_year:
            effective = draft.issued + timedelta(days=rng.choice((15, 30, 45, 45, 60)))
        else:
            effective = draft.issued if rng.random() < 0.85 else None
        if effective and effective > REFERENCE_DAY:
            return effective, None, Status.not_yet_in_force
        status = rng.choices(self._status_values, self._status_weights)[0]
        expiry = None
        if status is Status.expired and effective:
            expiry = min(REFERENCE_DAY, effective + timedelta(days=rng.randint(180, 3000)))
        return effective, expiry, status

    def _remember(self, draft: _Draft, number: str, title: str) -> None:
        self.recent.append((draft.doc_type.name, number, draft.issued, _about(title)))
        if len(self.recent) > 120:
            del self.recent[:60]


_SECTIONS = {
    "Kế hoạch": ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"),
    "Báo cáo": ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    "Hướng dẫn": ("1. Đối tượng, phạm vi", "2. Nội dung hướng dẫn", "3. Tổ chức thực hiện"),
}


def _issuer(kind: str, province: str) -> Issuer:
    if kind in MINISTRIES:
        return MINISTRIES[kind]
    return {
        "PROVINCE": lambda: _province(province),
        "GOV": lambda: GOVERNMENT,
        "PM": lambda: PRIME_MINISTER,
        "EMULATION": lambda: EMULATION_BOARD,
        "PARTY": lambda: _party_committee(province) if province != "Hà Nội" else SECRETARIAT,
        "BLOC": lambda: PARTY_BLOC,
        "DEPT_GD": lambda: _department(
            province, "Sở Giáo dục và Đào tạo", "SGDĐT", ("GDTrH", "GDTH", "TCCB")
        ),
        "DEPT_YT": lambda: _department(province, "Sở Y tế", "SYT", ("NVY", "KHTC", "TCCB")),
        "DEPT_TNMT": lambda: _department(province, "Sở Tài nguyên và Môi trường", "STNMT", ("QLĐĐ", "MT")),
    }[kind]()


def _format_number(seq: int, draft: _Draft, rng: random.Random) -> str:
    """The number as the type and issuer write it (Nghị định 30/2020 and the legal types)."""
    n = f"{seq:02d}"
    kind, issuer, year = draft.doc_type, draft.issuer, draft.issued.year
    if issuer.code == "QH":
        legislature = next(code for until, code in LEGISLATURES if year < until)
        return f"{n}/{year}/{legislature}"
    if kind.party:
        return f"{n}-{kind.code}/{issuer.code}"
    if kind.name == "Công văn":
        return f"{n}/{issuer.code}-{rng.choice(issuer.units)}" if issuer.units else f"{n}/{issuer.code}"
    if kind.with_year:
        return f"{n}/{year}/{kind.code}-{issuer.code}"
    return f"{n}/{kind.code}-{issuer.code}"


def _slots(rng: random.Random, draft: _Draft) -> dict[str, object]:
    year = draft.issued.year
    scope = f"tỉnh {draft.province}" if draft.province else rng.choice(("ngành", "quốc", "Bộ"))
    return {
        "scope": scope if scope != "quốc" else "quốc",
        "year": year,
        "year1": year + 1,
        "year5": year + 5,
        "n": rng.randint(3, 950),
        "m": rng.randint(12, 4800),
        "pct": rng.randint(55, 99),
        "money": f"{rng.randint(2, 980)}.{rng.randint(100, 999)} triệu",
        "day": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
        "place": f"huyện {rng.choice(GIVEN)} {rng.choice(('Sơn', 'Bình', 'Thành', 'Hòa', 'Phong'))}",
        "grade": rng.randint(1, 12),
    }


def _signature(rng: random.Random, issuer: Issuer, signer: str) -> str:
    """The signature block: a deputy signs "KT." (on behalf of) the head, as most notices are."""
    if rng.random() < 0.6 and issuer.deputy != issuer.head:
        return f"KT. {issuer.head.upper()}\n{issuer.deputy.upper()}\n\n{signer}"
    return f"{issuer.head.upper()}\n\n{signer}"


def _addressee(rng: random.Random, draft: _Draft) -> str:
    if draft.province:
        return rng.choice(("Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố"))
    return rng.choice(
        (
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
            "Cục Thuế các tỉnh, thành phố",
        )
    )


def _cite(doc_type: str, number: str, day: date, about: str) -> str:
    if doc_type == "Luật":
        return f"{about} số {number} ngày {day.day}/{day.month}/{day.year}"
    return f"{doc_type} số {number} ngày {day.day}/{day.month}/{day.year} {about}"


def _about(title: str) -> str:
    return title if title.startswith(("về", "Về", "V/v")) else f"về {title[0].lower()}{title[1:]}"


def generate_notices(n: int, seed: int = 0) -> Iterator[Notice]:
    """The first n notices of the seed's stream, one at a time (a corpus of 100k never sits in
    memory). Same (n, seed), same notices; a shorter run is a prefix of a longer one."""
    factory = NoticeFactory(seed)
    for index in range(n):
        yield factory.notice(index)


# ---------------------------------------------------------------------------------------------
# Output formats
# ---------------------------------------------------------------------------------------------

_TEXT_LABELS = {
    "number": ("Số / Ký hiệu:", "Số ký hiệu:", "Số hiệu:"),
    "title": ("Trích yếu:", "Trích yếu nội dung:"),
    "doc_type": ("Loại văn bản:", "Hình thức văn bản:"),
    "sector": ("Lĩnh vực:", "Lĩnh vực - Ngành:"),
    "issuer": ("Cơ quan ban hành:", "Nơi ban hành:"),
    "signer": ("Người kí:", "Người ký:"),
    "issued_date": ("Ngày ban hành:", "Ngày BH:"),
    "effective_date": ("Ngày có hiệu lực:", "Ngày hiệu lực:"),
    "status_text": ("Trạng thái văn bản:", "Tình trạng hiệu lực:"),
    "body": ("Nội dung văn bản:", "Nội dung:"),
}


def _fields(notice: Notice) -> list[tuple[str, str]]:
    def when(day: date | None) -> str:
        return day.strftime("%d/%m/%Y") if day else ""

    return [
        ("number", notice.number or ""),
        ("title", notice.title or ""),
        ("doc_type", notice.doc_type or ""),
        ("sector", notice.sector or ""),
        ("issuer", notice.issuer or ""),
        ("signer", notice.signer or ""),
        ("issued_date", when(notice.issued_date)),
        ("effective_date", when(notice.effective_date)),
        ("status_text", notice.status_text or ""),
    ]


def _label(field: str, variant: int) -> str:
    spellings = _TEXT_LABELS[field]
    return spellings[variant % len(spellings)]


def render_text(notice: Notice, variant: int = 0) -> str:
    """A detail page as portals' text dumps show it (the seed's shape): label lines, values on
    the same line or the next, then the content."""
    lines: list[str] = []
    for field, value in _fields(notice):
        label = _label(field, variant)
        lines.extend([f"{label} {value}"] if field in ("number", "title") else [label, value])
    lines.extend([_TEXT_LABELS["body"][variant % 2], "", notice.body, ""])
    return "\n".join(lines)


def render_html(notice: Notice, variant: int = 0) -> str:
    """A detail page as portals serve it: a two-column table of labelled fields, then the
    content in its own block."""
    rows = "\n".join(
        f'    <tr><td class="label">{html.escape(_label(f, variant).rstrip(":"))}</td>'
        f"<td>{html.escape(v)}</td></tr>"
        for f, v in _fields(notice)
    )
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in notice.body.split("\n\n"))
    title = html.escape(notice.title or "")
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<title>{title}</title></head>\n<body>\n<div class="van-ban">\n  <table class="thuoc-tinh">\n'
        f'{rows}\n  </table>\n  <div class="noi-dung">\n{body}\n  </div>\n</div>\n</body></html>\n'
    )


def write_corpus(path: str | Path, n: int, seed: int = 0, fmt: str = "ndjson") -> int:
    """Write n notices to path: one NDJSON file, or a directory of text or HTML detail pages
    named by index. Returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    target = Path(path)
    if fmt == "ndjson":
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as out:
            for notice in generate_notices(n, seed):
                out.write(notice.model_dump_json(exclude_defaults=True) + "\n")
        return n
    target.mkdir(parents=True, exist_ok=True)
    render, suffix = (render_text, "txt") if fmt == "text" else (render_html, "html")
    for index, notice in enumerate(generate_notices(n, seed)):
        (target / f"{index:06d}.{suffix}").write_text(render(notice, index), encoding="utf-8")
    return n


def gold_record(notice: Notice) -> dict[str, object]:
    """What a parser should extract from the notice's page, in the gold-file form
    scripts/eval_parse.py reads (`{"notices": [...]}` beside the page)."""
    fields = notice.model_dump(
        mode="json",
        include={
            "number",
            "title",
            "doc_type",
            "sector",
            "issuer",
            "signer",
            "issued_date",
            "effective_date",
        },
    )
    fields["status"] = notice.status.value if notice.status_text else None
    fields["body"] = notice.body
    return {"notices": [{k: v for k, v in fields.items() if v is not None}]}


def write_gold_pages(folder: str | Path, n: int, seed: int = 0) -> int:
    """n detail pages, text and HTML in turn, each beside NAME.expected.json: a gold set whose
    pages the parser's author did not write. Returns how many were written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for index, notice in enumerate(generate_notices(n, seed)):
        render, suffix = (render_text, "txt") if index % 2 == 0 else (render_html, "html")
        name = f"synthetic_{index:04d}"
        page = render(notice, index // 2)
        # Shapes real pages take that the parser must undo: the Icelandic Ð in numbers
        # ("NÐ-CP"), and whole pages in decomposed Unicode (NFD).
        if index % 5 == 1 and notice.number and "Đ" in notice.number:
            page = page.replace(notice.number, notice.number.replace("Đ", "\u00d0"))
        if index % 7 == 3:
            page = unicodedata.normalize("NFD", page)
        (target / f"{name}.{suffix}").write_text(page, encoding="utf-8")
        gold = json.dumps(gold_record(notice), ensure_ascii=False, indent=1)
        (target / f"{name}.expected.json").write_text(gold + "\n", encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/notice_corpus.py",
        description="Write a deterministic corpus of realistic synthetic notices.",
    )
    parser.add_argument("n", type=int, help="how many notices")
    parser.add_argument("out", help="output file (ndjson) or directory (text, html)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=FORMATS, default="ndjson")
    args = parser.parse_args(argv)
    if args.n < 0:
        print("notice_corpus: N must be zero or more", file=sys.stderr)
        return 2
    try:
        written = write_corpus(args.out, args.n, args.seed, args.format)
    except OSError as error:
        print(f"notice_corpus: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(json.dumps({"written": written, "out": str(args.out), "format": args.format, "seed": args.seed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
