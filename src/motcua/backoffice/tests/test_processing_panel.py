"""The processing panel on the dossier page: which decisions each officer is offered, and forms that post right."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import pdf_upload

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db


def _panel(client, dossier: Dossier) -> str:
    response = client.get(reverse("backoffice:dossier", args=[dossier.code]))
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="xu-ly"', 1)[1].split("</main>", 1)[0] if 'id="xu-ly"' in html else ""


def _url(name: str, dossier: Dossier, *args) -> str:
    return reverse(f"backoffice:{name}", args=[dossier.code, *args])


def _fields(html: str, action: str) -> set[str]:
    """The names a form posting to ``action`` sends."""
    form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return set(re.findall(r'name="([a-z_]+)"', form))


def test_the_specialist_holding_step_one_is_offered_the_step_decisions(office, desk, at_step):
    dossier = at_step(office, 1)
    html = _panel(desk(office.specialist), dossier)
    for label in (
        "Chuyển xử lý",
        "Yêu cầu bổ sung",
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Dừng giải quyết hồ sơ",
        "Xin lỗi và gia hạn",
        "Tải lên kết quả",
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    ):
        assert label in html, label
    assert _url("send_back", dossier) not in html  # the first step has no step before it
    assert _url("finish", dossier) not in html
    assert f'name="version" value="{dossier.version}"' in html
    assert _fields(html, _url("forward", dossier)) == {"csrfmiddlewaretoken", "version", "note"}
    assert _fields(html, _url("stop", dossier)) == {"csrfmiddlewaretoken", "version", "reason"}
    assert _fields(html, _url("apologise", dossier)) == {
        "csrfmiddlewaretoken", "version", "reason", "new_due_date", "new_due_time"
    }  # fmt: skip
    assert _fields(html, _url("result_upload", dossier)) == {"csrfmiddlewaretoken", "version", "title", "file"}
    assert 'enctype="multipart/form-data"' in html
    assert _url("processing_supplement", dossier) in html and _url("form06", dossier) in html
    assert "<script" not in html


def test_every_input_of_the_panel_has_a_label(office, desk, at_step):
    dossier = at_step(office, 2)
    html = _panel(desk(office.division_head), dossier)
    ids = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)
    assert ids
    for id_ in ids:
        assert f'for="{id_}"' in html, id_


def test_an_officer_not_holding_the_step_sees_where_it_is_and_no_decision(office, desk, at_step):
    dossier = at_step(office, 1)
    html = _panel(desk(office.leader), dossier)
    assert "Thẩm định hồ sơ" in html and "Bạn không giữ bước này" in html
    assert _url("forward", dossier) not in html and _url("stop", dossier) not in html


def test_the_leader_at_the_signing_step_signs_and_finishes(office, desk, at_step):
    dossier = at_step(office, 3)
    result = services.result_add(dossier=dossier, officer=office.leader, title="Giấy chứng nhận", upload=pdf_upload())
    dossier.refresh_from_db()
    html = _panel(desk(office.leader), dossier)
    assert _url("result_sign", dossier, result.public_id) in html and "Ký số" in html
    assert _url("finish", dossier) in html and "Hoàn thành xử lý" in html
    assert _url("forward", dossier) not in html  # the last step finishes, it does not hand on
    assert _url("send_back", dossier) in html


def test_awaiting_payment_offers_the_confirmation(office, desk, at_step):
    dossier = at_step(office, 2)
    dossier = services.dossier_request_payment(dossier=dossier, officer=office.division_head, note="Lệ phí")
    html = _panel(desk(office.division_head), dossier)
    assert _url("confirm_payment", dossier) in html and "Xác nhận đã thực hiện nghĩa vụ tài chính" in html
    assert _url("forward", dossier) not in html


def test_the_reception_desk_returns_a_ready_result(office, desk, at_step, signed_result):
    dossier = signed_result(office, at_step(office, 3))
    dossier = services.dossier_finish(dossier=dossier, officer=office.leader)
    html = _panel(desk(office.reception), dossier)
    assert _url("return_result", dossier) in html and "Trả kết quả" in html
    assert _fields(html, _url("return_result", dossier)) == {"csrfmiddlewaretoken", "version", "method", "note"}
    assert 'value="online" checked' in html  # what the applicant chose when submitting
    assert _url("return_result", dossier) not in _panel(desk(office.leader), dossier)


def test_stopped_and_apologised_dossiers_link_their_forms(office, desk, at_step):
    dossier = at_step(office, 1)
    dossier = services.dossier_apologise(
        dossier=dossier, officer=office.specialist, reason="Chậm", new_due_at=dossier.due_at + timedelta(days=3)
    )
    client = desk(office.specialist)
    html = _panel(client, dossier)
    assert _url("form04", dossier) in html and _url("apologise", dossier) not in html  # only once
    dossier = services.dossier_stop(dossier=dossier, officer=office.specialist, reason="Dừng")
    html = _panel(client, dossier)
    assert _url("form05", dossier) in html and _url("stop", dossier) not in html
