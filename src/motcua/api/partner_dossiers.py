"""``/api/v1/ho-so``: a partner system lists and reads its agency's dossiers, and sends in new ones with their files.

Another agency's dossier is 404, exactly like a code that does not exist. Creating a dossier is one multipart request
(a JSON field ``data``, then for each file a ``component_id`` and a ``file`` field, in the same order) with an
``Idempotency-Key`` header: the same key again returns the dossier first created for it (200) instead of a second one.
"""

import json
import re
from typing import Any

import pydantic
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from motcua.catalogue.selectors import procedure_get_for_submission
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import (
    dossier_events_for_partner,
    dossier_files_for_partner,
    dossier_get_for_partner,
    dossier_list_for_partner,
    dossier_results_for_partner,
    partner_cursor_parse,
)
from motcua.dossiers.services import (
    ApplicantData,
    PartnerSubmission,
    PartnerUpload,
    dossier_partner_create,
    dossier_partner_find,
)

from .auth import ApiKey, partner_account, partner_agency
from .errors import ErrorOut, InvalidOut, invalid, invalid_from, problem, refused
from .limits import BodyRefused, multipart_read
from .partner_schemas import DossierCreateIn, DossierListOut, DossierOut, IsoDatetime, StateName, detail, summary

router = Router(tags=["Hồ sơ của cơ quan (hệ thống đối tác)"])
_ID = re.compile(r"[0-9]{1,18}")


class ListQuery(Schema):
    state: StateName | None = Field(None, description="Chỉ hồ sơ ở trạng thái này.")
    updated_since: IsoDatetime | None = Field(
        None, description="Chỉ hồ sơ cập nhật từ thời điểm này (ISO 8601, có múi giờ)."
    )
    cursor: str = Field("", max_length=80, description="next_cursor của trang trước (bỏ trống: trang đầu).")
    limit: int = Field(50, ge=1, le=100, description="Số hồ sơ mỗi trang (1–100).")


def dossier_detail(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    agency = partner_agency(request)
    return detail(
        dossier,
        files=list(dossier_files_for_partner(agency=agency, dossier=dossier)),
        results=list(dossier_results_for_partner(agency=agency, dossier=dossier)),
        events=list(dossier_events_for_partner(agency=agency, dossier=dossier)),
    )


@router.get(
    "",
    auth=ApiKey("dossiers:read"),
    response={200: DossierListOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    summary="Danh sách hồ sơ của cơ quan",
    description="Hồ sơ của cơ quan gắn với khóa API, theo thời điểm cập nhật tăng dần (phân trang ổn định bằng "
    "cursor): đồng bộ “những gì thay đổi từ lần trước” bằng updated_since rồi đọc hết các trang.",
)
def dossier_list(request: HttpRequest, query: Query[ListQuery]) -> Status:
    if query.cursor and partner_cursor_parse(query.cursor) is None:
        return invalid("Cursor không hợp lệ.", [("cursor", "Hãy dùng đúng next_cursor của trang trước.")])
    page = dossier_list_for_partner(
        agency=partner_agency(request),
        state=query.state or "",
        updated_since=query.updated_since,
        cursor=query.cursor,
        limit=query.limit,
    )
    return Status(200, {"items": [summary(d) for d in page.rows], "next_cursor": page.next_cursor or None})


@router.get(
    "/{code}",
    auth=ApiKey("dossiers:read"),
    response={200: DossierOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Xem một hồ sơ",
    description="Hồ sơ của cơ quan theo mã: chủ hồ sơ, tệp, kết quả, lịch sử xử lý và các thao tác có thể yêu cầu. "
    "Hồ sơ của cơ quan khác: 404.",
)
def dossier_read(request: HttpRequest, code: str) -> Status:
    try:
        dossier = dossier_get_for_partner(agency=partner_agency(request), code=code[:60])
    except NotFound as error:
        return problem(404, error.message)
    return Status(200, dossier_detail(request, dossier))


MAX_FILES = 100
CREATE_BODY = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "Hồ sơ dạng JSON theo DossierCreateIn.",
        },
        "component_id": {
            "type": "array",
            "items": {"type": "integer", "minimum": 1},
            "maxItems": MAX_FILES,
            "description": "Thành phần hồ sơ của từng tệp, theo đúng thứ tự các trường file.",
        },
        "file": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "maxItems": MAX_FILES,
            "description": "Các tệp, mỗi tệp một trường file, theo thứ tự của component_id.",
        },
    },
}
IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": "Khóa duy nhất cho lần gửi này; gửi lại cùng khóa (thử lại) trả về hồ sơ đã tạo, không tạo "
    "hồ sơ mới.",
}


