"""Public, no key: ``/api/v1/thu-tuc`` (the procedure catalogue) and ``/api/v1/tra-cuu-ho-so`` (a dossier's status).

The catalogue search is the portal's own (``catalogue.selectors.procedure_search``: Vietnamese folding, with or
without diacritics, the same ranking and filters). The status lookup follows the portal's "Tra cứu hồ sơ" rule: the
dossier code AND the applicant's (or principal's) ID number, answered with the status and the appointment date only
— nothing personal — under the same per-address budget (``limits.lookup_allowed``).
"""

from datetime import date, datetime
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from motcua.catalogue.cache import cached
from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import SearchQuery, procedure_get_published, procedure_search
from motcua.core.errors import NotFound
from motcua.dossiers.selectors import dossier_public_status

from .errors import ErrorOut, InvalidOut, problem
from .limits import lookup_allowed

router = Router(tags=["Danh mục thủ tục và tra cứu hồ sơ (công khai)"])

OnlineLevelName = Literal["none", "partial", "full"]


class Ref(Schema):
    code: str = Field(description="Mã.")
    name: str = Field(description="Tên.")


class ProcedureSummaryOut(Schema):
    code: str = Field(description="Mã thủ tục, ví dụ 1.000948.")
    name: str = Field(description="Tên thủ tục.")
    online_level: OnlineLevelName = Field(description="none = không trực tuyến, partial = một phần, full = toàn trình.")
    online_level_label: str = Field(description="Mức độ dịch vụ công trực tuyến, bằng tiếng Việt.")
    agency: Ref = Field(description="Cơ quan thực hiện.")
    fields: list[Ref] = Field(description="Lĩnh vực.")


class CatalogueOut(Schema):
    total: int = Field(description="Số thủ tục tìm thấy.")
    page: int = Field(description="Trang đang trả về (bắt đầu từ 1).")
    page_size: int = Field(description="Số thủ tục mỗi trang.")
    num_pages: int = Field(description="Số trang.")
    notices: list[str] = Field(description="Ghi chú về tìm kiếm (bộ lọc không hợp lệ bị bỏ qua …), bằng tiếng Việt.")
    items: list[ProcedureSummaryOut] = Field(description="Các thủ tục của trang, theo thứ tự phù hợp.")


class CatalogueQuery(Schema):
    q: str = Field("", max_length=500, description="Từ khóa (có dấu hoặc không dấu) hoặc mã thủ tục.")
    field: str = Field("", max_length=40, description="Mã lĩnh vực.")
    agency: str = Field("", max_length=40, description="Mã cơ quan (gồm cả các đơn vị trực thuộc).")
    online_level: OnlineLevelName | None = Field(None, description="Mức độ dịch vụ công trực tuyến.")
    page: int = Field(1, ge=1, le=100_000, description="Trang, bắt đầu từ 1.")
    page_size: int = Field(20, ge=1, le=100, description="Số thủ tục mỗi trang (1–100).")


class FeeOut(Schema):
    kind: str = Field(description="phi = phí, le_phi = lệ phí.")
    kind_label: str = Field(description="Loại, bằng tiếng Việt.")
    amount: int = Field(description="Số tiền (đồng).")
    description: str = Field(description="Mô tả.")
    collect_at: str = Field(description="submission = khi nộp, supplement = khi bổ sung, result = khi nhận kết quả.")
    exemption: str = Field(description="Đối tượng được miễn.")


class ChannelOut(Schema):
    kind: str = Field(description="in_person = trực tiếp, online = trực tuyến, post = bưu chính.")
    kind_label: str = Field(description="Cách thức, bằng tiếng Việt.")
    duration_value: float | None = Field(description="Thời hạn giải quyết (không có: không quy định).")
    duration_unit: str = Field(description="working_days, days hoặc working_hours.")
    duration_label: str = Field(description="Thời hạn, bằng tiếng Việt.")
    note: str = Field(description="Mô tả.")
    total_fee: int = Field(description="Tổng phí, lệ phí (đồng).")
    fees: list[FeeOut] = Field(description="Các khoản phí, lệ phí.")


