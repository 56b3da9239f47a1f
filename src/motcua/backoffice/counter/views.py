"""Counter intake ("Tiếp nhận hồ sơ trực tiếp"): the officer enters a walk-in citizen's dossier and receives it.

``counter_start`` finds the procedure (by code or name) and starts a counter draft; ``counter_draft`` is the one
page where the officer types "Thông tin người nộp", attaches the scanned components (``counter_upload``) and
presses "Tiếp nhận" (``counter_receive``): the dossier gets its code, its appointment date, and the officer lands
on the dossier page with the link to print form 01. A draft belongs to the officer who started it (anyone else:
404). Every refusal shows the page again with the error summary at the top: 400 for something to correct, 403
when the desk does not receive for that agency, 409 when the dossier has moved on.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import StaffRole
from motcua.backoffice.http import HttpResponseSeeOther, status_for
from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import procedure_get_for_submission, procedure_suggest
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import counter_drafts_for_officer, counter_received_code_for_officer

from ..access import role_required
from .forms import ApplicantForm, StartForm
from .pages import draft_or_404, draft_url, render_draft

RECEPTION_ONLY = gettext_lazy("Chỉ cán bộ tiếp nhận của Bộ phận Một cửa mới tiếp nhận hồ sơ trực tiếp tại quầy.")
SUGGESTIONS = 10
DRAFTS_SHOWN = 20
MAX_QUERY = 200


# "Not now, in this state" rather than "fix what you sent".
# --- 1. Start: find the procedure, pick the case, start the draft ----------------------------------------------
def _suggestions(query: str) -> list[Procedure]:
    """What matches the code or the name; a procedure whose code is exactly what was typed comes first."""
    found = procedure_suggest(text=query, limit=SUGGESTIONS)
    try:
        exact = procedure_get_for_submission(code=query)
    except NotFound:
        return found
    return [exact, *[procedure for procedure in found if procedure.pk != exact.pk]][:SUGGESTIONS]


def _start_page(
    request: HttpRequest,
    *,
    form: StartForm | None = None,
    chosen: Procedure | None = None,
    status: int = 200,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    context = {
        "query": query,
        "suggestions": _suggestions(query) if query else [],
        "form": form,
        "chosen": chosen,
        "drafts": list(counter_drafts_for_officer(officer=request.user)[:DRAFTS_SHOWN]),
    }
    return render(request, "backoffice/counter/start.html", context, status=status)


def _start(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("procedure", "").strip()[:100]
    procedure: Procedure | None = None
    missing = ""
    if code:
        try:
            procedure = procedure_get_for_submission(code=code)
        except NotFound as error:
            missing = error.message
    cases = list(procedure.cases.all()) if procedure is not None else []
    form = StartForm(request.POST, cases=cases)
    if form.is_valid() and missing:
        form.add_error(None, missing)
    if not form.is_valid():
        if procedure is not None and "case" in form.errors and "chon-truong-hop" not in request.POST:
            # The procedure has several cases: ask which one (a question, not yet an error).
            form = StartForm(initial={"procedure": procedure.code}, cases=cases)
            return _start_page(request, form=form, chosen=procedure)
        return _start_page(request, form=form, chosen=procedure if "case" in form.fields else None, status=400)
    try:
        draft = services.dossier_counter_start(officer=request.user, procedure=procedure, case=form.chosen_case())
    except DomainError as error:
        form.add_error(None, error.message)
        return _start_page(request, form=form, status=status_for(error))
    return HttpResponseSeeOther(draft_url(draft))


@require_http_methods(["GET", "POST"])
@role_required(StaffRole.RECEPTION, RECEPTION_ONLY)
def counter_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _start(request)
    return _start_page(request)


# --- 2. The draft: applicant, case, delivery; uploads; "Tiếp nhận" ---------------------------------------------
@require_http_methods(["GET", "POST"])
@role_required(StaffRole.RECEPTION, RECEPTION_ONLY)
def counter_draft(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    draft = draft_or_404(request, public_id)
    cases = list(draft.procedure.cases.all())
    if request.method == "GET":
        return render_draft(request, draft, cases=cases)
    form = ApplicantForm(request.POST, cases=cases)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        applicant = services.ApplicantData(
            name=data["name"],
            id_number=data["id_number"],
            date_of_birth=data["date_of_birth"],
            address=data["address"],
            phone=data["phone"],
            email=data["email"],
        )
        try:
            services.dossier_counter_update(
                dossier=draft,
                officer=request.user,
                applicant=applicant,
                case_id=form.case_id(),
                result_delivery=data["result_delivery"],
                result_address=data["result_address"] if data["result_delivery"] == "post" else "",
            )
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            form.add_domain_error(error)
            status = status_for(error)
        else:
            messages.success(request, _("Đã lưu thông tin người nộp."))
            return HttpResponseSeeOther(draft_url(draft))
    return render_draft(request, draft, cases=cases, form=form, status=status)


@require_POST
@role_required(StaffRole.RECEPTION, RECEPTION_ONLY)
def counter_upload(request: HttpRequest, public_id: uuid.UUID, component_id: int) -> HttpResponse:
    """One or several scanned files (field ``tep``) for one component; each is checked and kept, or refused."""
    draft = draft_or_404(request, public_id)
    uploads = request.FILES.getlist("tep")
    errors: list[str] = []
    added = []
    for upload in uploads:
        try:
            added.append(
                services.counter_file_add(dossier=draft, officer=request.user, component_id=component_id, upload=upload)
            )
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            errors.append(error.message)
            if error.code == "not_draft":
                break
    done = ""
    if added:
        done = _("Đã tải lên: %(names)s.") % {"names": ", ".join(f"“{item.original_name}”" for item in added)}
    if not uploads:
        errors.append(_("Chưa chọn tệp nào để tải lên."))
    if errors:
        return render_draft(request, draft, failed_component=component_id, row_errors=errors, row_done=done, status=400)
    messages.success(request, done)
    return HttpResponseSeeOther(f"{draft_url(draft)}#component-{component_id}")


def _received_message(request: HttpRequest, received: Dossier) -> None:
    if received.due_at is not None:
        due = formats.date_format(timezone.localtime(received.due_at), "H:i d/m/Y")
        text = _("Đã tiếp nhận hồ sơ %(code)s. Ngày hẹn trả kết quả: %(due)s.") % {"code": received.code, "due": due}
    else:
        text = _("Đã tiếp nhận hồ sơ %(code)s. Thủ tục không quy định thời hạn giải quyết.") % {"code": received.code}
    if received.applicant_id is not None:
        text += " " + _("Hồ sơ đã được gắn với tài khoản của người nộp trên Cổng và người nộp đã được thông báo.")
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("backoffice:form01", args=[received.code]),
            _("In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)"),
        ),
    )


@require_POST
@role_required(StaffRole.RECEPTION, RECEPTION_ONLY)
def counter_receive(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """ "Tiếp nhận": saves nothing new; the dossier is coded, submitted and received at once."""
    done = counter_received_code_for_officer(officer=request.user, public_id=str(public_id))
    if done is not None:  # pressed twice, or the page reloaded after receiving: show what was received
        return HttpResponseSeeOther(reverse("backoffice:dossier", args=[done]))
    draft = draft_or_404(request, public_id)
    try:
        received = services.dossier_counter_receive(dossier=draft, officer=request.user)
    except NotFound as error:
        raise Http404(error.message) from None
    except DomainError as error:
        problems = services.submission_problems(draft) if error.code == "incomplete" else []
        return render_draft(request, draft, problems=problems, error=error, status=status_for(error))
    _received_message(request, received)
    return HttpResponseSeeOther(reverse("backoffice:dossier", args=[received.code]))
