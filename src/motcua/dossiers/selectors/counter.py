"""Counter drafts: a walk-in dossier being entered belongs to the officer who started it, until it is received."""

import uuid

from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.core.errors import NotFound

from ..models import Dossier, DossierFile
from ..workflow import State


def counter_drafts_for_officer(*, officer: User) -> QuerySet[Dossier]:
    """The officer's counter drafts not yet received, newest first (to resume one after an interruption)."""
    return (
        Dossier.objects.filter(entered_by=officer, received_at_counter=True, state=State.DRAFT)
        .select_related("procedure", "case")
        .order_by("-created_at", "-id")
    )


def counter_draft_get_for_officer(*, officer: User, public_id: str) -> Dossier:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound("Không tìm thấy hồ sơ.") from None
    draft = counter_drafts_for_officer(officer=officer).filter(public_id=key).first()
    if draft is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return draft


def counter_draft_files(*, officer: User, dossier: Dossier) -> QuerySet[DossierFile]:
    return DossierFile.objects.filter(dossier=dossier, dossier__entered_by=officer).order_by("created_at", "id")


def counter_received_code_for_officer(*, officer: User, public_id: str) -> str | None:
    """The code of a counter dossier this officer entered and already received (a repeated "Tiếp nhận")."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        Dossier.objects.filter(entered_by=officer, received_at_counter=True, public_id=key)
        .exclude(state=State.DRAFT)
        .values_list("code", flat=True)
        .first()
    )