class ComponentOut(Schema):
    id: int = Field(description="Mã thành phần (component_id khi gửi hồ sơ qua API).")
    name: str = Field(description="Tên giấy tờ.")
    originals: int = Field(description="Số bản chính.")
    copies: int = Field(description="Số bản sao.")
    required: bool = Field(description="Bắt buộc.")
    accepted_types: list[str] = Field(description="Định dạng chấp nhận, ví dụ pdf, jpg.")
    max_size_mb: int = Field(description="Dung lượng tối đa mỗi tệp (MB).")


class CaseOut(Schema):
    id: int = Field(description="Mã trường hợp (case_id khi gửi hồ sơ qua API).")
    name: str = Field(description="Tên trường hợp.")
    steps: list[str] = Field(description="Trình tự thực hiện.")
    channels: list[ChannelOut] = Field(description="Cách thức thực hiện: thời hạn và phí, lệ phí.")
    components: list[ComponentOut] = Field(description="Thành phần hồ sơ.")


class LegalBasisOut(Schema):
    number: str = Field(description="Số hiệu văn bản.")
    title: str = Field(description="Trích yếu.")
    issued_on: date | None = Field(description="Ngày ban hành.")


class ProcedureOut(ProcedureSummaryOut):
    local_code: str = Field(description="Mã thủ tục địa phương (có thể rỗng).")
    kind: str = Field(description="Loại thủ tục.")
    implementing_levels: str = Field(description="Cấp thực hiện.")
    competent_authority: str = Field(description="Cơ quan có thẩm quyền.")
    reception_address: str = Field(description="Địa chỉ tiếp nhận hồ sơ.")
    description: str = Field(description="Mô tả.")
    target_subjects: str = Field(description="Đối tượng thực hiện.")
    results: str = Field(description="Kết quả thực hiện.")
    conditions: str = Field(description="Yêu cầu, điều kiện.")
    decision_number: str = Field(description="Quyết định công bố.")
    decision_date: date | None = Field(description="Ngày quyết định công bố.")
    effective_from: date | None = Field(description="Hiệu lực từ.")
    effective_to: date | None = Field(description="Hiệu lực đến.")
    legal_bases: list[LegalBasisOut] = Field(description="Căn cứ pháp lý.")
    cases: list[CaseOut] = Field(description="Các trường hợp, mỗi trường hợp có thành phần, thời hạn, phí riêng.")


class StatusOut(Schema):
    code: str = Field(description="Mã hồ sơ.")
    state: str = Field(description="Trạng thái (submitted, received, processing …).")
    state_label: str = Field(description="Trạng thái, bằng tiếng Việt.")
    national_code: int = Field(description="Mã trạng thái theo danh mục của Cổng Dịch vụ công quốc gia (1–10).")
    due_at: datetime | None = Field(description="Ngày hẹn trả kết quả (giờ Việt Nam); không có khi chưa tiếp nhận.")


def _summary(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "online_level": procedure.online_level,
        "online_level_label": procedure.get_online_level_display(),
        "agency": {"code": procedure.agency.code, "name": procedure.agency.name},
        "fields": [{"code": f.code, "name": f.name} for f in procedure.fields.all()],
    }


def _case(case: Any) -> dict[str, Any]:
    return {
        "id": case.pk,
        "name": str(case),
        "steps": [step.description for step in case.steps.all()],
        "channels": [
            {
                "kind": channel.kind,
                "kind_label": channel.get_kind_display(),
                "duration_value": float(channel.duration_value) if channel.duration_value is not None else None,
                "duration_unit": channel.duration_unit,
                "duration_label": channel.duration_label,
                "note": channel.note,
                "total_fee": channel.total_fee,
                "fees": [
                    {
                        "kind": item.kind,
                        "kind_label": item.get_kind_display(),
                        "amount": item.amount,
                        "description": item.description,
                        "collect_at": item.collect_at,
                        "exemption": item.exemption,
                    }
                    for item in channel.fee_items.all()
                ],
            }
            for channel in case.channels.all()
        ],
        "components": [
            {
                "id": c.pk,
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "accepted_types": c.accepted_types_list,
                "max_size_mb": c.max_size_mb,
            }
            for c in case.components.all()
        ],
    }


