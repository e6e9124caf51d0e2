"""Build the judged evaluation set in tests/eval: corpus.ndjson, queries.tsv and qrels.txt.

In: the synthetic generator (scripts/notice_corpus.py, seed 2026) and the hand-written notices,
queries and judgments below. Out: the three files, byte for byte the same on every run
(tests/test_quality_gates.py checks that the committed files are what this script writes).

How the set was judged (before any system was run on it; see README.md in this folder):
- Each query has a topic written down here: explicit grades for the hand-written notices it
  was designed around, and judging phrases for the rest of the corpus. A notice whose title
  contains a judging phrase is highly relevant (2), one whose body contains it is partly
  relevant (1). Explicit grades override the phrase rule (a decree *on* a law is not the law).
- Containment is judged on the true, accented text (NFC, lower case, one tone placement), never
  on folded text, so a notice that merely collides when diacritics are removed is not relevant.
- A number query's own notice is 2; a notice whose body cites that number is 1.

Run: python tests/eval/build_corpus.py
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from notice_corpus import generate_notices, old_style_tones  # noqa: E402

from search.models import Notice, Status, notice_id  # noqa: E402

GENERATED = 250
SEED = 2026

# number | doc_type | issuer | signer | issued | status | sector | title | body
HAND: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    # --- number lookups -------------------------------------------------------------------
    (
        "91/2017/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "Nguyễn Xuân Phúc",
        "2017-07-31",
        "expired",
        "Thi đua - Khen thưởng",
        "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Căn cứ Luật Thi đua, khen thưởng ngày 26 "
        "tháng 11 năm 2003; Theo đề nghị của Bộ trưởng Bộ Nội vụ; Chính phủ ban hành Nghị định quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng.\n\nĐiều 1. Phạm vi điều chỉnh. Nghị định "
        "này quy định chi tiết về hình thức tổ chức thi đua, danh hiệu thi đua, tiêu chuẩn danh hiệu thi "
        "đua; hình thức, đối tượng, tiêu chuẩn khen thưởng; thẩm quyền quyết định tặng danh hiệu thi đua và "
        "khen thưởng.\n\nĐiều 2. Đối tượng áp dụng. Nghị định này áp dụng đối với công dân Việt Nam, "
        "tập thể, cơ quan, tổ chức, đơn vị trong nước và người Việt Nam ở nước ngoài.",
    ),
    (
        "08/2017/TT-BNV",
        "Thông tư",
        "Bộ Nội vụ",
        "Lê Vĩnh Tân",
        "2017-10-27",
        "expired",
        "Thi đua - Khen thưởng",
        "Quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 "
        "của Chính phủ",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng; Bộ trưởng Bộ Nội vụ ban hành Thông tư quy định chi tiết.\n\n"
        "Thông tư này quy định về thời gian trình khen thưởng, mẫu văn bản trong hồ sơ đề nghị khen thưởng, "
        "mẫu bằng khen, giấy khen và việc quản lý, lưu trữ hồ sơ khen thưởng.",
    ),
    (
        "02-KH/KTĐCQĐ",
        "Kế hoạch",
        "Khối thi đua các Ban Đảng và cơ quan của Đảng",
        "Cao Đức Phát",
        "2018-04-24",
        "in_force",
        "Thi đua - Khen thưởng",
        "Kế hoạch hoạt động năm 2018 của Khối thi đua các Ban Đảng và cơ quan của Đảng",
        "Thực hiện Quy chế hoạt động của Khối, các đơn vị thành viên thống nhất ban hành kế hoạch hoạt động "
        "năm 2018.\n\nTổ chức hoạt động an sinh xã hội tại hai tỉnh Tuyên Quang, Thái Nguyên; tổ chức giao "
        "lưu thi đấu thể thao giữa 14 đơn vị thành viên; tổ chức hội nghị tổng kết năm.",
    ),
    (
        "1234/QĐ-UBND",
        "Quyết định",
        "Ủy ban nhân dân tỉnh Quảng Bình",
        "Trần Công Thuật",
        "2019-04-18",
        "in_force",
        "Du lịch",
        "Phê duyệt Đề án phát triển du lịch cộng đồng tỉnh Quảng Bình đến năm 2025",
        "Điều 1. Phê duyệt Đề án phát triển du lịch cộng đồng gắn với bảo tồn văn hóa và cảnh quan thiên "
        "nhiên tại các xã vùng đệm Vườn quốc gia Phong Nha - Kẻ Bàng.\n\nĐiều 2. Sở Văn hóa, Thể thao và Du "
        "lịch chủ trì hướng dẫn các hộ gia đình làm du lịch homestay, đào tạo kỹ năng phục vụ du khách.",
    ),
    (
        "1234/BTC-TCT",
        "Công văn",
        "Bộ Tài chính",
        "Vũ Thị Mai",
        "2015-03-20",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "V/v chính sách thuế giá trị gia tăng đối với phân bón",
        "Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương.\n\nKể từ ngày 01/01/2015, phân bón "
        "thuộc đối tượng không chịu thuế giá trị gia tăng. Doanh nghiệp sản xuất phân bón không được khấu "
        "trừ thuế giá trị gia tăng đầu vào của hàng hóa, dịch vụ dùng cho sản xuất phân bón.",
    ),
    (
        "05/CT-TTg",
        "Chỉ thị",
        "Thủ tướng Chính phủ",
        "Trịnh Đình Dũng",
        "2020-08-10",
        "in_force",
        "Phòng chống thiên tai",
        "Về việc tăng cường công tác phòng, chống thiên tai trong mùa mưa bão",
        "Mùa mưa bão năm nay dự báo diễn biến phức tạp, nguy cơ xảy ra lũ quét, sạt lở đất tại các tỉnh "
        "miền núi phía Bắc và miền Trung.\n\nThủ tướng Chính phủ yêu cầu các bộ, ngành và địa phương theo "
        "dõi chặt chẽ diễn biến của bão, áp thấp nhiệt đới, chủ động sơ tán dân khỏi vùng nguy hiểm.",
    ),
    (
        "45/2019/QH14",
        "Luật",
        "Quốc hội",
        "Nguyễn Thị Kim Ngân",
        "2019-11-20",
        "in_force",
        "Lao động - Tiền lương",
        "Bộ luật Lao động",
        "Bộ luật này quy định tiêu chuẩn lao động; quyền, nghĩa vụ, trách nhiệm của người lao động, người sử "
        "dụng lao động, tổ chức đại diện người lao động tại cơ sở; quản lý nhà nước về lao động.\n\nHợp đồng "
        "lao động phải được giao kết bằng văn bản, trừ trường hợp hợp đồng có thời hạn dưới 01 tháng.",
    ),
    (
        "22-CT/TW",
        "Chỉ thị",
        "Ban Bí thư",
        "Trần Quốc Vượng",
        "2018-01-23",
        "in_force",
        "Thi đua - Khen thưởng",
        "Về đẩy mạnh các phong trào thi đua yêu nước hướng tới kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra "
        "Lời kêu gọi thi đua ái quốc",
        "Ngày 11/6/1948, Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc. Ban Bí thư yêu cầu các cấp ủy, "
        "tổ chức đảng lãnh đạo, chỉ đạo đẩy mạnh các phong trào thi đua yêu nước, gắn với việc thực hiện "
        "nhiệm vụ chính trị của từng cơ quan, đơn vị, địa phương.",
    ),
    (
        "01/VBHN-BGDĐT",
        "Văn bản hợp nhất",
        "Bộ Giáo dục và Đào tạo",
        "Nguyễn Hữu Độ",
        "2022-01-10",
        "in_force",
        "Giáo dục",
        "Thông tư ban hành Quy chế thi tốt nghiệp trung học phổ thông",
        "Văn bản hợp nhất Thông tư ban hành Quy chế thi tốt nghiệp trung học phổ thông và các Thông tư sửa "
        "đổi, bổ sung.\n\nQuy chế này quy định về thi tốt nghiệp trung học phổ thông, bao gồm: chuẩn bị "
        "cho kỳ thi; đăng ký dự thi; tổ chức coi thi, chấm thi; xét công nhận tốt nghiệp.",
    ),
    (
        "56/2015/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "Nguyễn Tấn Dũng",
        "2015-06-09",
        "expired",
        "Cán bộ, công chức, viên chức",
        "Về đánh giá và phân loại cán bộ, công chức, viên chức",
        "Nghị định này quy định nguyên tắc, căn cứ, nội dung, trình tự, thủ tục và thẩm quyền đánh giá, phân "
        "loại cán bộ, công chức, viên chức.\n\nViệc đánh giá phải bảo đảm khách quan, toàn diện, khoa học, "
        "công bằng, công khai, dân chủ và đúng thẩm quyền.",
    ),
    (
        "126/2020/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "Nguyễn Xuân Phúc",
        "2020-10-19",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "Quy định chi tiết một số điều của Luật Quản lý thuế",
        "Căn cứ Luật Quản lý thuế ngày 13 tháng 6 năm 2019; Chính phủ ban hành Nghị định quy định chi tiết "
        "một số điều của Luật Quản lý thuế.\n\nNghị định này quy định về hồ sơ khai thuế, thời hạn nộp hồ "
        "sơ khai thuế, thời hạn nộp thuế đối với các khoản thu thuộc ngân sách nhà nước.",
    ),
    (
        "30/2020/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "Nguyễn Xuân Phúc",
        "2020-03-05",
        "in_force",
        "Hành chính - Văn thư",
        "Về công tác văn thư",
        "Nghị định này quy định về công tác văn thư và quản lý nhà nước về công tác văn thư, bao gồm: soạn "
        "thảo, ký ban hành văn bản; quản lý văn bản; lập hồ sơ và nộp lưu hồ sơ vào Lưu trữ cơ quan; quản "
        "lý và sử dụng con dấu, thiết bị lưu khóa bí mật trong công tác văn thư.",
    ),
    (
        "38/2019/QH14",
        "Luật",
        "Quốc hội",
        "Nguyễn Thị Kim Ngân",
        "2019-06-13",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "Luật Quản lý thuế",
        "Luật này quy định việc quản lý các loại thuế, các khoản thu khác thuộc ngân sách nhà nước.\n\nNgười "
        "nộp thuế có quyền được hỗ trợ, hướng dẫn thực hiện việc nộp thuế; được giữ bí mật thông tin theo "
        "quy định của pháp luật.",
    ),
    # --- topics ---------------------------------------------------------------------------
    (
        "1520/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Đồng Tháp",
        "Đoàn Tấn Bửu",
        "2023-03-02",
        "in_force",
        "Y tế",
        "Phòng, chống dịch sốt xuất huyết trên địa bàn tỉnh năm 2023",
        "Sốt xuất huyết là bệnh truyền nhiễm lưu hành quanh năm, gia tăng vào mùa mưa. Tổ chức chiến dịch "
        "diệt lăng quăng, bọ gậy tại các hộ gia đình; giám sát chặt chẽ ca bệnh tại cộng đồng.",
    ),
    (
        "2208/TCT-CS",
        "Công văn",
        "Tổng cục Thuế",
        "Lưu Đức Huy",
        "2022-09-14",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "V/v sử dụng hóa đơn điện tử đối với hộ kinh doanh",
        "Hộ, cá nhân kinh doanh nộp thuế theo phương pháp kê khai sử dụng hóa đơn điện tử có mã của cơ quan "
        "thuế. Cơ quan thuế hướng dẫn hộ kinh doanh đăng ký, khởi tạo và gửi hóa đơn.",
    ),
    (
        "318/QĐ-TTg",
        "Quyết định",
        "Thủ tướng Chính phủ",
        "Lê Văn Thành",
        "2022-03-08",
        "in_force",
        "Nông nghiệp",
        "Ban hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025",
        "Điều 1. Ban hành kèm theo Quyết định này Bộ tiêu chí quốc gia về xã nông thôn mới, gồm 19 tiêu "
        "chí về quy hoạch, hạ tầng kinh tế - xã hội, kinh tế và tổ chức sản xuất, văn hóa - xã hội - môi "
        "trường, hệ thống chính trị.",
    ),
    (
        "39-NQ/TW",
        "Nghị quyết",
        "Bộ Chính trị",
        "Nguyễn Phú Trọng",
        "2015-04-17",
        "in_force",
        "Cán bộ, công chức, viên chức",
        "Về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
        "Tinh giản biên chế phải bảo đảm sự lãnh đạo của Đảng, gắn với kiện toàn tổ chức bộ máy. Đến năm "
        "2021, mỗi bộ, ngành, địa phương phải tinh giản tối thiểu 10% biên chế so với năm 2015.",
    ),
    (
        "12-TB/KTĐCQĐ",
        "Thông báo",
        "Khối thi đua các Ban Đảng và cơ quan của Đảng",
        "Cao Đức Phát",
        "2018-07-30",
        "in_force",
        "Thi đua - Khen thưởng",
        "Khối Thi đua các Ban Đảng và cơ quan của Đảng tổ chức Hội nghị sơ kết 6 tháng đầu năm và trao đổi "
        "nghiệp vụ công tác thi đua, khen thưởng năm 2018",
        "Chiều ngày 24/7/2018, tại Học viện Chính trị quốc gia Hồ Chí Minh, Khối thi đua đã tổ chức Hội "
        "nghị sơ kết công tác 6 tháng đầu năm và trao đổi nghiệp vụ công tác thi đua, khen thưởng. Hội nghị "
        "trao đổi chuyên đề về một số điểm mới của Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ và "
        "Thông tư số 08/2017/TT-BNV ngày 27/10/2017 của Bộ Nội vụ.",
    ),
    # --- tone placement and i/y -------------------------------------------------------------
    (
        "115/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Nguyễn Hương Giang",
        "2022-02-21",
        "in_force",
        "Tư pháp",
        "Triển khai thực hiện Luật Hòa giải ở cơ sở năm 2022",
        "Củng cố, kiện toàn tổ hòa giải ở cơ sở; bồi dưỡng kiến thức pháp luật, kỹ năng hòa giải cho hòa "
        "giải viên. Phấn đấu tỷ lệ hòa giải thành đạt trên 80% số vụ việc được tiếp nhận.",
    ),
    (
        "87/HD-STP",
        "Hướng dẫn",
        "Sở Tư pháp tỉnh Nam Định",
        "Trần Thị Thuỷ",
        "2021-05-11",
        "in_force",
        "Tư pháp",
        "Hướng dẫn nghiệp vụ hoà giải ở cơ sở cho hoà giải viên",
        "Hoà giải viên phải tôn trọng sự tự nguyện của các bên, khách quan, công bằng, kịp thời. Kết quả "
        "hoà giải ở cơ sở được ghi vào sổ theo dõi hoạt động hoà giải.",
    ),
    (
        "2731/QĐ-UBND",
        "Quyết định",
        "Ủy ban nhân dân tỉnh Nghệ An",
        "Hoàng Nghĩa Hiếu",
        "2021-08-03",
        "in_force",
        "Nông nghiệp",
        "Phê duyệt kế hoạch bảo trì công trình thủy lợi năm 2021",
        "Điều 1. Phê duyệt kế hoạch bảo trì các công trình thủy lợi do tỉnh quản lý gồm hồ chứa, đập dâng, "
        "trạm bơm và kênh mương, bảo đảm an toàn và phục vụ tưới tiêu.",
    ),
    (
        "19/CT-UBND",
        "Chỉ thị",
        "Uỷ ban nhân dân tỉnh Thanh Hoá",
        "Đỗ Minh Tuấn",
        "2020-06-15",
        "in_force",
        "Nông nghiệp",
        "Tăng cường quản lý, bảo vệ công trình thuỷ lợi",
        "Tình trạng lấn chiếm hành lang bảo vệ công trình thuỷ lợi còn xảy ra ở nhiều nơi. Uỷ ban nhân dân "
        "các huyện xử lý dứt điểm các vi phạm, bảo đảm an toàn đập, hồ chứa thuỷ lợi trong mùa mưa lũ.",
    ),
    (
        "1502/BNN-TCTL",
        "Công văn",
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Nguyễn Hoàng Hiệp",
        "2019-09-09",
        "in_force",
        "Năng lượng",
        "V/v vận hành hồ chứa thủy điện bảo đảm an toàn hạ du",
        "Các chủ hồ chứa thủy điện vận hành xả lũ đúng quy trình liên hồ chứa, thông báo trước cho chính "
        "quyền và nhân dân vùng hạ du.",
    ),
    (
        "45/KH-SYT",
        "Kế hoạch",
        "Sở Y tế tỉnh Lâm Đồng",
        "Nguyễn Đức Thuận",
        "2022-03-18",
        "in_force",
        "Y tế",
        "Chăm sóc sức khỏe người cao tuổi năm 2022",
        "Khám sức khỏe định kỳ, lập hồ sơ theo dõi sức khỏe cho người cao tuổi tại trạm y tế xã; tuyên "
        "truyền về dinh dưỡng và phòng bệnh không lây nhiễm cho người cao tuổi.",
    ),
    (
        "118/KH-UBND",
        "Kế hoạch",
        "Uỷ ban nhân dân tỉnh Hà Tĩnh",
        "Lê Ngọc Châu",
        "2021-04-26",
        "in_force",
        "Y tế",
        "Chương trình chăm sóc sức khoẻ người cao tuổi giai đoạn 2021 - 2030",
        "Phấn đấu 95% người cao tuổi có thẻ bảo hiểm y tế, được quản lý sức khoẻ và khám sức khoẻ ít nhất "
        "một lần mỗi năm; phát triển câu lạc bộ người cao tuổi tự chăm sóc sức khoẻ.",
    ),
    (
        "77/KH-SNN",
        "Kế hoạch",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cà Mau",
        "Lê Văn Sử",
        "2023-01-12",
        "in_force",
        "Nông nghiệp",
        "Phát triển nuôi trồng thủy sản năm 2023",
        "Diện tích nuôi trồng thủy sản toàn tỉnh đạt 300.000 ha, trong đó nuôi tôm siêu thâm canh 3.500 ha. "
        "Kiểm soát chất lượng con giống, phòng bệnh cho tôm nuôi.",
    ),
    (
        "1650/QĐ-UBND",
        "Quyết định",
        "Uỷ ban nhân dân tỉnh Kiên Giang",
        "Lâm Minh Thành",
        "2019-07-22",
        "in_force",
        "Nông nghiệp",
        "Quy hoạch vùng nuôi trồng thuỷ sản tập trung đến năm 2030",
        "Điều 1. Phê duyệt quy hoạch vùng nuôi trồng thuỷ sản tập trung tại các huyện ven biển, ưu tiên "
        "nuôi tôm, cua kết hợp trồng rừng ngập mặn.",
    ),
    (
        "14/KH-CTĐ",
        "Kế hoạch",
        "Cụm thi đua các tỉnh Bắc Trung Bộ",
        "Nguyễn Đức Trung",
        "2024-02-05",
        "in_force",
        "Thi đua - Khen thưởng",
        "Tổ chức kí kết giao ước thi đua năm 2024",
        "Các tỉnh trong Cụm tổ chức kí kết giao ước thi đua năm 2024 tại tỉnh Nghệ An; đăng ký danh hiệu thi "
        "đua và nội dung thi đua trọng tâm của từng tỉnh.",
    ),
    # --- phrases and their scattered look-alikes -------------------------------------------
    (
        "1127/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
        "Phan Quý Phương",
        "2023-12-20",
        "in_force",
        "Y tế",
        "Bảo đảm an toàn thực phẩm trong dịp Tết Nguyên đán và mùa lễ hội Xuân năm 2024",
        "Kiểm tra các cơ sở sản xuất, kinh doanh thực phẩm, bếp ăn tập thể; xử lý nghiêm vi phạm về an "
        "toàn thực phẩm, ngăn chặn ngộ độc thực phẩm.",
    ),
    (
        "2041/UBND-VX",
        "Công văn",
        "Ủy ban nhân dân tỉnh Quảng Nam",
        "Trần Anh Tuấn",
        "2022-10-16",
        "in_force",
        "Phòng chống thiên tai",
        "V/v cung cấp lương thực, nước uống cho người dân vùng ngập",
        "Bảo đảm an toàn tính mạng cho người dân vùng ngập sâu; cung cấp đầy đủ gạo, mì tôm và các loại "
        "thực phẩm thiết yếu, nước uống sạch cho các hộ bị chia cắt.",
    ),
    (
        "66/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Bình Dương",
        "Võ Văn Minh",
        "2023-05-04",
        "in_force",
        "Xây dựng",
        "Phát triển nhà ở xã hội cho công nhân khu công nghiệp giai đoạn 2023 - 2025",
        "Phấn đấu hoàn thành 50.000 căn nhà ở xã hội cho công nhân, người lao động thu nhập thấp; bố trí quỹ "
        "đất 20% trong các dự án nhà ở thương mại để xây dựng nhà ở xã hội.",
    ),
    (
        "315/UBND-VX",
        "Công văn",
        "Ủy ban nhân dân tỉnh Ninh Bình",
        "Tống Quang Thìn",
        "2021-11-29",
        "in_force",
        "Văn hóa",
        "V/v xây dựng nhà văn hóa thôn và tổ chức hội nghị tổng kết phong trào",
        "Đầu tư xây dựng nhà văn hóa ở các xã miền núi; tổ chức hội nghị tổng kết phong trào Toàn dân đoàn "
        "kết xây dựng đời sống văn hóa vào tháng 12.",
    ),
    (
        "22/CT-UBND",
        "Chỉ thị",
        "Ủy ban nhân dân thành phố Hà Nội",
        "Chu Ngọc Anh",
        "2022-09-20",
        "in_force",
        "Phòng cháy chữa cháy",
        "Tăng cường công tác phòng cháy, chữa cháy tại khu dân cư",
        "Sau vụ cháy quán karaoke, thành phố yêu cầu rà soát điều kiện an toàn phòng cháy, chữa cháy tại "
        "nhà ở kết hợp kinh doanh, chung cư mini; tổ chức lực lượng phòng cháy, chữa cháy tại chỗ.",
    ),
    (
        "1780/UBND-VX",
        "Công văn",
        "Ủy ban nhân dân tỉnh Sóc Trăng",
        "Lâm Hoàng Nghiệp",
        "2020-05-07",
        "in_force",
        "Y tế",
        "V/v sửa chữa trạm y tế và khám chữa bệnh miễn phí",
        "Bố trí phòng khám tạm tại nhà văn hóa xã; khắc phục sự cố chập điện làm cháy bảng điện của trạm y "
        "tế; tổ chức khám, chữa bệnh miễn phí cho người nghèo.",
    ),
    (
        "1340/KH-SGDĐT",
        "Kế hoạch",
        "Sở Giáo dục và Đào tạo tỉnh Long An",
        "Nguyễn Văn Thắng",
        "2023-09-11",
        "in_force",
        "Giáo dục",
        "Phòng, chống bạo lực học đường năm học 2023-2024",
        "Xây dựng môi trường giáo dục an toàn, lành mạnh; kịp thời phát hiện, ngăn chặn hành vi bạo lực học "
        "đường giữa học sinh; thiết lập đường dây nóng tiếp nhận thông tin.",
    ),
    (
        "86/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Lào Cai",
        "Trịnh Xuân Trường",
        "2022-06-01",
        "in_force",
        "Gia đình",
        "Phòng, chống bạo lực gia đình năm 2022",
        "Tuyên truyền Luật Phòng, chống bạo lực gia đình tại thôn, bản; hỗ trợ nạn nhân bị bạo lực gia đình; "
        "nhân rộng mô hình câu lạc bộ gia đình phát triển bền vững.",
    ),
    (
        "1567/QĐ-UBND",
        "Quyết định",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        "Nguyễn Văn Sơn",
        "2023-12-28",
        "in_force",
        "Lao động - Thương binh và Xã hội",
        "Tặng quà cho người có công với cách mạng nhân dịp Tết Nguyên đán Giáp Thìn 2024",
        "Điều 1. Tặng quà cho thương binh, bệnh binh, thân nhân liệt sĩ và người có công với cách mạng, mỗi "
        "suất quà trị giá 500.000 đồng.",
    ),
    (
        "23/KH-SKHCN",
        "Kế hoạch",
        "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        "Phạm Thanh Hà",
        "2020-02-14",
        "in_force",
        "Khoa học - Công nghệ",
        "Chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
        "Nâng cao năng lực tiếp cận công nghệ cho doanh nghiệp; đào tạo người lao động có kỹ năng số; ứng "
        "dụng thành tựu của cuộc cách mạng công nghiệp vào sản xuất.",
    ),
    (
        "942/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        "Nguyễn Văn Sơn",
        "2024-03-25",
        "in_force",
        "Công nghệ thông tin",
        "Chuyển đổi số tỉnh Tuyên Quang năm 2024",
        "Phát triển chính quyền số, kinh tế số, xã hội số; 100% hồ sơ công việc cấp tỉnh được xử lý trên môi "
        "trường mạng; phổ cập kỹ năng số cho người dân.",
    ),
    (
        "210/UBND-KT",
        "Công văn",
        "Ủy ban nhân dân tỉnh An Giang",
        "Nguyễn Thanh Bình",
        "2021-03-03",
        "in_force",
        "Kinh tế",
        "V/v chuyển đổi cơ cấu kinh tế nông nghiệp và báo cáo số liệu thống kê",
        "Các huyện đẩy mạnh chuyển đổi cơ cấu kinh tế nông nghiệp theo hướng giá trị cao; báo cáo số liệu "
        "thống kê về diện tích chuyển đổi trước ngày 15 hằng tháng.",
    ),
    (
        "1093/NHCS-TDNN",
        "Công văn",
        "Ngân hàng Chính sách xã hội",
        "Dương Quyết Thắng",
        "2021-04-12",
        "in_force",
        "Tài chính - Ngân hàng",
        "V/v cho vay hộ nghèo qua Ngân hàng Chính sách xã hội",
        "Ngân hàng Chính sách xã hội triển khai cho vay hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo qua các "
        "tổ tiết kiệm và vay vốn, bảo đảm đúng đối tượng.",
    ),
    (
        "501/STC-NS",
        "Công văn",
        "Sở Tài chính tỉnh Bến Tre",
        "Trần Văn Bảy",
        "2022-04-05",
        "in_force",
        "Tài chính - Ngân sách",
        "V/v bố trí ngân sách thực hiện chính sách xã hội năm 2022",
        "Bố trí ngân sách địa phương để thực hiện các chính sách xã hội, trợ giúp hàng tháng cho đối tượng "
        "bảo trợ xã hội; mua hàng hóa hỗ trợ người dân khó khăn.",
    ),
    (
        "05-CT/TW",
        "Chỉ thị",
        "Bộ Chính trị",
        "Đinh Thế Huynh",
        "2016-05-15",
        "in_force",
        "Tuyên giáo",
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh là nhiệm vụ thường xuyên của các "
        "cấp ủy, tổ chức đảng, cơ quan, đơn vị và mỗi cán bộ, đảng viên.",
    ),
    (
        "33/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Hải Dương",
        "Triệu Thế Hùng",
        "2021-05-10",
        "in_force",
        "Tuyên giáo",
        "Học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh",
        "Tổ chức học tập nghị quyết; thực hiện theo tư tưởng đổi mới, nâng cao đạo đức công vụ và xây dựng "
        "phong cách làm việc khoa học cho cán bộ, công chức.",
    ),
    # --- words that collide when folded ----------------------------------------------------
    (
        "1024/CTHADS-NV",
        "Công văn",
        "Cục Thi hành án dân sự tỉnh Gia Lai",
        "Phạm Thanh Tùng",
        "2022-08-22",
        "in_force",
        "Tư pháp",
        "V/v tổ chức thi hành bản án, quyết định của Tòa án",
        "Chấp hành viên tổ chức thi hành bản án dân sự đúng thời hạn; xác minh điều kiện thi hành án đối với "
        "các bản án có giá trị lớn.",
    ),
    (
        "48/KH-BATGT",
        "Kế hoạch",
        "Ban An toàn giao thông tỉnh Khánh Hòa",
        "Nguyễn Tấn Tuân",
        "2023-01-17",
        "in_force",
        "Giao thông - Vận tải",
        "Bảo đảm trật tự, an toàn giao thông năm 2023",
        "Ban An toàn giao thông tỉnh phối hợp với các ngành kéo giảm tai nạn giao thông trên cả ba tiêu chí; "
        "tuyên truyền đội mũ bảo hiểm khi đi xe máy.",
    ),
    (
        "10/CT-UBND",
        "Chỉ thị",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "Cao Tường Huy",
        "2021-07-07",
        "in_force",
        "Bảo vệ bí mật",
        "Tăng cường công tác bảo vệ bí mật nhà nước",
        "Người đứng đầu cơ quan chịu trách nhiệm bảo vệ bí mật nhà nước; không soạn thảo, lưu giữ tài liệu "
        "có nội dung bí mật nhà nước trên máy tính kết nối mạng internet.",
    ),
    (
        "2230/UBND-KT",
        "Công văn",
        "Ủy ban nhân dân tỉnh Lào Cai",
        "Hoàng Quốc Khánh",
        "2023-08-08",
        "in_force",
        "Phòng chống thiên tai",
        "V/v khắc phục thiệt hại do lũ quét tại huyện Bát Xát",
        "Lũ quét làm nhiều hộ dân bị mất nhà, nước sinh hoạt bị ô nhiễm; huyện bố trí chỗ ở tạm, cấp nước "
        "sạch và hỗ trợ lương thực cho các hộ bị thiệt hại.",
    ),
    (
        "389/KH-BCĐ",
        "Kế hoạch",
        "Ban Chỉ đạo 389 tỉnh Đồng Nai",
        "Võ Văn Phi",
        "2022-02-10",
        "in_force",
        "Thương mại",
        "Đấu tranh chống buôn lậu, gian lận thương mại và hàng giả năm 2022",
        "Kiểm tra, xử lý các hành vi sản xuất, kinh doanh hàng giả, hàng kém chất lượng, hàng xâm phạm quyền "
        "sở hữu trí tuệ, nhất là trên thương mại điện tử.",
    ),
    (
        "612/SCT-QLTM",
        "Công văn",
        "Sở Công thương tỉnh Long An",
        "Võ Minh Thành",
        "2023-11-20",
        "in_force",
        "Thương mại",
        "V/v bình ổn thị trường hàng gia dụng dịp cuối năm",
        "Các doanh nghiệp phân phối chuẩn bị nguồn hàng gia dụng, đồ điện tử với giá bình ổn phục vụ nhu cầu "
        "mua sắm cuối năm của nhân dân.",
    ),
    (
        "1118/BTC-QLCS",
        "Công văn",
        "Bộ Tài chính",
        "Vũ Thị Mai",
        "2021-08-30",
        "in_force",
        "Tài chính - Ngân sách",
        "V/v miễn, giảm tiền thuê đất cho doanh nghiệp bị ảnh hưởng bởi dịch COVID-19",
        "Giảm 30% tiền thuê đất phải nộp năm 2021 cho tổ chức, doanh nghiệp đang được Nhà nước cho thuê đất "
        "trực tiếp theo hình thức trả tiền thuê đất hằng năm.",
    ),
    (
        "4455/CT-TTHT",
        "Công văn",
        "Cục Thuế thành phố Hà Nội",
        "Mai Sơn",
        "2022-02-15",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "V/v kê khai thuế sử dụng đất phi nông nghiệp",
        "Người sử dụng đất kê khai tiền thuế đất phi nông nghiệp theo năm; trường hợp có nhiều thửa đất thì "
        "kê khai tổng hợp tại nơi có thửa đất lớn nhất.",
    ),
    (
        "12/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Sơn La",
        "Hoàng Quốc Khánh",
        "2024-01-22",
        "in_force",
        "An ninh trật tự",
        "Phòng, chống ma túy năm 2024",
        "Triệt xóa các đường dây mua bán, vận chuyển trái phép chất ma túy qua biên giới; tổ chức cai nghiện "
        "ma túy tại gia đình và cộng đồng.",
    ),
    (
        "725/UBND-KT",
        "Công văn",
        "Ủy ban nhân dân tỉnh Hưng Yên",
        "Trần Quốc Toản",
        "2022-05-19",
        "in_force",
        "Đất đai",
        "V/v hỗ trợ di dời mồ mả để giải phóng mặt bằng dự án đường vành đai",
        "Mức hỗ trợ di dời mồ mả tùy theo loại mộ xây hay mộ đất. Việc di dời mồ mả tùy theo phong tục tập "
        "quán của từng địa phương và phải bảo đảm vệ sinh môi trường.",
    ),
    (
        "08/2022/QĐ-TTg",
        "Quyết định",
        "Thủ tướng Chính phủ",
        "Lê Minh Khái",
        "2022-03-28",
        "expired",
        "Lao động - Tiền lương",
        "Quy định về việc thực hiện chính sách hỗ trợ tiền thuê nhà cho người lao động",
        "Người lao động đang ở thuê, ở trọ, làm việc trong doanh nghiệp tại khu công nghiệp được hỗ trợ tiền "
        "thuê nhà 500.000 đồng/người/tháng, tối đa 03 tháng.",
    ),
    (
        "1987/CCT-QLĐ",
        "Công văn",
        "Chi cục Thuế quận Hoàng Mai",
        "Nguyễn Thị Hạnh",
        "2021-06-02",
        "in_force",
        "Thuế - Phí - Lệ phí",
        "V/v đôn đốc thu thuế nhà, đất năm 2021",
        "Đề nghị các hộ gia đình nộp thuế nhà, đất đúng hạn; quá thời hạn sẽ bị tính tiền chậm nộp theo quy "
        "định.",
    ),
    (
        "31/2021/TT-NHNN",
        "Thông tư",
        "Ngân hàng Nhà nước Việt Nam",
        "Đoàn Thái Sơn",
        "2021-12-30",
        "in_force",
        "Tài chính - Ngân hàng",
        "Hướng dẫn cầm cố tài sản tại tổ chức tín dụng",
        "Bên vay cầm cố tài sản là giấy tờ có giá, vàng, phương tiện giao thông để bảo đảm khoản vay; tổ "
        "chức tín dụng giữ tài sản cầm cố trong thời hạn vay.",
    ),
    (
        "215/QĐ-STP",
        "Quyết định",
        "Sở Tư pháp tỉnh Bình Định",
        "Nguyễn Văn Dũng",
        "2020-10-05",
        "in_force",
        "Tư pháp",
        "Ban hành Quy chế chứng thực bản sao từ bản chính",
        "Nghiêm cấm cố ý chứng thực bản sao sai với bản chính; người thực hiện chứng thực chịu trách nhiệm "
        "về tính chính xác của bản sao.",
    ),
    (
        "1401/SNN-TT",
        "Công văn",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Trị",
        "Hồ Xuân Hòe",
        "2020-11-02",
        "in_force",
        "Nông nghiệp",
        "V/v hỗ trợ tái sản xuất cho nông dân sau bão",
        "Hỗ trợ giống lúa, giống ngô và phân bón để nông dân tái sản xuất sau bão số 9; ưu tiên các hộ mất "
        "trắng hoa màu.",
    ),
    (
        "151/2017/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "Nguyễn Xuân Phúc",
        "2017-12-26",
        "in_force",
        "Tài chính - Ngân sách",
        "Quy định chi tiết một số điều của Luật Quản lý, sử dụng tài sản công",
        "Nghị định này quy định chi tiết về quản lý, sử dụng tài sản công tại cơ quan nhà nước, đơn vị sự "
        "nghiệp công lập; xử lý tài sản công trong trường hợp bị mất, bị hủy hoại.",
    ),
    (
        "2950/CAT-PC02",
        "Công văn",
        "Công an tỉnh Bắc Giang",
        "Nguyễn Quốc Toản",
        "2023-06-12",
        "in_force",
        "An ninh trật tự",
        "V/v cảnh báo thủ đoạn lừa đảo chiếm đoạt tài sản qua mạng",
        "Các đối tượng giả danh cơ quan công an gọi điện, yêu cầu chuyển tiền để lừa đảo; người dân không "
        "cung cấp mã OTP, không chuyển tiền cho người lạ.",
    ),
    (
        "17/CT-UBND",
        "Chỉ thị",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "Phạm Ngọc Nghị",
        "2019-12-24",
        "in_force",
        "Lâm nghiệp",
        "Tăng cường phòng cháy, chữa cháy rừng mùa khô 2019 - 2020",
        "Nghiêm cấm dùng lửa đốt nương rẫy, xử lý thực bì trong những ngày nắng nóng; kiểm soát chặt chẽ "
        "việc đốt lửa trong rừng.",
    ),
    (
        "201/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Thái Bình",
        "Nguyễn Khắc Thận",
        "2021-11-30",
        "in_force",
        "Nông nghiệp",
        "Gieo mạ, cấy lúa vụ Xuân năm 2022",
        "Gieo mạ từ ngày 15/01, cấy lúa xong trước ngày 20/02; sử dụng giống lúa chất lượng cao, chống rét "
        "cho mạ bằng nilon.",
    ),
    (
        "4350/QĐ-UBND",
        "Quyết định",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "Phan Văn Mãi",
        "2022-12-30",
        "in_force",
        "Giao thông - Vận tải",
        "Phê duyệt kế hoạch phát triển vận tải hành khách công cộng trên địa bàn Thành phố Hồ Chí Minh",
        "Phát triển mạng lưới xe buýt, đường sắt đô thị; đến năm 2025 vận tải hành khách công cộng đáp ứng "
        "15% nhu cầu đi lại của người dân Thành phố.",
    ),
    (
        "3301/UBND-VX",
        "Công văn",
        "Ủy ban nhân dân tỉnh Kon Tum",
        "Y Ngọc",
        "2022-09-26",
        "in_force",
        "Lao động - Thương binh và Xã hội",
        "V/v chi trả trợ cấp cho hộ nghèo công khai, minh bạch",
        "Các xã lập danh sách hộ nghèo được trợ cấp; chi trả tận tay người dân, niêm yết công khai, minh "
        "bạch danh sách tại nhà văn hóa thôn.",
    ),
    (
        "03/CĐ-UBND",
        "Công điện",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "Cao Tường Huy",
        "2024-09-05",
        "in_force",
        "Phòng chống thiên tai",
        "Chủ động ứng phó với cơn bão số 3 (bão Yagi)",
        "Cơn bão số 3 là cơn bão rất mạnh. Cấm tàu thuyền ra khơi từ 12 giờ ngày 05/9; sơ tán người dân ở "
        "nhà yếu, lồng bè nuôi trồng thủy sản vào nơi an toàn.",
    ),
]

# --- queries: (qid, text, group, topic) --------------------------------------------------------
NUMBER_QUERIES = [
    ("n01", "91/2017/NĐ-CP", "91/2017/NĐ-CP"),
    ("n02", "91/2017/ND-CP", "91/2017/NĐ-CP"),
    ("n03", "nghị định 91/2017/nđ-cp", "91/2017/NĐ-CP"),
    ("n04", "nghị định 91/2017", "91/2017/NĐ-CP"),
    ("n05", "08/2017/TT-BNV", "08/2017/TT-BNV"),
    ("n06", "02-KH/KTĐCQĐ", "02-KH/KTĐCQĐ"),
    ("n07", "02-kh/ktdcqd", "02-KH/KTĐCQĐ"),
    ("n08", "1234/QĐ-UBND", "1234/QĐ-UBND"),
    ("n09", "1234/qđ-ubnd", "1234/QĐ-UBND"),
    ("n10", "1234/BTC-TCT", "1234/BTC-TCT"),
    ("n11", "05/CT-TTg", "05/CT-TTg"),
    ("n12", "45/2019/QH14", "45/2019/QH14"),
    ("n13", "22-CT/TW", "22-CT/TW"),
    ("n14", "56/ 2015/ NĐ - CP", "56/2015/NĐ-CP"),
    ("n15", "126/2020/N\u00d0-CP", "126/2020/NĐ-CP"),  # the Icelandic Ð portals use for Đ
    ("n16", "số 30/2020/NĐ-CP", "30/2020/NĐ-CP"),
    ("n17", "01/VBHN-BGDĐT", "01/VBHN-BGDĐT"),
]
TOPIC_QUERIES = [  # each asked with diacritics (a..) and without (u..)
    ("01", "sốt xuất huyết", "sxh"),
    ("02", "hóa đơn điện tử", "hddt"),
    ("03", "nông thôn mới", "ntm"),
    ("04", "giấy phép xây dựng", "gpxd"),
    ("05", "tinh giản biên chế", "tgbc"),
    ("06", "bảng giá đất", "bgd"),
    ("07", "chất thải rắn sinh hoạt", "ctr"),
    ("08", "tiêm chủng", "tc"),
    ("09", "tai nạn giao thông", "tngt"),
    ("10", "dịch tả lợn châu Phi", "talon"),
    ("11", "quyết toán thuế thu nhập cá nhân", "qtt"),
    ("12", "thi đua khen thưởng", "tdkt"),
]
OTHER_QUERIES = [
    ("t01", "hoà giải ở cơ sở", "tones", "hoagiai"),
    ("t02", "hòa giải ở cơ sở", "tones", "hoagiai"),
    ("t03", "công trình thuỷ lợi", "tones", "thuyloi"),
    ("t04", "công trình thủy lợi", "tones", "thuyloi"),
    ("t05", "sức khoẻ người cao tuổi", "tones", "nct"),
    ("t06", "sức khỏe người cao tuổi", "tones", "nct"),
    ("t07", "nuôi trồng thuỷ sản", "tones", "thuysan"),
    ("t08", "nuôi trồng thủy sản", "tones", "thuysan"),
    ("t09", "kí kết giao ước thi đua", "tones", "giaouoc"),
    ("t10", "luật quản lí thuế", "tones", "luatqlt"),
    ("p01", "an toàn thực phẩm", "phrase", "attp"),
    ("p02", "nhà ở xã hội", "phrase", "nox"),
    ("p03", "phòng cháy chữa cháy", "phrase", "pccc"),
    ("p04", "bạo lực học đường", "phrase", "blhd"),
    ("p05", "người có công với cách mạng", "phrase", "ncc"),
    ("p06", "chuyển đổi số", "phrase", "cds"),
    ("p07", "ngân hàng chính sách xã hội", "phrase", "nhcs"),
    ("p08", '"học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"', "phrase", "hcmtt"),
    ("p09", '"nhà ở xã hội"', "phrase", "nox"),
    ("f01", "bản án", "folding_collision", "banan"),
    ("f02", "bí mật nhà nước", "folding_collision", "bmnn"),
    ("f03", "hàng giả", "folding_collision", "hanggia"),
    ("f04", "tiền thuê đất", "folding_collision", "thuedat"),
    ("f05", "ma túy", "folding_collision", "matuy"),
    ("f06", "di dời mồ mả", "folding_collision", "moma"),
    ("f07", "tài sản công", "folding_collision", "tsc"),
    ("f08", "thuê nhà", "folding_collision", "thuenha"),
    ("f09", "bão", "folding_collision", "bao"),
    ("f10", "cầm cố", "folding_collision", "camco"),
    ("f11", "Hồ Chí Minh", "folding_collision", "hcm"),
    ("f12", "lúa", "folding_collision", "lua"),
]

# --- judgments: phrases (phrase, grade when in the title, grade when in the body) and explicit
# grades by number that override them. Written from the notices' content, before any run.
TOPICS: dict[str, dict] = {
    "sxh": {"phrases": [("sốt xuất huyết", 2, 1)]},
    "hddt": {"phrases": [("hóa đơn điện tử", 2, 1)]},
    "ntm": {"phrases": [("nông thôn mới", 2, 1)]},
    "gpxd": {"phrases": [("giấy phép xây dựng", 2, 1)]},
    "tgbc": {"phrases": [("tinh giản biên chế", 2, 1)]},
    # Land prices in general answer a price-table query in part.
    "bgd": {"phrases": [("bảng giá đất", 2, 1), ("giá đất", 1, 1)]},
    "ctr": {"phrases": [("chất thải rắn sinh hoạt", 2, 1)]},
    "tc": {"phrases": [("tiêm chủng", 2, 1)]},
    "tngt": {"phrases": [("tai nạn giao thông", 2, 1)]},
    "talon": {"phrases": [("dịch tả lợn châu phi", 2, 1)]},
    "qtt": {"phrases": [("quyết toán thuế thu nhập cá nhân", 2, 1)]},
    "tdkt": {
        "phrases": [
            (p, 2, 1)
            for p in (
                "thi đua, khen thưởng",
                "thi đua - khen thưởng",
                "thi đua – khen thưởng",
                "thi đua khen thưởng",
            )
        ]
    },
    "hoagiai": {"phrases": [("hòa giải ở cơ sở", 2, 1), ("hòa giải", 1, 1)]},
    # A hydropower reservoir letter is not about irrigation works.
    "thuyloi": {
        "phrases": [("công trình thủy lợi", 2, 1), ("thủy lợi", 1, 1)],
        "explicit": {"1502/BNN-TCTL": 0},
    },
    "nct": {"phrases": [("sức khỏe người cao tuổi", 2, 1), ("người cao tuổi", 1, 1)]},
    "thuysan": {"phrases": [("nuôi trồng thủy sản", 2, 1)]},
    "giaouoc": {
        "phrases": [
            ("ký kết giao ước thi đua", 2, 1),
            ("kí kết giao ước thi đua", 2, 1),
            ("giao ước thi đua", 1, 1),
        ]
    },
    # The law itself first; its implementing decree and documents citing it in part.
    "luatqlt": {"phrases": [("luật quản lý thuế", 1, 1)], "explicit": {"38/2019/QH14": 2}},
    "attp": {"phrases": [("an toàn thực phẩm", 2, 1)], "explicit": {"2041/UBND-VX": 0}},
    "nox": {"phrases": [("nhà ở xã hội", 2, 1)], "explicit": {"315/UBND-VX": 0}},
    "pccc": {
        "phrases": [("phòng cháy, chữa cháy", 2, 1), ("phòng cháy chữa cháy", 2, 1)],
        "explicit": {"1780/UBND-VX": 0},
    },
    "blhd": {"phrases": [("bạo lực học đường", 2, 1)], "explicit": {"86/KH-UBND": 0}},
    "ncc": {
        "phrases": [("người có công với cách mạng", 2, 1), ("người có công", 1, 1)],
        "explicit": {"23/KH-SKHCN": 0},
    },
    "cds": {"phrases": [("chuyển đổi số", 2, 1)], "explicit": {"210/UBND-KT": 0}},
    "nhcs": {"phrases": [("ngân hàng chính sách xã hội", 2, 1)], "explicit": {"501/STC-NS": 0}},
    "hcmtt": {
        "phrases": [("học tập và làm theo tư tưởng, đạo đức, phong cách hồ chí minh", 2, 2)],
        "explicit": {"33/KH-UBND": 0},
    },
    "banan": {"phrases": [("bản án", 2, 1)], "explicit": {"48/KH-BATGT": 0}},
    "bmnn": {"phrases": [("bí mật nhà nước", 2, 1)], "explicit": {"2230/UBND-KT": 0}},
    "hanggia": {"phrases": [("hàng giả", 2, 1)], "explicit": {"612/SCT-QLTM": 0}},
    "thuedat": {"phrases": [("tiền thuê đất", 2, 1), ("thuê đất", 1, 1)], "explicit": {"4455/CT-TTHT": 0}},
    "matuy": {"phrases": [("ma túy", 2, 1)], "explicit": {"725/UBND-KT": 0}},
    "moma": {"phrases": [("mồ mả", 2, 1)]},
    "tsc": {"phrases": [("tài sản công", 2, 1)], "explicit": {"1401/SNN-TT": 0}},
    "thuenha": {"phrases": [("thuê nhà", 2, 1)], "explicit": {"1987/CCT-QLĐ": 0}},
    "bao": {"phrases": [("bão", 2, 1)]},
    "camco": {"phrases": [("cầm cố", 2, 1)], "explicit": {"215/QĐ-STP": 0}},
    "hcm": {"phrases": [("hồ chí minh", 2, 1)], "explicit": {"3301/UBND-VX": 0}},
    "lua": {"phrases": [("lúa", 2, 1)], "explicit": {"2950/CAT-PC02": 0, "17/CT-UBND": 0}},
}


def judging_form(text: str) -> str:
    """Text as judged: NFC, lower case, one tone placement (old style, the generator's own
    rewrite), single spaces. Diacritics stay: folded look-alikes are different words."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"\s+", " ", old_style_tones(text))


