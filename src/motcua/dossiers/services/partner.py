"""Partner systems (through the REST API): their service account, and dossiers they send in from their own system.

A partner system that works on an agency's dossiers acts through a service account: an officer account with no
password (nobody signs in with it), named after the partner, holding the processing roles in that one agency. The
other services then check it like any officer, and each act it takes is written to the dossier's history and the
audit log under the partner's name.

``dossier_partner_create`` takes a whole dossier at once — applicant, case, delivery and every file — and submits
it ("Mới đăng ký", national status 1): all of it or nothing. Files go through the same checks as the portal's
uploads (type by content, per-component size and formats, files per component, the dossier's total size). A key
sent again (``idempotency_key``: a retried request) returns the dossier first created for it, never a second one.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import AccountKind, CitizenProfile, StaffMembership, StaffRole, User
from motcua.catalogue.models import Agency, ComponentRequirement, Procedure, ProcedureCase
from motcua.core.errors import DomainError
from motcua.core.uploads import InspectedFile, inspect_upload

from ..access import reception_agency_ids
from ..models import ApplicantKind, Dossier, DossierFile, ResultDelivery
from ..workflow import Action, State, transition_for
from .core import apply, dossier_code_allocate
from .drafts import ApplicantData, online_channel, submission_problems
from .files import MB, _store

# The roles a partner's service account holds in its agency: enough for every step of a dossier's processing.
PARTNER_ROLES = (
    StaffRole.RECEPTION,
    StaffRole.SPECIALIST,
    StaffRole.DIVISION_HEAD,
    StaffRole.AGENCY_LEADER,
    StaffRole.CLERK,
)
MAX_IDEMPOTENCY_KEY = 200


# --- The service account --------------------------------------------------------------------------
def partner_account_label(name: str) -> str:
    return f"{name} (hệ thống đối tác)"[:200]


@transaction.atomic
def partner_account_ensure(*, username: str, name: str, agency: Agency, account: User | None = None) -> User:
    """The service account of partner ``name`` in ``agency``: created, or brought in line (name, agency, roles)."""
    if account is None:
        account = User(username=username[:150], kind=AccountKind.OFFICER)
        account.set_unusable_password()
    elif account.kind != AccountKind.OFFICER:
        raise DomainError("Tài khoản hệ thống của đối tác không phải tài khoản cán bộ.", code="kind")
    account.full_name, account.is_active = partner_account_label(name), True
    account.save()
    StaffMembership.objects.filter(user=account).exclude(agency=agency, role__in=PARTNER_ROLES).delete()
    for role in PARTNER_ROLES:
        StaffMembership.objects.get_or_create(user=account, agency=agency, role=role)
    return account


def partner_account_disable(*, account: User) -> None:
    """A revoked partner's account acts no more (its memberships stay: the history still names it)."""
    User.objects.filter(pk=account.pk).update(is_active=False)


# --- A dossier sent in by a partner system ----------------------------------------------------------
@dataclass(frozen=True)
class PartnerUpload:
    """One file for one component of the chosen case (the component's id in the catalogue)."""

    component_id: int
    upload: UploadedFile


@dataclass(frozen=True)
class PartnerSubmission:
    procedure: Procedure
    case_id: int | None
    applicant: ApplicantData
    applicant_kind: str = ApplicantKind.CITIZEN
    result_delivery: str = ResultDelivery.COUNTER
    result_address: str = ""
    note: str = ""


def idempotency_digest(*, officer: User, key: str) -> str:
    """What a partner's ``Idempotency-Key`` is stored as on the dossier (fixed length, never the raw key)."""
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise DomainError(
            f"Tiêu đề Idempotency-Key phải có từ 1 đến {MAX_IDEMPOTENCY_KEY} ký tự in được.", code="idempotency_key"
        )
    return "api:" + hashlib.sha256(f"{officer.pk}:{key}".encode()).hexdigest()[:60]


def _case(procedure: Procedure, case_id: int | None) -> ProcedureCase:
    cases = list(procedure.cases.all())
    if case_id is None:
        if len(cases) != 1:
            raise DomainError("Thủ tục có nhiều trường hợp: vui lòng chọn trường hợp (case_id).", code="case")
        return cases[0]
    case = next((c for c in cases if c.pk == case_id), None)
    if case is None:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case")
    return case


def _check_procedure(officer: User, procedure: Procedure) -> None:
    if procedure.agency_id not in reception_agency_ids(officer=officer):
        raise DomainError("Hệ thống đối tác không tiếp nhận hồ sơ của thủ tục này.", code="procedure_agency")
    today = timezone.localdate()
    in_force = (procedure.effective_from is None or procedure.effective_from <= today) and (
        procedure.effective_to is None or procedure.effective_to >= today
    )
    if not procedure.is_active or not in_force:
        raise DomainError("Thủ tục này hiện không áp dụng.", code="procedure_inactive")


def _check_applicant(submission: PartnerSubmission, linked: User | None) -> None:
    if submission.applicant_kind not in ApplicantKind.values:
        raise DomainError("Loại chủ hồ sơ không hợp lệ.", code="applicant_kind")
    if submission.applicant.email.strip():
        try:
            validate_email(submission.applicant.email.strip())
        except ValidationError:
            raise DomainError("Địa chỉ thư điện tử của người nộp không hợp lệ.", code="email") from None
    if submission.result_delivery not in ResultDelivery.values:
        raise DomainError("Hình thức nhận kết quả không hợp lệ.", code="result_delivery")
    if submission.result_delivery == ResultDelivery.ONLINE and linked is None:
        raise DomainError(
            "Chỉ nhận kết quả trực tuyến khi người nộp có tài khoản trên Cổng Dịch vụ công (tìm theo số định danh); "
            "hãy chọn nhận tại quầy hoặc qua bưu chính.",
            code="result_delivery",
        )


