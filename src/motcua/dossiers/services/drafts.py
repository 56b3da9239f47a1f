"""The applicant's draft (the "Nộp hồ sơ trực tuyến" wizard) and its submission.

Every step saves on the server as the applicant goes; nothing is required until "Nộp hồ sơ", which checks the
whole dossier (``submission_problems``) and refuses, saying what is missing and on which step.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import AccountKind, CitizenProfile, EDataItem, Organisation, User
from motcua.catalogue.models import Channel, Procedure, ProcedureCase
from motcua.core.errors import DomainError
from motcua.notifications.services import normalise_phone

from ..models import ApplicantKind, Dossier, DossierFile, ResultDelivery
from ..workflow import Action, State, transition_for
from .core import actor_role, apply, dossier_code_allocate, draft_lock, lock, procedure_check_open
from .files import draft_files_detach_other_cases, files_forget

# The wizard's steps in order (slugs are URL parts: keep them stable).
STEPS = ("nguoi-nop", "truong-hop", "thanh-phan", "nhan-ket-qua", "kiem-tra")


@dataclass(frozen=True)
class ApplicantData:
    """The "Thông tin người nộp" block as the applicant declared it (already parsed by the form)."""

    name: str = ""
    id_number: str = ""
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PrincipalData:
    """Nộp thay / ủy quyền: the person or organisation the applicant submits for."""

    kind: str = ApplicantKind.CITIZEN
    name: str = ""
    id_number: str = ""
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    authorisation: str = ""  # the authorisation document's number/date, or the relationship

    def as_json(self) -> dict:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["date_of_birth"] = self.date_of_birth.isoformat() if self.date_of_birth else ""
        return data


@dataclass(frozen=True)
class Problem:
    """One thing that stops submission, and the wizard step where the applicant fixes it."""

    step: str
    message: str


@dataclass
class _Snapshot:
    values: dict = field(default_factory=dict)
    locked: frozenset[str] = frozenset()


def _mobile_or_blank(phone: str) -> str:
    """Notices go by SMS: prefill the account's number only when it is a mobile one (a landline given at sign-up
    would be refused by the form the applicant did not touch)."""
    try:
        return normalise_phone(phone)
    except DomainError:
        return ""


def _account_snapshot(user: User) -> _Snapshot:
    """What the account already holds (e-ID data, organisation record) and which of it the applicant may not edit.

    Data the national e-ID vouched for (name, ID number, date of birth) is not retyped and not editable; nor is a
    business's tax code. Address, phone and e-mail are the applicant's to change for this dossier.
    """
    values = {
        "applicant_name": user.full_name,
        "applicant_phone": _mobile_or_blank(user.phone),
        "applicant_email": user.email,
    }
    if user.kind in (AccountKind.BUSINESS, AccountKind.ORGANISATION):
        values["applicant_kind"] = ApplicantKind(user.kind)
        organisation = Organisation.objects.filter(user=user).first()
        if organisation is None:
            return _Snapshot(values)
        values |= {
            "applicant_name": organisation.name,
            "applicant_id_number": organisation.tax_code,
            "applicant_address": organisation.address,
        }
        return _Snapshot(values, frozenset({"applicant_id_number"}))
    values["applicant_kind"] = ApplicantKind.CITIZEN
    profile = CitizenProfile.objects.filter(user=user).first()
    if profile is None:
        return _Snapshot(values)
    values |= {
        "applicant_id_number": profile.id_number or "",
        "applicant_date_of_birth": profile.date_of_birth,
        "applicant_address": profile.address,
    }
    locked = (
        {"applicant_name", "applicant_id_number", "applicant_date_of_birth"} if profile.verified_by_vneid else set()
    )
    return _Snapshot(values, frozenset(name for name in locked if values.get(name)))


def applicant_locked_fields(*, user: User) -> frozenset[str]:
    """The applicant fields (``applicant_*``) the form shows read-only for ``user``."""
    return _account_snapshot(user).locked


def online_channel(case: ProcedureCase | None) -> Channel | None:
    """The channel whose time and fees apply to an online dossier: the online one, else the first listed."""
    if case is None:
        return None
    channels = list(case.channels.all())
    return next((c for c in channels if c.kind == Channel.Kind.ONLINE), channels[0] if channels else None)


# --- Draft ----------------------------------------------------------------------------------------
def dossier_draft_create(*, applicant: User, procedure: Procedure, case: ProcedureCase | None = None) -> Dossier:
    """A new draft for ``applicant``, prefilled from the account; refused for closed or offline procedures."""
    if applicant.kind == AccountKind.OFFICER:
        raise DomainError("Tài khoản cán bộ không thể nộp hồ sơ trực tuyến với tư cách người nộp.", code="forbidden")
    procedure_check_open(procedure)
    if case is not None and case.procedure_id != procedure.pk:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case_mismatch")
    if case is None:
        cases = list(procedure.cases.all()[:2])
        case = cases[0] if len(cases) == 1 else None
    with transaction.atomic():
        return Dossier.objects.create(
            applicant=applicant,
            procedure=procedure,
            case=case,
            agency=procedure.agency,
            state=State.DRAFT,
            wizard_step=STEPS[0],
            **_account_snapshot(applicant).values,
        )


def _reach(dossier: Dossier, step: str) -> list[str]:
    """Remember the furthest step reached (resume point)."""
    if step in STEPS and (dossier.wizard_step not in STEPS or STEPS.index(step) > STEPS.index(dossier.wizard_step)):
        dossier.wizard_step = step
        return ["wizard_step"]
    return []


@transaction.atomic
def dossier_draft_update_applicant(
    *, dossier: Dossier, actor: User, applicant: ApplicantData, principal: PrincipalData | None, step: str = ""
) -> Dossier:
    """Save "Thông tin người nộp" (and the principal for nộp thay / ủy quyền); e-ID-vouched values stay as they are."""
    locked = draft_lock(dossier=dossier, actor=actor)
    protected = applicant_locked_fields(user=actor)
    values = {
        "applicant_name": applicant.name.strip()[:300],
        "applicant_id_number": applicant.id_number.strip()[:20],
        "applicant_date_of_birth": applicant.date_of_birth,
        "applicant_address": applicant.address.strip()[:500],
        "applicant_phone": applicant.phone.strip()[:20],
        "applicant_email": applicant.email.strip()[:254],
    }
    for name, value in values.items():
        if name not in protected:
            setattr(locked, name, value)
    locked.principal = principal.as_json() if principal is not None else {}
    locked.save(update_fields=[*values, "principal", "updated_at", *_reach(locked, step)])
    return locked


@transaction.atomic
def dossier_draft_choose_case(*, dossier: Dossier, actor: User, case: ProcedureCase, step: str = "") -> Dossier:
    """Choose the trường hợp. Files already attached to components of another case are detached."""
    locked = draft_lock(dossier=dossier, actor=actor)
    if case.procedure_id != locked.procedure_id:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case_mismatch")
    if locked.case_id != case.pk:
        draft_files_detach_other_cases(dossier=locked, case=case)
        locked.case = case
    locked.save(update_fields=["case", "updated_at", *_reach(locked, step)])
    return locked


@transaction.atomic
def dossier_draft_update_delivery(
    *,
    dossier: Dossier,
    actor: User,
    result_delivery: str,
    result_address: str = "",
    post_pickup: bool = False,
    pickup_address: str = "",
    step: str = "",
) -> Dossier:
    """Save "Nhận kết quả": online, at the counter or by post (with the address), and the home pickup option."""
    locked = draft_lock(dossier=dossier, actor=actor)
    if result_delivery not in ResultDelivery.values:
        raise DomainError("Hình thức nhận kết quả không hợp lệ.", code="delivery")
    locked.result_delivery = result_delivery
    locked.result_address = result_address.strip()[:500] if result_delivery == ResultDelivery.POST else ""
    locked.post_pickup = bool(post_pickup)
    locked.pickup_address = pickup_address.strip()[:500] if post_pickup else ""
    fields = ["result_delivery", "result_address", "post_pickup", "pickup_address", "updated_at"]
    locked.save(update_fields=fields + _reach(locked, step))
    return locked


@transaction.atomic
def dossier_draft_reach(*, dossier: Dossier, actor: User, step: str) -> Dossier:
    """Record that the applicant moved on to ``step`` (a step with nothing to save, e.g. after the uploads)."""
    locked = draft_lock(dossier=dossier, actor=actor)
    changed = _reach(locked, step)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    return locked


@transaction.atomic
def dossier_draft_discard(*, dossier: Dossier, actor: User) -> None:
    """Delete a draft ("Xóa bản nháp"); its uploads go with it (the stored files are collected afterwards)."""
    locked = draft_lock(dossier=dossier, actor=actor)
    files_forget(files=list(locked.files.all()))
    locked.delete()


# --- Submission -----------------------------------------------------------------------------------
def submission_problems(dossier: Dossier) -> list[Problem]:
    """Everything that stops ``dossier`` from being submitted, in wizard order; empty when it can go."""
    problems: list[Problem] = []
    if not dossier.applicant_name.strip():
        problems.append(Problem("nguoi-nop", "Chưa nhập họ tên (hoặc tên tổ chức) của người nộp."))
    if not dossier.applicant_id_number.strip():
        problems.append(Problem("nguoi-nop", "Chưa nhập số định danh cá nhân (hoặc mã số thuế) của người nộp."))
    if not (dossier.applicant_phone.strip() or dossier.applicant_email.strip()):
        problems.append(Problem("nguoi-nop", "Cần ít nhất số điện thoại hoặc thư điện tử để nhận thông báo."))
    principal = dossier.principal or {}
    if principal and not (principal.get("name", "").strip() and principal.get("id_number", "").strip()):
        problems.append(Problem("nguoi-nop", "Chưa nhập đủ họ tên và số giấy tờ của người được nộp thay."))
    if dossier.case_id is None:
        problems.append(Problem("truong-hop", "Chưa chọn trường hợp thực hiện thủ tục."))
    else:
        attached = set(
            DossierFile.objects.filter(dossier=dossier, supplement__isnull=True).values_list("component_id", flat=True)
        )
        for component in dossier.case.components.all():
            if component.required and component.pk not in attached:
                problems.append(Problem("thanh-phan", f"Chưa đính kèm thành phần hồ sơ bắt buộc: {component.name}"))
    if dossier.result_delivery == ResultDelivery.POST and not dossier.result_address.strip():
        problems.append(Problem("nhan-ket-qua", "Chưa nhập địa chỉ nhận kết quả qua bưu chính."))
    if dossier.post_pickup and not dossier.pickup_address.strip():
        problems.append(Problem("nhan-ket-qua", "Chưa nhập địa chỉ để bưu điện đến nhận hồ sơ."))
    return problems


def _data_store_keep(dossier: Dossier) -> None:
    """The documents just submitted join the applicant's "Kho dữ liệu cá nhân" (same stored file, no copy)."""
    for attached in dossier.files.filter(reused_from__isnull=True):
        EDataItem.objects.get_or_create(
            owner_id=dossier.applicant_id,
            sha256=attached.sha256,
            defaults={
                "title": attached.component_name[:500],
                "source": EDataItem.Source.UPLOAD,
                "source_code": dossier.code or "",
                "file": attached.file.name,
                "original_name": attached.original_name,
                "content_type": attached.content_type,
                "size": attached.size,
            },
        )


