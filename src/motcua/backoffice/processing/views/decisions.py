"""Decisions on a dossier inside the agency: hand it on or back, finish it, pause it, stop it, apologise.

Each view is ``decide`` (``common``) with its form and one service call; the service checks who may do what.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from ...access import officer_required
from ..forms import (
    ApologyForm,
    NoteForm,
    PaymentRequestForm,
    SendBackForm,
    StopForm,
    SupplementForm,
    supplement_components,
)
from .common import Decision, current_task, decide, moment_text, step_text

FORWARD = Decision(
    _("Chuyển xử lý"),
    _("Chuyển hồ sơ đến bước tiếp theo của quy trình nội bộ, kèm ý kiến của bạn."),
    NoteForm,
)
SEND_BACK = Decision(
    _("Trả lại bước trước"),
    _("Trả hồ sơ về bước trước của quy trình nội bộ. Người ở bước trước đọc được lý do bạn ghi."),
    SendBackForm,
)
FINISH = Decision(
    _("Hoàn thành xử lý"),
    _("Kết thúc quy trình nội bộ: mọi văn bản kết quả đã được ký số; hồ sơ chuyển sang chờ trả kết quả."),
    NoteForm,
)
REQUEST_PAYMENT = Decision(
    _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    _("Người nộp được thông báo khoản phải nộp; hồ sơ tạm dừng đến khi nghĩa vụ tài chính được xác nhận."),
    PaymentRequestForm,
)
CONFIRM_PAYMENT = Decision(
    _("Xác nhận đã thực hiện nghĩa vụ tài chính"),
    _("Xác nhận người nộp đã thực hiện nghĩa vụ tài chính (đã có chứng từ nộp); hồ sơ được xử lý tiếp."),
    NoteForm,
)
STOP = Decision(
    _("Dừng giải quyết hồ sơ"),
    _("Dừng giải quyết hồ sơ vì lý do pháp luật cho phép. Người nộp nhận Thông báo dừng giải quyết (Mẫu số 05)."),
    StopForm,
)
APOLOGISE = Decision(
    _("Xin lỗi và gia hạn"),
    _(
        "Khi hồ sơ sẽ trả kết quả muộn: ban hành Văn bản xin lỗi và đề nghị gia hạn (Mẫu số 04) với ngày hẹn mới,"
        " trước ngày hẹn hiện tại. Mỗi hồ sơ chỉ được gia hạn một lần."
    ),
    ApologyForm,
)
SUPPLEMENT = Decision(
    _("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    _(
        "Liệt kê MỘT LẦN mọi giấy tờ cần bổ sung, hoàn thiện và lý do. Người nộp nhận Phiếu yêu cầu bổ sung"
        " (Mẫu số 02); thời gian giải quyết tạm dừng đến khi người nộp bổ sung."
    ),
    SupplementForm,
    template="backoffice/processing/supplement.html",
)


def _version(form) -> int:
    return form.cleaned_data["version"]


# --- Hand-overs -----------------------------------------------------------------------------------------
def _forward(request: HttpRequest, dossier: Dossier, form: NoteForm) -> str:
    updated = services.dossier_forward(
        dossier=dossier, officer=request.user, note=form.cleaned_data["note"], expected_version=_version(form)
    )
    task = current_task(updated)
    return gettext("Đã chuyển hồ sơ %(code)s đến bước %(step)s. Hồ sơ đã rời khỏi “Việc của tôi” của bạn.") % {
        "code": updated.code,
        "step": step_text(task) if task else "",
    }


def _send_back(request: HttpRequest, dossier: Dossier, form: SendBackForm) -> str:
    updated = services.dossier_send_back(
        dossier=dossier, officer=request.user, note=form.cleaned_data["reason"], expected_version=_version(form)
    )
    task = current_task(updated)
    return gettext("Đã trả hồ sơ %(code)s về bước %(step)s, kèm lý do bạn ghi.") % {
        "code": updated.code,
        "step": step_text(task) if task else "",
    }


def _finish(request: HttpRequest, dossier: Dossier, form: NoteForm) -> str:
    updated = services.dossier_finish(
        dossier=dossier, officer=request.user, note=form.cleaned_data["note"], expected_version=_version(form)
    )
    return gettext(
        "Đã hoàn thành xử lý hồ sơ %(code)s. Bộ phận Tiếp nhận và Trả kết quả sẽ trả kết quả cho người nộp."
    ) % {"code": updated.code}


@require_http_methods(["GET", "POST"])
@officer_required
def forward(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, FORWARD, _forward)


@require_http_methods(["GET", "POST"])
@officer_required
def send_back(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, SEND_BACK, _send_back)


@require_http_methods(["GET", "POST"])
@officer_required
def finish(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, FINISH, _finish)


# --- Pauses: financial obligation, supplement -----------------------------------------------------------
def _request_payment(request: HttpRequest, dossier: Dossier, form: PaymentRequestForm) -> str:
    updated = services.dossier_request_payment(
        dossier=dossier, officer=request.user, note=form.cleaned_data["note"], expected_version=_version(form)
    )
    return gettext(
        "Đã gửi yêu cầu thực hiện nghĩa vụ tài chính cho người nộp hồ sơ %(code)s. Khi có chứng từ nộp, bấm"
        " “Xác nhận đã thực hiện nghĩa vụ tài chính” để xử lý tiếp."
    ) % {"code": updated.code}


def _confirm_payment(request: HttpRequest, dossier: Dossier, form: NoteForm) -> str:
    updated = services.dossier_payment_confirm(
        dossier=dossier, officer=request.user, note=form.cleaned_data["note"], expected_version=_version(form)
    )
    return gettext("Đã xác nhận nghĩa vụ tài chính của hồ sơ %(code)s; hồ sơ được xử lý tiếp (%(state)s).") % {
        "code": updated.code,
        "state": updated.get_state_display(),
    }


def _supplement(request: HttpRequest, dossier: Dossier, form: SupplementForm) -> str:
    services.dossier_request_supplement(
        dossier=dossier,
        officer=request.user,
        reason=form.cleaned_data["reason"],
        items=form.cleaned_data["items"],
        contact=form.cleaned_data["contact"],
        expected_version=_version(form),
    )
    return gettext(
        "Đã gửi yêu cầu bổ sung, hoàn thiện hồ sơ %(code)s đến người nộp. Thời gian giải quyết tạm dừng đến khi"
        " người nộp bổ sung; hồ sơ trở lại bước đang xử lý khi có giấy tờ bổ sung."
    ) % {"code": dossier.code}


@require_http_methods(["GET", "POST"])
@officer_required
def request_payment(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, REQUEST_PAYMENT, _request_payment)


@require_http_methods(["GET", "POST"])
@officer_required
def confirm_payment(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, CONFIRM_PAYMENT, _confirm_payment)


@require_http_methods(["GET", "POST"])
@officer_required
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    return decide(
        request, code, SUPPLEMENT, _supplement, form_kwargs=lambda d: {"components": supplement_components(d)}
    )


# --- Stopping, apologising ------------------------------------------------------------------------------
def _stop(request: HttpRequest, dossier: Dossier, form: StopForm) -> str:
    updated = services.dossier_stop(
        dossier=dossier, officer=request.user, reason=form.cleaned_data["reason"], expected_version=_version(form)
    )
    return gettext(
        "Đã dừng giải quyết hồ sơ %(code)s. In Thông báo dừng giải quyết hồ sơ (Mẫu số 05) để gửi người nộp."
    ) % {"code": updated.code}


def _apologise(request: HttpRequest, dossier: Dossier, form: ApologyForm) -> str:
    updated = services.dossier_apologise(
        dossier=dossier,
        officer=request.user,
        reason=form.cleaned_data["reason"],
        new_due_at=form.new_due_at(),
        expected_version=_version(form),
    )
    return gettext(
        "Đã ghi nhận xin lỗi và gia hạn hồ sơ %(code)s; ngày hẹn trả kết quả mới: %(due)s. In Văn bản xin lỗi và"
        " đề nghị gia hạn (Mẫu số 04) để gửi người nộp."
    ) % {"code": updated.code, "due": moment_text(updated.due_at)}


@require_http_methods(["GET", "POST"])
@officer_required
def stop(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, STOP, _stop)


@require_http_methods(["GET", "POST"])
@officer_required
def apologise(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, APOLOGISE, _apologise)
