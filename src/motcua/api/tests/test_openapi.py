"""/api/v1/openapi.json is a coherent OpenAPI 3.1 document; /api/v1/docs works offline under our CSP."""

import ast
import re
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[1]


@pytest.fixture
def spec(client, db) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_the_schema_is_openapi_3_1_and_every_reference_resolves(spec):
    assert spec["openapi"] == "3.1.0"
    assert (spec["info"]["title"], spec["info"]["version"]) == ("motcua API", "1")
    schemas = spec["components"]["schemas"]
    refs = _refs(spec)
    assert refs and all(ref.startswith("#/components/schemas/") for ref in refs)
    assert {ref.rsplit("/", 1)[-1] for ref in refs} <= set(schemas)
    assert spec["components"]["securitySchemes"]["ApiKey"] == {"type": "http", "scheme": "bearer"}


def test_each_operation_is_secured_and_answers_in_vietnamese(spec):
    post = spec["paths"]["/api/v1/nghia-vu-tai-chinh/thong-bao"]["post"]
    get = spec["paths"]["/api/v1/nghia-vu-tai-chinh/thong-bao/{notice_number}"]["get"]
    for operation in (post, get):
        assert operation["security"] == [{"ApiKey": []}]
        assert operation["responses"]["401"]["description"] == "Thiếu khóa API hoặc khóa không hợp lệ."
        assert operation["operationId"] and operation["summary"]
    assert set(post["responses"]) == {"200", "201", "400", "401", "403", "413", "422"}
    assert post["requestBody"]["required"] is True
    body = post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert body[0] == {"$ref": "#/components/schemas/TaxNoticeIn"}


def test_the_notice_schema_describes_every_field_in_vietnamese(spec):
    notice = spec["components"]["schemas"]["TaxNoticeIn"]
    assert set(notice["required"]) == {
        "dossier_code",
        "tax_id",
        "notice_number",
        "notice_date",
        "budget_subitem",
        "description",
        "amount",
        "payer_name",
        "payer_kind",
    }
    assert notice["properties"]["payer_kind"]["enum"] == ["business", "household"]
    assert notice["properties"]["notice_date"]["format"] == "date"
    assert all(prop["description"] for prop in notice["properties"].values())


def test_the_docs_page_lists_the_endpoints_without_any_outside_script(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gửi thông báo nghĩa vụ tài chính" in html and "Xem tình trạng một thông báo" in html
    assert "/api/v1/openapi.json" in html and "TaxNoticeIn" in html
    assert "cdn" not in html.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=\"/)", html), "inline or external scripts break the CSP"
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_api_views_go_through_services_and_selectors():
    """Like the other front doors: no ``Model.objects`` in the modules that handle requests (keys.py is the api
    app's own service module for its ApiClient model)."""
    handlers = [path for path in API.glob("*.py") if path.name not in ("keys.py", "apps.py", "urls.py")]
    offending = [
        path.name
        for path in handlers
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert offending == []


def test_every_operation_is_described_and_secured_as_it_should(spec):
    public = {"/api/v1/thu-tuc", "/api/v1/thu-tuc/{code}", "/api/v1/tra-cuu-ho-so"}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation["operationId"] and operation["summary"] and operation["description"], (method, path)
            responses = operation["responses"]
            assert all(answer["description"] and "content" in answer for answer in responses.values()), path
            if path in public:
                assert "security" not in operation and "401" not in responses
            else:
                assert operation["security"] == [{"ApiKey": []}]
                assert {"401", "403"} <= set(responses), (method, path)
    assert spec["paths"]["/api/v1/tra-cuu-ho-so"]["get"]["responses"]["429"]["description"].startswith("Quá nhiều")


def test_a_created_dossier_links_to_the_operations_on_it(spec):
    created = spec["paths"]["/api/v1/ho-so"]["post"]
    assert created["parameters"][0]["name"] == "Idempotency-Key" and created["parameters"][0]["required"]
    assert set(created["requestBody"]["content"]) == {"multipart/form-data"}
    links = created["responses"]["201"]["links"]
    operations = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert {link["operationId"] for link in links.values()} <= operations and len(links) == 3
    assert all(link["parameters"] == {"code": "$response.body#/code"} for link in links.values())
    assert spec["components"]["schemas"]["DossierCreateIn"]["properties"]["applicant"] == {
        "$ref": "#/components/schemas/ApplicantIn",
        "description": "Chủ hồ sơ.",
    }