def _contains(haystack: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(judging_form(phrase))}(?!\w)", haystack) is not None


def judge_topic(topic: dict, notices: list[Notice]) -> dict[str, int]:
    """Grades of every notice for one topic: the best phrase grade, then explicit overrides."""
    grades: dict[str, int] = {}
    for notice in notices:
        title, body = judging_form(notice.title or ""), judging_form(notice.body)
        grade = 0
        for phrase, in_title, in_body in topic.get("phrases", ()):
            if _contains(title, phrase):
                grade = max(grade, in_title)
            elif _contains(body, phrase):
                grade = max(grade, in_body)
        if grade:
            grades[notice.number or ""] = grade
    grades.update(topic.get("explicit", {}))
    return grades


def judge_number(number: str, notices: list[Notice]) -> dict[str, int]:
    """The notice with that number is what the user wants (2); notices citing it help (1)."""
    grades = {n.number or "": 1 for n in notices if n.number != number and number in f"{n.title}\n{n.body}"}
    grades[number] = 2
    return grades


def hand_notices() -> list[Notice]:
    """The hand-written notices as Notices, ids from their number (a stable synthetic source)."""
    notices = []
    for number, doc_type, issuer, signer, issued, status, sector, title, body in HAND:
        source = f"vanban-eval://hand/{number}"
        day = date.fromisoformat(issued)
        notices.append(
            Notice(
                id=notice_id(source),
                number=number,
                title=title,
                doc_type=doc_type,
                sector=sector,
                issuer=issuer,
                signer=signer,
                issued_date=day,
                effective_date=day,
                status=Status(status),
                body=body,
                source=source,
            ).with_content_hash()
        )
    return notices


