"""Danh sách giao dịch, the dossier page and its documents, withdrawal and the satisfaction survey."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.catalogue.selectors import fields_for_filter
from motcua.core.errors import DomainError, NotFound
from motcua.documents.links import lookup_url
from motcua.documents.standard_forms import form01_receipt_pdf, form02_supplement_pdf
from motcua.dossiers import services
from motcua.dossiers.models import DossierFile
from motcua.dossiers.selectors import (
    TAB_DRAFTS,
    dossier_events_for_applicant,
    dossier_file_get_for_applicant,
    dossier_files_for_applicant,
    dossier_results_for_applicant,
    dossier_tab_counts,
    dossier_transactions_for_applicant,
    supplement_requests_for_applicant,
)
from motcua.dossiers.workflow import Action, Role, State, allowed_actions, national_code
from motcua.payments.selectors.payer import fee_orders_for_applicant, payment_summaries_for_applicant

from ..personal_forms import (
    STATE_CHOICES,
    STEP_LABELS,
    TAB_EMPTY,
    TABS,
    SurveyForm,
    WithdrawForm,
    transaction_filter_from,
)
from .common import PER_PAGE, dossier_or_404, pdf_response, status_for, stream_file

RESULT_STATES = (State.RESULT_READY, State.RETURNED)


# --- Danh sách giao dịch ------------------------------------------------------------------------------------
@never_cache
@login_required
@require_GET
def transactions(request: HttpRequest) -> HttpResponse:
    fields = fields_for_filter()
    query = transaction_filter_from(request.GET, fields=fields)
    dossiers = dossier_transactions_for_applicant(
        user=request.user,
        tab=query.tab,
        field_id=query.field.pk if query.field else None,
        state=query.state,
        code=query.code,
    )
    page = Paginator(dossiers, PER_PAGE).get_page(query.page)
    payments = payment_summaries_for_applicant(user=request.user, dossier_ids=[dossier.pk for dossier in page])
    context = {
        "query": query,
        "page": page,
        "drafts": query.tab == TAB_DRAFTS,
        "tab_label": dict(TABS)[query.tab],
        "empty_text": TAB_EMPTY[query.tab],
        "rows": [(dossier, STEP_LABELS.get(dossier.wizard_step, ""), payments.get(dossier.pk)) for dossier in page],
        "prev_query": query.query(page=str(page.previous_page_number())) if page.has_previous() else "",
        "next_query": query.query(page=str(page.next_page_number())) if page.has_next() else "",
    }
    if request.htmx and request.htmx.target == "transactions-results":
        return render(request, "portal/personal/transactions.html#results", context)
    counts = dossier_tab_counts(user=request.user)
    context |= {
        "fields": fields,
        "state_choices": STATE_CHOICES,
        "tabs": [(slug, label, counts[slug]) for slug, label in TABS],
    }
    return render(request, "portal/personal/transactions.html", context)


# --- The dossier page ---------------------------------------------------------------------------------------
@dataclass
class FileGroup:
    name: str
    files: list[DossierFile] = field(default_factory=list)


def _by_component(files: list[DossierFile]) -> list[FileGroup]:
    groups: dict[str, FileGroup] = {}
    for item in files:
        groups.setdefault(item.component_name, FileGroup(item.component_name)).files.append(item)
    return list(groups.values())


@never_cache
@login_required
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    requests = list(supplement_requests_for_applicant(user=request.user, dossier=dossier))
    unanswered = {item.pk for item in requests if item.answered_at is None}
    # Files of a supplement still being put together are on the supplement page until they are sent.
    files = [
        f for f in dossier_files_for_applicant(user=request.user, dossier=dossier) if f.supplement_id not in unanswered
    ]
    open_request = (
        next((item for item in reversed(requests) if item.answered_at is None), None)
        if dossier.state == State.SUPPLEMENT_REQUESTED
        else None
    )
    actions = allowed_actions(state=dossier.state, role=Role.APPLICANT)
    return render(
        request,
        "portal/personal/dossier_detail.html",
        {
            "dossier": dossier,
            "national_code": national_code(dossier.state),
            "events": dossier_events_for_applicant(user=request.user, dossier=dossier),
            "file_groups": _by_component(files),
            "requests": requests,
            "open_request": open_request,
            "can_withdraw": Action.WITHDRAW in actions,
            "has_result": dossier.state in RESULT_STATES,
            "closed": dossier.finished_at is not None and dossier.state not in RESULT_STATES,
            "surveyed": hasattr(dossier, "survey"),
            "results": list(dossier_results_for_applicant(user=request.user, dossier=dossier)),
            "refused": dossier.state == State.REFUSED,
            "stopped": dossier.state == State.STOPPED,
            "fee_orders": fee_orders_for_applicant(user=request.user, dossier=dossier),
            "awaiting_payment": dossier.state == State.AWAITING_PAYMENT,
        },
    )


@login_required
@require_GET
def dossier_file(request: HttpRequest, file_id: str) -> FileResponse:
    try:
        found = dossier_file_get_for_applicant(user=request.user, public_id=str(file_id))
    except NotFound as error:
        raise Http404(error.message) from None
    return stream_file(request, found.file, name=found.original_name, content_type=found.content_type)


@never_cache
@login_required
@require_GET
def receipt_form01(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 01, once the dossier has been received."""
    dossier = dossier_or_404(request, code)
    if dossier.received_at is None:
        raise Http404(_("Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả."))
    content = form01_receipt_pdf(dossier=dossier, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, filename=f"giay-tiep-nhan-{dossier.code}.pdf")


