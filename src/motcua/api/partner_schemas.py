"""What the partner endpoints send and answer (``/api/v1/ho-so``), and how a dossier is written out.

Times go out in Asia/Ho_Chi_Minh with their offset; every state comes with the national portal's status code.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AwareDatetime, BeforeValidator

from motcua.dossiers.models import Dossier, DossierEvent, DossierFile, DossierResult
from motcua.dossiers.workflow import Role, State, allowed_actions, national_code

_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso(pattern: re.Pattern[str], kind: str):
    """Only ISO 8601 text (pydantic alone would also take a number as a Unix time)."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and pattern.match(value.strip()):
            return value.strip()
        raise ValueError(kind)

    return BeforeValidator(check)


# Sent by partners: ISO 8601 with an offset (2026-03-12T09:00:00+07:00), never a bare number.
IsoDatetime = Annotated[AwareDatetime, _iso(_ISO_DATETIME, "datetime")]
IsoDate = Annotated[date, _iso(_ISO_DATE, "date")]

StateName = Literal[
    "submitted",
    "received",
    "refused",
    "processing",
    "supplement_requested",
    "awaiting_payment",
    "withdrawn",
    "stopped",
    "result_ready",
    "returned",
]
# What a partner may ask for by name (``POST /ho-so/{code}/thao-tac``): each is the dossiers service of that act.
ActionName = Literal[
    "receive",
    "refuse",
    "request_supplement",
    "request_payment",
    "pay",
    "stop",
    "forward",
    "send_back",
    "finish",
    "return_result",
    "apologise",
]
ACTIONS: tuple[str, ...] = ActionName.__args__  # type: ignore[attr-defined]
Delivery = Literal["online", "counter", "post"]


class Ref(Schema):
    code: str = Field(description="Mã.")
    name: str = Field(description="Tên.")


class CaseRef(Schema):
    id: int = Field(description="Mã trường hợp.")
    name: str = Field(description="Tên trường hợp.")


class ApplicantOut(Schema):
    kind: str = Field(description="citizen = công dân, business = doanh nghiệp, organisation = tổ chức.")
    name: str = Field(description="Họ tên hoặc tên tổ chức.")
    id_number: str = Field(description="Số định danh cá nhân hoặc mã số thuế.")
    date_of_birth: date | None = Field(description="Ngày sinh.")
    address: str = Field(description="Địa chỉ.")
    phone: str = Field(description="Số điện thoại.")
    email: str = Field(description="Thư điện tử.")


class DossierSummaryOut(Schema):
    code: str = Field(description="Mã hồ sơ.")
    procedure: Ref = Field(description="Thủ tục.")
    agency: Ref = Field(description="Cơ quan tiếp nhận.")
    state: StateName = Field(description="Trạng thái.")
    state_label: str = Field(description="Trạng thái, bằng tiếng Việt.")
    national_code: int = Field(description="Mã trạng thái theo Cổng Dịch vụ công quốc gia (1–10).")
    applicant_name: str = Field(description="Chủ hồ sơ.")
    submitted_at: datetime | None = Field(description="Nộp lúc.")
    due_at: datetime | None = Field(description="Ngày hẹn trả kết quả.")
    updated_at: datetime = Field(description="Cập nhật lần cuối (dùng cho updated_since).")
    version: int = Field(description="Phiên bản; gửi lại trong expected_version để tránh thao tác trên dữ liệu cũ.")


class DossierListOut(Schema):
    items: list[DossierSummaryOut] = Field(description="Hồ sơ, theo thời điểm cập nhật tăng dần.")
    next_cursor: str | None = Field(description="Đưa vào cursor để lấy trang sau; null ở trang cuối.")


class FileOut(Schema):
    id: str = Field(description="Mã tệp.")
    component_id: int | None = Field(description="Thành phần hồ sơ (null: giấy tờ bổ sung không theo danh mục).")
    component_name: str = Field(description="Tên thành phần hồ sơ.")
    original_name: str = Field(description="Tên tệp.")
    content_type: str = Field(description="Định dạng.")
    size: int = Field(description="Dung lượng (byte).")
    sha256: str = Field(description="Mã băm SHA-256.")
    supplement: bool = Field(description="Gửi khi bổ sung hồ sơ.")
    created_at: datetime = Field(description="Tải lên lúc.")


