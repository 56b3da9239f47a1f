"""The reception desk's lists: what each desk sees, in which order, page by page, and who may open them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import AccountKind
from motcua.accounts.tests.factories import UserFactory
from motcua.backoffice.reception.views import queue
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.office import office_world
from motcua.dossiers.workflow import State

pytestmark = pytest.mark.django_db

QUEUE = reverse("backoffice:reception_queue")
RESULTS = reverse("backoffice:results_queue")


def _submitted_days_ago(dossier: Dossier, days: int) -> Dossier:
    """Move the submission back in time (test set-up only: no service rewrites history)."""
    moment = timezone.now() - timedelta(days=days)
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=moment)
    dossier.submitted_at = moment
    return dossier


def test_the_queue_lists_only_the_dossiers_of_the_agencies_the_desk_serves_oldest_first(client, world, sign_in):
    newer = world.submitted()
    older = _submitted_days_ago(world.submitted(), 3)
    received = world.received()
    elsewhere = office_world().submitted()  # another centre's desk receives it
    html = sign_in(client, world.reception).get(QUEUE).content.decode()
    assert newer.code in html and older.code in html
    assert html.index(older.code) < html.index(newer.code)
    assert received.code not in html and elsewhere.code not in html
    assert "Sở Nông nghiệp và Môi trường" in html and "Cấp giấy chứng nhận đủ điều kiện chăn nuôi" in html
    assert reverse("backoffice:dossier", args=[newer.code]) in html


def test_the_next_page_continues_after_the_last_row_of_the_previous_one(client, world, sign_in, monkeypatch):
    monkeypatch.setattr(queue, "QUEUE_PAGE", 2)
    dossiers = [_submitted_days_ago(world.submitted(), days) for days in (5, 4, 3)]
    sign_in(client, world.reception)
    first = client.get(QUEUE).content.decode()
    assert dossiers[0].code in first and dossiers[1].code in first and dossiers[2].code not in first
    assert "Trang sau" in first and "?sau=" in first
    cursor = first.split("?sau=", 1)[1].split('"', 1)[0]
    second = client.get(f"{QUEUE}?sau={cursor}").content.decode()
    assert dossiers[2].code in second and dossiers[0].code not in second and dossiers[1].code not in second
    assert "Trang sau" not in second and "Về trang đầu" in second


def test_a_dossier_waiting_more_than_one_working_day_is_flagged_at_risk(client, world, sign_in):
    fresh = world.submitted()
    waiting = _submitted_days_ago(world.submitted(), 30)
    html = sign_in(client, world.reception).get(QUEUE).content.decode()
    rows = {code: html.split(code, 2)[-1].split("</tr>", 1)[0] for code in (fresh.code, waiting.code)}
    assert "Nguy cơ quá hạn" in rows[waiting.code] and "ngày" in rows[waiting.code]
    assert "Nguy cơ quá hạn" not in rows[fresh.code]


def test_an_empty_queue_says_so(client, world, sign_in):
    html = sign_in(client, world.reception).get(QUEUE).content.decode()
    assert "Không có hồ sơ nào chờ tiếp nhận." in html


def test_the_results_tab_lists_results_ready_at_the_desk(client, world, sign_in):
    ready = world.received()
    Dossier.objects.filter(pk=ready.pk).update(state=State.RESULT_READY, finished_at=timezone.now())
    waiting = world.submitted()
    html = sign_in(client, world.reception).get(RESULTS).content.decode()
    assert ready.code in html and waiting.code not in html
    assert "Trước hạn" in html or "Đúng hạn" in html
    assert 'aria-current="page"' in html.split("Hồ sơ chờ trả kết quả</a>")[0].rsplit("<a", 1)[1]


@pytest.mark.parametrize("url", [QUEUE, RESULTS])
def test_officers_without_the_reception_role_get_a_vietnamese_403(client, world, sign_in, url):
    response = sign_in(client, world.specialist).get(url)
    assert response.status_code == 403
    assert "Chỉ cán bộ tiếp nhận" in response.content.decode()


@pytest.mark.parametrize("kind", [AccountKind.CITIZEN, AccountKind.BUSINESS])
def test_a_citizen_is_refused_on_every_reception_url(client, world, kind):
    dossier = world.received()
    file = dossier.files.get()
    client.force_login(UserFactory(kind=kind))
    urls = [
        QUEUE,
        RESULTS,
        reverse("backoffice:dossier", args=[dossier.code]),
        reverse("backoffice:dossier_file", args=[dossier.code, file.public_id]),
        reverse("backoffice:form01", args=[dossier.code]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    for name in ("receive", "request_supplement", "refuse"):
        assert client.post(reverse(f"backoffice:{name}", args=[dossier.code]), {"version": "0"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_back_office_login(client, world):
    dossier = world.submitted()
    for url in (QUEUE, reverse("backoffice:dossier", args=[dossier.code])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("backoffice:login"))


def test_working_time_reads_in_working_days_hours_and_minutes():
    day = timedelta(hours=8)
    assert queue.working_span_label(timedelta(hours=19, minutes=5), day_length=day) == "2 ngày 3 giờ"
    assert queue.working_span_label(timedelta(hours=5, minutes=30), day_length=day) == "5 giờ 30 phút"
    assert queue.working_span_label(timedelta(seconds=20), day_length=day) == "dưới 1 phút"
