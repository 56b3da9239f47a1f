"""Reading the tax authority's CSV of notices: UTF-8 (with or without BOM), ``,`` or ``;``, Vietnamese headers.

Headers (any order, any case; extra columns such as "STT" are ignored): Mã hồ sơ, Mã số thuế, Số thông báo,
Ngày thông báo, Tiểu mục, Nội dung, Số tiền, Người nộp, Loại người nộp, Hạn nộp (optional). Dates are
``dd/mm/yyyy`` (or ``yyyy-mm-dd``); amounts whole đồng (``1250000`` or ``1.250.000``); the payer kind is
"Doanh nghiệp" or "Cá nhân, hộ gia đình". Every row is read before anything is refused, so the person sees all
that is wrong at once, each error with its line number.
"""

import csv
import io
import re
import unicodedata
from datetime import date

from .notices import MAX_NOTICES, RowError, TaxNoticeData, TaxNoticeErrors

HEADERS = {
    "Mã hồ sơ": "dossier_code",
    "Mã số thuế": "tax_id",
    "Số thông báo": "notice_number",
    "Ngày thông báo": "notice_date",
    "Tiểu mục": "budget_subitem",
    "Nội dung": "description",
    "Số tiền": "amount",
    "Người nộp": "payer_name",
    "Loại người nộp": "payer_kind",
    "Hạn nộp": "due_date",
}
OPTIONAL = frozenset({"due_date"})
MAX_BYTES = 5 * 1024 * 1024

_AMOUNT_PLAIN = re.compile(r"^\d+$")
_AMOUNT_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_AMOUNT_UNIT = re.compile(r"(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _plain(text: str) -> str:
    """Lower case, no diacritics, single spaces: how headers and payer kinds are compared."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return " ".join(text.lower().replace(",", " ").split())


_HEADER_KEYS = {_plain(label): name for label, name in HEADERS.items()}
_KINDS = {
    "business": ("doanh nghiep", "to chuc", "to chuc doanh nghiep", "dn", "business", "organisation"),
    "household": (
        "ca nhan",
        "ho gia dinh",
        "ca nhan ho gia dinh",
        "ho gia dinh ca nhan",
        "cn",
        "hgd",
        "household",
        "individual",
    ),
}
_KIND_OF = {alias: kind for kind, aliases in _KINDS.items() for alias in aliases}


def parse_amount(raw: str) -> int | None:
    """``1.250.000`` / ``1,250,000`` / ``1250000 đ`` → 1250000; None when it is not a whole number of đồng."""
    text = _AMOUNT_UNIT.sub("", "".join(raw.split())).strip()
    if _AMOUNT_PLAIN.match(text):
        return int(text)
    if _AMOUNT_GROUPED.match(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def parse_date(raw: str) -> date | None:
    """``05/03/2026`` (day first, as written in Vietnam) or ``2026-03-05``; None when it is not a real date."""
    text = raw.strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise TaxNoticeErrors([RowError(0, "", "Tệp lớn quá 5 MB; vui lòng chia nhỏ tệp.")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TaxNoticeErrors(
            [RowError(0, "", "Tệp không đọc được: hãy lưu tệp dạng CSV mã hóa UTF-8 (CSV UTF-8).")]
        ) from None


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, label in enumerate(header):
        name = _HEADER_KEYS.get(_plain(label))
        if name is None:
            continue
        if name in columns:
            errors.append(RowError(1, name, f"Cột “{label.strip()}” xuất hiện hai lần."))
        columns[name] = index
    missing = [label for label, name in HEADERS.items() if name not in columns and name not in OPTIONAL]
    if missing:
        errors.append(RowError(1, "", f"Thiếu cột: {', '.join(missing)}."))
    if errors:
        raise TaxNoticeErrors(errors)
    return columns


def _row(cells: list[str], columns: dict[str, int], line: int) -> tuple[TaxNoticeData | None, list[RowError]]:
    value = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
    value.setdefault("due_date", "")
    errors: list[RowError] = []
    notice_date = parse_date(value["notice_date"])
    if not value["notice_date"]:
        errors.append(RowError(line, "notice_date", "Thiếu ngày thông báo."))
    elif notice_date is None:
        errors.append(
            RowError(
                line,
                "notice_date",
                f"Ngày thông báo “{value['notice_date'][:20]}” không hợp lệ "
                "(ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2026).",
            )
        )
    due_date = parse_date(value["due_date"]) if value["due_date"] else None
    if value["due_date"] and due_date is None:
        errors.append(
            RowError(
                line,
                "due_date",
                f"Hạn nộp “{value['due_date'][:20]}” không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/04/2026).",
            )
        )
    amount = parse_amount(value["amount"])
    if not value["amount"]:
        errors.append(RowError(line, "amount", "Thiếu số tiền."))
    elif amount is None:
        errors.append(
            RowError(
                line,
                "amount",
                f"Số tiền “{value['amount'][:30]}” không hợp lệ: ghi số nguyên đồng, ví dụ 1250000 hoặc 1.250.000.",
            )
        )
    kind = _KIND_OF.get(_plain(value["payer_kind"]))
    if kind is None:
        errors.append(
            RowError(
                line,
                "payer_kind",
                f"Loại người nộp “{value['payer_kind'][:40]}” không hợp lệ: ghi "
                "“Doanh nghiệp” hoặc “Cá nhân, hộ gia đình”.",
            )
        )
    if errors or notice_date is None or amount is None or kind is None:
        return None, errors
    data = TaxNoticeData(
        dossier_code=value["dossier_code"],
        tax_id=value["tax_id"],
        notice_number=value["notice_number"],
        notice_date=notice_date,
        budget_subitem=value["budget_subitem"],
        description=value["description"],
        amount=amount,
        payer_name=value["payer_name"],
        payer_kind=kind,
        due_date=due_date,
        row=line,
    )
    return data, []


def tax_notices_parse_csv(content: bytes) -> list[TaxNoticeData]:
    """The notices in a CSV file, or ``TaxNoticeErrors`` listing every line that cannot be read."""
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise TaxNoticeErrors([RowError(0, "", "Tệp trống: dòng đầu phải là tiêu đề các cột.")])
        columns = _columns(header)
        notices: list[TaxNoticeData] = []
        errors: list[RowError] = []
        rows = 0
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if rows > MAX_NOTICES:
                raise TaxNoticeErrors([RowError(0, "", f"Mỗi tệp tối đa {MAX_NOTICES} thông báo.")])
            if any(cell.strip() for cell in cells[len(header) :]):
                errors.append(
                    RowError(
                        line,
                        "",
                        "Dòng có nhiều ô hơn tiêu đề: kiểm tra dấu phân cách; số tiền có "
                        "dấu phẩy phải đặt trong ngoặc kép.",
                    )
                )
                continue
            data, problems = _row(cells, columns, line)
            errors += problems
            if data is not None:
                notices.append(data)
    except csv.Error:
        raise TaxNoticeErrors([RowError(reader.line_num, "", "Tệp CSV không đúng định dạng.")]) from None
    if errors:
        raise TaxNoticeErrors(errors)
    if not notices:
        raise TaxNoticeErrors([RowError(0, "", "Tệp không có dòng thông báo nào.")])
    return notices


# Kept for callers that want to know the exact column labels (the back-office page shows them).
HEADER_LABELS = list(HEADERS)

__all__ = ["HEADER_LABELS", "parse_amount", "parse_date", "tax_notices_parse_csv"]
