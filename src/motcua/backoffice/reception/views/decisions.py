"""The reception decisions: "Tiếp nhận", "Yêu cầu bổ sung", "Từ chối tiếp nhận" (POST only).

Each parses its form, calls one service with the version the page was shown with, and either redirects (303) to
the dossier page with a message, or shows the page again with the error summary and everything typed kept:
400 for something to correct, 409 when the dossier moved on (another officer acted, a replayed form).
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.http import HttpResponseSeeOther, status_for
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from ...access import forbidden, officer_required
from ...http import dossier_or_404
from ..forms import ReceiveForm, RefuseForm, SupplementForm
from .page import AUTO_IDS, is_reception, render_page


# "Not now, in this state" rather than "fix what you sent".
def _see_dossier(dossier: Dossier) -> HttpResponse:
    return HttpResponseSeeOther(reverse("backoffice:dossier", args=[dossier.code]))


def _refused_to(request: HttpRequest, dossier: Dossier) -> HttpResponse | None:
    """Only the reception desk of the dossier's agency decides on reception."""
    if is_reception(request, dossier):
        return None
    return forbidden(
        request,
        _("Chỉ cán bộ tiếp nhận của Bộ phận Một cửa tiếp nhận hồ sơ cho cơ quan này mới thực hiện được thao tác này."),
    )


def _not_waiting(form: forms.Form, dossier: Dossier) -> bool:
    """The dossier is no longer waiting for reception: say so above the form (its fields are not on the page)."""
    if dossier.state == State.SUBMITTED:
        return False
    form.errors.clear()
    form.add_error(
        None,
        _(
            "Hồ sơ %(code)s hiện ở trạng thái “%(state)s”, không còn chờ tiếp nhận. "
            "Thao tác của bạn chưa được thực hiện; vui lòng xem lại hồ sơ."
        )
        % {"code": dossier.code, "state": dossier.get_state_display()},
    )
    return True


def _failed(request: HttpRequest, dossier: Dossier, name: str, form: forms.Form, error: DomainError | None):
    status = 400
    if error is not None:
        form.add_domain_error(error)
        status = status_for(error)
    elif _not_waiting(form, dossier):
        status = 409
    return render_page(request, dossier, failed=(name, form), status=status)


def _local_text(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "H:i d/m/Y")


@require_POST
@officer_required
def receive(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    if refusal := _refused_to(request, dossier):
        return refusal
    form = ReceiveForm(request.POST, auto_id=AUTO_IDS["receive"])
    if not form.is_valid():
        return _failed(request, dossier, "receive", form, None)
    try:
        received = services.dossier_receive(
            dossier=dossier,
            officer=request.user,
            note=form.cleaned_data["note"].strip(),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return _failed(request, dossier, "receive", form, error)
    if received.due_at is not None:
        text = _("Đã tiếp nhận hồ sơ %(code)s. Ngày hẹn trả kết quả: %(due)s.") % {
            "code": received.code,
            "due": _local_text(received.due_at),
        }
    else:
        text = _("Đã tiếp nhận hồ sơ %(code)s. Thủ tục không quy định thời hạn giải quyết.") % {"code": received.code}
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("backoffice:form01", args=[received.code]),
            _("In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)"),
        ),
    )
    return _see_dossier(received)


@require_POST
@officer_required
def request_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    if refusal := _refused_to(request, dossier):
        return refusal
    components = list(dossier.case.components.all()) if dossier.case_id else []
    form = SupplementForm(request.POST, components=components, auto_id=AUTO_IDS["supplement"])
    if not form.is_valid():
        return _failed(request, dossier, "supplement", form, None)
    data = form.cleaned_data
    try:
        supplement = services.dossier_request_supplement(
            dossier=dossier,
            officer=request.user,
            reason=data["reason"],
            items=data["items"],
            contact=data["contact"],
            expected_version=data["version"],
        )
    except DomainError as error:
        return _failed(request, dossier, "supplement", form, error)
    text = _(
        "Đã gửi yêu cầu bổ sung, hoàn thiện hồ sơ %(code)s đến người nộp (%(count)s giấy tờ). "
        "Thời hạn giải quyết tạm dừng cho đến khi người nộp bổ sung."
    ) % {"code": dossier.code, "count": len(supplement.items)}
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("backoffice:form02", args=[dossier.code, supplement.pk]),
            _("In Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02)"),
        ),
    )
    return _see_dossier(dossier)


@require_POST
@officer_required
def refuse(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    if refusal := _refused_to(request, dossier):
        return refusal
    form = RefuseForm(request.POST, auto_id=AUTO_IDS["refuse"])
    if not form.is_valid():
        return _failed(request, dossier, "refuse", form, None)
    try:
        services.dossier_refuse(
            dossier=dossier,
            officer=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return _failed(request, dossier, "refuse", form, error)
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Đã từ chối tiếp nhận hồ sơ %(code)s; người nộp được thông báo kèm lý do.") % {"code": dossier.code},
            reverse("backoffice:form03", args=[dossier.code]),
            _("In Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu số 03)"),
        ),
    )
    return _see_dossier(dossier)
