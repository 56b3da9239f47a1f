"""Reads on dossiers. Every read is scoped to the actor; nobody reaches another person's dossier by its id."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from motcua.accounts.models import User
from motcua.core.errors import NotFound

from .models import Dossier, DossierEvent
from .workflow import State, national_code, state_label

_NOT_FOUND = "Không tìm thấy hồ sơ."


def dossier_list_for_applicant(*, user: User) -> QuerySet[Dossier]:
    """The dossiers ``user`` created (drafts included), newest first."""
    return (
        Dossier.objects.filter(applicant_id=user.pk)
        .select_related("procedure", "agency", "case")
        .order_by("-created_at", "-id")
    )


def dossier_get_for_applicant(*, user: User, code_or_pk: str | int) -> Dossier:
    """One of ``user``'s dossiers by its code (or its number, for drafts); NotFound for anything else."""
    value = str(code_or_pk).strip()
    lookup = Q(pk=int(value)) if value.isdigit() else Q(code=value)
    dossier = dossier_list_for_applicant(user=user).filter(lookup).first()
    if dossier is None:
        raise NotFound(_NOT_FOUND)
    return dossier


def dossier_events_for_applicant(*, user: User, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The history of one of ``user``'s dossiers, oldest first."""
    return DossierEvent.objects.filter(dossier=dossier, dossier__applicant_id=user.pk).order_by("at", "id")


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
