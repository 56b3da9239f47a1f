"""``/api/v1/nghia-vu-tai-chinh/``: the tax authority sends land-obligation notices and reads their state back.

POST ``thong-bao`` takes one notice, a list, or ``{"notices": [...]}``: all are taken or none (422 lists every
error, item by item, in Vietnamese). The same notice sent again is counted as unchanged. The body is read here,
not by ninja, so that garbage of any shape gets a clear answer rather than a stack trace.
"""

import json
from datetime import date, datetime
from typing import Any, Literal

import pydantic
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from motcua.core.errors import NotFound
from motcua.payments.models import TaxNotice
from motcua.payments.selectors.land import tax_notice_for_partner
from motcua.payments.services.land import MAX_NOTICES, RowError, TaxNoticeData, tax_notices_import

from .auth import ApiKey
from .errors import ErrorOut, ItemErrorOut, problem, rejected

router = Router(tags=["Nghĩa vụ tài chính đất đai"])

LABELS = {
    "dossier_code": "Mã hồ sơ",
    "tax_id": "Mã số thuế",
    "notice_number": "Số thông báo",
    "notice_date": "Ngày thông báo",
    "budget_subitem": "Tiểu mục",
    "description": "Nội dung khoản nộp",
    "amount": "Số tiền",
    "payer_name": "Người nộp",
    "payer_kind": "Loại người nộp",
    "due_date": "Hạn nộp",
}


class TaxNoticeIn(pydantic.BaseModel):
    """Thông báo nộp tiền nghĩa vụ tài chính về đất đai của cơ quan thuế cho một hồ sơ."""

    model_config = pydantic.ConfigDict(strict=True, title="TaxNoticeIn")

    dossier_code: str = Field(
        max_length=100, description="Mã hồ sơ thủ tục hành chính, ví dụ 000.00.16.H34-260312-0001."
    )
    tax_id: str = Field(
        max_length=20,
        description="Mã số thuế người nộp: 10 chữ số, 13 chữ số (0123456789-001) hoặc số định danh cá nhân 12 chữ số.",
    )
    notice_number: str = Field(max_length=100, description="Số thông báo của cơ quan thuế (duy nhất).")
    notice_date: date = Field(description="Ngày thông báo (YYYY-MM-DD).")
    budget_subitem: str = Field(max_length=10, description="Tiểu mục theo Mục lục ngân sách nhà nước (4 chữ số).")
    description: str = Field(max_length=1000, description="Nội dung khoản nộp, ví dụ “Tiền sử dụng đất”.")
    amount: int = Field(description="Số tiền phải nộp, số nguyên đồng, lớn hơn 0.")
    payer_name: str = Field(max_length=600, description="Tên người nộp thuế.")
    payer_kind: Literal["business", "household"] = Field(
        description="Loại người nộp: business = doanh nghiệp, tổ chức; household = cá nhân, hộ gia đình."
    )
    due_date: date | None = Field(default=None, description="Hạn nộp (YYYY-MM-DD), nếu có.")


class NoticeStateOut(Schema):
    notice_number: str = Field(description="Số thông báo.")
    dossier_code: str = Field(description="Mã hồ sơ.")
    tax_id: str = Field(description="Mã số thuế người nộp (đã chuẩn hóa).")
    amount: int = Field(description="Số tiền phải nộp (đồng).")
    order_reference: str = Field(description="Mã thanh toán của khoản phải nộp (PT…).")
    state: Literal["open", "paid", "exempt", "cancelled"] = Field(
        description="open = chưa thanh toán, paid = đã thanh toán, exempt = được miễn, cancelled = đã hủy."
    )
    state_label: str = Field(description="Tình trạng, bằng tiếng Việt.")
    paid_at: datetime | None = Field(description="Thời điểm thanh toán (giờ Việt Nam).")
    voucher_number: str = Field(description="Số chứng từ nộp tiền (khi đã thanh toán).")


class TaxNoticeOut(NoticeStateOut):
    notice_date: date = Field(description="Ngày thông báo.")
    budget_subitem: str = Field(description="Tiểu mục.")
    description: str = Field(description="Nội dung khoản nộp.")
    payer_name: str = Field(description="Người nộp.")
    payer_kind: Literal["business", "household"] = Field(description="Loại người nộp.")
    due_date: date | None = Field(description="Hạn nộp.")
    received_at: datetime = Field(description="Thời điểm hệ thống nhận thông báo.")


class ImportOut(Schema):
    created: int = Field(description="Số thông báo mới được nhận.")
    unchanged: int = Field(description="Số thông báo đã nhận trước đó với cùng nội dung (gửi lại).")
    notices: list[NoticeStateOut] = Field(description="Các thông báo trong lần gửi, theo thứ tự gửi.")


def _state(notice: TaxNotice) -> dict[str, Any]:
    order = notice.order
    return {
        "notice_number": notice.notice_number,
        "dossier_code": notice.dossier_code,
        "tax_id": notice.tax_id,
        "amount": notice.amount,
        "order_reference": order.reference,
        "state": order.state,
        "state_label": order.get_state_display(),
        "paid_at": timezone.localtime(order.paid_at) if order.paid_at else None,
        "voucher_number": notice.voucher_number,
    }


