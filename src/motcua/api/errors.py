"""How the API says no: ``{"detail": …}`` in Vietnamese; for invalid input every error, field by field.

Domain errors (``core.errors.DomainError``) become 409 when the dossier's state does not allow the act (an illegal
transition, a stale version, a step held by someone else) and 422 when the input itself is wrong.
"""

from collections.abc import Iterable
from typing import Any

from ninja import Field, Schema, Status

from motcua.core.errors import DomainError, NotFound
from motcua.payments.services.land import RowError


class ErrorOut(Schema):
    detail: str = Field(description="Lý do, bằng tiếng Việt.")


class ItemError(Schema):
    item: int = Field(description="Thứ tự thông báo trong lần gửi, bắt đầu từ 1 (0: cả lần gửi).")
    field: str = Field(description="Trường bị lỗi (rỗng: cả thông báo).")
    message: str = Field(description="Lỗi, bằng tiếng Việt.")


class ItemErrorOut(Schema):
    detail: str = Field(description="Tóm tắt: không thông báo nào được nhận.")
    errors: list[ItemError] = Field(description="Từng lỗi.")


class FieldError(Schema):
    field: str = Field(description="Tham số hoặc trường bị lỗi, ví dụ “applicant.name” (rỗng: cả yêu cầu).")
    message: str = Field(description="Lỗi, bằng tiếng Việt.")


class InvalidOut(Schema):
    detail: str = Field(description="Tóm tắt, bằng tiếng Việt: không có gì được ghi nhận.")
    errors: list[FieldError] = Field(description="Từng lỗi (có thể rỗng).")


def problem(status: int, message: str) -> Status:
    return Status(status, {"detail": message})


def invalid(message: str, errors: Iterable[tuple[str, str]] = ()) -> Status:
    """422 with the errors as (field, message) pairs."""
    return Status(422, {"detail": message, "errors": [{"field": f, "message": m} for f, m in errors]})


def rejected(errors: Iterable[RowError]) -> Status:
    """422: nothing was taken; each error with the position of its notice."""
    errors = list(errors)
    answer = {
        "detail": f"Có {len(errors)} lỗi, chưa nhận thông báo nào.",
        "errors": [{"item": e.row, "field": e.field, "message": e.message} for e in errors],
    }
    return Status(422, answer)


# --- Domain errors ---------------------------------------------------------------------------------------------
# The dossier is not in a state (or at a step) that allows the act: 409. Anything else a service refuses is input.
CONFLICT_CODES = frozenset(
    {
        "illegal_transition",
        "stale",
        "forbidden",
        "no_task",
        "not_holder",
        "last_step",
        "first_step",
        "not_last_step",
        "no_result",
        "unsigned",
        "once",
        "too_late",
        "already_signed",
        "not_signing_step",
        "no_supplement",
        "not_draft",
    }
)


def refused(error: DomainError, *, field: str = "") -> Status:
    """The answer to a service's DomainError: 404, 409 or 422, in the service's own Vietnamese words."""
    if isinstance(error, NotFound):
        return problem(404, error.message)
    if error.code in CONFLICT_CODES:
        return problem(409, error.message)
    return invalid(error.message, [(field, error.message)])


# --- Validation errors (pydantic / ninja) in Vietnamese --------------------------------------------------------
_MESSAGES = {
    "missing": "Thiếu {field}.",
    "string_type": "{field} phải là chuỗi ký tự.",
    "string_too_short": "{field} không được để trống.",
    "string_too_long": "{field} dài quá mức cho phép ({max_length} ký tự).",
    "string_pattern_mismatch": "{field} không đúng định dạng.",
    "int_type": "{field} phải là số nguyên.",
    "int_parsing": "{field} phải là số nguyên.",
    "int_from_float": "{field} phải là số nguyên.",
    "greater_than_equal": "{field} phải lớn hơn hoặc bằng {ge}.",
    "greater_than": "{field} phải lớn hơn {gt}.",
    "less_than_equal": "{field} phải nhỏ hơn hoặc bằng {le}.",
    "bool_type": "{field} phải là true hoặc false.",
    "bool_parsing": "{field} phải là true hoặc false.",
    "date_type": "{field} phải là ngày dạng YYYY-MM-DD.",
    "date_parsing": "{field} phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "{field} phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_inexact": "{field} phải là ngày dạng YYYY-MM-DD, không kèm giờ.",
    "datetime_type": "{field} phải là thời điểm ISO 8601, ví dụ 2026-03-12T09:00:00+07:00.",
    "datetime_parsing": "{field} phải là thời điểm ISO 8601, ví dụ 2026-03-12T09:00:00+07:00.",
    "datetime_from_date_parsing": "{field} phải là thời điểm ISO 8601, ví dụ 2026-03-12T09:00:00+07:00.",
    "timezone_aware": "{field} phải có múi giờ, ví dụ 2026-03-12T09:00:00+07:00.",
    "literal_error": "{field} phải là một trong: {expected}.",
    "enum": "{field} phải là một trong: {expected}.",
    "list_type": "{field} phải là một danh sách.",
    "too_long": "{field} có quá nhiều phần tử.",
    "model_type": "{field} phải là một đối tượng JSON.",
    "dict_type": "{field} phải là một đối tượng JSON.",
    "model_attributes_type": "{field} phải là một đối tượng JSON.",
    "extra_forbidden": "Trường {field} không có trong mô tả API.",
    "json_invalid": "{field} không phải JSON hợp lệ.",
    "value_error": "{field} không hợp lệ (ngày dạng YYYY-MM-DD, thời điểm dạng ISO 8601 có múi giờ).",
}
_SOURCES = {"query", "path", "body", "header", "form", "file", "cookie"}


def field_name(loc: Iterable[Any]) -> str:
    """``("query", "limit")`` → ``limit``; ``("body", "payload", "items", 0, "name")`` → ``items[0].name``."""
    parts = [part for part in loc if part not in _SOURCES and part != "payload"]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def vietnamese(error: dict[str, Any]) -> tuple[str, str]:
    """One pydantic error as (field, message in Vietnamese)."""
    field = field_name(error.get("loc", ()))
    context = {
        key: value.replace(" or ", " hoặc ") if isinstance(value, str) else value
        for key, value in (error.get("ctx") or {}).items()
        if isinstance(value, str | int)
    }
    template = _MESSAGES.get(str(error.get("type", "")), "{field} không hợp lệ.")
    try:
        message = template.format(field=field or "Nội dung gửi", **context)
    except (KeyError, IndexError):
        message = f"{field or 'Nội dung gửi'} không hợp lệ."
    return field, message


def invalid_from(errors: Iterable[dict[str, Any]]) -> Status:
    pairs = [vietnamese(error) for error in errors]
    return invalid(f"Có {len(pairs)} lỗi trong yêu cầu; không có gì được ghi nhận.", pairs)
