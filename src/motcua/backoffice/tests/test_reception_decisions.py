"""The reception decisions on an online dossier: receive, request a supplement, refuse — and what protects them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.dossiers.tests.factories import officer_of
from motcua.dossiers.workflow import State

pytestmark = pytest.mark.django_db


def _post(client, name, dossier, data):
    return client.post(reverse(f"backoffice:{name}", args=[dossier.code]), data)


def _state(dossier):
    return Dossier.objects.values_list("state", "version").get(pk=dossier.pk)


def test_receiving_sets_the_appointment_and_offers_form_01(client, world, sign_in):
    dossier = world.submitted()
    sign_in(client, world.reception)
    response = _post(client, "receive", dossier, {"version": dossier.version, "note": "Hồ sơ đầy đủ."})
    assert response.status_code == 303
    assert response["Location"] == reverse("backoffice:dossier", args=[dossier.code])
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.due_at is not None
    html = client.get(response["Location"]).content.decode()
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
    assert f"Đã tiếp nhận hồ sơ {dossier.code}. Ngày hẹn trả kết quả: {due}." in html
    form01 = reverse("backoffice:form01", args=[dossier.code])
    assert f'<a href="{form01}">In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)</a>' in html
    assert "Hồ sơ đầy đủ." in html  # the hand-over note, in the hand-over table
    pdf = client.get(form01)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_supplement_request_without_any_document_is_refused_and_changes_nothing(client, world, sign_in):
    dossier = world.submitted()
    before = _state(dossier)
    sign_in(client, world.reception)
    data = {"version": dossier.version, "reason": "Đơn chưa có chữ ký.", "contact": "Chị Lan, 0260 3862 123"}
    response = _post(client, "request_supplement", dossier, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Có lỗi cần sửa" in html
    assert "Chọn ít nhất một thành phần hồ sơ hoặc ghi tên giấy tờ khác cần bổ sung, hoàn thiện." in html
    assert "Đơn chưa có chữ ký." in html and "Chị Lan, 0260 3862 123" in html  # nothing typed is lost
    assert _state(dossier) == before and not SupplementRequest.objects.exists()


def test_a_consolidated_supplement_request_lists_components_and_other_documents(client, world, sign_in):
    dossier = world.submitted()
    component = dossier.case.components.get()
    sign_in(client, world.reception)
    data = {
        "version": dossier.version,
        "reason": "Hồ sơ chưa đầy đủ.",
        "contact": "Chị Lan",
        f"component_{component.pk}": "on",
        f"component_{component.pk}_note": "Thiếu chữ ký của chủ cơ sở.",
        "other_1_name": "Bản vẽ mặt bằng chuồng trại",
        "other_1_note": "Bản chụp rõ nét.",
    }
    response = _post(client, "request_supplement", dossier, data)
    assert response.status_code == 303
    request = SupplementRequest.objects.get(dossier=dossier)
    assert [item["name"] for item in request.items] == [component.name, "Bản vẽ mặt bằng chuồng trại"]
    assert request.items[0]["component_id"] == component.pk and request.contact == "Chị Lan"
    assert _state(dossier)[0] == State.SUPPLEMENT_REQUESTED
    html = client.get(response["Location"]).content.decode()
    form02 = reverse("backoffice:form02", args=[dossier.code, request.pk])
    assert "Đã gửi yêu cầu bổ sung" in html and form02 in html and "Bản vẽ mặt bằng chuồng trại" in html
    assert client.get(form02).content.startswith(b"%PDF")
    assert client.get(reverse("backoffice:form02", args=[dossier.code, request.pk + 1])).status_code == 404


def test_a_free_row_needs_a_name_when_it_has_a_note(client, world, sign_in):
    dossier = world.submitted()
    sign_in(client, world.reception)
    data = {"version": dossier.version, "reason": "Thiếu giấy tờ.", "other_2_note": "Bản sao có chứng thực."}
    html = _post(client, "request_supplement", dossier, data).content.decode()
    assert 'href="#supplement_other_2_name"' in html and "Nhập tên giấy tờ khác 2" in html


def test_refusing_without_a_reason_is_an_error_and_changes_nothing(client, world, sign_in):
    dossier = world.submitted()
    before = _state(dossier)
    response = _post(sign_in(client, world.reception), "refuse", dossier, {"version": dossier.version, "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#refuse_reason"' in html and "Nhập lý do từ chối tiếp nhận hồ sơ." in html
    assert _state(dossier) == before


def test_refusing_with_a_reason_ends_the_dossier_and_offers_form_03(client, world, sign_in):
    dossier = world.submitted()
    sign_in(client, world.reception)
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của Sở."
    response = _post(client, "refuse", dossier, {"version": dossier.version, "reason": reason})
    assert response.status_code == 303
    assert _state(dossier)[0] == State.REFUSED
    html = client.get(response["Location"]).content.decode()
    form03 = reverse("backoffice:form03", args=[dossier.code])
    assert "Đã từ chối tiếp nhận hồ sơ" in html and form03 in html and reason in html
    assert client.get(form03).content.startswith(b"%PDF")


def test_form_03_exists_only_for_a_refused_dossier(client, world, sign_in):
    dossier = world.submitted()
    assert sign_in(client, world.reception).get(reverse("backoffice:form03", args=[dossier.code])).status_code == 404


def test_a_second_officer_acting_on_the_same_page_is_told_and_changes_nothing(client, world, sign_in):
    dossier = world.submitted()
    shown = dossier.version
    colleague = officer_of(world.centre)
    sign_in(client, world.reception)
    other = sign_in(Client(), colleague)
    assert _post(other, "receive", dossier, {"version": shown}).status_code == 303
    after = _state(dossier)
    response = _post(client, "refuse", dossier, {"version": shown, "reason": "Hồ sơ giả mạo."})
    assert response.status_code == 409
    html = response.content.decode()
    assert f"Hồ sơ {dossier.code} vừa được cập nhật" in html and "Có lỗi cần sửa" in html
    assert "Từ chối tiếp nhận</button>" not in html  # the page shows the dossier as it is now: received
    assert _state(dossier) == after and after[0] == State.RECEIVED


def test_a_double_submit_of_the_receive_form_receives_once(client, world, sign_in):
    dossier = world.submitted()
    sign_in(client, world.reception)
    data = {"version": dossier.version}
    assert _post(client, "receive", dossier, data).status_code == 303
    again = _post(client, "receive", dossier, data)
    assert again.status_code == 409
    assert "vừa được cập nhật" in again.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).tasks.count() == 1


def test_a_form_without_its_version_asks_to_reload_the_page(client, world, sign_in):
    dossier = world.submitted()
    response = _post(sign_in(client, world.reception), "receive", dossier, {})
    assert response.status_code == 400
    assert "Trang hồ sơ đã cũ" in response.content.decode()
    assert _state(dossier)[0] == State.SUBMITTED


@pytest.mark.parametrize("name", ["receive", "request_supplement", "refuse"])
def test_decision_endpoints_accept_post_only(client, world, sign_in, name):
    dossier = world.submitted()
    assert sign_in(client, world.reception).get(reverse(f"backoffice:{name}", args=[dossier.code])).status_code == 405


def test_decisions_need_the_csrf_token(client, world, sign_in):
    dossier = world.submitted()
    sign_in(client, world.reception)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.get(reverse("backoffice:dossier", args=[dossier.code])).status_code == 200  # still signed in
    assert _post(strict, "receive", dossier, {"version": dossier.version}).status_code == 403
    assert _state(dossier)[0] == State.SUBMITTED


def test_only_the_reception_desk_decides_on_reception(client, world, sign_in):
    dossier = world.submitted()
    response = _post(sign_in(client, world.specialist), "receive", dossier, {"version": dossier.version})
    assert response.status_code == 403
    assert "Chỉ cán bộ tiếp nhận" in response.content.decode()
    assert _state(dossier)[0] == State.SUBMITTED


def test_a_decision_on_a_dossier_no_longer_waiting_says_so_above_the_page(client, world, sign_in):
    dossier = world.received()
    response = _post(sign_in(client, world.reception), "refuse", dossier, {"version": dossier.version, "reason": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "không còn chờ tiếp nhận" in html and 'href="#refuse_reason"' not in html
    assert _state(dossier)[0] == State.RECEIVED
