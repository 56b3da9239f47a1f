"""Mounted by ``conf/urls.py`` at ``/api/v1/`` (namespace ``api-v1``).

Nothing under ``/api/v1/`` answers HTML (but the documentation page): an unknown path is a JSON 404 (the last
pattern), a method an operation does not have is a JSON 405 (ninja answers it as plain text), and an error no
handler expected is a JSON 500.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from .v1 import api

app_name = "api-v1"
logger = logging.getLogger(__name__)
_JSON = {"ensure_ascii": False}
NOT_FOUND = "Không tìm thấy địa chỉ này trong API (xem /api/v1/docs)."


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params=_JSON)


def _answers_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _json(404, NOT_FOUND)
        except Exception:
            logger.exception("API %s %s failed", request.method, request.path)
            return _json(500, "Lỗi hệ thống; sự cố đã được ghi lại. Vui lòng thử lại sau.")
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            message = f"Phương thức {request.method} không được hỗ trợ ở địa chỉ này (được phép: {allowed})."
            replaced = _json(405, message)
            replaced["Allow"] = allowed
            return replaced
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # as ninja's own views: keys, not cookies
    return wrapped


def _wrap(pattern: Any) -> Any:
    if isinstance(pattern, URLPattern):
        pattern.callback = _answers_json(pattern.callback)
    return pattern


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return _json(404, NOT_FOUND)


urlpatterns = [_wrap(pattern) for pattern in api.urls[0]] + [re_path(r"^(?P<rest>[\s\S]*)\Z", not_found)]
