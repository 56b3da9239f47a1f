""" "Việc của tôi": the officer's open steps, most urgent first, flagged, page by page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import MembershipFactory
from motcua.backoffice.processing.views import tasks
from motcua.dossiers.models import Dossier, DossierTask
from motcua.dossiers.tests.office import office_world

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

MY_TASKS = reverse("backoffice:my_tasks")


def _step_due(dossier: Dossier, delta: timedelta) -> Dossier:
    """Set-up: move the open step's due time to now + ``delta`` (no service rewrites a deadline)."""
    DossierTask.objects.filter(dossier=dossier, finished_at__isnull=True).update(due_at=timezone.now() + delta)
    return dossier


def _rows(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_most_urgent_step_comes_first_with_its_flags(office, desk, at_step):
    later = _step_due(at_step(office, 1), timedelta(days=30))
    soon = _step_due(at_step(office, 1), timedelta(hours=1))
    late = _step_due(at_step(office, 1), -timedelta(hours=2))
    elsewhere = at_step(office, 2)  # the division head's, not the specialist's
    html = desk(office.specialist).get(MY_TASKS).content.decode()
    body = _rows(html)
    assert body.index(late.code) < body.index(soon.code) < body.index(later.code)
    assert elsewhere.code not in body
    assert body.count("Quá hạn") == 1 and body.count("Sắp đến hạn") == 1
    late_row = body.split(late.code, 1)[1].split("</tr>", 1)[0]
    assert "Quá hạn" in late_row and "quá hạn" in late_row  # the flag and the time-left label
    assert reverse("backoffice:dossier", args=[late.code]) in body
    assert "Thẩm định hồ sơ" in body and "Cấp giấy chứng nhận đủ điều kiện chăn nuôi" in body
    assert str(office.reception) in body  # "nhận từ": who handed it over


def test_the_hand_over_note_and_the_dossier_appointment_are_shown(office, desk, at_step):
    dossier = at_step(office, 2)
    html = desk(office.division_head).get(MY_TASKS).content.decode()
    row = _rows(html)
    assert "Đủ điều kiện." in row and str(office.specialist) in row
    assert timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") in row
    assert "còn lại" in row


def test_an_officer_with_two_roles_sees_the_steps_of_both(office, desk, at_step):
    MembershipFactory(user=office.specialist, agency=office.department, role=StaffRole.DIVISION_HEAD)
    first, second = at_step(office, 1), at_step(office, 2)
    body = _rows(desk(office.specialist).get(MY_TASKS).content.decode())
    assert first.code in body and second.code in body


def test_pages_follow_one_another_without_repeating_a_row(office, desk, monkeypatch, at_step):
    monkeypatch.setattr(tasks, "PAGE_SIZE", 2)
    dossiers = [_step_due(at_step(office, 1), timedelta(hours=hours)) for hours in (10, 20, 30)]
    client = desk(office.specialist)
    first = client.get(MY_TASKS).content.decode()
    assert dossiers[0].code in first and dossiers[1].code in first and dossiers[2].code not in first
    assert "Trang sau" in first and "?sau=" in first
    cursor = first.split("?sau=", 1)[1].split('"', 1)[0]
    second = client.get(f"{MY_TASKS}?sau={cursor}").content.decode()
    assert dossiers[2].code in second and dossiers[0].code not in second and dossiers[1].code not in second
    assert "Trang sau" not in second and "Về trang đầu" in second


def test_nothing_to_do_says_so(office, desk, at_step):
    at_step(office, 1)
    html = desk(office.leader).get(MY_TASKS).content.decode()
    assert "Bạn không có hồ sơ nào đang chờ xử lý." in html


def test_another_agencys_steps_are_not_listed(office, desk, at_step):
    other = office_world()
    dossier = at_step(other, 1)
    assert dossier.code not in desk(office.specialist).get(MY_TASKS).content.decode()


def test_a_garbled_cursor_gives_the_first_page(office, desk, at_step):
    dossier = at_step(office, 1)
    response = desk(office.specialist).get(f"{MY_TASKS}?sau=not-a-cursor")
    assert response.status_code == 200 and dossier.code in response.content.decode()


def test_anonymous_visitors_go_to_the_login(client):
    response = client.get(MY_TASKS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("backoffice:login"))