@never_cache
@login_required
@require_GET
def supplement_form02(request: HttpRequest, code: str, request_id: int) -> HttpResponse:
    """Mẫu số 02 of one supplement request of this dossier."""
    dossier = dossier_or_404(request, code)
    requests = supplement_requests_for_applicant(user=request.user, dossier=dossier)
    found = next((item for item in requests if item.pk == request_id), None)
    if found is None:
        raise Http404(_("Không tìm thấy yêu cầu bổ sung này."))
    content = form02_supplement_pdf(request=found, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, filename=f"phieu-yeu-cau-bo-sung-{dossier.code}-{found.pk}.pdf")


# --- Rút hồ sơ, đánh giá ------------------------------------------------------------------------------------
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    allowed = Action.WITHDRAW in allowed_actions(state=dossier.state, role=Role.APPLICANT)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    status = 200 if allowed else 409
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                services.dossier_withdraw(dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                errors, status = [error.message], status_for(error)
            else:
                messages.success(
                    request, _("Đã rút hồ sơ %(code)s. Hồ sơ sẽ không được giải quyết tiếp.") % {"code": dossier.code}
                )
                return redirect("portal:dossier_detail", code=dossier.code)
    context = {"dossier": dossier, "form": form, "allowed": allowed, "errors": errors}
    return render(request, "portal/personal/withdraw.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, code: str) -> HttpResponse:
    """ "Đánh giá mức độ hài lòng", once, after the result."""
    dossier = dossier_or_404(request, code)
    if hasattr(dossier, "survey"):
        messages.info(request, _("Hồ sơ này đã được đánh giá. Cảm ơn bạn!"))
        return redirect("portal:dossier_detail", code=dossier.code)
    ready = dossier.state in RESULT_STATES
    form = SurveyForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    status = 200 if ready else 409
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            try:
                services.dossier_survey_submit(
                    dossier=dossier,
                    actor=request.user,
                    scores=form.scores(),
                    convenience=data["convenience"],
                    overall=data["overall"],
                    comment=data["comment"],
                )
            except DomainError as error:
                if error.code == "already":
                    messages.info(request, error.message)
                    return redirect("portal:dossier_detail", code=dossier.code)
                errors, status = [error.message], status_for(error)
            else:
                messages.success(request, _("Cảm ơn bạn đã đánh giá mức độ hài lòng."))
                return redirect("portal:dossier_detail", code=dossier.code)
    context = {"dossier": dossier, "form": form, "ready": ready, "errors": errors}
    return render(request, "portal/personal/survey.html", context, status=status)
