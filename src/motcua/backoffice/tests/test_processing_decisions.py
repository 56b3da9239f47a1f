"""Decisions on a dossier through HTTP: hand it on, send it back, stop it, pause it, apologise — and refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.office import office_world
from motcua.dossiers.workflow import State

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db


def _url(name: str, dossier: Dossier) -> str:
    return reverse(f"backoffice:{name}", args=[dossier.code])


def _page(dossier: Dossier) -> str:
    return reverse("backoffice:dossier", args=[dossier.code])


def _messages(client) -> str:
    """The messages waiting for the next page (shown at its top)."""
    return " ".join(str(m) for m in client.get(reverse("backoffice:my_tasks")).context["messages"])


def _fresh(dossier: Dossier) -> Dossier:
    dossier.refresh_from_db()
    return dossier


def test_the_specialist_forwards_to_the_division_head_with_an_opinion(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    response = client.post(_url("forward", dossier), {"version": dossier.version, "note": "Hồ sơ hợp lệ."})
    assert response.status_code == 303 and response["Location"] == _page(dossier)
    message = _messages(client)
    assert "Đã chuyển hồ sơ" in message and "“Lãnh đạo phòng xem xét”" in message and "Việc của tôi" in message
    task = _fresh(dossier).tasks.get(finished_at__isnull=True)
    assert task.position == 2 and task.handed_note == "Hồ sơ hợp lệ."
    assert dossier.state == State.PROCESSING


def test_the_same_form_posted_twice_changes_nothing_the_second_time(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    form = {"version": dossier.version, "note": ""}
    client.post(_url("forward", dossier), form)
    version = _fresh(dossier).version
    response = client.post(_url("forward", dossier), form)
    assert response.status_code == 303 and response["Location"] == _page(dossier)
    assert "vừa được cập nhật" in _messages(client)
    assert _fresh(dossier).version == version and dossier.tasks.count() == 2


def test_a_form_without_its_version_changes_nothing(office, desk, at_step):
    dossier = at_step(office, 1)
    response = desk(office.specialist).post(_url("forward", dossier), {"note": "x"})
    assert response.status_code == 200 and "Trang đã cũ" in response.content.decode()
    assert _fresh(dossier).version == dossier.version


def test_an_officer_who_does_not_hold_the_step_is_told_so_and_nothing_changes(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.leader)  # same agency, another role: sees the dossier, does not hold step 1
    response = client.post(_url("forward", dossier), {"version": dossier.version})
    assert response.status_code == 303
    assert "“Thẩm định hồ sơ”" in _messages(client)
    assert _fresh(dossier).version == dossier.version and dossier.tasks.count() == 1


def test_an_officer_of_another_agency_gets_a_404_and_nothing_changes(office, desk, at_step):
    dossier = at_step(office, 1)
    stranger = office_world().specialist
    client = desk(stranger)
    for name in ("forward", "send_back", "stop", "apologise", "request_payment", "processing_supplement"):
        assert (
            client.post(_url(name, dossier), {"version": dossier.version, "reason": "x", "note": "x"}).status_code
            == 404
        )
        assert client.get(_url(name, dossier)).status_code == 404
    assert _fresh(dossier).version == dossier.version


def test_anonymous_visitors_go_to_the_back_office_login(office, client, at_step):
    dossier = at_step(office, 1)
    response = client.post(_url("forward", dossier), {"version": dossier.version})
    assert response.status_code == 302 and response["Location"].startswith(reverse("backoffice:login"))


def test_sending_back_needs_a_reason_beside_the_field(office, desk, at_step):
    dossier = at_step(office, 2)
    client = desk(office.division_head)
    response = client.post(_url("send_back", dossier), {"version": dossier.version, "reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Có lỗi cần sửa" in html and 'href="#id_reason"' in html and "Vui lòng ghi rõ lý do trả lại." in html
    assert _fresh(dossier).tasks.get(finished_at__isnull=True).position == 2


def test_the_division_head_sends_the_dossier_back_to_the_specialist(office, desk, at_step):
    dossier = at_step(office, 2)
    client = desk(office.division_head)
    reason = "Thiếu ý kiến thẩm định về điều kiện chuồng trại."
    response = client.post(_url("send_back", dossier), {"version": dossier.version, "reason": reason})
    assert response.status_code == 303
    assert "“Thẩm định hồ sơ”" in _messages(client)
    task = _fresh(dossier).tasks.get(finished_at__isnull=True)
    assert task.position == 1 and task.handed_note == reason


def test_the_first_step_cannot_be_sent_back(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    client.post(_url("send_back", dossier), {"version": dossier.version, "reason": "Thử"})
    assert "bước đầu" in _messages(client)
    assert _fresh(dossier).version == dossier.version


def test_stopping_needs_a_reason_then_stops_the_dossier(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    response = client.post(_url("stop", dossier), {"version": dossier.version, "reason": ""})
    assert response.status_code == 200 and "Vui lòng ghi rõ lý do dừng giải quyết hồ sơ." in response.content.decode()
    assert _fresh(dossier).state == State.RECEIVED

    reason = "Người nộp đề nghị dừng theo Điều 19."
    response = client.post(_url("stop", dossier), {"version": dossier.version, "reason": reason})
    assert response.status_code == 303
    assert "Mẫu số 05" in _messages(client)
    assert _fresh(dossier).state == State.STOPPED
    assert dossier.events.filter(action="stop", note=reason).exists()


def test_a_financial_obligation_pauses_the_dossier_until_it_is_confirmed(office, desk, at_step):
    dossier = at_step(office, 2)
    client = desk(office.division_head)
    response = client.post(_url("request_payment", dossier), {"version": dossier.version, "note": ""})
    assert response.status_code == 200 and "nghĩa vụ tài chính cần thực hiện" in response.content.decode()

    note = "Lệ phí trước bạ 1.200.000 đồng, nộp tại Kho bạc tỉnh."
    client.post(_url("request_payment", dossier), {"version": dossier.version, "note": note})
    assert "Xác nhận đã thực hiện nghĩa vụ tài chính" in _messages(client)
    assert _fresh(dossier).state == State.AWAITING_PAYMENT

    response = client.post(_url("confirm_payment", dossier), {"version": dossier.version, "note": "Biên lai số 15"})
    assert response.status_code == 303
    assert "Đã xác nhận nghĩa vụ tài chính" in _messages(client)
    assert _fresh(dossier).state == State.PROCESSING


def test_the_supplement_request_lists_everything_at_once(office, desk, at_step):
    dossier = at_step(office, 1)
    component = dossier.case.components.get()
    client = desk(office.specialist)
    page = client.get(_url("processing_supplement", dossier)).content.decode()
    assert component.name in page and 'name="version"' in page

    empty = client.post(_url("processing_supplement", dossier), {"version": dossier.version, "reason": "Thiếu"})
    assert empty.status_code == 200 and "Chọn ít nhất một thành phần" in empty.content.decode()
    assert _fresh(dossier).state == State.RECEIVED

    form = {
        "version": dossier.version,
        "reason": "Đơn chưa có chữ ký; thiếu bản vẽ mặt bằng.",
        f"component_{component.pk}": "on",
        f"component_{component.pk}_note": "Ký và ghi rõ họ tên.",
        "other_1_name": "Bản vẽ mặt bằng chuồng trại",
        "contact": "Chuyên viên Lê Văn An, 0260 3862 000",
    }
    response = client.post(_url("processing_supplement", dossier), form)
    assert response.status_code == 303 and response["Location"] == _page(dossier)
    assert "tạm dừng" in _messages(client)
    request = _fresh(dossier).supplement_requests.get()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert [item["name"] for item in request.items] == [component.name, "Bản vẽ mặt bằng chuồng trại"]


def test_the_apology_sets_the_new_appointment_once_before_the_due_date(office, desk, at_step):
    dossier = at_step(office, 2)
    client = desk(office.division_head)
    new_due = timezone.localtime(dossier.due_at + timedelta(days=7))
    form = {
        "version": dossier.version,
        "reason": "Cần xác minh thực địa.",
        "new_due_date": f"{new_due:%Y-%m-%d}",
        "new_due_time": "16:30",
    }
    response = client.post(_url("apologise", dossier), form)
    assert response.status_code == 303
    assert "Mẫu số 04" in _messages(client)
    _fresh(dossier)
    local = timezone.localtime(dossier.due_at)
    assert (local.date(), local.hour, local.minute) == (new_due.date(), 16, 30)
    assert dossier.apology_at is not None and dossier.original_due_at is not None

    response = client.post(_url("apologise", dossier), {**form, "version": dossier.version})
    assert "chỉ được gia hạn một lần" in _messages(client)
    assert _fresh(dossier).due_at == local


def test_no_apology_after_the_due_date(office, desk, at_step):
    dossier = at_step(office, 1)
    past = timezone.now() - timedelta(hours=1)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=past)  # set-up: the appointment has gone by
    client = desk(office.specialist)
    form = {"version": dossier.version, "reason": "Chậm", "new_due_date": "2099-01-05", "new_due_time": "16:30"}
    client.post(_url("apologise", dossier), form)
    assert "trước ngày hẹn trả kết quả" in _messages(client)
    assert _fresh(dossier).apology_at is None and dossier.due_at == past


def test_the_apology_date_and_time_are_checked_beside_their_fields(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    response = client.post(
        _url("apologise", dossier),
        {"version": dossier.version, "reason": "Chậm", "new_due_date": "31/02/2026", "new_due_time": "25:00"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_new_due_date"' in html and 'href="#id_new_due_time"' in html
    assert _fresh(dossier).apology_at is None


def test_a_decision_page_shows_the_form_alone_for_the_officer(office, desk, at_step):
    dossier = at_step(office, 1)
    html = desk(office.specialist).get(_url("stop", dossier)).content.decode()
    assert "Dừng giải quyết hồ sơ" in html and dossier.code in html
    assert f'name="version" value="{dossier.version}"' in html and 'for="id_reason"' in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("forward", "Chuyển xử lý"),
        ("send_back", "Trả lại bước trước"),
        ("finish", "Hoàn thành xử lý"),
        ("processing_supplement", "Yêu cầu bổ sung, hoàn thiện hồ sơ"),
        ("request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"),
        ("confirm_payment", "Xác nhận đã thực hiện nghĩa vụ tài chính"),
        ("apologise", "Xin lỗi và gia hạn"),
        ("result_upload", "Tải lên kết quả"),
        ("return_result", "Trả kết quả"),
    ],
)
def test_every_decision_has_a_page_of_its_own(office, desk, at_step, name, title):
    dossier = at_step(office, 2)
    response = desk(office.division_head).get(_url(name, dossier))
    html = response.content.decode()
    assert response.status_code == 200 and f"<h1>{title}</h1>" in html
    assert f'name="version" value="{dossier.version}"' in html
    assert ('enctype="multipart/form-data"' in html) == (name == "result_upload")


def test_a_stopped_dossier_cannot_be_handed_on(office, desk, at_step):
    dossier = at_step(office, 1)
    services.dossier_stop(dossier=dossier, officer=office.specialist, reason="Dừng")
    client = desk(office.specialist)
    client.post(_url("forward", dossier), {"version": _fresh(dossier).version})
    assert "Dừng xử lý" in _messages(client)
    assert dossier.tasks.filter(position=2).count() == 0
