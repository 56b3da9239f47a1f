"""Public "Kiểm tra văn bản kết quả": the page the QR code on every signed result opens.

Anyone holding a result (a bank, a buyer, another agency) can see who issued it and whether the copy kept by the
system is still the one that was signed, and can upload the PDF they were given to learn whether it is exactly
that document. The page shows the result and its issuer only — never the applicant.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from motcua.core.errors import NotFound
from motcua.core.throttle import throttle_allows
from motcua.core.upload_limits import ENVELOPE, MB, LimitedUploadHandler, upload_refused
from motcua.documents.signing import CopyCheck, pdf_copy_check
from motcua.dossiers import selectors
from motcua.dossiers.models import DossierResult

TEMPLATE = "portal/result_verify.html"
MAX_UPLOAD_MB = 20


class VerificationUploadLimit(LimitedUploadHandler):
    """The file checked here is one PDF: a tighter bound than the dossier uploads'."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = MAX_UPLOAD_MB * MB


def _result_or_404(code: str) -> DossierResult:
    try:
        return selectors.result_get_public(code=code[:80])
    except NotFound as error:
        raise Http404(error.message) from None


def _stored_check(result: DossierResult) -> CopyCheck | None:
    """The system's own copy against the hash kept at signing; None when the file cannot be read at all."""
    try:
        with result.file.open("rb") as stored:
            return pdf_copy_check(stream=stored, issued_sha256=result.sha256)
    except (OSError, ValueError):
        return None


def _page(request: HttpRequest, result: DossierResult, *, status: int = 200, **context) -> HttpResponse:
    agency = result.dossier.agency
    context = {
        "result": result,
        "agency_name": agency.name,
        "stored": _stored_check(result),
        "max_mb": MAX_UPLOAD_MB,
        "errors": [],
        **context,
    }
    return render(request, TEMPLATE, context, status=status)


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_MB * MB + ENVELOPE
    except ValueError:
        return False


@never_cache
@csrf_exempt  # the upload limit must be in place before the body is read; CSRF is checked right after (below)
@require_http_methods(["GET", "POST"])
def result_verify(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the result, its issuer and whether the stored copy is intact. POST: check an uploaded PDF (``tep``)."""
    result = _result_or_404(code)
    if request.method == "GET":
        return _page(request, result)
    if not throttle_allows(request, action="result_verify", per_minute=settings.MOTCUA_LOOKUP_PER_MINUTE):
        return render(request, "429.html", status=429)
    if _too_large(request):
        return _page(request, result, status=413, errors=[_too_large_message()])
    request.upload_handlers.insert(0, VerificationUploadLimit(request))
    return _verify_upload(request, result)


def _too_large_message() -> str:
    return _("Tệp vượt quá %(mb)s MB. Vui lòng chọn đúng tệp PDF văn bản kết quả.") % {"mb": MAX_UPLOAD_MB}


@csrf_protect
def _verify_upload(request: HttpRequest, result: DossierResult) -> HttpResponse:
    upload = request.FILES.get("tep")  # reads the body through the limit above
    if upload_refused(request):
        return _page(request, result, status=413, errors=[_too_large_message()])
    if upload is None or not upload.size:
        return _page(request, result, status=400, errors=[_("Vui lòng chọn tệp PDF cần kiểm tra.")])
    with upload:
        check = pdf_copy_check(stream=upload, issued_sha256=result.sha256)
    return _page(request, result, upload_check=check, upload_name=upload.name)
