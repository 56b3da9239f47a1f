"""Documents issued on a dossier, as the applicant downloads them: the signed results and forms 03, 04 and 05."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.downloads import stream_file
from motcua.core.errors import NotFound
from motcua.documents.control_forms import form03_refusal_pdf, form04_apology_pdf, form05_stop_pdf
from motcua.documents.links import lookup_url
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import dossier_events_for_applicant, dossier_result_get_for_applicant
from motcua.dossiers.workflow import Action

from .common import dossier_or_404, pdf_response


@login_required
@require_GET
def result_download(request: HttpRequest, code: str, result_id: str) -> FileResponse:
    """A signed result ("kết quả giải quyết điện tử"), once returned; ``?xem=1`` opens it in the browser."""
    dossier = dossier_or_404(request, code)
    try:
        result = dossier_result_get_for_applicant(user=request.user, dossier=dossier, public_id=str(result_id))
    except NotFound as error:
        raise Http404(error.message) from None
    return stream_file(request, result.file, name=f"{result.code}.pdf", content_type="application/pdf")


def _last_event(request: HttpRequest, code: str, action: str, missing: str) -> tuple:
    dossier = dossier_or_404(request, code)
    event: DossierEvent | None = (
        dossier_events_for_applicant(user=request.user, dossier=dossier).filter(action=action).last()
    )
    if event is None:
        raise Http404(missing)
    return dossier, event


@never_cache
@login_required
@require_GET
def refusal_form03(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ", when the dossier was refused."""
    dossier, event = _last_event(request, code, Action.REFUSE, _("Hồ sơ này không bị từ chối tiếp nhận."))
    content = form03_refusal_pdf(dossier=dossier, event=event, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, filename=f"phieu-tu-choi-{dossier.code}.pdf")


@never_cache
@login_required
@require_GET
def apology_form04(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", when the agency issued one."""
    dossier = dossier_or_404(request, code)
    if dossier.apology_at is None:
        raise Http404(_("Hồ sơ này không có văn bản xin lỗi và đề nghị gia hạn."))
    content = form04_apology_pdf(dossier=dossier, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, filename=f"van-ban-xin-loi-{dossier.code}.pdf")


@never_cache
@login_required
@require_GET
def stop_form05(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 05 "Thông báo dừng giải quyết hồ sơ", when processing was stopped."""
    dossier, event = _last_event(request, code, Action.STOP, _("Hồ sơ này không bị dừng giải quyết."))
    content = form05_stop_pdf(dossier=dossier, event=event, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, filename=f"thong-bao-dung-{dossier.code}.pdf")
