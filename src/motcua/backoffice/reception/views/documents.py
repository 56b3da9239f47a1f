"""What the dossier page links to: the applicant's files, the result documents, and forms 01, 02 and 03 (PDF).

Every download goes through the officer-scoped selectors first: an officer who may not see the dossier gets 404.
"""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.core.downloads import pdf_response, stream_file
from motcua.core.errors import NotFound
from motcua.documents.control_forms import form03_refusal_pdf
from motcua.documents.links import lookup_url
from motcua.documents.standard_forms import form01_receipt_pdf, form02_supplement_pdf
from motcua.dossiers.selectors import dossier_file_get_for_officer, dossier_history, dossier_result_get_for_officer

from ...access import officer_required
from ...http import dossier_or_404
from .page import refusal_event


@require_GET
@officer_required
def dossier_file(request: HttpRequest, code: str, file_id) -> FileResponse:
    """A file of the dossier: downloaded, or shown in place with ``?xem=1`` (PDF, images; sandboxed)."""
    try:
        found = dossier_file_get_for_officer(officer=request.user, code=code, public_id=str(file_id))
    except NotFound as error:
        raise Http404(error.message) from None
    return stream_file(request, found.file, name=found.original_name, content_type=found.content_type)


@require_GET
@officer_required
def dossier_result(request: HttpRequest, code: str, result_id) -> FileResponse:
    try:
        found = dossier_result_get_for_officer(officer=request.user, code=code, public_id=str(result_id))
    except NotFound as error:
        raise Http404(error.message) from None
    return stream_file(request, found.file, name=found.original_name, content_type="application/pdf")


@require_GET
@officer_required
def form01(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", once the dossier has been received."""
    dossier = dossier_or_404(request, code)
    if dossier.received_at is None:
        raise Http404(_("Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả."))
    content = form01_receipt_pdf(dossier=dossier, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, inline=True, filename=f"giay-tiep-nhan-{dossier.code}.pdf")


@require_GET
@officer_required
def form02(request: HttpRequest, code: str, request_id: int) -> HttpResponse:
    """Mẫu số 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" of one supplement request of this dossier."""
    dossier = dossier_or_404(request, code)
    found = next((item for item in dossier.supplement_requests.all() if item.pk == request_id), None)
    if found is None:
        raise Http404(_("Không tìm thấy yêu cầu bổ sung này."))
    content = form02_supplement_pdf(request=found, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, inline=True, filename=f"phieu-yeu-cau-bo-sung-{dossier.code}-{found.pk}.pdf")


@require_GET
@officer_required
def form03(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu số 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ", from the refusal in the dossier's history."""
    dossier = dossier_or_404(request, code)
    events, _tasks = dossier_history(dossier=dossier)
    event = refusal_event(events)
    if event is None:
        raise Http404(_("Hồ sơ không bị từ chối tiếp nhận nên không có Phiếu từ chối tiếp nhận."))
    content = form03_refusal_pdf(dossier=dossier, event=event, lookup_url=lookup_url(request, dossier))
    return pdf_response(content, inline=True, filename=f"phieu-tu-choi-{dossier.code}.pdf")
