"""What the pages of "Trang cá nhân" share: the dossier lookup, file streaming, error statuses, paging."""

from urllib.parse import urlencode

from django.core.files import File
from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for_applicant
from motcua.dossiers.workflow import State

from ..personal_forms import INLINE_TYPES

PER_PAGE = 20
# Domain errors that mean "not now, in this state" (409) rather than "fix what you sent" (400).
_CONFLICTS = frozenset({"illegal_transition", "no_supplement", "not_draft", "too_early", "already", "forbidden"})


def status_for(error: DomainError) -> int:
    return 409 if error.code in _CONFLICTS else 400


def dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    """One of the signed-in person's submitted dossiers, by its code only (a number, e.g. a draft's id, is not)."""
    try:
        dossier = dossier_get_for_applicant(user=request.user, code_or_pk=code)
    except NotFound as error:
        raise Http404(error.message) from None
    if dossier.state == State.DRAFT or dossier.code != code:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


def stream_file(request: HttpRequest, stored: File, *, name: str, content_type: str) -> FileResponse:
    """The stored file, streamed in chunks, as a download (PDF and images in place with ``?xem=1``)."""
    try:
        handle = stored.storage.open(stored.name, "rb")
    except OSError:
        raise Http404(
            _("Không tìm thấy tệp “%(name)s” trên máy chủ lưu trữ. Vui lòng gọi đường dây hỗ trợ ở cuối trang.")
            % {"name": name}
        ) from None
    inline = request.GET.get("xem") == "1" and content_type in INLINE_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Opened in place, an uploaded document runs no script and reaches no cookie of the portal.
    response["Content-Security-Policy"] = "sandbox"
    return response


def page_links(page: Page) -> dict[str, str]:
    """Query strings of the previous and next pages (for lists with no other parameter)."""
    return {
        "prev_query": urlencode({"page": page.previous_page_number()}) if page.has_previous() else "",
        "next_query": urlencode({"page": page.next_page_number()}) if page.has_next() else "",
    }
