"""The tax authority's CSV: encodings, separators, Vietnamese headers, numbered errors — and the CLI that reads it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.payments.services.land import TaxNoticeErrors, tax_notices_parse_csv
from motcua.payments.services.land.csv_file import parse_amount, parse_date

HEADER = "Mã hồ sơ,Mã số thuế,Số thông báo,Ngày thông báo,Tiểu mục,Nội dung,Số tiền,Người nộp,Loại người nộp,Hạn nộp"


def csv_of(*rows: str, header: str = HEADER, sep: str = ",") -> bytes:
    return "\n".join([header.replace(",", sep), *rows]).encode("utf-8")


def row(code: str = "000.00.16.H34-260101-0001", **values: str) -> str:
    day = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    cells = {
        "tax_id": "6100123456",
        "number": "1234/TB-CCT",
        "date": day,
        "subitem": "1411",
        "description": "Tiền sử dụng đất",
        "amount": '"12,500,000"',
        "payer": "Nguyễn Văn An",
        "kind": "Cá nhân",
        "due": "",
    } | values
    return ",".join([code, *cells.values()])


def errors_of(content: bytes) -> list[str]:
    with pytest.raises(TaxNoticeErrors) as caught:
        tax_notices_parse_csv(content)
    return [str(error) for error in caught.value.errors]


# --- Reading good files ----------------------------------------------------------------------------------------
def test_a_comma_file_is_read_with_its_line_numbers():
    [data] = tax_notices_parse_csv(csv_of(row(due="05/04/2030")))
    assert (data.dossier_code, data.tax_id, data.notice_number, data.amount) == (
        "000.00.16.H34-260101-0001",
        "6100123456",
        "1234/TB-CCT",
        12_500_000,
    )
    assert (data.payer_kind, data.due_date, data.row) == ("household", date(2030, 4, 5), 2)


def test_a_semicolon_file_with_bom_headers_in_any_order_and_case():
    header = "STT;loại người nộp;MÃ HỒ SƠ;Mã số thuế;Số thông báo;Ngày thông báo;Tiểu mục;Nội dung;Số tiền;Người nộp"
    line = (
        "1;Doanh nghiệp;000.00.16.H34-260101-0001;0101234567-001;12/TB;2025-03-05;2801;Lệ phí trước bạ;1.250.000;Cty A"
    )
    [data] = tax_notices_parse_csv(b"\xef\xbb\xbf" + f"{header}\n{line}\n\n".encode())
    assert (data.payer_kind, data.notice_date, data.amount, data.due_date) == (
        "business",
        date(2025, 3, 5),
        1_250_000,
        None,
    )


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1250000", 1_250_000),
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1 250 000 đ", 1_250_000),
        ("500000 VND", 500_000),
        ("1.250,50", None),
        ("12.5", None),
        ("-100", None),
        ("1.25.000", None),
        ("abc", None),
    ],
)
def test_amounts_are_whole_dong(raw, amount):
    assert parse_amount(raw) == amount


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("31/02/2026", None),
        ("03/05/26", None),
        ("hôm qua", None),
    ],
)
def test_dates_are_day_first(raw, day):
    assert parse_date(raw) == day


# --- Bad files: every error with its line -------------------------------------------------------------------------
def test_bad_cells_are_reported_with_their_line_numbers():
    content = csv_of(row(), row(date="31/02/2026", amount='"12,5"'), row(kind="Công ty", due="mai"))
    assert errors_of(content) == [
        "Dòng 3: Ngày thông báo “31/02/2026” không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2026).",
        "Dòng 3: Số tiền “12,5” không hợp lệ: ghi số nguyên đồng, ví dụ 1250000 hoặc 1.250.000.",
        "Dòng 4: Hạn nộp “mai” không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/04/2026).",
        "Dòng 4: Loại người nộp “Công ty” không hợp lệ: ghi “Doanh nghiệp” hoặc “Cá nhân, hộ gia đình”.",
    ]


def test_an_unquoted_amount_with_commas_is_caught_as_extra_cells():
    assert errors_of(csv_of(row(amount="12,500,000"))) == [
        "Dòng 2: Dòng có nhiều ô hơn tiêu đề: kiểm tra dấu phân cách; số tiền có dấu phẩy phải đặt trong ngoặc kép."
    ]


def test_empty_cells_are_named():
    assert errors_of(csv_of(row(date="", amount="", kind=""))) == [
        "Dòng 2: Thiếu ngày thông báo.",
        "Dòng 2: Thiếu số tiền.",
        "Dòng 2: Loại người nộp “” không hợp lệ: ghi “Doanh nghiệp” hoặc “Cá nhân, hộ gia đình”.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp trống: dòng đầu phải là tiêu đề các cột."),
        (HEADER.encode(), "Tệp không có dòng thông báo nào."),
        (
            "Mã hồ sơ,Số tiền\nX,1".encode(),
            "Dòng 1: Thiếu cột: Mã số thuế, Số thông báo, Ngày thông báo, Tiểu mục, "
            "Nội dung, Người nộp, Loại người nộp.",
        ),
        (f"{HEADER},Số tiền\n".encode(), "Dòng 1: Cột “Số tiền” xuất hiện hai lần."),
        ("Mã hồ sơ".encode("utf-16"), "Tệp không đọc được: hãy lưu tệp dạng CSV mã hóa UTF-8 (CSV UTF-8)."),
        (
            HEADER.encode("cp1258", errors="replace"),
            "Tệp không đọc được: hãy lưu tệp dạng CSV mã hóa UTF-8 (CSV UTF-8).",
        ),
        (
            b"\x00" * 10 + b"\n\x00",
            "Dòng 1: Thiếu cột: Mã hồ sơ, Mã số thuế, Số thông báo, Ngày thông báo, Tiểu mục, "
            "Nội dung, Số tiền, Người nộp, Loại người nộp.",
        ),
    ],
    ids=["empty", "header-only", "missing-columns", "duplicate-column", "utf16", "windows-1258", "nul-bytes"],
)
def test_unreadable_files_say_why(content, message):
    assert errors_of(content) == [message]


def test_a_huge_file_is_refused_before_reading_it():
    assert errors_of(b"x" * (5 * 1024 * 1024 + 1)) == ["Tệp lớn quá 5 MB; vui lòng chia nhỏ tệp."]


def test_too_many_rows_are_refused():
    assert errors_of(csv_of(*[row(number=f"{n}/TB") for n in range(2001)])) == ["Mỗi tệp tối đa 2000 thông báo."]
