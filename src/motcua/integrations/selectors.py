"""Reads of integrations: a dossier's national sync state for the officer's page; endpoints and counts for the CLI."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.access import officer_agency_ids
from motcua.dossiers.models import Dossier

from .models import MessageState, NationalMessage, WebhookEndpoint
from .models.national import STOPPED_STATES
from .national.base import adapter_get

SYNCED, PENDING, RETRYING, STOPPED, NOT_SENT = "synced", "pending", "retrying", "stopped", "not_sent"
RECENT = 20


@dataclass(frozen=True)
class NationalSync:
    state: str  # SYNCED | PENDING | RETRYING | STOPPED | NOT_SENT
    label: str
    head: NationalMessage | None  # the message waiting to be accepted (None: all synced)
    last_accepted: NationalMessage | None
    messages: list[NationalMessage]  # the latest RECENT, newest first
    may_retry: bool
    adapter_label: str


def _state(head: NationalMessage | None, messages: list[NationalMessage]) -> tuple[str, str]:
    if not messages:
        return NOT_SENT, _("Chưa có bản tin đồng bộ")
    if head is None:
        return SYNCED, _("Đã đồng bộ")
    if head.state in STOPPED_STATES:
        return STOPPED, _("Đồng bộ lỗi — đã dừng")
    if head.attempts > 0:
        return RETRYING, _("Đồng bộ lỗi — đang thử lại")
    return PENDING, _("Đang chờ đồng bộ")


def national_sync_for_officer(*, officer: User, dossier: Dossier) -> NationalSync | None:
    """The dossier's sync with the national portal, for an officer who may see the dossier (None: sync is off and
    nothing was ever queued). Only an officer of the dossier's agency may send it again."""
    adapter = adapter_get()
    messages = list(NationalMessage.objects.filter(dossier=dossier).order_by("-sequence")[:RECENT])
    if not messages and not adapter.enabled:
        return None
    head = (
        NationalMessage.objects.filter(dossier=dossier)
        .exclude(state=MessageState.ACCEPTED)
        .order_by("sequence")
        .first()
    )
    last_accepted = next((m for m in messages if m.state == MessageState.ACCEPTED), None)
    state, label = _state(head, messages)
    may_retry = state in (STOPPED, RETRYING) and dossier.agency_id in officer_agency_ids(officer=officer)
    return NationalSync(state, label, head, last_accepted, messages, may_retry, str(adapter.label))


def webhook_endpoints_list() -> list[WebhookEndpoint]:
    """Every endpoint with its delivery counts by state (``counts``: {state: n}) — for the administrator's CLI."""
    endpoints = list(WebhookEndpoint.objects.select_related("agency").order_by("id"))
    rows = (
        WebhookEndpoint.objects.values("id", "deliveries__state")
        .annotate(n=Count("deliveries"))
        .exclude(deliveries__state=None)
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["id"], {})[row["deliveries__state"]] = row["n"]
    for endpoint in endpoints:
        endpoint.counts = counts.get(endpoint.pk, {})
    return endpoints


def national_queue_counts() -> dict[str, int]:
    """Messages by state, and how many dossiers' queues are stopped."""
    counts = dict(NationalMessage.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    counts["stopped_dossiers"] = (
        NationalMessage.objects.filter(state__in=STOPPED_STATES).values("dossier_id").distinct().count()
    )
    return counts
