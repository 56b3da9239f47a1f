"""The API, version 1 (``/api/v1/``): OpenAPI at ``openapi.json``, a plain documentation page at ``docs``.

Every answer is JSON with a Vietnamese ``detail``; nothing a caller sends can produce a 500 (malformed JSON,
wrong types, unknown paths and methods all get a 4xx from the handlers below).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from .docs import PlainDocs
from .tax_notices import TaxNoticeIn
from .tax_notices import router as tax_notices_router


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese readable as it is


ANSWERS = {
    "200": "Thành công.",
    "201": "Đã nhận.",
    "400": "Nội dung gửi không đọc được (không phải JSON).",
    "401": "Thiếu khóa API hoặc khóa không hợp lệ.",
    "403": "Khóa API không có phạm vi quyền cần thiết.",
    "404": "Không tìm thấy.",
    "413": "Nội dung gửi quá lớn.",
    "422": "Dữ liệu không hợp lệ; không có gì được ghi nhận.",
}


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """ninja's schema, with the notices' body schema (read by hand, so ninja does not see it) and answers
        described in Vietnamese."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["TaxNoticeIn"] = TaxNoticeIn.model_json_schema()
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for status, answer in operation.get("responses", {}).items():
                    answer["description"] = ANSWERS.get(str(status), answer.get("description", ""))
        return schema


api = MotcuaAPI(
    title="motcua API",
    version="1",
    description="Giao diện lập trình cho hệ thống đối tác (cơ quan thuế …) của Cổng Dịch vụ công và Hệ thống thông "
    "tin giải quyết thủ tục hành chính. Xác thực bằng khóa API: Authorization: Bearer <khóa>.",
    urls_namespace="api-v1",
    docs=PlainDocs(),
    renderer=Renderer(),
)
api.add_router("/nghia-vu-tai-chinh/", tax_notices_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Thiếu khóa API hoặc khóa không hợp lệ (Authorization: Bearer <khóa>)."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Tham số của yêu cầu không hợp lệ."}, status=422)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)
