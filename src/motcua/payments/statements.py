"""Reading bank statements of incoming credits (sao kê ghi có): CSV or XLSX, validated row by row.

Columns (the header row may sit below a title block, within the first 20 rows; names are compared without case
or diacritics, in any order, extra columns ignored):

=====================  ==========================================================  ==========================
field                  accepted header names                                        values
=====================  ==========================================================  ==========================
account_number         Số tài khoản · Tài khoản · Account · Account number          1–19 letters or digits
bank_reference         Mã giao dịch · Số tham chiếu · Số bút toán · Reference ·     1–64 characters, unique
                       Transaction ID · Bank reference                              per account
booked_at              Ngày giao dịch · Ngày ghi có · Thời gian · Date · Booked at  dd/mm/yyyy [HH:MM[:SS]],
                                                                                    yyyy-mm-dd[THH:MM[:SS]],
                                                                                    ISO 8601, or an Excel date
amount                 Số tiền · Số tiền ghi có · Ghi có · Amount · Credit          whole đồng > 0: 70000,
                                                                                    70.000, 70,000, 70000.00
memo                   Nội dung · Nội dung chuyển khoản · Diễn giải · Memo ·        text (may be empty)
                       Description
=====================  ==========================================================  ==========================

CSV: UTF-8 with or without BOM, separated by ``;``, ``,`` or tab (guessed from the header row). A time without
a zone is Vietnam time (Asia/Ho_Chi_Minh). Rows that are entirely empty are skipped. Whole-file problems raise
``StatementFormatError``; each row yields either its ``CreditLine`` or the reason it is not valid, so a caller
can report every bad row before importing anything.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from motcua.core.text import fold

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER_SEARCH_ROWS = 20
MEMO_MAX = 500

COLUMNS: dict[str, tuple[str, ...]] = {
    "account_number": ("so tai khoan", "tai khoan", "so tk", "account", "account number", "account no"),
    "bank_reference": (
        "ma giao dich",
        "so tham chieu",
        "ma tham chieu",
        "so but toan",
        "reference",
        "transaction id",
        "bank reference",
        "ref",
    ),
    "booked_at": ("ngay giao dich", "ngay ghi co", "thoi gian", "ngay", "date", "booked at", "transaction date"),
    "amount": ("so tien", "so tien ghi co", "ghi co", "amount", "credit", "credit amount"),
    "memo": ("noi dung", "noi dung chuyen khoan", "dien giai", "memo", "description", "narrative"),
}
LABELS = {
    "account_number": "Số tài khoản",
    "bank_reference": "Mã giao dịch",
    "booked_at": "Ngày giao dịch",
    "amount": "Số tiền",
    "memo": "Nội dung",
}
_ALIASES = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_PLAIN = re.compile(r"([0-9]+)(?:[.,]0{1,2})?")
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)


class StatementFormatError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, empty, no header row …); the message is Vietnamese."""


@dataclass(frozen=True, slots=True)
class CreditLine:
    account_number: str
    bank_reference: str
    booked_at: datetime  # aware
    amount: int  # đồng
    memo: str


def parse_amount(value: object) -> int:
    """Whole đồng from a cell or a JSON value; ValueError (Vietnamese) when it is not a positive whole amount."""
    if isinstance(value, bool):
        raise ValueError("số tiền không hợp lệ")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"số tiền {value} có phần lẻ (đồng không có phần thập phân)")
        value = int(value)
    if isinstance(value, int):
        amount = value
    else:
        text = re.sub(r"\s|đ|VND|VNĐ", "", str(value or ""), flags=re.IGNORECASE)
        if _GROUPED.fullmatch(text):
            amount = int(re.sub(r"[.,]", "", text))
        elif match := _PLAIN.fullmatch(text):
            amount = int(match.group(1))
        else:
            raise ValueError(f"số tiền “{str(value)[:30]}” không phải số nguyên (đồng)")
    if amount <= 0:
        raise ValueError("số tiền phải lớn hơn 0 (sao kê chỉ gồm các khoản ghi có)")
    if amount > 10**15:
        raise ValueError("số tiền quá lớn")
    return amount


def parse_booked_at(value: object) -> datetime:
    """An aware datetime; a naive one is Vietnam time. ValueError (Vietnamese) on an unreadable or future date."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value or "").strip()
        moment = None
        for pattern in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern).replace(tzinfo=VIETNAM)
                break
            except ValueError:
                continue
        if moment is None:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(f"ngày giao dịch “{text[:30]}” không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd") from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=VIETNAM)
    if moment > timezone.now() + timedelta(days=1):
        raise ValueError("ngày giao dịch ở tương lai")
    return moment


def credit_line(values: dict[str, object]) -> CreditLine:
    """One validated line from raw values keyed by field name (ValueError with the reason, in Vietnamese)."""
    account = _text(values.get("account_number")).replace(" ", "")
    if not _ACCOUNT.fullmatch(account):
        raise ValueError(f"số tài khoản “{account[:30]}” không hợp lệ (1–19 chữ số)")
    reference = _text(values.get("bank_reference"))
    if not reference:
        raise ValueError("thiếu mã giao dịch")
    if len(reference) > 64:
        raise ValueError("mã giao dịch dài quá 64 ký tự")
    return CreditLine(
        account_number=account,
        bank_reference=reference,
        booked_at=parse_booked_at(values.get("booked_at")),
        amount=parse_amount(values.get("amount")),
        memo=" ".join(_text(values.get("memo")).split())[:MEMO_MAX],
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an account number or reference typed as a number in Excel
    return str(value).strip()


def statement_lines(content: bytes) -> Iterator[tuple[int, CreditLine | str]]:
    """Each data row as (row number in the file, its line or why it is not valid); streams the rows."""
    rows = _rows(content)
    columns: dict[str, int] | None = None
    for number, row in rows:
        if columns is None:
            if number > HEADER_SEARCH_ROWS:
                break
            columns = _header(row)
            continue
        if not any(_text(cell) for cell in row):
            continue
        values = {field: row[index] if index < len(row) else None for field, index in columns.items()}
        try:
            yield number, credit_line(values)
        except ValueError as error:
            yield number, str(error)
    if columns is None:
        names = ", ".join(f"“{label}”" for label in LABELS.values())
        raise StatementFormatError(f"Không tìm thấy dòng tiêu đề của sao kê: cần các cột {names}.")


def _header(row: list) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        field = _ALIASES.get(fold(_text(cell)))
        if field is not None and field not in found:
            found[field] = index
    if not found:
        return None
    missing = [LABELS[field] for field in COLUMNS if field not in found]
    if missing:
        raise StatementFormatError("Sao kê thiếu cột: " + ", ".join(f"“{name}”" for name in missing) + ".")
    return found


def _rows(content: bytes) -> Iterable[tuple[int, list]]:
    if not content or not content.strip():
        raise StatementFormatError("Tệp sao kê trống.")
    if content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content)
    if b"\x00" in content[:4096]:
        raise StatementFormatError("Tệp không phải sao kê dạng CSV hoặc XLSX.")
    return _csv_rows(content)


def _csv_rows(content: bytes) -> Iterator[tuple[int, list]]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = max(";,\t", key=first.count)
        text.seek(0)
        yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
    except UnicodeDecodeError:
        raise StatementFormatError("Tệp CSV phải được lưu với bảng mã UTF-8.") from None
    except csv.Error as error:
        raise StatementFormatError(f"Tệp CSV không đọc được: {error}.") from None


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise StatementFormatError("Tệp XLSX bị hỏng hoặc không phải bảng tính Excel.") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()
