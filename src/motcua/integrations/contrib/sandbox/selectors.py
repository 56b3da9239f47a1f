"""Reads of the sandbox portal's pages: the dossiers it heard of, and one dossier's messages."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, OuterRef, Subquery

from motcua.dossiers.workflow import NATIONAL_CODES, State

from .models import ReceivedMessage

# The national list of status codes (domain.md §4), as the portal shows them.
STATUS_LABELS: dict[int, str] = {code: str(State(state).label) for state, code in NATIONAL_CODES.items() if code}
PAGE = 200


@dataclass(frozen=True)
class DossierRow:
    code: str
    status_code: int
    status: str
    messages: int
    last_received_at: datetime


@dataclass(frozen=True)
class MessageRow:
    message: ReceivedMessage
    status: str
    pretty: str


def received_dossiers(*, code: str = "") -> list[DossierRow]:
    """The latest PAGE dossiers the portal heard of (or those whose code contains ``code``), newest first."""
    latest = ReceivedMessage.objects.filter(dossier_code=OuterRef("dossier_code")).order_by("-sequence")
    rows = ReceivedMessage.objects.values("dossier_code")
    if code:
        rows = rows.filter(dossier_code__icontains=code.strip())
    rows = rows.annotate(
        n=Count("id"), last=Max("received_at"), status=Subquery(latest.values("status_code")[:1])
    ).order_by("-last")[:PAGE]
    return [
        DossierRow(row["dossier_code"], row["status"], STATUS_LABELS.get(row["status"], ""), row["n"], row["last"])
        for row in rows
    ]


def received_messages(*, dossier_code: str) -> list[MessageRow]:
    messages = ReceivedMessage.objects.filter(dossier_code=dossier_code).order_by("sequence")
    return [
        MessageRow(m, STATUS_LABELS.get(m.status_code, ""), json.dumps(m.payload, ensure_ascii=False, indent=2))
        for m in messages
    ]