def _read_create(request: HttpRequest) -> tuple[DossierCreateIn, list[PartnerUpload]]:
    fields, files = multipart_read(request)
    raw = fields.get("data", "")
    if not raw:
        raise _Invalid(invalid("Thiếu trường data (hồ sơ dạng JSON).", [("data", "Thiếu trường data.")]))
    try:
        data = DossierCreateIn.model_validate(json.loads(raw))
    except (ValueError, TypeError, RecursionError) as error:
        if isinstance(error, pydantic.ValidationError):
            raise _Invalid(invalid_from(error.errors(include_url=False))) from None
        raise _Invalid(invalid("Trường data không phải JSON hợp lệ.", [("data", "Không phải JSON hợp lệ.")])) from None
    components, uploads = fields.getlist("component_id"), files.getlist("file")
    unknown = sorted(set(files) - {"file"})
    if unknown:
        message = f"Trường tệp “{unknown[0][:60]}” không hợp lệ: gửi mỗi tệp trong một trường file."
        raise _Invalid(invalid(message, [(unknown[0][:60], message)]))
    if len(components) != len(uploads) or not all(_ID.fullmatch(c.strip()) for c in components):
        message = "Mỗi tệp (file) cần một mã thành phần hồ sơ (component_id, số nguyên), theo cùng thứ tự."
        raise _Invalid(invalid(message, [("component_id", message)]))
    if len(uploads) > MAX_FILES:
        message = f"Mỗi hồ sơ gửi tối đa {MAX_FILES} tệp."
        raise _Invalid(invalid(message, [("file", message)]))
    return data, [PartnerUpload(component_id=int(c), upload=f) for c, f in zip(components, uploads, strict=True)]


class _Invalid(Exception):
    def __init__(self, answer: Status) -> None:
        self.answer = answer


@router.post(
    "",
    auth=ApiKey("dossiers:write"),
    response={
        201: DossierOut,
        200: DossierOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: InvalidOut,
    },
    summary="Gửi hồ sơ mới kèm tệp",
    description="multipart/form-data: trường data (JSON: thủ tục, trường hợp, chủ hồ sơ, hình thức nhận kết quả), "
    "rồi với mỗi tệp một trường component_id (mã thành phần hồ sơ, xem GET /thu-tuc/{code}) và một trường file, "
    "theo cùng thứ tự. Tệp được kiểm tra như khi nộp trên Cổng (định "
    "dạng theo nội dung, dung lượng). Hồ sơ được nộp ngay (trạng thái 1 – Mới đăng ký) hoặc không được tạo. "
    "Bắt buộc tiêu đề Idempotency-Key; gửi lại cùng khóa trả 200 với hồ sơ đã tạo.",
    openapi_extra={
        "parameters": [IDEMPOTENCY_HEADER],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": CREATE_BODY}}},
    },
)
def dossier_create(request: HttpRequest) -> Status:
    account = partner_account(request)
    if request.content_type != "multipart/form-data":
        return problem(415, "Yêu cầu phải gửi dạng multipart/form-data (trường data, component_id và file).")
    key = request.headers.get("Idempotency-Key", "")
    try:
        earlier = dossier_partner_find(officer=account, idempotency_key=key)
    except DomainError as error:
        return refused(error, field="Idempotency-Key")
    if earlier is not None:
        return Status(200, dossier_detail(request, earlier))
    try:
        data, uploads = _read_create(request)
    except BodyRefused as error:
        return problem(error.status, error.message)
    except _Invalid as error:
        return error.answer
    try:
        procedure = procedure_get_for_submission(code=data.procedure_code.strip())
    except NotFound as error:
        return invalid(error.message, [("procedure_code", error.message)])
    applicant = data.applicant
    submission = PartnerSubmission(
        procedure=procedure,
        case_id=data.case_id,
        applicant=ApplicantData(
            name=applicant.name,
            id_number=applicant.id_number,
            date_of_birth=applicant.date_of_birth,
            address=applicant.address,
            phone=applicant.phone,
            email=applicant.email,
        ),
        applicant_kind=applicant.kind,
        result_delivery=data.result_delivery,
        result_address=data.result_address,
        note=data.note,
    )
    try:
        dossier, created = dossier_partner_create(
            officer=account, submission=submission, uploads=uploads, idempotency_key=key
        )
    except DomainError as error:
        return refused(error)
    fresh = dossier_get_for_partner(agency=partner_agency(request), code=dossier.code or "")
    return Status(201 if created else 200, dossier_detail(request, fresh))