def dossier_submit(*, dossier: Dossier, actor: User, idempotency_key: str) -> Dossier:
    """Submit a draft: give it its code and state "Mới đăng ký". Same key again → the same dossier, no new code."""
    if not idempotency_key or len(idempotency_key) > 64:
        raise DomainError("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang.", code="bad_idempotency_key")
    with transaction.atomic():
        earlier = Dossier.objects.filter(applicant=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.pk != dossier.pk:
                raise DomainError("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang.", code="key_reused")
            return earlier
        locked = lock(dossier)  # a concurrent submit of the same draft waits here, then sees it submitted
        if locked.idempotency_key == idempotency_key and locked.applicant_id == actor.pk:
            return locked
        transition = transition_for(action=Action.SUBMIT, state=locked.state)
        actor_role(dossier=locked, actor=actor, transition=transition)
        procedure_check_open(locked.procedure)
        problems = submission_problems(locked)
        if problems:
            raise DomainError(" ".join(p.message for p in problems), code="incomplete")
        channel = online_channel(locked.case)
        if channel is not None:
            locked.fee_total = channel.total_fee
            locked.duration_value, locked.duration_unit = channel.duration_value, channel.duration_unit
        citizen = CitizenProfile.objects.filter(user=actor).first()
        locked.verified_by_vneid = bool(citizen and citizen.verified_by_vneid)
        locked.code = dossier_code_allocate(agency=locked.agency, on=timezone.localdate())
        locked.idempotency_key = idempotency_key
        locked.save(
            update_fields=[
                "code",
                "idempotency_key",
                "verified_by_vneid",
                "fee_total",
                "duration_value",
                "duration_unit",
                "updated_at",
            ]
        )
        _data_store_keep(locked)
        return apply(dossier=locked, transition=transition, actor=actor, note="")
