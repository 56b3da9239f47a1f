"""POST/GET /api/v1/nghia-vu-tai-chinh/thong-bao: keys, scopes, good and bad bodies — never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.api.models import ApiClient
from motcua.payments.models import TaxNotice

from .conftest import URL


def body(dossier, **overrides) -> dict:
    yesterday = timezone.localdate() - timedelta(days=1)
    return {
        "dossier_code": dossier.code,
        "tax_id": "6100123456",
        "notice_number": "1234/TB-CCT",
        "notice_date": yesterday.isoformat(),
        "budget_subitem": "1411",
        "description": "Tiền sử dụng đất",
        "amount": 12_500_000,
        "payer_name": "Nguyễn Văn An",
        "payer_kind": "household",
        "due_date": None,
    } | overrides


# --- Who may call ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer motcua_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000, "motcua_abc"],
    ids=["none", "wrong-key", "empty", "basic", "huge", "no-scheme"],
)
def test_without_a_valid_key_401_in_vietnamese(client, dossier, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.post(URL, data=body(dossier), content_type="application/json", **headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Thiếu khóa API hoặc khóa không hợp lệ (Authorization: Bearer <khóa>)."}
    assert response["WWW-Authenticate"] == "Bearer"
    assert not TaxNotice.objects.exists()


def test_a_disabled_client_is_refused(send, dossier, write_key):
    ApiClient.objects.update(active=False)
    assert send(body(dossier), write_key).status_code == 401


@pytest.mark.parametrize("key_fixture", ["read_key", "no_scope_key"])
def test_a_key_without_the_write_scope_gets_403(request, send, dossier, key_fixture):
    response = send(body(dossier), request.getfixturevalue(key_fixture))
    assert response.status_code == 403
    assert "không có quyền tax_notices:write" in response.json()["detail"]
    assert not TaxNotice.objects.exists()


# --- Good notices ----------------------------------------------------------------------------------------------
def test_one_notice_is_created_then_resending_it_is_unchanged(send, dossier, write_key):
    response = send(body(dossier), write_key)
    assert response.status_code == 201
    answer = response.json()
    assert (answer["created"], answer["unchanged"]) == (1, 0)
    [state] = answer["notices"]
    assert state["order_reference"].startswith("PT") and state["state"] == "open"
    assert (state["state_label"], state["voucher_number"], state["paid_at"]) == ("Chưa thanh toán", "", None)
    assert TaxNotice.objects.get().order.reference == state["order_reference"]
    again = send(body(dossier), write_key)
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 1)
    assert ApiClient.objects.get(name="Cục Thuế tỉnh Kon Tum").last_used_at is not None


@pytest.mark.parametrize("wrap", [list, lambda items: {"notices": items}], ids=["list", "object"])
def test_several_notices_in_a_list_or_under_notices(send, dossier, write_key, wrap):
    items = [body(dossier), body(dossier, notice_number="1235/TB-CCT", amount=250_000, due_date="2099-01-01")]
    items[1]["due_date"] = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = send(wrap(items), write_key)
    assert response.status_code == 201
    assert response.json()["created"] == 2
    assert TaxNotice.objects.count() == 2


# --- Bad bodies: 400 / 422 with every error in Vietnamese, nothing taken ------------------------------------------
@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe{}", b"", b"<xml/>"], ids=["truncated", "not-utf8", "empty", "xml"])
def test_a_body_that_is_not_json_gets_400(send, write_key, raw):
    response = send(raw, write_key)
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung gửi không phải JSON hợp lệ (UTF-8)."}


@pytest.mark.parametrize("payload", [42, "x", None, [], {"notices": 5}, {"notices": []}, True])
def test_json_of_the_wrong_shape_gets_422(send, write_key, payload):
    response = send(payload, write_key)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["item"] == 0 and "một danh sách thông báo" in error["message"]


def test_type_errors_are_listed_item_by_item(send, dossier, write_key):
    missing = body(dossier, notice_number="2/TB")
    del missing["tax_id"]
    response = send(
        [
            body(dossier, notice_number="1/TB"),
            body(dossier, amount="12500000", notice_date="05/03/2026"),
            missing,
            body(dossier, notice_number="3/TB", payer_kind="company", amount=1.5),
            "not an object",
        ],
        write_key,
    )
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"].startswith("Có 6 lỗi")
    assert answer["errors"] == [
        {"item": 2, "field": "notice_date", "message": "Ngày thông báo phải là ngày dạng YYYY-MM-DD."},
        {"item": 2, "field": "amount", "message": "Số tiền phải là số nguyên (đồng), không đặt trong ngoặc kép."},
        {"item": 3, "field": "tax_id", "message": "Thiếu Mã số thuế."},
        {"item": 4, "field": "amount", "message": "Số tiền phải là số nguyên (đồng), không đặt trong ngoặc kép."},
        {
            "item": 4,
            "field": "payer_kind",
            "message": "Loại người nộp phải là “business” (doanh nghiệp) hoặc “household” (cá nhân, hộ gia đình).",
        },
        {"item": 5, "field": "", "message": "Mỗi thông báo phải là một đối tượng JSON."},
    ]
    assert not TaxNotice.objects.exists()


def test_rule_errors_come_back_with_their_item(send, dossier, write_key):
    response = send([body(dossier, notice_number="1/TB"), body(dossier, dossier_code="KHONG-CO", amount=0)], write_key)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"item": 2, "field": "amount", "message": "Số tiền phải là số nguyên đồng lớn hơn 0."},
    ]
    fixed = send([body(dossier, notice_number="1/TB"), body(dossier, dossier_code="KHONG-CO")], write_key)
    assert fixed.json()["errors"] == [
        {"item": 2, "field": "dossier_code", "message": "Không tìm thấy hồ sơ có mã KHONG-CO."}
    ]
    assert not TaxNotice.objects.exists()


def test_a_correction_under_the_same_number_is_refused(send, dossier, write_key):
    send(body(dossier), write_key)
    response = send(body(dossier, amount=13_000_000), write_key)
    assert response.status_code == 422
    assert "số thông báo mới" in response.json()["errors"][0]["message"]
    assert TaxNotice.objects.get().amount == 12_500_000


def test_wrong_method_and_unknown_path_are_not_500(client, write_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {write_key}"}
    assert client.put(URL, data="{}", content_type="application/json", **auth).status_code == 405
    assert client.get("/api/v1/khong-co", **auth).status_code == 404


# --- Reading a notice back ------------------------------------------------------------------------------------------
def test_a_notice_is_read_back_by_its_number_even_with_a_slash(client, send, dossier, write_key, read_key):
    send(body(dossier, due_date=None), write_key)
    for key in (write_key, read_key):
        response = client.get(f"{URL}/1234/tb-cct", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
        answer = response.json()
        assert (answer["notice_number"], answer["dossier_code"], answer["amount"]) == (
            "1234/TB-CCT",
            dossier.code,
            12_500_000,
        )
        assert (answer["state"], answer["payer_kind"], answer["budget_subitem"]) == ("open", "household", "1411")
        assert answer["received_at"].endswith("+07:00")


def test_reading_needs_a_key_a_scope_and_an_existing_notice(client, write_key, no_scope_key, db):
    assert client.get(f"{URL}/1").status_code == 401
    assert client.get(f"{URL}/1", HTTP_AUTHORIZATION=f"Bearer {no_scope_key}").status_code == 403
    missing = client.get(f"{URL}/1", HTTP_AUTHORIZATION=f"Bearer {write_key}")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Không tìm thấy thông báo có số này."})
