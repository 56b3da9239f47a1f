"""``/api/v1/docs``: the API described on a plain page of the site — no script, nothing from a CDN (CSP).

ninja's Swagger and Redoc pages load JavaScript (and Redoc injects styles) that our Content-Security-Policy
refuses; partners read this page, and feed ``/api/v1/openapi.json`` to their own tools.
"""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f"“{value}”" for value in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    kind = schema.get("type", "")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [
        {"name": name, "type": _type(prop), "required": name in required, "description": prop.get("description", "")}
        for name, prop in schema.get("properties", {}).items()
    ]


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            operations.append(
                {
                    "anchor": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "secured": bool(operation.get("security")),
                    "responses": [
                        {"status": status, "description": answer.get("description", "")}
                        for status, answer in operation.get("responses", {}).items()
                    ],
                }
            )
    return operations


class PlainDocs(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        spec = api.get_openapi_schema(path_params=kwargs)
        schemas = spec.get("components", {}).get("schemas", {})
        context = {
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": _operations(spec),
            "schemas": [
                {"name": name, "description": schema.get("description", ""), "fields": _fields(schema)}
                for name, schema in schemas.items()
            ],
        }
        return render(request, self.template, context)
