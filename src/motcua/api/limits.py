"""What the API accepts before a handler runs: the lookup throttle, and multipart bodies within the upload limit.

The public status lookup shares the portal's budget (``MOTCUA_LOOKUP_PER_MINUTE`` per address and minute, the same
counter in the shared cache): asking through the API does not add guesses to those made on ``/tra-cuu-ho-so/``.

A multipart body (files) is read here, not by ninja, so that every way it can be wrong gets a JSON answer: not
multipart → 415; announced or sent over ``MOTCUA_UPLOAD_MAX_MB`` (+1 MB of envelope) → 413, cut off as soon as it
passes the limit (no worker spools a huge upload to disk); unreadable → 400. Fields without files are bounded by
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and ``DATA_UPLOAD_MAX_NUMBER_FIELDS``.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict

from motcua.core.throttle import throttle_allows
from motcua.core.upload_limits import LimitedUploadHandler, upload_announced_too_large, upload_refused


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one status lookup against the address's budget (the portal's counter); False once it is spent."""
    return throttle_allows(request, action="dossier_lookup", per_minute=settings.MOTCUA_LOOKUP_PER_MINUTE)


class BodyRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _too_large() -> BodyRefused:
    return BodyRefused(
        413, f"Nội dung gửi quá lớn: tổng các tệp trong một yêu cầu tối đa {settings.MOTCUA_UPLOAD_MAX_MB} MB."
    )


def multipart_read(request: HttpRequest) -> tuple[QueryDict, MultiValueDict]:
    """The form fields and files of a ``multipart/form-data`` request; ``BodyRefused`` with the answer if not."""
    if request.content_type != "multipart/form-data":
        raise BodyRefused(415, "Yêu cầu phải gửi dạng multipart/form-data (trường dữ liệu và tệp đính kèm).")
    if upload_announced_too_large(request):
        raise _too_large()
    request.upload_handlers.insert(0, LimitedUploadHandler(request))
    try:
        fields, files = request.POST, request.FILES
    except RequestDataTooBig:
        raise _too_large() from None
    except (TooManyFieldsSent, TooManyFilesSent):
        raise BodyRefused(400, "Yêu cầu có quá nhiều trường dữ liệu hoặc tệp.") from None
    except MultiPartParserError:
        raise BodyRefused(400, "Nội dung multipart/form-data không đọc được.") from None
    if upload_refused(request):
        raise _too_large()
    return fields, files
