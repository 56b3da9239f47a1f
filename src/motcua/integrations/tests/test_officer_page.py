"""The officer's dossier page shows the national sync state; "Đồng bộ lại" restarts a stopped queue."""

import pytest
from django.urls import reverse

from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import officer_of
from motcua.integrations.models import MessageState, NationalMessage
from motcua.integrations.tasks import national_sync_task

from .receivers import Plan

pytestmark = pytest.mark.django_db


def _page(client, dossier):
    return client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()


def test_a_synced_dossier_says_so_with_the_last_code_the_portal_accepted(client, world, portal, sign_in):
    dossier = world.received()
    national_sync_task.call(dossier.pk)
    html = _page(sign_in(client, world.specialist), dossier)
    assert "Đồng bộ Cổng Dịch vụ công quốc gia" in html and "Đã đồng bộ" in html
    assert "mã trạng thái 2" in html and "Đồng bộ lại" not in html


def test_a_pending_dossier_is_waiting(client, world, portal, sign_in):
    dossier = world.submitted()
    assert "Đang chờ đồng bộ" in _page(sign_in(client, world.reception), dossier)


def test_a_refused_dossier_shows_the_reason_and_its_officer_sends_it_again(client, world, portal, sign_in):
    dossier = world.received()
    portal.answer(Plan(status=400, body={"ma_loi": "02", "mo_ta": "Thiếu mã thủ tục"}))
    national_sync_task.call(dossier.pk)
    signed_in = sign_in(client, world.specialist)
    html = _page(signed_in, dossier)
    assert "Đồng bộ lỗi — đã dừng" in html and "Thiếu mã thủ tục" in html and "Đồng bộ lại" in html
    url = reverse("backoffice:national_sync_retry", args=[dossier.code])
    response = signed_in.post(url, follow=True)
    assert "Đã đưa hồ sơ vào hàng đợi đồng bộ lại" in response.content.decode()
    assert NationalMessage.objects.get(dossier=dossier, sequence=1).state == MessageState.PENDING
    national_sync_task.call(dossier.pk)
    assert "Đã đồng bộ" in _page(signed_in, dossier)
    again = signed_in.post(url, follow=True).content.decode()
    assert "không có bản tin đồng bộ nào đang lỗi" in again


def test_an_officer_who_may_not_act_sees_no_button_and_is_refused(client, world, portal, sign_in):
    dossier = world.received()
    portal.answer(Plan(status=400, body={"ma_loi": "02", "mo_ta": "Sai"}))
    national_sync_task.call(dossier.pk)
    stranger = officer_of(AgencyFactory())
    signed_in = sign_in(client, stranger)
    assert signed_in.get(reverse("backoffice:dossier", args=[dossier.code])).status_code == 404
    response = signed_in.post(reverse("backoffice:national_sync_retry", args=[dossier.code]))
    assert response.status_code == 404
    assert NationalMessage.objects.get(dossier=dossier, sequence=1).state == MessageState.REJECTED
    assert signed_in.get(reverse("backoffice:national_sync_retry", args=[dossier.code])).status_code == 405


def test_with_the_sync_off_and_nothing_queued_there_is_no_panel(client, world, settings, sign_in):
    settings.MOTCUA_NATIONAL_ADAPTER = "none"
    dossier = world.received()
    assert "Đồng bộ Cổng Dịch vụ công quốc gia" not in _page(sign_in(client, world.reception), dossier)
