"""Reads on dossiers. Every read is scoped to the actor; nobody reaches another person's dossier by its id."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.errors import NotFound

from ..models import Dossier, DossierEvent, DossierFile, DossierResult, SupplementRequest
from ..workflow import Action, State, national_code, state_label

INTERNAL_ACTIONS = (Action.FORWARD, Action.SEND_BACK, Action.ADD_RESULT, Action.SIGN_RESULT)

_NOT_FOUND = "Không tìm thấy hồ sơ."


def dossier_list_for_applicant(*, user: User) -> QuerySet[Dossier]:
    """The dossiers ``user`` created (drafts included), newest first."""
    return (
        Dossier.objects.filter(applicant_id=user.pk)
        .select_related("procedure", "agency", "case")
        .order_by("-created_at", "-id")
    )


# "Danh sách giao dịch" tabs: submitted dossiers, those waiting for a supplement, and drafts to resume.
TAB_SUBMITTED, TAB_SUPPLEMENT, TAB_DRAFTS = "da-nop", "bo-sung", "nhap"


def dossier_transactions_for_applicant(
    *,
    user: User,
    tab: str = TAB_SUBMITTED,
    field_id: int | None = None,
    state: str = "",
    code: str = "",
    procedure: Procedure | None = None,
) -> QuerySet[Dossier]:
    """ "Danh sách giao dịch": ``user``'s dossiers on one tab, filtered by field, status and (part of) the code."""
    dossiers = dossier_list_for_applicant(user=user)
    if tab == TAB_DRAFTS:
        dossiers = dossiers.filter(state=State.DRAFT)
    elif tab == TAB_SUPPLEMENT:
        dossiers = dossiers.filter(state=State.SUPPLEMENT_REQUESTED)
    else:
        dossiers = dossiers.exclude(state=State.DRAFT).order_by("-submitted_at", "-id")
    if procedure is not None:
        dossiers = dossiers.filter(procedure=procedure)
    if field_id is not None:
        dossiers = dossiers.filter(procedure__fields__id=field_id).distinct()
    if state and state in State.values:
        dossiers = dossiers.filter(state=state)
    if code.strip():
        dossiers = dossiers.filter(code__icontains=code.strip()[:60])
    return dossiers


def dossier_tab_counts(*, user: User) -> dict[str, int]:
    mine = Dossier.objects.filter(applicant_id=user.pk)
    return {
        TAB_SUBMITTED: mine.exclude(state=State.DRAFT).count(),
        TAB_SUPPLEMENT: mine.filter(state=State.SUPPLEMENT_REQUESTED).count(),
        TAB_DRAFTS: mine.filter(state=State.DRAFT).count(),
    }


def dossier_draft_get_for_applicant(*, user: User, public_id: str) -> Dossier:
    """One of ``user``'s drafts by its public id (wizard URLs); NotFound for anything else, submitted included."""
    try:
        dossier = dossier_list_for_applicant(user=user).filter(public_id=public_id, state=State.DRAFT).first()
    except (ValueError, ValidationError):
        dossier = None
    if dossier is None:
        raise NotFound(_NOT_FOUND)
    return dossier


def dossier_get_for_applicant(*, user: User, code_or_pk: str | int) -> Dossier:
    """One of ``user``'s dossiers by its code (or its number, for drafts); NotFound for anything else."""
    value = str(code_or_pk).strip()
    lookup = Q(pk=int(value)) if value.isdigit() else Q(code=value)
    dossier = dossier_list_for_applicant(user=user).filter(lookup).first()
    if dossier is None:
        raise NotFound(_NOT_FOUND)
    return dossier


def dossier_events_for_applicant(*, user: User, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The history of one of ``user``'s dossiers, oldest first — without the agency's internal hand-overs and
    their opinions (who forwarded to whom, results drafted and signed), which are the back office's record."""
    return (
        DossierEvent.objects.filter(dossier=dossier, dossier__applicant_id=user.pk)
        .exclude(action__in=INTERNAL_ACTIONS)
        .order_by("at", "id")
    )


def dossier_files_for_applicant(*, user: User, dossier: Dossier) -> QuerySet[DossierFile]:
    """The files of one of ``user``'s dossiers, in upload order."""
    return DossierFile.objects.filter(dossier=dossier, dossier__applicant_id=user.pk).order_by("created_at", "id")


def dossier_file_get_for_applicant(*, user: User, public_id: str) -> DossierFile:
    """A file of one of ``user``'s dossiers by its public id; NotFound for anybody else's."""
    try:
        found = (
            DossierFile.objects.filter(public_id=public_id, dossier__applicant_id=user.pk)
            .select_related("dossier")
            .first()
        )
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise NotFound("Không tìm thấy tệp.")
    return found


def dossier_results_for_applicant(*, user: User, dossier: Dossier) -> QuerySet[DossierResult]:
    """The signed results of one of ``user``'s dossiers, once returned ("Đã trả kết quả")."""
    return DossierResult.objects.filter(
        dossier=dossier, dossier__applicant_id=user.pk, dossier__state=State.RETURNED, signed_at__isnull=False
    ).order_by("number")


def dossier_result_get_for_applicant(*, user: User, dossier: Dossier, public_id: str) -> DossierResult:
    """One returned result of one of ``user``'s dossiers; NotFound for anything else."""
    try:
        found = dossier_results_for_applicant(user=user, dossier=dossier).filter(public_id=public_id).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise NotFound("Không tìm thấy kết quả giải quyết.")
    return found


def supplement_requests_for_applicant(*, user: User, dossier: Dossier) -> QuerySet[SupplementRequest]:
    """Every supplement request of one of ``user``'s dossiers, oldest first (the open one is the last)."""
    return SupplementRequest.objects.filter(dossier=dossier, dossier__applicant_id=user.pk).order_by(
        "requested_at", "id"
    )


@dataclass(frozen=True)
class PublicStatus:
    code: str
    state: str
    state_label: str
    national_code: int | None
    due_at: datetime | None


def dossier_public_status(*, code: str, id_number: str) -> PublicStatus:
    """Public lookup: status and due date only, when both the code and the applicant's (or principal's) ID match."""
    code, id_number = code.strip(), id_number.strip()
    if not code or not id_number:
        raise NotFound(_NOT_FOUND)
    dossier = (
        Dossier.objects.filter(code=code)
        .exclude(state=State.DRAFT)
        .filter(Q(applicant_id_number=id_number) | Q(principal__id_number=id_number))
        .only("code", "state", "due_at")
        .first()
    )
    if dossier is None or dossier.code is None:
        raise NotFound(_NOT_FOUND)
    return PublicStatus(
        code=dossier.code,
        state=dossier.state,
        state_label=state_label(dossier.state),
        national_code=national_code(dossier.state),
        due_at=dossier.due_at,
    )
