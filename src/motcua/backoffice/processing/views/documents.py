"""Forms 04, 05, 06 of a dossier as PDF, for the officers who may open it (a 404 for anyone else).

04 Văn bản xin lỗi và đề nghị gia hạn (once the agency apologised) · 05 Thông báo dừng giải quyết hồ sơ (once it
stopped) · 06 Phiếu kiểm soát quá trình giải quyết hồ sơ (once received). Forms 04 and 05 carry the QR code of the
public status lookup. They open in the browser (to print); the file name says which form of which dossier.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from motcua.core.downloads import pdf_response
from motcua.documents.control_forms import form04_apology_pdf, form05_stop_pdf, form06_control_pdf
from motcua.documents.links import lookup_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_history
from motcua.dossiers.workflow import Action, State

from ...access import officer_required
from ...http import dossier_or_404


def _pdf(content: bytes, dossier: Dossier, form: str) -> HttpResponse:
    return pdf_response(content, inline=True, filename=f"mau-{form}-{dossier.code}.pdf")


@require_GET
@officer_required
def form04(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    if dossier.apology_at is None:
        raise Http404(gettext("Hồ sơ này chưa có văn bản xin lỗi và đề nghị gia hạn."))
    return _pdf(form04_apology_pdf(dossier=dossier, lookup_url=lookup_url(request, dossier)), dossier, "04")


@require_GET
@officer_required
def form05(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    events, _ = dossier_history(dossier=dossier)
    stops = [event for event in events if event.action == Action.STOP]
    if dossier.state != State.STOPPED or not stops:
        raise Http404(gettext("Hồ sơ này không bị dừng giải quyết."))
    pdf = form05_stop_pdf(dossier=dossier, event=stops[-1], lookup_url=lookup_url(request, dossier))
    return _pdf(pdf, dossier, "05")


@require_GET
@officer_required
def form06(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    if dossier.received_at is None:
        raise Http404(gettext("Hồ sơ chưa được tiếp nhận."))
    _, tasks = dossier_history(dossier=dossier)
    return _pdf(form06_control_pdf(dossier=dossier, tasks=tasks), dossier, "06")