@router.get(
    "/thu-tuc",
    response={200: CatalogueOut, 422: InvalidOut},
    summary="Tìm thủ tục hành chính",
    description="Tìm như trang “Tra cứu thủ tục” của Cổng: có dấu hoặc không dấu, theo mã, lọc theo lĩnh vực, cơ "
    "quan, mức độ trực tuyến. Bộ lọc không tồn tại được bỏ qua và ghi trong notices. Không cần khóa API.",
)
def catalogue_search(request: HttpRequest, query: Query[CatalogueQuery]) -> Status:
    search = SearchQuery(
        text=query.q,
        agency_code=query.agency.strip(),
        field_code=query.field.strip(),
        online_level=query.online_level or "",
        page=query.page,
        page_size=query.page_size,
    )
    return Status(200, cached("api-search", (search,), lambda: _search(search)))


def _search(search: SearchQuery) -> dict[str, Any]:
    page = procedure_search(query=search)
    return {
        "total": page.total,
        "page": page.page,
        "page_size": search.page_size,
        "num_pages": page.num_pages,
        "notices": page.notices,
        "items": [_summary(procedure) for procedure in page.results],
    }


@router.get(
    "/thu-tuc/{code}",
    response={200: ProcedureOut, 404: ErrorOut},
    summary="Xem một thủ tục hành chính",
    description="Thủ tục đang áp dụng theo mã (mã quốc gia hoặc mã địa phương): các trường hợp với thành phần hồ "
    "sơ, cách thức thực hiện, thời hạn, phí, lệ phí, trình tự và căn cứ pháp lý. Không cần khóa API.",
)
def catalogue_procedure(request: HttpRequest, code: str) -> Status:
    code = code.strip()[:60]
    try:
        # The catalogue's version-keyed cache, as the portal's pages: any write to the catalogue makes it stale.
        answer = cached("api-procedure", (code,), lambda: _procedure(procedure_get_published(code=code)))
    except NotFound as error:
        return problem(404, error.message)
    return Status(200, answer)


def _procedure(procedure: Procedure) -> dict[str, Any]:
    answer = _summary(procedure) | {
        name: getattr(procedure, name)
        for name in (
            "local_code",
            "kind",
            "implementing_levels",
            "competent_authority",
            "reception_address",
            "description",
            "target_subjects",
            "results",
            "conditions",
            "decision_number",
            "decision_date",
            "effective_from",
            "effective_to",
        )
    }
    answer["legal_bases"] = [
        {"number": b.number, "title": b.title, "issued_on": b.issued_on} for b in procedure.legal_bases.all()
    ]
    answer["cases"] = [_case(case) for case in procedure.cases.all()]
    return answer


@router.get(
    "/tra-cuu-ho-so",
    response={200: StatusOut, 404: ErrorOut, 422: InvalidOut, 429: ErrorOut},
    summary="Tra cứu tình trạng hồ sơ",
    description="Như trang “Tra cứu hồ sơ” của Cổng: cần cả mã hồ sơ và số giấy tờ (CCCD hoặc mã số thuế) của người "
    "nộp hoặc người được nộp thay; chỉ trả tình trạng và ngày hẹn. Giới hạn số lần tra cứu mỗi phút cho mỗi địa chỉ "
    "(dùng chung với trang Cổng). Không cần khóa API.",
)
def dossier_status(
    request: HttpRequest,
    code: str = Query(..., min_length=1, max_length=40, description="Mã hồ sơ trên Giấy tiếp nhận."),
    id_number: str = Query(..., min_length=1, max_length=20, description="Số CCCD hoặc mã số thuế của người nộp."),
) -> Status:
    if not lookup_allowed(request):
        minutes = settings.MOTCUA_LOOKUP_PER_MINUTE
        return problem(429, f"Tra cứu quá nhiều lần (tối đa {minutes} lần mỗi phút); vui lòng thử lại sau ít phút.")
    try:
        status = dossier_public_status(code=code, id_number=id_number)
    except NotFound:
        return problem(404, "Không tìm thấy hồ sơ với mã hồ sơ và số giấy tờ đã nhập.")
    answer = {
        "code": status.code,
        "state": status.state,
        "state_label": status.state_label,
        "national_code": status.national_code,
        "due_at": timezone.localtime(status.due_at) if status.due_at else None,
    }
    return Status(200, answer)
