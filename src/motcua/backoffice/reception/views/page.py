"""The dossier page of the back office: everything about one dossier, and the decisions the officer may take.

Any officer who may see the dossier opens it (``dossier_get_for_officer``; anyone else gets a 404). The reception
decisions show only on a dossier waiting for reception at one of the officer's desks; the processing panel at the
end of the page (``backoffice/processing/_panel.html``) is given the keys it needs: ``dossier``, ``open_task``,
``holds_task``, ``is_reception``, ``results``, ``version``, ``now``.
"""

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.core.downloads import INLINE_TYPES
from motcua.dossiers.access import officer_roles, reception_agency_ids
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierFile, DossierTask, SupplementRequest
from motcua.dossiers.selectors import Deadline, deadline_of, dossier_deadline, dossier_history, dossier_open_task
from motcua.dossiers.workflow import FINISHED_STATES, Action, State, national_code
from motcua.integrations.selectors import national_sync_for_officer
from motcua.payments.selectors.counter import fee_panel_for_officer
from motcua.workdays.selectors import CalendarCache

from ...access import officer_required
from ...http import dossier_or_404
from ..forms import ReceiveForm, RefuseForm, SupplementForm

# What the page shows of the person the applicant acts for (nộp thay / ủy quyền), in this order.
PRINCIPAL_FIELDS = (
    ("name", _("Họ tên / tên tổ chức")),
    ("id_number", _("Số định danh / mã số thuế")),
    ("date_of_birth", _("Ngày sinh")),
    ("address", _("Địa chỉ")),
    ("phone", _("Số điện thoại")),
    ("email", _("Thư điện tử")),
    ("authorisation", _("Giấy ủy quyền / căn cứ nộp thay")),
)
# Ids of the decision forms' fields (three forms on one page): receive_note, supplement_reason, refuse_reason …
AUTO_IDS = {"receive": "receive_%s", "supplement": "supplement_%s", "refuse": "refuse_%s"}


@dataclass
class FileGroup:
    name: str
    files: list[DossierFile] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    task: DossierTask
    deadline: Deadline


@dataclass(frozen=True)
class SupplementEntry:
    """A supplement request and the files that answered it (none while the applicant has not sent them)."""

    request: SupplementRequest
    files: list[DossierFile]


def _file_groups(files: list[DossierFile]) -> list[FileGroup]:
    groups: dict[str, FileGroup] = {}
    for item in files:
        groups.setdefault(item.component_name, FileGroup(item.component_name)).files.append(item)
    return list(groups.values())


def _principal(dossier: Dossier) -> list[tuple[str, str]]:
    values = dossier.principal or {}
    rows = [(str(label), str(values[key])) for key, label in PRINCIPAL_FIELDS if values.get(key)]
    if rows and values.get("kind") in ApplicantKind.values:
        rows.insert(0, (str(_("Loại")), str(ApplicantKind(values["kind"]).label)))
    return rows


def refusal_event(events: list[DossierEvent]) -> DossierEvent | None:
    return next((event for event in reversed(events) if event.action == Action.REFUSE), None)


def is_reception(request: HttpRequest, dossier: Dossier) -> bool:
    """The officer receives for the dossier's agency (their Bộ phận Một cửa, or one it serves)."""
    return dossier.agency_id in reception_agency_ids(officer=request.user)


def decision_forms(request: HttpRequest, dossier: Dossier) -> dict[str, forms.Form]:
    """The three reception forms, unbound (the supplement form lists the components of the dossier's case)."""
    components = list(dossier.case.components.all()) if dossier.case_id else []
    return {
        "receive": ReceiveForm(auto_id=AUTO_IDS["receive"]),
        "supplement": SupplementForm(
            components=components, auto_id=AUTO_IDS["supplement"], initial={"contact": str(request.user)}
        ),
        "refuse": RefuseForm(auto_id=AUTO_IDS["refuse"]),
    }


def page_context(request: HttpRequest, dossier: Dossier, *, failed: tuple[str, forms.Form] | None = None) -> dict:
    """Everything the dossier page shows; ``failed``: the decision form that was sent back with its errors."""
    now = timezone.now()
    events, tasks = dossier_history(dossier=dossier)
    supplement_requests = list(dossier.supplement_requests.all())
    unanswered = {item.pk for item in supplement_requests if item.answered_at is None}
    # Files of a supplement the applicant is still putting together are theirs until they send it.
    files = [item for item in dossier.files.all() if item.supplement_id not in unanswered]
    task = dossier_open_task(dossier=dossier)
    calendars = CalendarCache()
    receives = is_reception(request, dossier)
    can_decide = receives and dossier.state == State.SUBMITTED
    decisions = decision_forms(request, dossier) if can_decide else {}
    if failed is not None and failed[0] in decisions:
        decisions[failed[0]] = failed[1]
    finished = dossier.state in FINISHED_STATES
    return {
        "dossier": dossier,
        "national_code": national_code(dossier.state),
        "deadline": dossier_deadline(dossier=dossier, now=now, calendars=calendars),
        "finished": finished,
        "paused": dossier.state in (State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT),
        "principal": _principal(dossier),
        "file_groups": _file_groups(files),
        "inline_types": INLINE_TYPES,
        "supplement_requests": [
            SupplementEntry(item, [f for f in files if f.supplement_id == item.pk]) for item in supplement_requests
        ],
        "results": list(dossier.results.all()),
        "steps": [
            Step(t, deadline_of(due=t.due_at, finished=t.finished_at, agency=t.agency, now=now, calendars=calendars))
            for t in tasks
        ],
        "events": events,
        "refusal": refusal_event(events) if dossier.state == State.REFUSED else None,
        "can_decide": can_decide,
        "forms": decisions,
        "failed_form": failed[1] if failed is not None else None,
        # For the processing panel (backoffice/processing/_panel.html).
        "open_task": task,
        "holds_task": task is not None and (task.agency_id, task.role) in officer_roles(officer=request.user),
        "is_reception": receives,
        "version": dossier.version,
        "now": now,
        # For the fee panel (backoffice/payments/_fee_panel.html).
        "fee_panel": fee_panel_for_officer(officer=request.user, dossier=dossier),
        # For the national portal's sync panel (backoffice/dossier/_national_sync.html).
        "national_sync": national_sync_for_officer(officer=request.user, dossier=dossier),
    }


def render_page(
    request: HttpRequest, dossier: Dossier, *, failed: tuple[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request, "backoffice/dossier/detail.html", page_context(request, dossier, failed=failed), status=status
    )


@require_GET
@officer_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    return render_page(request, dossier_or_404(request, code))