_Checked = tuple[ComponentRequirement, InspectedFile, UploadedFile]


def _inspect(case: ProcedureCase, uploads: list[PartnerUpload]) -> list[_Checked]:
    """Check every file before anything is stored: component of the case, type by content, sizes and counts.
    The same document sent twice for one component is kept once."""
    components = {component.pk: component for component in case.components.all()}
    checked: list[_Checked] = []
    for item in uploads:
        component = components.get(item.component_id)
        if component is None:
            raise DomainError(
                f"Thành phần hồ sơ số {item.component_id} không thuộc trường hợp đã chọn.", code="component"
            )
        inspected = inspect_upload(
            item.upload,
            name=item.upload.name or "",
            accepted=component.accepted_types_list,
            max_bytes=component.max_size_mb * MB,
        )
        if not any(c.pk == component.pk and i.sha256 == inspected.sha256 for c, i, _ in checked):
            checked.append((component, inspected, item.upload))
    for component in components.values():
        if sum(1 for c, _, _ in checked if c.pk == component.pk) > settings.MOTCUA_FILES_PER_COMPONENT:
            raise DomainError(
                f"Mỗi thành phần hồ sơ được đính kèm tối đa {settings.MOTCUA_FILES_PER_COMPONENT} tệp.",
                code="too_many",
            )
    if sum(i.size for _, i, _ in checked) > settings.MOTCUA_DOSSIER_MAX_MB * MB:
        raise DomainError(
            f"Tổng dung lượng các tệp của hồ sơ vượt quá {settings.MOTCUA_DOSSIER_MAX_MB} MB.", code="dossier_too_large"
        )
    return checked


def dossier_partner_find(*, officer: User, idempotency_key: str) -> Dossier | None:
    """The dossier this partner already created under ``idempotency_key``, if any."""
    digest = idempotency_digest(officer=officer, key=idempotency_key)
    return Dossier.objects.filter(entered_by=officer, idempotency_key=digest).first()


def dossier_partner_create(
    *, officer: User, submission: PartnerSubmission, uploads: list[PartnerUpload], idempotency_key: str
) -> tuple[Dossier, bool]:
    """Create and submit a dossier sent by a partner system; ``(dossier, created)`` — False for a retried key."""
    digest = idempotency_digest(officer=officer, key=idempotency_key)
    earlier = Dossier.objects.filter(entered_by=officer, idempotency_key=digest).first()
    if earlier is not None:
        return earlier, False
    procedure = submission.procedure
    _check_procedure(officer, procedure)
    case = _case(procedure, submission.case_id)
    id_number = submission.applicant.id_number.strip()[:20]
    profile = CitizenProfile.objects.filter(id_number=id_number).select_related("user").first() if id_number else None
    linked = profile.user if profile is not None else None
    _check_applicant(submission, linked)
    checked = _inspect(case, uploads)
    stored: list[str] = []
    try:
        for _, inspected, upload in checked:
            stored.append(_store(upload, inspected))
        with transaction.atomic():
            # One partner's creations one at a time: a retried request waits here, then finds the first one.
            User.objects.select_for_update().filter(pk=officer.pk).first()
            earlier = Dossier.objects.filter(entered_by=officer, idempotency_key=digest).first()
            if earlier is not None:
                for name in stored:
                    default_storage.delete(name)
                return earlier, False
            dossier = _create(officer, submission, case, linked, checked, stored, digest)
        return dossier, True
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _create(
    officer: User,
    submission: PartnerSubmission,
    case: ProcedureCase,
    linked: User | None,
    checked: list[_Checked],
    stored: list[str],
    digest: str,
) -> Dossier:
    applicant = submission.applicant
    delivery = submission.result_delivery
    dossier = Dossier.objects.create(
        procedure=submission.procedure,
        case=case,
        agency=submission.procedure.agency,
        applicant=linked,
        entered_by=officer,
        state=State.DRAFT,
        applicant_kind=submission.applicant_kind,
        applicant_name=applicant.name.strip()[:300],
        applicant_id_number=applicant.id_number.strip()[:20],
        applicant_date_of_birth=applicant.date_of_birth,
        applicant_address=applicant.address.strip()[:500],
        applicant_phone=applicant.phone.strip()[:20],
        applicant_email=applicant.email.strip()[:254],
        result_delivery=delivery,
        result_address=submission.result_address.strip()[:500] if delivery == ResultDelivery.POST else "",
    )
    DossierFile.objects.bulk_create(
        DossierFile(
            dossier=dossier,
            component=component,
            component_name=component.name,
            file=name,
            original_name=inspected.safe_name,
            content_type=inspected.kind.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=officer,
        )
        for (component, inspected, _), name in zip(checked, stored, strict=True)
    )
    problems = submission_problems(dossier)
    if problems:
        raise DomainError(" ".join(p.message for p in problems), code="incomplete")
    channel = online_channel(case)
    if channel is not None:
        dossier.fee_total = channel.total_fee
        dossier.duration_value, dossier.duration_unit = channel.duration_value, channel.duration_unit
    dossier.code = dossier_code_allocate(agency=dossier.agency, on=timezone.localdate())
    dossier.idempotency_key = digest
    changed = ["fee_total", "duration_value", "duration_unit", "code", "idempotency_key", "updated_at"]
    dossier.save(update_fields=changed)
    note = submission.note.strip()[:2000] or "Nộp qua hệ thống đối tác"
    transition = transition_for(action=Action.SUBMIT, state=dossier.state)
    return apply(dossier=dossier, transition=transition, actor=officer, note=note)
