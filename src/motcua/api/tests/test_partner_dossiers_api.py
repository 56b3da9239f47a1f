"""GET /api/v1/ho-so and /ho-so/{code}: a partner reads its own agency's dossiers — and nothing of any other."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.api.keys import api_client_create, api_client_revoke
from motcua.api.models import ApiClient
from motcua.dossiers import services
from motcua.payments.tests.fixtures import submit


def test_a_dossier_of_the_agency_in_detail(api, partner_key, dossier, applicant):
    response = api.get(f"/ho-so/{dossier.code}", partner_key)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["code"], answer["state"], answer["state_label"], answer["national_code"]) == (
        dossier.code,
        "submitted",
        "Mới đăng ký",
        1,
    )
    assert answer["agency"] == {"code": "000.00.16.H34", "name": "Sở Nông nghiệp và Phát triển nông thôn"}
    assert answer["applicant"]["id_number"] == dossier.applicant_id_number != ""
    assert answer["fee_total"] == 70_000
    assert answer["allowed_actions"] == ["receive", "refuse", "request_supplement"]
    [event] = answer["events"]
    assert (event["action"], event["national_code"], event["at"][-6:]) == ("submit", 1, "+07:00")


def test_another_agencys_dossier_a_draft_and_an_unknown_code_are_one_404(api, partner_key, other_dossier, procedure):
    draft = services.dossier_draft_create(applicant=other_dossier.applicant, procedure=procedure)
    answers = [api.get(f"/ho-so/{code}", partner_key) for code in (other_dossier.code, draft.public_id, "KHONG-CO")]
    assert {(r.status_code, r.json()["detail"]) for r in answers} == {(404, "Không tìm thấy hồ sơ.")}


def test_the_list_holds_only_the_agencys_dossiers(api, partner_key, dossier, other_dossier):
    response = api.get("/ho-so", partner_key)
    assert response.status_code == 200
    answer = response.json()
    assert [item["code"] for item in answer["items"]] == [dossier.code]
    assert answer["next_cursor"] is None


def test_the_list_pages_by_cursor_without_skipping_or_repeating(api, partner_key, dossier, applicant, procedure):
    for _ in range(4):
        submit(applicant, procedure)
    seen, cursor = [], ""
    while True:
        answer = api.get("/ho-so", partner_key, limit=2, cursor=cursor).json()
        seen += [item["code"] for item in answer["items"]]
        if not answer["next_cursor"]:
            break
        cursor = answer["next_cursor"]
    assert len(seen) == 5 and len(set(seen)) == 5
    stamps = [item["updated_at"] for item in api.get("/ho-so", partner_key, limit=100).json()["items"]]
    assert stamps == sorted(stamps)


def test_filters_by_state_and_updated_since(api, partner_key, dossier, applicant, procedure, partner):
    later = submit(applicant, procedure)
    services.dossier_receive(dossier=later, officer=partner[0].account)
    received = api.get("/ho-so", partner_key, state="received").json()["items"]
    assert [item["code"] for item in received] == [later.code]
    later.refresh_from_db()
    since = api.get("/ho-so", partner_key, updated_since=later.updated_at.isoformat()).json()["items"]
    assert [item["code"] for item in since] == [later.code]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert api.get("/ho-so", partner_key, updated_since=future).json()["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"cursor": "abc"}, "cursor"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"state": "draft"}, "state"),
        ({"updated_since": "hôm qua"}, "updated_since"),
    ],
)
def test_bad_list_parameters_are_422(api, partner_key, query, field):
    response = api.get("/ho-so", partner_key, **query)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


# --- Keys: missing, expired, revoked → 401; wrong scope → 403 ------------------------------------------------------
@pytest.mark.parametrize("key", [None, "motcua_khong-co", "x" * 300])
def test_without_a_valid_key_401(api, dossier, key):
    response = api.get(f"/ho-so/{dossier.code}", key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_expired_key_is_401(api, partner, dossier):
    client, key = partner
    ApiClient.objects.filter(pk=client.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get(f"/ho-so/{dossier.code}", key).status_code == 401


def test_a_revoked_key_is_401_at_once(api, partner, dossier):
    client, key = partner
    assert api.get("/ho-so", key).status_code == 200
    api_client_revoke(name=client.name)
    assert api.get("/ho-so", key).status_code == 401


def test_a_key_without_the_read_scope_is_403(api, dossier, agency, write_key):
    writer = api_client_create(name="Chỉ gửi hồ sơ", scopes=["dossiers:write"], agency=agency)[1]
    for key in (writer, write_key):
        response = api.get("/ho-so", key)
        assert response.status_code == 403
        assert response.json()["detail"].startswith("Khóa API này không có quyền dossiers:read")
