"""The wizard's doors: the start page, resuming and discarding a draft, "Nộp hồ sơ", the confirmation and the
acknowledgment PDF.
"""

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalogue import selectors as catalogue
from motcua.catalogue.models import Channel, ComponentRequirement
from motcua.core.errors import DomainError, NotFound
from motcua.documents.acknowledgment import acknowledgment_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import (
    TAB_DRAFTS,
    dossier_draft_get_for_applicant,
    dossier_get_for_applicant,
    dossier_list_for_applicant,
    dossier_transactions_for_applicant,
)
from motcua.dossiers.services import (
    STEPS,
    dossier_draft_create,
    dossier_draft_discard,
    dossier_submit,
    online_channel,
    procedure_check_open,
)
from motcua.dossiers.workflow import State

from ..submission_forms import SubmitForm
from .steps import review_context
from .wizard import (
    APPLICANT,
    CASE,
    REVIEW,
    TEMPLATES,
    closed_page,
    draft_view,
    identity_refusal,
    step_labels,
    step_url,
)


@dataclass(frozen=True)
class CaseSummary:
    case: object
    channel: Channel | None
    components: list[ComponentRequirement]


@login_required
@require_http_methods(["GET", "POST"])
def procedure_submit(request: HttpRequest, code: str) -> HttpResponse:
    """ "Nộp hồ sơ trực tuyến": what to prepare, how long, how much; the drafts to resume; "Bắt đầu nộp hồ sơ"."""
    try:
        procedure = catalogue.procedure_get_for_submission(code=code)
    except NotFound as error:
        raise Http404(error.message) from None
    refusal = identity_refusal(request, procedure, next_url=reverse("portal:procedure_submit", args=[code]))
    if refusal is not None:
        return refusal
    try:
        procedure_check_open(procedure)
    except DomainError as error:
        return closed_page(request, procedure, error)
    if request.method == "POST":
        try:
            draft = dossier_draft_create(applicant=request.user, procedure=procedure)
        except DomainError as error:
            return closed_page(request, procedure, error)
        return redirect(step_url(draft, APPLICANT))
    drafts = list(dossier_transactions_for_applicant(user=request.user, tab=TAB_DRAFTS, procedure=procedure))
    cases = [CaseSummary(case, online_channel(case), list(case.components.all())) for case in procedure.cases.all()]
    labels = step_labels()
    many_cases = len(cases) > 1
    return render(
        request,
        f"{TEMPLATES}/start.html",
        {
            "procedure": procedure,
            "cases": cases,
            "drafts": drafts,
            "wizard_steps": [labels[step] for step in STEPS if step != CASE or many_cases],
        },
    )


@login_required
@require_GET
def draft_resume(request: HttpRequest, public_id) -> HttpResponse:
    """ "Tiếp tục" on a draft: back to the furthest step the applicant reached."""
    try:
        draft = dossier_draft_get_for_applicant(user=request.user, public_id=str(public_id))
    except NotFound as error:
        raise Http404(error.message) from None
    return redirect(step_url(draft, draft.wizard_step if draft.wizard_step in STEPS else APPLICANT))


@draft_view(require_open=False)
@require_http_methods(["GET", "POST"])
def draft_discard(request: HttpRequest, draft: Dossier) -> HttpResponse:
    """ "Xóa bản nháp": asks first (GET), deletes on POST."""
    if request.method == "GET":
        return render(request, f"{TEMPLATES}/discard.html", {"draft": draft, "procedure": draft.procedure})
    try:
        dossier_draft_discard(dossier=draft, actor=request.user)
    except DomainError as error:
        return closed_page(request, draft.procedure, error, draft=draft)
    messages.success(request, _("Đã xóa bản nháp hồ sơ “%(name)s”.") % {"name": draft.procedure.name})
    return redirect("portal:transactions")


def _done_url(dossier: Dossier) -> str:
    return reverse("portal:submission_done", args=[dossier.code])


def _see_other(url: str) -> HttpResponse:
    """303: after "Nộp hồ sơ" the browser GETs the confirmation (reloading it never posts again)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _submitted_with_key(request: HttpRequest, public_id, key: str) -> Dossier | None:
    """This draft, already submitted with this very key (a double click, a retried request)."""
    dossier = dossier_list_for_applicant(user=request.user).filter(public_id=public_id).first()
    if dossier is None or dossier.state == State.DRAFT or not key:
        return None
    try:
        return dossier_submit(dossier=dossier, actor=request.user, idempotency_key=key)
    except DomainError:
        return None


@login_required
@require_POST
def draft_submit(request: HttpRequest, public_id) -> HttpResponse:
    """ "Nộp hồ sơ": the captcha, then the submission; the same key again leads to the same dossier."""
    key = request.POST.get("idempotency_key", "")[:64]
    try:
        draft = dossier_draft_get_for_applicant(user=request.user, public_id=str(public_id))
    except NotFound as error:
        earlier = _submitted_with_key(request, public_id, key)
        if earlier is None:
            raise Http404(error.message) from None
        return _see_other(_done_url(earlier))
    refusal = identity_refusal(request, draft.procedure, next_url=step_url(draft, REVIEW))
    if refusal is not None:
        return refusal
    form = SubmitForm(request.POST)
    if not form.is_valid():
        earlier = _submitted_with_key(request, public_id, key)  # the first click may have won meanwhile
        if earlier is not None:
            return _see_other(_done_url(earlier))
        return render(request, f"{TEMPLATES}/step_review.html", review_context(request, draft, form), status=400)
    try:
        dossier = dossier_submit(
            dossier=draft, actor=request.user, idempotency_key=form.cleaned_data["idempotency_key"]
        )
    except DomainError as error:
        context = review_context(request, draft, SubmitForm(initial={"idempotency_key": uuid.uuid4().hex}))
        context["error_items"] = [(error.message, "")]
        return render(request, f"{TEMPLATES}/step_review.html", context, status=409)
    return _see_other(_done_url(dossier))


# --- After submission -----------------------------------------------------------------------------------------
def _submitted_or_404(request: HttpRequest, code: str) -> Dossier:
    try:
        dossier = dossier_get_for_applicant(user=request.user, code_or_pk=code)
    except NotFound as error:
        raise Http404(error.message) from None
    if dossier.state == State.DRAFT or not dossier.code:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


@login_required
@require_GET
def submission_done(request: HttpRequest, code: str) -> HttpResponse:
    """ "Nộp hồ sơ thành công": the code, the status, what happens next, the acknowledgment to download."""
    dossier = _submitted_or_404(request, code)
    return render(request, f"{TEMPLATES}/done.html", {"dossier": dossier, "procedure": dossier.procedure})


@never_cache
@login_required
@require_GET
def acknowledgment(request: HttpRequest, code: str) -> HttpResponse:
    """ "Phiếu xác nhận nộp hồ sơ trực tuyến" (PDF), its QR code pointing at the public status lookup."""
    dossier = _submitted_or_404(request, code)
    lookup = f"{reverse('portal:dossier_lookup')}?{urlencode({'ma_ho_so': dossier.code})}"
    base = settings.MOTCUA_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(acknowledgment_pdf(dossier=dossier, lookup_url=f"{base}{lookup}"), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-xac-nhan-{dossier.code}.pdf"'
    return response