def corpus() -> list[Notice]:
    """Generated notices first, then the hand-written ones. A generated notice whose number a
    hand-written one uses is left out (numbers are the ids), and so is one that cites it, since
    its citation would then point at the wrong document."""
    hand = hand_notices()
    taken = {n.number for n in hand}
    generated = list(generate_notices(GENERATED, SEED))
    collided = {n.number for n in generated if n.number in taken}
    kept = [
        n for n in generated if n.number not in taken and not any(r.number in collided for r in n.references)
    ]
    notices = kept + hand
    numbers = [n.number for n in notices]
    assert len(numbers) == len(set(numbers)), "numbers must be unique: they are the document ids"
    return notices


def fold(text: str) -> str:
    """A query as typed without diacritics (đ→d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def queries() -> list[tuple[str, str, str, dict[str, int] | str]]:
    """(qid, text, group, topic key or number) for every query, in file order."""
    rows: list = [(qid, text, "number", ("number", number)) for qid, text, number in NUMBER_QUERIES]
    rows += [(f"a{n}", text, "topic_accented", topic) for n, text, topic in TOPIC_QUERIES]
    rows += [(f"u{n}", fold(text), "topic_unaccented", topic) for n, text, topic in TOPIC_QUERIES]
    rows += list(OTHER_QUERIES)
    return rows


def build(out: Path = HERE) -> dict[str, int]:
    """Write corpus.ndjson, queries.tsv and qrels.txt into out; returns their sizes."""
    notices = corpus()
    with (out / "corpus.ndjson").open("w", encoding="utf-8") as handle:
        for notice in notices:
            handle.write(notice.model_dump_json(exclude_defaults=True) + "\n")
    query_lines, qrel_lines = [], []
    for qid, text, group, topic in queries():
        query_lines.append(f"{qid}\t{text}\t{group}\n")
        grades = (
            judge_number(topic[1], notices)
            if isinstance(topic, tuple)
            else judge_topic(TOPICS[topic], notices)
        )
        qrel_lines += [f"{qid} 0 {number} {grade}\n" for number, grade in sorted(grades.items())]
    (out / "queries.tsv").write_text("".join(query_lines), encoding="utf-8")
    (out / "qrels.txt").write_text("".join(qrel_lines), encoding="utf-8")
    return {"notices": len(notices), "queries": len(query_lines), "judgments": len(qrel_lines)}


if __name__ == "__main__":
    print(build())
