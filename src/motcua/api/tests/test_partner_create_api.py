"""POST /api/v1/ho-so: a partner sends a whole dossier with its files (multipart) — checked like a portal upload,
submitted at once or not created at all, never twice for one Idempotency-Key."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.audit.models import AuditEntry
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.tests.factories import ProcedureFactory, citizen, pdf_bytes

URL = "/ho-so"
PARTNER_LABEL = "Phần mềm chuyên ngành Sở Nông nghiệp (hệ thống đối tác)"


def data(procedure, **overrides) -> str:
    body = {
        "procedure_code": procedure.code,
        "applicant": {"name": "Trần Thị Bình", "id_number": "062190004321", "phone": "0912345678"},
        "result_delivery": "counter",
        "note": "Hồ sơ chuyển từ phần mềm một cửa của xã",
    } | overrides
    return json.dumps(body, ensure_ascii=False)


def pdf(text="Don de nghi", name="don.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


@pytest.fixture
def send(api, partner_key, procedure, component):
    def _send(key="lan-gui-1", body=None, files=None, token=partner_key):
        form = {"data": body if body is not None else data(procedure)}
        files = files if files is not None else [(component.pk, pdf())]
        form |= {"component_id": [str(c) for c, _ in files], "file": [f for _, f in files]}
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        return api.form(URL, token, form, **headers)

    return _send


def test_a_dossier_with_its_files_is_created_and_submitted(send, procedure, component):
    response = send()
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["state"], answer["national_code"], answer["procedure"]["code"]) == ("submitted", 1, procedure.code)
    assert answer["code"].startswith("000.00.16.H34-")
    [attached] = answer["files"]
    assert (attached["component_id"], attached["content_type"]) == (component.pk, "application/pdf")
    [event] = answer["events"]
    assert (event["action"], event["actor"], event["note"]) == (
        "submit",
        PARTNER_LABEL,
        "Hồ sơ chuyển từ phần mềm một cửa của xã",
    )
    dossier = Dossier.objects.get(code=answer["code"])
    assert (dossier.applicant_name, dossier.fee_total, dossier.applicant_id) == ("Trần Thị Bình", 70_000, None)
    assert AuditEntry.objects.get(subject_id=dossier.code, action="submit").actor_label == PARTNER_LABEL


def test_a_retried_request_returns_the_same_dossier(send):
    first = send(key="abc-123")
    again = send(key="abc-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1 and DossierFile.objects.count() == 1
    assert send(key="abc-124").status_code == 201
    assert Dossier.objects.count() == 2


def test_the_applicants_portal_account_is_linked_by_their_id_number(send, procedure):
    person = citizen(id_number="062190004321")
    response = send(body=data(procedure, result_delivery="online"))
    assert response.status_code == 201
    assert Dossier.objects.get(code=response.json()["code"]).applicant == person


@pytest.mark.parametrize("key", [None, "", "x" * 201])
def test_an_idempotency_key_is_required(send, key):
    response = send(key=key)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Dossier.objects.exclude(code=None).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("", "data"),
        ("{không phải json", "data"),
        ("[1, 2]", ""),
        (json.dumps({"procedure_code": "9.999999", "applicant": {"name": "A", "id_number": "1", "phone": "1"}}), ""),
        (json.dumps({"procedure_code": "X"}), "applicant"),
        (json.dumps({"procedure_code": "X", "applicant": {"name": "", "id_number": "1"}}), "applicant.name"),
    ],
)
def test_bad_data_is_422_naming_the_field(send, body, field):
    response = send(body=body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] and answer["errors"][0]["field"] in (field, "procedure_code")
    assert not Dossier.objects.exclude(code=None).exists()


def test_rule_errors_come_back_in_vietnamese_and_nothing_is_created(send, procedure, component, settings, media_files):
    stored = media_files()
    png_as_word = SimpleUploadedFile("anh.doc", b"\x89PNG\r\n\x1a\n" + b"0" * 50, content_type="application/msword")
    cases = [
        ([(component.pk, png_as_word)], None, "anh.doc"),
        ([], None, "Chưa đính kèm thành phần hồ sơ bắt buộc"),
        ([(999999, pdf())], None, "không thuộc trường hợp"),
        ([("12a", pdf())], None, "component_id, số nguyên"),
        (None, data(procedure, applicant={"name": "A", "id_number": "1"}), "số điện thoại hoặc thư điện tử"),
        (None, data(procedure, result_delivery="online"), "nhận kết quả trực tuyến"),
        (None, data(procedure, case_id=123456), "Trường hợp đã chọn"),
    ]
    for files, body, words in cases:
        response = send(files=files, body=body)
        assert response.status_code == 422, (words, response.content)
        assert words in response.json()["detail"], response.json()
    assert not Dossier.objects.exclude(code=None).exists()
    assert media_files() == stored


def test_a_procedure_of_another_agency_is_refused(send, db):
    other = ProcedureFactory(agency__code="000.00.20.H34")
    response = send(body=data(other))
    assert response.status_code == 422
    assert response.json()["detail"] == "Hệ thống đối tác không tiếp nhận hồ sơ của thủ tục này."


def test_files_and_components_must_pair_up(api, partner_key, procedure, component):
    base = {"data": data(procedure), "component_id": [str(component.pk)], "file": [pdf(), pdf("Khac", "khac.pdf")]}
    response = api.form(URL, partner_key, base, HTTP_IDEMPOTENCY_KEY="k")
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "component_id")
    stray = api.form(URL, partner_key, {"data": data(procedure), "tep": pdf()}, HTTP_IDEMPOTENCY_KEY="k")
    assert stray.status_code == 422 and "trường file" in stray.json()["detail"]


def test_a_body_that_is_not_multipart_is_415(api, partner_key, procedure):
    response = api.json(URL, partner_key, {"procedure_code": procedure.code})
    assert response.status_code == 415


def test_an_oversized_upload_is_413_and_stores_nothing(send, settings, component, media_files):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("to.pdf", pdf_bytes() + b"0" * (3 * 1024 * 1024), content_type="application/pdf")
    response = send(files=[(component.pk, big)])
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Nội dung gửi quá lớn")
    assert not Dossier.objects.exclude(code=None).exists() and media_files() == []


def test_creating_needs_the_write_scope(send, agency, db):
    from motcua.api.keys import api_client_create

    reader = api_client_create(name="Chỉ đọc", scopes=["dossiers:read"], agency=agency)[1]
    assert send(token=reader).status_code == 403
    assert send(token=None).status_code == 401
    assert not Dossier.objects.exclude(code=None).exists()
