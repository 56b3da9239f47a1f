"""``/api/v1/ho-so/{code}/thao-tac`` and ``/ket-qua``: a partner moves a dossier along its workflow and attaches
results — through the same dossiers services as an officer, acting as the partner's service account.

An act the workflow does not allow from the dossier's state, a stale ``expected_version`` or a step held by someone
else is 409 with the service's Vietnamese reason; a missing reason or a wrong value is 422.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.documents.links import result_verify_url
from motcua.documents.results import result_sign
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for_partner

from .auth import ApiKey, partner_account, partner_agency
from .errors import ErrorOut, InvalidOut, invalid, problem, refused
from .limits import BodyRefused, multipart_read
from .partner_dossiers import dossier_detail
from .partner_schemas import ActionIn, DossierOut, ResultsOut, result

router = Router(tags=["Hồ sơ của cơ quan (hệ thống đối tác)"])

MAX_RESULTS = 10


def _required(value: Any, field: str, message: str) -> None:
    if value is None or value == "":
        raise _Missing(field, message)


class _Missing(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _supplement(dossier: Dossier, officer: User, body: ActionIn, version: int | None) -> Any:
    items = [item.model_dump() for item in body.items]
    return services.dossier_request_supplement(
        dossier=dossier, officer=officer, reason=body.note, items=items, contact=body.contact, expected_version=version
    )


def _return(dossier: Dossier, officer: User, body: ActionIn, version: int | None) -> Any:
    _required(body.method, "method", "Vui lòng chọn hình thức trả kết quả (method).")
    return services.dossier_return_result(
        dossier=dossier, officer=officer, method=body.method or "", note=body.note, expected_version=version
    )


def _apologise(dossier: Dossier, officer: User, body: ActionIn, version: int | None) -> Any:
    _required(body.new_due_at, "new_due_at", "Vui lòng cho biết ngày hẹn mới (new_due_at).")
    new_due_at: datetime = body.new_due_at  # type: ignore[assignment]
    return services.dossier_apologise(
        dossier=dossier, officer=officer, reason=body.note, new_due_at=new_due_at, expected_version=version
    )


_Act = Callable[[Dossier, User, ActionIn, int | None], Any]
ACTS: dict[str, _Act] = {
    "receive": lambda d, o, b, v: services.dossier_receive(dossier=d, officer=o, note=b.note, expected_version=v),
    "refuse": lambda d, o, b, v: services.dossier_refuse(dossier=d, officer=o, reason=b.note, expected_version=v),
    "request_supplement": _supplement,
    "request_payment": lambda d, o, b, v: services.dossier_request_payment(
        dossier=d, officer=o, note=b.note, expected_version=v
    ),
    "pay": lambda d, o, b, v: services.dossier_payment_confirm(dossier=d, officer=o, note=b.note, expected_version=v),
    "stop": lambda d, o, b, v: services.dossier_stop(dossier=d, officer=o, reason=b.note, expected_version=v),
    "forward": lambda d, o, b, v: services.dossier_forward(dossier=d, officer=o, note=b.note, expected_version=v),
    "send_back": lambda d, o, b, v: services.dossier_send_back(dossier=d, officer=o, note=b.note, expected_version=v),
    "finish": lambda d, o, b, v: services.dossier_finish(dossier=d, officer=o, note=b.note, expected_version=v),
    "return_result": _return,
    "apologise": _apologise,
}


def _dossier(request: HttpRequest, code: str) -> Dossier:
    return dossier_get_for_partner(agency=partner_agency(request), code=code[:60])


@router.post(
    "/{code}/thao-tac",
    auth=ApiKey("dossiers:transition"),
    response={
        200: DossierOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: InvalidOut,
    },
    summary="Thực hiện một thao tác trên hồ sơ",
    description="Thao tác theo quy trình, gọi theo tên: receive (tiếp nhận), refuse (từ chối, cần note), "
    "request_supplement (yêu cầu bổ sung: note + items), request_payment (yêu cầu nghĩa vụ tài chính, cần note), "
    "pay (xác nhận đã thực hiện nghĩa vụ tài chính), stop (dừng xử lý, cần note), forward (chuyển bước tiếp theo), "
    "send_back (trả lại bước trước, cần note), finish (hoàn thành: mọi kết quả đã ký số), return_result (trả kết "
    "quả: method), apologise (xin lỗi, gia hạn: note + new_due_at). Không được phép ở trạng thái hiện tại: 409. "
    "Ghi vào lịch sử hồ sơ và nhật ký kiểm toán dưới tên hệ thống đối tác.",
)
def dossier_act(request: HttpRequest, code: str, body: ActionIn) -> Status:
    account = partner_account(request)
    try:
        dossier = _dossier(request, code)
        ACTS[body.action](dossier, account, body, body.expected_version)
    except _Missing as missing:
        return invalid(missing.message, [(missing.field, missing.message)])
    except DomainError as error:
        return refused(error)
    return Status(200, dossier_detail(request, _dossier(request, code)))


RESULTS_BODY = {
    "type": "object",
    "required": ["title", "file"],
    "properties": {
        "title": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 300},
            "minItems": 1,
            "maxItems": MAX_RESULTS,
            "description": "Tên văn bản kết quả, một cho mỗi tệp, theo thứ tự.",
        },
        "file": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "minItems": 1,
            "maxItems": MAX_RESULTS,
            "description": "Tệp kết quả (PDF), theo thứ tự của title.",
        },
        "sign": {
            "type": "string",
            "enum": ["true", "false"],
            "description": "true: ký số ngay bằng chứng thư số của cơ quan (hồ sơ phải đang ở bước ký duyệt).",
        },
    },
}


def _read_results(request: HttpRequest) -> tuple[list[tuple[str, Any]], bool]:
    fields, files = multipart_read(request)
    titles = [title.strip() for title in fields.getlist("title")]
    uploads = files.getlist("file")
    if not uploads or len(titles) != len(uploads) or not all(titles):
        message = "Mỗi tệp kết quả (file) cần một tên văn bản (title), theo cùng thứ tự."
        raise _Missing("title", message)
    if len(uploads) > MAX_RESULTS:
        raise _Missing("file", f"Mỗi lần gửi tối đa {MAX_RESULTS} tệp kết quả.")
    sign = fields.get("sign", "false").strip().lower()
    if sign not in ("true", "false"):
        raise _Missing("sign", "sign phải là true hoặc false.")
    return list(zip(titles, uploads, strict=True)), sign == "true"


@router.post(
    "/{code}/ket-qua",
    auth=ApiKey("results:write"),
    response={
        201: ResultsOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: InvalidOut,
    },
    summary="Đính kèm kết quả giải quyết",
    description="multipart/form-data: title và file (PDF) theo từng cặp, sign=true để ký số ngay bằng chứng thư số "
    "của cơ quan (khi hồ sơ đang ở bước ký duyệt). Hồ sơ phải đang được xử lý (đã tiếp nhận). Mã kết quả "
    "<mã hồ sơ>-KQ<n>. Sau khi mọi kết quả đã ký số, thao tác finish hoàn thành hồ sơ.",
    openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": RESULTS_BODY}}}},
)
def dossier_results_attach(request: HttpRequest, code: str) -> Status:
    account = partner_account(request)
    try:
        dossier = _dossier(request, code)
    except NotFound as error:
        return problem(404, error.message)
    try:
        items, sign = _read_results(request)
        attached = []
        for title, upload in items:
            added = services.result_add(dossier=dossier, officer=account, title=title, upload=upload)
            if sign and added.signed_at is None:
                added = result_sign(result=added, officer=account, verify_url=result_verify_url(request, added))
            attached.append(added)
    except BodyRefused as error:
        return problem(error.status, error.message)
    except _Missing as missing:
        return invalid(missing.message, [(missing.field, missing.message)])
    except DomainError as error:
        return refused(error, field="file")
    version = _dossier(request, code).version
    return Status(201, {"version": version, "results": [result(item) for item in attached]})