def _detail(notice: TaxNotice) -> dict[str, Any]:
    fields = ("notice_date", "budget_subitem", "description", "payer_name", "payer_kind", "due_date", "received_at")
    return (
        _state(notice)
        | {name: getattr(notice, name) for name in fields[:-1]}
        | {"received_at": timezone.localtime(notice.received_at)}
    )


# --- Reading the body ---------------------------------------------------------------------------------------------
_MESSAGES = {
    "missing": "Thiếu {label}.",
    "string_type": "{label} phải là chuỗi ký tự.",
    "string_too_long": "{label} dài quá mức cho phép.",
    "int_type": "{label} phải là số nguyên (đồng), không đặt trong ngoặc kép.",
    "int_from_float": "{label} phải là số nguyên đồng.",
    "date_type": "{label} phải là ngày dạng YYYY-MM-DD.",
    "date_parsing": "{label} phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "{label} phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_inexact": "{label} phải là ngày dạng YYYY-MM-DD, không kèm giờ.",
    "literal_error": "{label} phải là “business” (doanh nghiệp) hoặc “household” (cá nhân, hộ gia đình).",
}


def _vietnamese(item: int, error: Any) -> RowError:
    name = str(error["loc"][0]) if error.get("loc") else ""
    label = LABELS.get(name, name)
    template = _MESSAGES.get(error.get("type", ""), "{label} không hợp lệ.")
    return RowError(item, name, template.format(label=label))


def _items(payload: Any) -> list[Any] | None:
    if isinstance(payload, dict) and "notices" in payload:
        payload = payload["notices"]
        return payload if isinstance(payload, list) else None
    if isinstance(payload, dict):
        return [payload]
    return payload if isinstance(payload, list) else None


def _read(items: list[Any]) -> tuple[list[TaxNoticeData], list[RowError]]:
    notices: list[TaxNoticeData] = []
    errors: list[RowError] = []
    for item, raw in enumerate(items, start=1):
        if not isinstance(raw, dict):
            errors.append(RowError(item, "", "Mỗi thông báo phải là một đối tượng JSON."))
            continue
        try:
            notice = TaxNoticeIn.model_validate_json(json.dumps(raw))
        except pydantic.ValidationError as error:
            errors += [_vietnamese(item, e) for e in error.errors(include_url=False)]
            continue
        notices.append(TaxNoticeData(**notice.model_dump(), row=item))
    return notices, errors


NOTICE_BODY = {"$ref": "#/components/schemas/TaxNoticeIn"}
BODY_SCHEMA = {
    "oneOf": [
        NOTICE_BODY,
        {"type": "array", "items": NOTICE_BODY, "minItems": 1, "maxItems": MAX_NOTICES},
        {
            "type": "object",
            "required": ["notices"],
            "properties": {"notices": {"type": "array", "items": NOTICE_BODY, "minItems": 1, "maxItems": MAX_NOTICES}},
        },
    ]
}


@router.post(
    "/thong-bao",
    auth=ApiKey("tax_notices:write"),
    response={
        201: ImportOut,
        200: ImportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ItemErrorOut,
    },
    summary="Gửi thông báo nghĩa vụ tài chính",
    description='Một thông báo, một danh sách, hoặc {"notices": [...]}, tối đa 2000 thông báo mỗi lần. Nhận tất cả '
    "hoặc không nhận thông báo nào: 422 liệt kê từng lỗi theo thứ tự thông báo (item, bắt đầu từ 1). Gửi lại cùng "
    "thông báo được tính là unchanged (trả 200 nếu không có thông báo mới, 201 nếu có).",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": BODY_SCHEMA}}}},
)
def tax_notices_receive(request: HttpRequest) -> Status:
    try:
        body = request.body
    except RequestDataTooBig:
        return problem(413, "Nội dung gửi quá lớn; vui lòng chia thành nhiều lần gửi.")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return problem(400, "Nội dung gửi không phải JSON hợp lệ (UTF-8).")
    items = _items(payload)
    if not items:
        return rejected(
            [RowError(0, "", 'Nội dung phải là một thông báo, một danh sách thông báo hoặc {"notices": [...]}.')]
        )
    notices, errors = _read(items)
    if errors:
        return rejected(errors)
    result = tax_notices_import(notices=notices, source=f"api:{request.auth.name}")
    if result.errors:
        return rejected(result.errors)
    status = 201 if result.created else 200
    answer = {"created": result.created, "unchanged": result.unchanged, "notices": [_state(n) for n in result.notices]}
    return Status(status, answer)


@router.get(
    "/thong-bao/{path:notice_number}",
    auth=ApiKey("tax_notices:read", "tax_notices:write"),
    response={200: TaxNoticeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Xem tình trạng một thông báo",
    description="Số thông báo có thể chứa dấu “/” (ví dụ 1234/TB-CCT). Trả tình trạng thanh toán và số chứng từ.",
)
def tax_notice_read(request: HttpRequest, notice_number: str) -> Status:
    try:
        notice = tax_notice_for_partner(notice_number=notice_number)
    except NotFound as error:
        return problem(404, error.message)
    return Status(200, _detail(notice))
