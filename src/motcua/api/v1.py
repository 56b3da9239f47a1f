"""The API, version 1 (``/api/v1/``): OpenAPI at ``openapi.json``, a plain documentation page at ``docs``.

Every answer is JSON with a Vietnamese ``detail``; nothing a caller sends can produce a 500 (malformed JSON,
wrong types, oversized bodies, unknown paths and methods all get a 4xx from the handlers below and ``urls.py``).
"""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from .catalogue import router as catalogue_router
from .docs import PlainDocs
from .errors import invalid_from
from .partner_actions import router as actions_router
from .partner_dossiers import router as dossiers_router
from .partner_schemas import DossierCreateIn
from .tax_notices import TaxNoticeIn
from .tax_notices import router as tax_notices_router

logger = logging.getLogger(__name__)


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese readable as it is


ANSWERS = {
    "200": "Thành công.",
    "201": "Đã nhận.",
    "400": "Nội dung gửi không đọc được (không phải JSON hoặc multipart hợp lệ).",
    "401": "Thiếu khóa API hoặc khóa không hợp lệ.",
    "403": "Khóa API không có phạm vi quyền cần thiết.",
    "404": "Không tìm thấy.",
    "409": "Trạng thái hiện tại của hồ sơ không cho phép thao tác này.",
    "413": "Nội dung gửi quá lớn.",
    "415": "Định dạng nội dung gửi không được hỗ trợ.",
    "422": "Dữ liệu không hợp lệ; không có gì được ghi nhận.",
    "429": "Quá nhiều yêu cầu; vui lòng thử lại sau.",
}
# Created dossier → what a partner (or a stateful test) does next with it.
_CREATED_LINKS = {
    "ReadDossier": ("motcua_api_partner_dossiers_dossier_read", "Xem hồ sơ vừa tạo."),
    "ActOnDossier": ("motcua_api_partner_actions_dossier_act", "Thao tác trên hồ sơ vừa tạo."),
    "AttachResults": ("motcua_api_partner_actions_dossier_results_attach", "Đính kèm kết quả cho hồ sơ vừa tạo."),
}


def _links(schema: dict[str, Any]) -> None:
    """OpenAPI links from the created dossier (201/200 of POST /ho-so) to the operations on it, by its code."""
    operation_ids = {
        operation.get("operationId") for item in schema.get("paths", {}).values() for operation in item.values()
    }
    links = {
        name: {"operationId": operation_id, "parameters": {"code": "$response.body#/code"}, "description": text}
        for name, (operation_id, text) in _CREATED_LINKS.items()
        if operation_id in operation_ids
    }
    create = schema.get("paths", {}).get("/api/v1/ho-so", {}).get("post", {})
    for status, response in create.get("responses", {}).items():
        if str(status) in ("200", "201"):
            response["links"] = links


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """ninja's schema, with the bodies read by hand (ninja does not see them), links from a created dossier, and
        answers described in Vietnamese."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["TaxNoticeIn"] = TaxNoticeIn.model_json_schema()
        create = DossierCreateIn.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(create.pop("$defs", {}))
        schemas["DossierCreateIn"] = create
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for status, answer in operation.get("responses", {}).items():
                    answer["description"] = ANSWERS.get(str(status), answer.get("description", ""))
        _links(schema)
        return schema


api = MotcuaAPI(
    title="motcua API",
    version="1",
    description="Giao diện lập trình cho hệ thống đối tác (cơ quan thuế, phần mềm chuyên ngành …) của Cổng Dịch vụ "
    "công và Hệ thống thông tin giải quyết thủ tục hành chính. Danh mục thủ tục và tra cứu hồ sơ: công khai. "
    "Các thao tác khác: khóa API, Authorization: Bearer <khóa>.",
    urls_namespace="api-v1",
    docs=PlainDocs(),
    renderer=Renderer(),
)
api.add_router("/", catalogue_router)
api.add_router("/ho-so", dossiers_router)
api.add_router("/ho-so", actions_router)
api.add_router("/nghia-vu-tai-chinh/", tax_notices_router)


def answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = answer(request, 401, "Thiếu khóa API hoặc khóa không hợp lệ (Authorization: Bearer <khóa>).")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja could not parse a JSON body
        return answer(request, 400, "Nội dung gửi không phải JSON hợp lệ (UTF-8).")
    return answer(request, exc.status_code, exc.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    status = invalid_from(exc.errors)
    return api.create_response(request, status.value, status=422)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return answer(request, 404, "Không tìm thấy.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return answer(request, 413, "Nội dung gửi quá lớn.")


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, TooManyFilesSent | TooManyFieldsSent):
        return answer(request, 400, "Yêu cầu có quá nhiều trường dữ liệu hoặc tệp.")
    return answer(request, 400, "Yêu cầu không hợp lệ.")


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API %s %s failed", request.method, request.path)
    return answer(request, 500, "Lỗi hệ thống; sự cố đã được ghi lại. Vui lòng thử lại sau.")