class ResultOut(Schema):
    code: str = Field(description="Mã kết quả <mã hồ sơ>-KQ<n>.")
    title: str = Field(description="Tên văn bản kết quả.")
    original_name: str = Field(description="Tên tệp.")
    size: int = Field(description="Dung lượng (byte).")
    sha256: str = Field(description="Mã băm SHA-256 (của tệp đã ký nếu đã ký số).")
    signed: bool = Field(description="Đã ký số.")
    signed_at: datetime | None = Field(description="Ký số lúc.")
    signer: str = Field(description="Người ký.")


class EventOut(Schema):
    action: str = Field(description="Thao tác (receive, forward …).")
    action_label: str = Field(description="Thao tác, bằng tiếng Việt.")
    from_state: str = Field(description="Từ trạng thái.")
    to_state: str = Field(description="Sang trạng thái.")
    national_code: int | None = Field(description="Mã trạng thái quốc gia sau thao tác (null: bản nháp).")
    actor: str = Field(description="Người (hoặc hệ thống đối tác) thực hiện.")
    note: str = Field(description="Ghi chú, lý do.")
    at: datetime = Field(description="Thời điểm.")


class DossierOut(DossierSummaryOut):
    case: CaseRef | None = Field(description="Trường hợp.")
    applicant: ApplicantOut = Field(description="Chủ hồ sơ (thông tin khai trên hồ sơ).")
    result_delivery: Delivery = Field(description="Hình thức nhận kết quả.")
    result_address: str = Field(description="Địa chỉ nhận kết quả qua bưu chính.")
    fee_total: int = Field(description="Tổng phí, lệ phí (đồng).")
    received_at: datetime | None = Field(description="Tiếp nhận lúc.")
    finished_at: datetime | None = Field(description="Hoàn thành lúc.")
    returned_at: datetime | None = Field(description="Trả kết quả lúc.")
    allowed_actions: list[ActionName] = Field(description="Thao tác có thể yêu cầu ở trạng thái hiện tại.")
    files: list[FileOut] = Field(description="Tệp đính kèm.")
    results: list[ResultOut] = Field(description="Kết quả giải quyết.")
    events: list[EventOut] = Field(description="Lịch sử xử lý, cũ trước.")


class SupplementItemIn(Schema):
    component_id: int | None = Field(None, description="Thành phần hồ sơ của trường hợp (hoặc null và ghi name).")
    name: str = Field("", max_length=500, description="Tên giấy tờ cần bổ sung (khi không theo danh mục).")
    note: str = Field("", max_length=1000, description="Cần bổ sung gì, vì sao.")


class ActionIn(Schema):
    """Một thao tác trên hồ sơ theo quy trình (thực hiện bằng tài khoản hệ thống của đối tác)."""

    action: ActionName = Field(description="Thao tác.")
    note: str = Field("", max_length=2000, description="Ý kiến, lý do (bắt buộc với refuse, stop, send_back …).")
    expected_version: int | None = Field(
        None, ge=0, le=2**31, description="Phiên bản hồ sơ đã đọc; khác phiên bản hiện tại → 409."
    )
    items: list[SupplementItemIn] = Field([], max_length=50, description="request_supplement: các giấy tờ cần bổ sung.")
    contact: str = Field("", max_length=300, description="request_supplement: cán bộ hướng dẫn, liên hệ.")
    method: Delivery | None = Field(None, description="return_result: hình thức trả kết quả.")
    new_due_at: IsoDatetime | None = Field(None, description="apologise: ngày hẹn mới (ISO 8601, có múi giờ).")


