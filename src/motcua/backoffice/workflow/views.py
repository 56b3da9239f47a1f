""" "Quy trình nội bộ": the agency administrator lists the cases of the agency's procedures and edits their steps.

``workflow_edit`` shows the case's process as dossiers follow it (the configured steps, or the default process,
which the administrator can save as a starting point) in a formset, one row per step, and saves it through
``workflow_save``; ``workflow_reset`` deletes the configured steps. A case of another agency is a 404. A refused
save shows the page again with what was typed and the error summary at the top.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import StaffRole
from motcua.catalogue.models import ProcedureCase
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.selectors.workflow_config import (
    case_get_for_workflow_admin,
    cases_for_workflow_admin,
    workflow_agencies,
)
from motcua.dossiers.services import workflow_config as workflow_services
from motcua.dossiers.services.processing import DEFAULT_WORKFLOW, workflow_for_case
from motcua.dossiers.services.workflow_config import MAX_STEPS, WorkflowError

from ..access import role_required
from ..http import HttpResponseSeeOther, status_for
from .forms import PREFIX, BaseStepFormSet, StepFormSet, agency_choices, step_initial

ADMIN_ONLY = gettext_lazy("Chỉ quản trị cơ quan mới xem và sửa quy trình nội bộ của các thủ tục.")
TABLE_ID = "cac-buoc"


def _case_or_404(request: HttpRequest, case_id: int) -> ProcedureCase:
    try:
        return case_get_for_workflow_admin(officer=request.user, case_id=case_id)
    except NotFound as error:
        raise Http404(error.message) from None


def _formset(case: ProcedureCase, data=None) -> BaseStepFormSet:
    specs = workflow_for_case(case)
    agencies = workflow_agencies(also={spec.agency_id for spec in specs if spec.agency_id})
    return StepFormSet(
        data,
        initial=[step_initial(spec) for spec in specs],
        prefix=PREFIX,
        agency_choices=agency_choices(agencies, own=case.procedure.agency),
    )


def _edit_page(
    request: HttpRequest,
    case: ProcedureCase,
    formset: BaseStepFormSet,
    *,
    problems: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "case": case,
        "procedure": case.procedure,
        "formset": formset,
        "problems": problems or [],
        "configured": case.workflow_step_count > 0,
        "default_steps": DEFAULT_WORKFLOW,
        "max_steps": MAX_STEPS,
        "table_id": TABLE_ID,
    }
    return render(request, "backoffice/workflow/edit.html", context, status=status)


@require_GET
@role_required(StaffRole.AGENCY_ADMIN, ADMIN_ONLY)
def workflow_list(request: HttpRequest) -> HttpResponse:
    cases = cases_for_workflow_admin(officer=request.user)
    agencies = {case.procedure.agency_id for case in cases}
    context = {"cases": cases, "default_count": len(DEFAULT_WORKFLOW), "several_agencies": len(agencies) > 1}
    return render(request, "backoffice/workflow/list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(StaffRole.AGENCY_ADMIN, ADMIN_ONLY)
def workflow_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _edit_page(request, case, _formset(case))
    formset = _formset(case, request.POST)
    if not formset.is_valid():
        return _edit_page(request, case, formset, status=400)
    rows = formset.steps()
    try:
        saved = workflow_services.workflow_save(case=case, officer=request.user, steps=[step for _form, step in rows])
    except WorkflowError as error:
        problems = [] if formset.add_workflow_error(rows, error) else [(error.message, f"#{TABLE_ID}")]
        return _edit_page(request, case, formset, problems=problems, status=status_for(error))
    except DomainError as error:
        return _edit_page(request, case, formset, problems=[(error.message, "")], status=status_for(error))
    messages.success(
        request,
        _(
            "Đã lưu quy trình nội bộ (%(count)d bước). Hồ sơ được tiếp nhận từ nay đi theo quy trình này;"
            " hồ sơ đang xử lý giữ bước hiện tại."
        )
        % {"count": len(saved)},
    )
    return HttpResponseSeeOther(reverse("backoffice:workflow_edit", args=[case.pk]))


@require_POST
@role_required(StaffRole.AGENCY_ADMIN, ADMIN_ONLY)
def workflow_reset(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    try:
        removed = workflow_services.workflow_reset(case=case, officer=request.user)
    except DomainError as error:
        return _edit_page(request, case, _formset(case), problems=[(error.message, "")], status=status_for(error))
    if removed:
        messages.success(request, _("Đã khôi phục quy trình mặc định cho trường hợp này."))
    else:
        messages.info(request, _("Trường hợp này đang dùng quy trình mặc định."))
    return HttpResponseSeeOther(reverse("backoffice:workflow_edit", args=[case.pk]))
