"""How the API says no: ``{"detail": …}`` in Vietnamese, and for rejected notices every error, item by item."""

from collections.abc import Iterable

from ninja import Field, Schema, Status

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


def problem(status: int, message: str) -> Status:
    return Status(status, {"detail": message})


def rejected(errors: Iterable[RowError]) -> Status:
    """422: nothing was taken; each error with the position of its notice."""
    errors = list(errors)
    answer = {
        "detail": f"Có {len(errors)} lỗi, chưa nhận thông báo nào.",
        "errors": [{"item": e.row, "field": e.field, "message": e.message} for e in errors],
    }
    return Status(422, answer)
