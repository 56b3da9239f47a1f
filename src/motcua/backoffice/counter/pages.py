"""The counter draft page as the officer sees it: the applicant form, one row per component, what is missing.

Shared by the draft view and by the upload and "Tiếp nhận" views, which show the page again when they refuse
something (their errors at the top, each linked to where the officer fixes it).
"""

import uuid
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.catalogue.models import ComponentRequirement, ProcedureCase
from motcua.core.errors import DomainError, NotFound
from motcua.core.uploads import accept_attribute, accepted_label
from motcua.dossiers.models import Dossier, DossierFile, ResultDelivery
from motcua.dossiers.selectors import counter_draft_files, counter_draft_get_for_officer
from motcua.dossiers.services import Problem

from .forms import ApplicantForm

# Where the officer fixes each kind of problem "Tiếp nhận" reports (submission_problems' steps).
PROBLEM_ANCHORS = {
    "nguoi-nop": "#thong-tin-nguoi-nop",
    "truong-hop": "#id_case_0",
    "thanh-phan": "#thanh-phan",
    "nhan-ket-qua": "#id_result_address",
}


def draft_or_404(request: HttpRequest, public_id: uuid.UUID) -> Dossier:
    try:
        return counter_draft_get_for_officer(officer=request.user, public_id=str(public_id))
    except NotFound as error:
        raise Http404(error.message) from None


def draft_url(draft: Dossier) -> str:
    return reverse("backoffice:counter_draft", args=[draft.public_id])


@dataclass
class ComponentRow:
    """One component of the chosen case, its attached files, and what the last upload said about it."""

    number: int
    component: ComponentRequirement
    files: list[DossierFile]
    errors: list[str] = field(default_factory=list)
    done: str = ""

    @property
    def accept(self) -> str:
        return accept_attribute(self.component.accepted_types_list)

    @property
    def accepted(self) -> str:
        return accepted_label(self.component.accepted_types_list)


def component_rows(request: HttpRequest, draft: Dossier) -> list[ComponentRow]:
    if draft.case_id is None:
        return []
    files = list(counter_draft_files(officer=request.user, dossier=draft))
    return [
        ComponentRow(number, component, [item for item in files if item.component_id == component.pk])
        for number, component in enumerate(draft.case.components.all(), start=1)
    ]


def _initial(draft: Dossier) -> dict:
    delivery = draft.result_delivery
    return {
        "name": draft.applicant_name,
        "id_number": draft.applicant_id_number,
        "date_of_birth": draft.applicant_date_of_birth,
        "address": draft.applicant_address,
        "phone": draft.applicant_phone,
        "email": draft.applicant_email,
        "case": str(draft.case_id) if draft.case_id else None,
        "result_delivery": delivery if delivery == ResultDelivery.POST else ResultDelivery.COUNTER.value,
        "result_address": draft.result_address,
    }


def _problem_items(problems: list[Problem], missing: list[ComponentRequirement]) -> list[tuple[str, str]]:
    items = []
    for problem in problems:
        href = PROBLEM_ANCHORS.get(problem.step, "")
        if problem.step == "thanh-phan":
            component = next((c for c in missing if problem.message.endswith(c.name)), None)
            href = f"#tep-{component.pk}" if component is not None else href
        items.append((problem.message, href))
    return items


def render_draft(
    request: HttpRequest,
    draft: Dossier,
    *,
    cases: list[ProcedureCase] | None = None,
    form: ApplicantForm | None = None,
    failed_component: int | None = None,
    row_errors: list[str] | None = None,
    row_done: str = "",
    problems: list[Problem] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``form``: the applicant form sent back; ``failed_component``: the upload refused (its messages);
    ``problems`` / ``error``: why "Tiếp nhận" was refused."""
    if cases is None:
        cases = list(draft.procedure.cases.all())
    if form is None:
        form = ApplicantForm(initial=_initial(draft), cases=cases)
    rows = component_rows(request, draft)
    missing = [row.component for row in rows if row.component.required and not row.files]
    error_items: list[tuple[str, str]] = []
    if failed_component is not None:
        row = next((row for row in rows if row.component.pk == failed_component), None)
        if row is None:
            raise Http404(_("Không tìm thấy thành phần hồ sơ này trong trường hợp đã chọn."))
        row.errors, row.done = list(row_errors or []), row_done
        error_items += [(message, f"#tep-{row.component.pk}") for message in row.errors]
    if problems:
        error_items += _problem_items(problems, missing)
    elif error is not None:
        error_items.append((error.message, ""))
    context = {
        "draft": draft,
        "procedure": draft.procedure,
        "form": form,
        "rows": rows,
        "missing": missing,
        "error_items": error_items,
    }
    return render(request, "backoffice/counter/draft.html", context, status=status)
