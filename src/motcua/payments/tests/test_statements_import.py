"""Bad statement files: a clear Vietnamese error and nothing imported; CSV variants and XLSX are read."""

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from motcua.core.errors import DomainError
from motcua.payments.models import Discrepancy, StatementImport, StatementLine
from motcua.payments.services.reconciliation import statement_import
from motcua.payments.statements import parse_amount

HEADER = "Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung"
GOOD = "113000123456;FT1;02/01/2026;70000;nop phi"


@pytest.fixture(autouse=True)
def _declared(account):
    """The collection account 113000123456 exists: statement lines must be on a declared account."""


def imported(accountant, content: bytes):
    return statement_import(officer=accountant, file_name="sk.csv", content=content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "trống"),
        (b"   \n", "trống"),
        (b"\x00\x01\x02binary\xff\xfe junk", "không phải sao kê"),
        (b"\xff\xfe\xfd;\xfc\n", "UTF-8"),
        (b"PK\x03\x04not really a zip", "XLSX bị hỏng"),
        ("Số tài khoản;Mã giao dịch;Số tiền;Nội dung\n1;2;3;4\n".encode(), "thiếu cột: “Ngày giao dịch”"),
        (b"a;b;c\n1;2;3\n", "Không tìm thấy dòng tiêu đề"),
        (f"{HEADER}\n113000123456;FT1;02/01/2026;bảy mươi;x\n".encode(), "dòng 2: số tiền"),
        (f"{HEADER}\n113000123456;FT1;31/02/2026;70000;x\n".encode(), "dòng 2: ngày giao dịch"),
        (f"{HEADER}\n113000123456;FT1;02/01/2026;-5;x\n".encode(), "dòng 2"),
        (f"{HEADER}\n113000123456;FT1;02/01/2026;70000,5;x\n".encode(), "dòng 2: số tiền"),
        (f"{HEADER}\n113000123456;;02/01/2026;70000;x\n".encode(), "dòng 2: thiếu mã giao dịch"),
        (f"{HEADER}\n555;FT1;02/01/2026;70000;x\n".encode(), "số tài khoản 555 không phải tài khoản thu"),
        (f"{HEADER}\n".encode(), "không có dòng giao dịch"),
        (f"{HEADER}\n{GOOD}\n113000123456;FT2;02/01/2099;70000;x\n".encode(), "dòng 3: ngày giao dịch ở tương lai"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "not-utf8",
        "broken-xlsx",
        "missing-column",
        "no-header",
        "text-amount",
        "bad-date",
        "negative",
        "fraction",
        "no-reference",
        "unknown-account",
        "no-rows",
        "future",
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_imported(accountant, content, message):
    with pytest.raises(DomainError) as error:
        imported(accountant, content)
    assert message in error.value.message
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_the_error_lists_the_first_bad_rows_and_counts_the_rest(accountant):
    rows = "\n".join(f"113000123456;FT{n};02/01/2026;abc;x" for n in range(8))
    with pytest.raises(DomainError) as error:
        imported(accountant, f"{HEADER}\n{GOOD}\n{rows}\n".encode())
    assert "8 dòng không hợp lệ" in error.value.message
    assert "dòng 3:" in error.value.message and "dòng 7:" in error.value.message
    assert "dòng 8:" not in error.value.message and "và 3 dòng khác" in error.value.message


def test_comma_separated_english_headers_after_a_title_block(accountant):
    content = (
        b"Sao ke tai khoan 113000123456,,,,\n,,,,\n"
        b"Account,Reference,Date,Amount,Description\n"
        b'113000123456,FT1,2026-01-02 10:15:00,"70,000",chuyen tien\n'
        b"113000123456,FT2,2026-01-02T11:00:00+07:00,1000.00,\n\n"
    )
    result = imported(accountant, content)
    assert (result.lines_total, result.lines_new) == (2, 2)
    assert sorted(StatementLine.objects.values_list("amount", flat=True)) == [1000, 70000]
    assert Discrepancy.objects.filter(kind=Discrepancy.Kind.UNMATCHED_LINE).count() == 2


def test_xlsx_statement(accountant):
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ GHI CÓ"])
    sheet.append(["Số tài khoản", "Mã giao dịch", "Ngày giao dịch", "Số tiền ghi có", "Diễn giải", "Số dư"])
    excel_time = datetime(2026, 1, 2, 10, 15)  # noqa: DTZ001 (Excel cells carry no zone: read as Vietnam time)
    sheet.append([113000123456, "FT1", excel_time, 70000, "nop phi", 1])
    sheet.append(["113000123456", 998877, "02/01/2026", 20000.0, None, 2])
    buffer = io.BytesIO()
    book.save(buffer)
    result = statement_import(officer=accountant, file_name="sk.xlsx", content=buffer.getvalue())
    assert (result.lines_total, result.lines_new) == (2, 2)
    line = StatementLine.objects.get(bank_reference="998877")
    assert (line.account_number, line.amount, line.memo) == ("113000123456", 20000, "")


@pytest.mark.parametrize(
    ("raw", "amount"), [("70000", 70000), ("70.000", 70000), ("1.234.567 đ", 1234567), ("70000.00", 70000), (5, 5)]
)
def test_amount_formats(raw, amount):
    assert parse_amount(raw) == amount
