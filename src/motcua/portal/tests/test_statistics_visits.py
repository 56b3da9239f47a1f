""" "Thống kê truy cập": one visit per browser per day, counted without anything about the visitor, shown in the
footer with the labels of the province's portal ("Hôm nay : 0", "Tháng 06 : 129", "Năm 2024 : 1.382")."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from motcua.reports.models import VisitDay
from motcua.reports.selectors import visits_summary
from motcua.reports.services.visits import visits_flush

pytestmark = pytest.mark.django_db

COUNTER = "motcua.portal.statistics.middleware.VisitCounterMiddleware"
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8", "HTTP_USER_AGENT": "Mozilla/5.0 Firefox/140.0"}
COOKIE = "motcua_visit"


@pytest.fixture(autouse=True)
def _counter_installed(settings):
    """The counter as conf/settings.py lists it (last in MIDDLEWARE), whether or not it is wired there yet."""
    if COUNTER not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, COUNTER]


def _today_count() -> int:
    return visits_summary(today=timezone.localdate()).today


def test_a_page_view_counts_one_visit_and_leaves_only_todays_date_in_a_cookie(client):
    before = _today_count()
    response = client.get("/", **BROWSER)
    assert response.status_code == 200
    assert _today_count() == before + 1
    cookie = response.cookies[COOKIE]
    assert cookie.value == timezone.localdate().isoformat()  # nothing else: no id, no address
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 24 * 3600  # gone at midnight


def test_the_same_browser_is_counted_once_a_day_and_another_browser_once_more(client):
    before = _today_count()
    client.get("/", **BROWSER)
    client.get("/thu-tuc/", **BROWSER)
    client.get("/huong-dan/", **BROWSER)
    assert _today_count() == before + 1
    Client().get("/huong-dan/", **BROWSER)
    assert _today_count() == before + 2


def test_a_browser_seen_yesterday_counts_again_today(client):
    client.cookies[COOKIE] = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    before = _today_count()
    client.get("/", **BROWSER)
    assert _today_count() == before + 1


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("head", "/", BROWSER),
        ("get", "/", {**BROWSER, "HTTP_ACCEPT": "application/json"}),
        ("get", "/", {"HTTP_USER_AGENT": "Mozilla/5.0"}),  # asks for no HTML
        ("get", "/", {**BROWSER, "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"}),
        ("get", "/", {**BROWSER, "HTTP_HX_REQUEST": "true"}),  # an htmx fragment of a page already counted
        ("get", "/mot-cua/dang-nhap/", BROWSER),  # the back office
        ("get", "/api/v1/docs", BROWSER),
        ("get", "/khong-co-trang-nay/", BROWSER),  # a 404
        ("get", "/static/portal/portal.css", BROWSER),
    ],
    ids=["head", "json", "no-accept", "bot", "htmx", "back-office", "api", "not-found", "static"],
)
def test_what_is_not_a_portal_page_view_is_not_counted(client, method, path, headers):
    before = _today_count()
    response = getattr(client, method)(path, **headers)
    assert COOKIE not in response.cookies
    assert _today_count() == before


def test_a_busy_database_costs_the_visitor_nothing(client, monkeypatch):
    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("motcua.portal.statistics.middleware.visit_record", busy)
    response = client.get("/", **BROWSER)
    assert response.status_code == 200
    assert COOKIE not in response.cookies  # not counted, so the next page view tries again


def test_the_footer_shows_the_visits_with_the_portals_labels(client):
    visits_flush()  # what other tests of this process left pending goes to this test's database
    today = timezone.localdate()
    VisitDay.objects.update_or_create(site="portal", day=today, defaults={"count": 1382})
    html = client.get("/").content.decode()  # no Accept header: this view itself is not counted
    assert "Thống kê truy cập" in html
    assert "Hôm nay : <strong>1.382</strong>" in html
    assert "Hôm qua : <strong>" in html
    assert f"Tháng {today:%m} : <strong>" in html
    assert "Tháng trước : <strong>" in html
    assert f"Năm {today:%Y} : <strong>" in html
    assert 'href="/thong-ke/"' in html


def test_the_footer_counts_are_read_at_most_once_a_minute(client):
    visits_flush()
    today = timezone.localdate()
    VisitDay.objects.update_or_create(site="portal", day=today, defaults={"count": 7})
    assert "Hôm nay : <strong>7</strong>" in client.get("/huong-dan/").content.decode()
    VisitDay.objects.filter(site="portal", day=today).update(count=8)
    assert "Hôm nay : <strong>7</strong>" in client.get("/huong-dan/").content.decode()


def test_the_back_office_shows_no_visit_counter(client):
    assert "Thống kê truy cập" not in client.get("/mot-cua/dang-nhap/").content.decode()
