"""Counter intake ("tiếp nhận trực tiếp"): a walk-in citizen's dossier entered, scanned and received by the officer.

The officer starts a counter draft for a procedure, fills "Thông tin người nộp", attaches the scanned components
(the same inspected, streamed uploads as online) and presses "Tiếp nhận": the dossier gets its code, is submitted
and received in one transaction, and form 01 is printed on the spot. If the person already has an account on the
portal (found by their ID number), the dossier is linked to it: it appears in their "Danh sách giao dịch" and they
are notified like any online applicant. Until it is received, a counter draft belongs to the officer who started
it, and nobody else sees it.
"""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import CitizenProfile, User
from motcua.catalogue.models import Channel, Procedure, ProcedureCase
from motcua.core.errors import DomainError, NotFound

from ..access import reception_agency_ids
from ..models import Dossier, DossierFile, ResultDelivery
from ..workflow import Action, State, transition_for
from .core import apply, dossier_code_allocate, lock
from .drafts import ApplicantData, submission_problems
from .files import _attach, _case_component
from .lifecycle import receive_now

_FORBIDDEN = "Bạn không tiếp nhận hồ sơ của cơ quan này."


def _check_desk(officer: User, procedure: Procedure) -> None:
    if procedure.agency_id not in reception_agency_ids(officer=officer):
        raise DomainError(_FORBIDDEN, code="forbidden")


def dossier_counter_start(*, officer: User, procedure: Procedure, case: ProcedureCase | None = None) -> Dossier:
    """A counter draft for ``procedure`` (any procedure in force; online level does not matter at the desk)."""
    _check_desk(officer, procedure)
    if not procedure.is_active:
        raise DomainError("Thủ tục này hiện không còn áp dụng.", code="procedure_inactive")
    if case is not None and case.procedure_id != procedure.pk:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case_mismatch")
    if case is None:
        cases = list(procedure.cases.all()[:2])
        case = cases[0] if len(cases) == 1 else None
    return Dossier.objects.create(
        applicant=None,
        entered_by=officer,
        received_at_counter=True,
        procedure=procedure,
        case=case,
        agency=procedure.agency,
        state=State.DRAFT,
        result_delivery=ResultDelivery.COUNTER,
    )


def _counter_lock(dossier: Dossier, officer: User) -> Dossier:
    locked = lock(dossier)
    if locked.entered_by_id != officer.pk or not locked.received_at_counter:
        raise NotFound("Không tìm thấy hồ sơ.")
    if locked.state != State.DRAFT:
        raise DomainError(f"Hồ sơ {locked.code} đã được tiếp nhận.", code="not_draft")
    return locked


@transaction.atomic
def dossier_counter_update(
    *,
    dossier: Dossier,
    officer: User,
    applicant: ApplicantData,
    case_id: int | None,
    result_delivery: str,
    result_address: str = "",
) -> Dossier:
    """Save the applicant block, the case and how the result will be returned."""
    locked = _counter_lock(dossier, officer)
    if case_id is not None and case_id != locked.case_id:
        case = locked.procedure.cases.filter(pk=case_id).first()
        if case is None:
            raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case_mismatch")
        DossierFile.objects.filter(dossier=locked).exclude(component__case=case).delete()
        locked.case = case
    if result_delivery not in (ResultDelivery.COUNTER, ResultDelivery.POST):
        raise DomainError("Hồ sơ nộp tại quầy nhận kết quả tại quầy hoặc qua bưu chính.", code="delivery")
    locked.applicant_name = applicant.name.strip()[:300]
    locked.applicant_id_number = applicant.id_number.strip()[:20]
    locked.applicant_date_of_birth = applicant.date_of_birth
    locked.applicant_address = applicant.address.strip()[:500]
    locked.applicant_phone = applicant.phone.strip()[:20]
    locked.applicant_email = applicant.email.strip()[:254]
    locked.result_delivery, locked.result_address = result_delivery, result_address.strip()[:500]
    locked.save()
    return locked


def counter_file_add(*, dossier: Dossier, officer: User, component_id: int, upload: UploadedFile) -> DossierFile:
    """Attach a scanned component to a counter draft (inspected and streamed like an online upload)."""
    if dossier.entered_by_id != officer.pk:
        raise NotFound("Không tìm thấy hồ sơ.")
    component = _case_component(dossier, component_id)

    def relock() -> Dossier:
        locked = _counter_lock(dossier, officer)
        _case_component(locked, component_id)
        return locked

    return _attach(
        dossier=dossier,
        actor=officer,
        upload=upload,
        accepted=component.accepted_types_list,
        max_mb=component.max_size_mb,
        row={"component": component, "component_name": component.name},
        relock=relock,
    )


def _counter_channel(case: ProcedureCase | None) -> Channel | None:
    if case is None:
        return None
    channels = list(case.channels.all())
    return next((c for c in channels if c.kind == Channel.Kind.IN_PERSON), channels[0] if channels else None)


def dossier_counter_receive(*, dossier: Dossier, officer: User, note: str = "") -> Dossier:
    """ "Tiếp nhận" at the counter: code, submitted and received at once; the appointment counted from now."""
    with transaction.atomic():
        locked = _counter_lock(dossier, officer)
        problems = submission_problems(locked)
        if problems:
            raise DomainError(" ".join(p.message for p in problems), code="incomplete")
        channel = _counter_channel(locked.case)
        if channel is not None:
            locked.fee_total = channel.total_fee
            locked.duration_value, locked.duration_unit = channel.duration_value, channel.duration_unit
        profile = CitizenProfile.objects.filter(id_number=locked.applicant_id_number).select_related("user").first()
        locked.applicant = profile.user if profile is not None else None
        today: date = timezone.localdate()
        locked.code = dossier_code_allocate(agency=locked.agency, on=today)
        locked.save()
        apply(dossier=locked, transition=transition_for(action=Action.SUBMIT, state=locked.state), actor=officer,
              note="Nộp trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả")  # fmt: skip
        return receive_now(locked, officer=officer, note=note)
