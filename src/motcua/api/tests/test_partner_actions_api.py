"""POST /api/v1/ho-so/{code}/thao-tac and /ket-qua: a partner takes a dossier through its whole workflow — through
the dossiers services, under its own name in the history and the audit log — and is refused (409, 422, 404) in
Vietnamese, never with a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.audit.models import AuditEntry
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.tests.factories import pdf_bytes, png_bytes

PARTNER_LABEL = "Phần mềm chuyên ngành Sở Nông nghiệp (hệ thống đối tác)"


def act(api, key, dossier, action, **fields):
    return api.json(f"/ho-so/{dossier.code}/thao-tac", key, {"action": action, **fields})


def attach(api, key, dossier, *files, titles=None, sign="false"):
    titles = titles if titles is not None else [f"Giấy phép số {n}" for n, _ in enumerate(files, 1)]
    data = {"title": titles, "file": list(files), "sign": sign}
    return api.form(f"/ho-so/{dossier.code}/ket-qua", key, data)


def pdf(text="Giay phep"):
    return SimpleUploadedFile("giay-phep.pdf", pdf_bytes(text), content_type="application/pdf")


def test_a_partner_takes_a_dossier_from_reception_to_the_returned_result(api, partner_key, dossier):
    received = act(api, partner_key, dossier, "receive", note="Đủ thành phần")
    assert received.status_code == 200, received.content
    answer = received.json()
    assert (answer["state"], answer["national_code"]) == ("received", 2)
    assert answer["due_at"].endswith("+07:00")
    assert "forward" in answer["allowed_actions"] and "receive" not in answer["allowed_actions"]
    for _step in range(2):  # specialist → division head → agency leader (the signing step)
        assert act(api, partner_key, dossier, "forward", note="Đồng ý").status_code == 200
    attached = attach(api, partner_key, dossier, pdf(), sign="true")
    assert attached.status_code == 201, attached.content
    [result] = attached.json()["results"]
    assert result["code"] == f"{dossier.code}-KQ1" and result["signed"] is True
    finished = act(api, partner_key, dossier, "finish", note="Đã ký")
    assert (finished.status_code, finished.json()["national_code"]) == (200, 9)
    returned = act(api, partner_key, dossier, "return_result", method="counter", note="Nguyễn Văn An")
    assert returned.status_code == 200
    events = returned.json()["events"]
    assert (events[-1]["action"], events[-1]["national_code"]) == ("return_result", 10)
    assert {e["actor"] for e in events if e["action"] != "submit"} == {PARTNER_LABEL}
    dossier.refresh_from_db()
    assert dossier.state == "returned"
    audit = AuditEntry.objects.filter(subject_id=dossier.code, action="receive").get()
    assert audit.actor_label == PARTNER_LABEL


def test_an_act_the_state_does_not_allow_is_409_in_vietnamese(api, partner_key, dossier):
    response = act(api, partner_key, dossier, "finish")
    assert response.status_code == 409
    assert response.json() == {"detail": "Không thể xử lý khi hồ sơ đang ở trạng thái “Mới đăng ký”."}
    assert act(api, partner_key, dossier, "return_result", method="counter", note="A").status_code == 409
    dossier.refresh_from_db()
    assert dossier.state == "submitted"


def test_a_stale_version_is_409_and_changes_nothing(api, partner_key, dossier):
    version = dossier.version
    assert act(api, partner_key, dossier, "receive", expected_version=version).status_code == 200
    again = act(api, partner_key, dossier, "refuse", note="Thiếu giấy tờ", expected_version=version)
    assert again.status_code == 409
    assert "vừa được cập nhật" in again.json()["detail"]
    dossier.refresh_from_db()
    assert dossier.state == "received"


@pytest.mark.parametrize(
    ("action", "fields", "field"),
    [
        ("refuse", {}, ""),
        ("return_result", {}, "method"),
        ("apologise", {"note": "Chậm"}, "new_due_at"),
        ("request_supplement", {"note": "Thiếu"}, ""),
    ],
)
def test_a_missing_reason_or_value_is_422_naming_it(api, partner_key, dossier, action, fields, field):
    response = act(api, partner_key, dossier, action, **fields)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] and answer["errors"][0]["field"] == field


def test_a_supplement_request_lists_what_is_missing(api, partner_key, dossier):
    act(api, partner_key, dossier, "receive")
    items = [{"name": "Bản sao CCCD của người được ủy quyền", "note": "Bản sao có chứng thực"}]
    response = act(api, partner_key, dossier, "request_supplement", note="Thiếu giấy tờ", items=items)
    assert (response.status_code, response.json()["national_code"]) == (200, 5)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{", 400),
        (b"\xff\xfe", 400),
        (b'{"action": "explode"}', 422),
        (b'{"action": "receive", "expected_version": "x"}', 422),
        (b'{"action": "receive", "items": 5}', 422),
        (b"[]", 422),
    ],
)
def test_malformed_or_mistyped_bodies_get_a_json_4xx(client, partner_key, dossier, body, status):
    response = client.post(
        f"/api/v1/ho-so/{dossier.code}/thao-tac",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner_key}",
    )
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"]


def test_an_oversized_json_body_is_413(client, partner_key, dossier, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"action": "refuse", "note": "x" * 2000})
    response = client.post(
        f"/api/v1/ho-so/{dossier.code}/thao-tac",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner_key}",
    )
    assert (response.status_code, response.json()) == (413, {"detail": "Nội dung gửi quá lớn."})


def test_another_agencys_dossier_is_404_for_acts_and_results(api, partner_key, other_dossier):
    assert act(api, partner_key, other_dossier, "receive").status_code == 404
    assert attach(api, partner_key, other_dossier, pdf()).status_code == 404
    other_dossier.refresh_from_db()
    assert other_dossier.state == "submitted"


def test_acting_needs_the_transition_scope(api, dossier, agency):
    from motcua.api.keys import api_client_create

    reader = api_client_create(name="Chỉ đọc", scopes=["dossiers:read"], agency=agency)[1]
    response = act(api, reader, dossier, "receive")
    assert response.status_code == 403
    assert "dossiers:transition" in response.json()["detail"]
    assert act(api, None, dossier, "receive").status_code == 401


# --- Results -----------------------------------------------------------------------------------------------------
def test_results_wait_for_reception_and_must_be_pdf(api, partner_key, dossier):
    assert attach(api, partner_key, dossier, pdf()).status_code == 409
    act(api, partner_key, dossier, "receive")
    image = SimpleUploadedFile("anh.pdf", png_bytes(), content_type="application/pdf")
    refused = attach(api, partner_key, dossier, image)
    assert refused.status_code == 422
    assert "PDF" in refused.json()["detail"]
    assert not DossierResult.objects.exists()


def test_results_unsigned_then_finish_is_refused_until_signed(api, partner_key, dossier):
    act(api, partner_key, dossier, "receive")
    response = attach(api, partner_key, dossier, pdf("KQ 1"), pdf("KQ 2"), titles=["Giấy phép", "Phụ lục"])
    assert response.status_code == 201
    assert [r["code"] for r in response.json()["results"]] == [f"{dossier.code}-KQ1", f"{dossier.code}-KQ2"]
    assert not any(r["signed"] for r in response.json()["results"])
    assert act(api, partner_key, dossier, "finish").status_code == 409
    signing_too_early = attach(api, partner_key, dossier, pdf("KQ 3"), sign="true")
    assert signing_too_early.status_code == 409
    assert "bước ký duyệt" in signing_too_early.json()["detail"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"title": ["A", "B"]}, None),  # titles without files
        ({"file": "x"}, None),
        ({"title": "A", "sign": "maybe"}, None),
    ],
)
def test_bad_result_forms_are_422(api, partner_key, dossier, data, content_type):
    act(api, partner_key, dossier, "receive")
    if "sign" in data:
        data["file"] = pdf()
    response = api.form(f"/ho-so/{dossier.code}/ket-qua", partner_key, data)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_results_must_be_multipart(client, partner_key, dossier):
    response = client.post(
        f"/api/v1/ho-so/{dossier.code}/ket-qua",
        b"{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner_key}",
    )
    assert response.status_code == 415
    assert Dossier.objects.get(pk=dossier.pk).version == dossier.version