class ApplicantIn(Schema):
    kind: Literal["citizen", "business", "organisation"] = Field("citizen", description="Loại chủ hồ sơ.")
    name: str = Field(min_length=1, max_length=300, description="Họ tên hoặc tên tổ chức.")
    id_number: str = Field(min_length=1, max_length=20, description="Số định danh cá nhân (12 số) hoặc mã số thuế.")
    date_of_birth: IsoDate | None = Field(None, description="Ngày sinh (YYYY-MM-DD).")
    address: str = Field("", max_length=500, description="Địa chỉ.")
    phone: str = Field("", max_length=20, description="Số điện thoại (cần số điện thoại hoặc thư điện tử).")
    email: str = Field("", max_length=254, description="Thư điện tử.")


class DossierCreateIn(Schema):
    """Trường “data” (JSON) của yêu cầu gửi hồ sơ; tệp gửi trong các trường “component_id” và “file”."""

    procedure_code: str = Field(min_length=1, max_length=60, description="Mã thủ tục (quốc gia hoặc địa phương).")
    case_id: int | None = Field(None, description="Trường hợp (bỏ trống nếu thủ tục chỉ có một trường hợp).")
    applicant: ApplicantIn = Field(description="Chủ hồ sơ.")
    result_delivery: Delivery = Field("counter", description="Hình thức nhận kết quả.")
    result_address: str = Field("", max_length=500, description="Địa chỉ nhận kết quả khi chọn post.")
    note: str = Field("", max_length=2000, description="Ghi chú của hệ thống gửi (ghi vào lịch sử hồ sơ).")


class ResultsOut(Schema):
    version: int = Field(description="Phiên bản hồ sơ sau khi đính kèm.")
    results: list[ResultOut] = Field(description="Các kết quả vừa đính kèm.")


# --- Writing a dossier out ---------------------------------------------------------------------------------
def local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def summary(dossier: Dossier) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "procedure": {"code": dossier.procedure.code, "name": dossier.procedure.name},
        "agency": {"code": dossier.agency.code, "name": dossier.agency.name},
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "national_code": national_code(dossier.state),
        "applicant_name": dossier.applicant_name,
        "submitted_at": local(dossier.submitted_at),
        "due_at": local(dossier.due_at),
        "updated_at": local(dossier.updated_at),
        "version": dossier.version,
    }


def partner_actions(state: str) -> list[str]:
    """The acts the dossiers workflow allows an officer from ``state`` (the services may still refuse: 409)."""
    possible = set(allowed_actions(state=state, role=Role.OFFICER))
    if state in (State.RECEIVED, State.PROCESSING):
        possible |= {"forward", "send_back", "apologise"}
    if state == State.AWAITING_PAYMENT:
        possible.add("apologise")
    return [action for action in ACTIONS if action in possible]


def _file(item: DossierFile) -> dict[str, Any]:
    return {
        "id": str(item.public_id),
        "component_id": item.component_id,
        "component_name": item.component_name,
        "original_name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "supplement": item.supplement_id is not None,
        "created_at": local(item.created_at),
    }


def result(item: DossierResult) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": item.title,
        "original_name": item.original_name,
        "size": item.size,
        "sha256": item.sha256,
        "signed": item.signed_at is not None,
        "signed_at": local(item.signed_at),
        "signer": item.signer_label,
    }


def _event(event: DossierEvent) -> dict[str, Any]:
    return {
        "action": event.action,
        "action_label": event.get_action_display(),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "national_code": national_code(event.to_state),
        "actor": event.actor_label,
        "note": event.note,
        "at": local(event.at),
    }


def detail(
    dossier: Dossier, *, files: list[DossierFile], results: list[DossierResult], events: list[DossierEvent]
) -> dict[str, Any]:
    return summary(dossier) | {
        "case": {"id": dossier.case.pk, "name": str(dossier.case)} if dossier.case is not None else None,
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "date_of_birth": dossier.applicant_date_of_birth,
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
        },
        "result_delivery": dossier.result_delivery,
        "result_address": dossier.result_address,
        "fee_total": dossier.fee_total,
        "received_at": local(dossier.received_at),
        "finished_at": local(dossier.finished_at),
        "returned_at": local(dossier.returned_at),
        "allowed_actions": partner_actions(dossier.state),
        "files": [_file(item) for item in files],
        "results": [result(item) for item in results],
        "events": [_event(event) for event in events],
    }
