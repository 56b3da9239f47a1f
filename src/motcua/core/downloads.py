"""Serving a stored document to the one person allowed to see it (the caller has checked who that is)."""

from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

# Shown in place (``?xem=1``) rather than downloaded: browsers render these without a plug-in.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


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
    # Opened in place, an uploaded document runs no script and reaches no cookie of the site.
    response["Content-Security-Policy"] = "sandbox"
    return response


def pdf_response(content: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """A generated PDF (a standard form): a download, or ``inline`` shown in the browser ready to print."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
