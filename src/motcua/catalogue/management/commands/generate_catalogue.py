"""``motcua generate-catalogue --count N``: a synthetic, realistic-looking catalogue for benchmarks."""

import random

from django.core.management.base import BaseCommand

from motcua.catalogue.services import procedures_import

ACTIONS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Đăng ký",
    "Thẩm định",
    "Phê duyệt",
    "Xác nhận",
    "Công nhận",
    "Chấp thuận",
    "Thông báo",
    "Sửa đổi, bổ sung",
]
OBJECTS = [
    "Giấy chứng nhận đủ điều kiện",
    "Giấy phép",
    "Chứng chỉ hành nghề",
    "Giấy xác nhận",
    "Quyết định",
    "Văn bản chấp thuận",
    "Giấy đăng ký",
    "Bản công bố",
    "Hồ sơ thiết kế",
    "Báo cáo đánh giá tác động",
]
DOMAINS = [
    "chăn nuôi",
    "sản xuất thức ăn thủy sản",
    "kinh doanh thuốc thú y",
    "hoạt động xây dựng",
    "khai thác khoáng sản",
    "vận tải hành khách",
    "cơ sở giáo dục mầm non",
    "phòng khám đa khoa",
    "kinh doanh dịch vụ lữ hành",
    "bán lẻ xăng dầu",
    "dự án đầu tư",
    "sử dụng đất",
    "xả nước thải",
    "hợp chuẩn sản phẩm",
    "đo lường",
    "an toàn thực phẩm",
    "hộ kinh doanh",
    "biểu diễn nghệ thuật",
    "trồng trọt hữu cơ",
    "bảo vệ thực vật",
    "đường thủy nội địa",
    "khám bệnh, chữa bệnh",
]
QUALIFIERS = [
    "",
    " đối với trang trại quy mô lớn",
    " cho tổ chức",
    " cho cá nhân",
    " cấp tỉnh",
    " cấp huyện",
    " trong khu kinh tế",
    " có vốn đầu tư nước ngoài",
    " do bị mất hoặc hư hỏng",
    " khi thay đổi nội dung",
]
FIELDS = [
    (f"F{i:02d}", name)
    for i, name in enumerate(
        [
            "Chăn nuôi",
            "Thú y",
            "Xây dựng",
            "Khoáng sản",
            "Giao thông",
            "Giáo dục",
            "Y tế",
            "Du lịch",
            "Thương mại",
            "Đầu tư",
            "Đất đai",
            "Môi trường",
            "Tiêu chuẩn đo lường chất lượng",
            "An toàn thực phẩm",
            "Văn hóa",
            "Trồng trọt",
        ],
        start=1,
    )
]


def synthetic_record(index: int, rng: random.Random) -> dict:
    domain = rng.choice(DOMAINS)
    name = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS).lower()} {domain}{rng.choice(QUALIFIERS)}"
    field = FIELDS[DOMAINS.index(domain) % len(FIELDS)]
    agency = index % 40
    fee = rng.choice([0, 0, 50_000, 100_000, 150_000, 500_000, 1_500_000])
    channels = [
        {
            "KENH": kenh,
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": rng.choice([1, 3, 5, 7, 10, 15, 20, 30]),
                    "DONVITINH": "Ngày làm việc",
                    "MOTA": "",
                    "PHILEPHI": [{"MAPHILEPHI": "LEPHI", "SOTIEN": fee, "MOTA": "Lệ phí"}] if fee else [],
                }
            ],
        }
        for kenh in (1, 2, 3)
    ]
    return {
        "MaTTHC": f"9.{index:06d}",
        "TENTTHC": name[0].upper() + name[1:],
        "COQUANTHUCHIEN": [{"MADONVI": f"000.00.{agency:02d}.X99", "TENDONVI": f"Cơ quan thử nghiệm số {agency}"}],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": field[0], "TENLINHVUC": field[1]}],
        "MucDo": rng.choice(["TOANTRINH", "MOTPHAN", "KHONG"]),
        "TUKHOA": domain,
        "DOITUONGTHUCHIEN": [{"TENDOITUONG": rng.choice(["Công dân Việt Nam", "Doanh nghiệp", "Tổ chức"])}],
        "KETQUATHUCHIEN": [{"TENKETQUA": name}],
        "CACHTHUCTHUCHIEN": channels,
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {"TENGIAYTO": f"Đơn đề nghị {name.lower()}", "SOBANCHINH": 1, "SOBANSAO": 0},
                    {"TENGIAYTO": "Bản sao giấy tờ pháp lý của tổ chức, cá nhân", "SOBANCHINH": 0, "SOBANSAO": 1},
                ],
            }
        ],
        "TRINHTUTHUCHIEN": [
            {"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ"}, {"TENTRINHTU": "Nhận kết quả"}]}
        ],
    }


class Command(BaseCommand):
    help = "Sinh danh mục thủ tục giả lập (mã 9.xxxxxx) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=766)

    def handle(self, *args, count: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        report = procedures_import(records=(synthetic_record(i, rng) for i in range(count)))
        self.stdout.write(
            f"Đã sinh {count} thủ tục: thêm {report.created}, cập nhật {report.updated}, không đổi {report.unchanged}."
        )
