"""Results: upload the document (PDF) or have the system write it, sign it at the signing step, hand it to the
applicant ("Trả kết quả")."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.documents.links import result_verify_url
from motcua.documents.result_document import result_generate as generate
from motcua.documents.results import result_sign as sign
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.dossiers.selectors import dossier_result_get_for_officer

from ...access import officer_required
from ..forms import ResultGenerateForm, ResultUploadForm, ReturnResultForm
from .common import Decision, back_to_dossier, decide

RESULT_UPLOAD = Decision(
    _("Tải lên kết quả"),
    _("Tải lên văn bản kết quả giải quyết (PDF). Văn bản được ký số ở bước ký duyệt trước khi hoàn thành xử lý."),
    ResultUploadForm,
)
RESULT_GENERATE = Decision(
    _("Tạo văn bản kết quả"),
    _(
        "Nhập tên và nội dung văn bản kết quả: hệ thống tạo văn bản PDF của cơ quan (quốc hiệu, tiêu ngữ, căn cứ hồ"
        " sơ, chữ ký của thủ trưởng cơ quan). Văn bản được ký số ở bước ký duyệt trước khi hoàn thành xử lý."
    ),
    ResultGenerateForm,
)
RETURN_RESULT = Decision(
    _("Trả kết quả"),
    _(
        "Ghi nhận việc trả kết quả cho người nộp: trực tuyến (kết quả vào Kho dữ liệu cá nhân của họ), tại quầy"
        " (ghi họ tên người nhận) hoặc qua bưu chính công ích (ghi số hiệu bưu gửi)."
    ),
    ReturnResultForm,
)


def _upload(request: HttpRequest, dossier: Dossier, form: ResultUploadForm) -> str:
    result = services.result_add(
        dossier=dossier, officer=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
    )
    return gettext(
        "Đã tải lên kết quả %(code)s “%(title)s”. Kết quả cần được ký số ở bước ký duyệt trước khi hoàn thành xử lý."
    ) % {"code": result.code, "title": result.title}


def _generate(request: HttpRequest, dossier: Dossier, form: ResultGenerateForm) -> str:
    data = form.cleaned_data
    result = generate(dossier=dossier, officer=request.user, title=data["title"], body=data["body"])
    return gettext(
        "Đã tạo văn bản kết quả %(code)s “%(title)s”. Kết quả cần được ký số ở bước ký duyệt trước khi hoàn thành"
        " xử lý."
    ) % {"code": result.code, "title": result.title}


def _return(request: HttpRequest, dossier: Dossier, form: ReturnResultForm) -> str:
    data = form.cleaned_data
    updated = services.dossier_return_result(
        dossier=dossier,
        officer=request.user,
        method=data["method"],
        note=data["note"],
        expected_version=data["version"],
    )
    return gettext("Đã trả kết quả hồ sơ %(code)s: %(how)s. Hồ sơ đã kết thúc.") % {
        "code": updated.code,
        "how": updated.return_note or ResultDelivery(data["method"]).label,
    }


@require_http_methods(["GET", "POST"])
@officer_required
def result_upload(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, RESULT_UPLOAD, _upload)


@require_POST
@officer_required
def result_generate(request: HttpRequest, code: str) -> HttpResponse:
    """Posted from the processing panel; a refused form comes back as the decision's page with what was typed."""
    return decide(request, code, RESULT_GENERATE, _generate)


@require_http_methods(["GET", "POST"])
@officer_required
def return_result(request: HttpRequest, code: str) -> HttpResponse:
    return decide(request, code, RETURN_RESULT, _return)


@require_POST
@officer_required
def result_sign(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    """ "Ký số": stamp the verification QR code on the result and sign it with the agency's certificate."""
    try:
        result = dossier_result_get_for_officer(officer=request.user, code=code, public_id=str(public_id))
    except NotFound as error:
        raise Http404(error.message) from None
    try:
        signed = sign(result=result, officer=request.user, verify_url=result_verify_url(request, result))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("Đã ký số kết quả %(code)s. Khi mọi kết quả đã được ký, bấm “Hoàn thành xử lý”.")
            % {"code": signed.code},
        )
    return back_to_dossier(result.dossier)
