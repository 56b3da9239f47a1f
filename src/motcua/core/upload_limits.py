"""A cap on how much one upload request may send, enforced while the body streams in.

Each component has its own size limit, checked by the dossier services once a file has arrived. This is the
outer bound (``MOTCUA_UPLOAD_MAX_MB`` per request): a request announcing more is refused before its body is
read, and one that sends more than it announced is cut off as soon as it passes the limit, so a worker never
spools gigabytes to disk for a file that would be refused anyway.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

MB = 1024 * 1024
# Room for the multipart envelope (boundaries, part headers, the CSRF token) around the files themselves.
ENVELOPE = MB
_REFUSED = "_motcua_upload_refused"


def upload_limit_bytes() -> int:
    return settings.MOTCUA_UPLOAD_MAX_MB * MB


def upload_announced_too_large(request: HttpRequest) -> bool:
    """The request's own Content-Length already passes the limit: refuse without reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > upload_limit_bytes() + ENVELOPE


def upload_refused(request: HttpRequest) -> bool:
    """Whether ``LimitedUploadHandler`` stopped this request's upload (its files are then incomplete: drop them)."""
    return bool(getattr(request, _REFUSED, False))


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain: counts the file bytes of the whole request and stops the upload past the limit.

    ``StopUpload(connection_reset=False)`` makes Django drain the rest of the body quietly, so the browser gets
    our page rather than a reset connection; the view sees ``upload_refused(request)`` and says why.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = upload_limit_bytes()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, _REFUSED, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers (memory / temporary file) build the file
