"""The public transparency figures and the portal's visit counter: counts only, nothing about any person."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.reports.models import VisitDay
from motcua.reports.selectors import public_dashboard, visits_summary
from motcua.reports.services import rollup_refresh, visit_record, visits_flush
from motcua.reports.services import visits as visits_module

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_each_agencys_month_and_year(world):
    w = world
    w.at(2025, 9, 10, 8, 0)
    september = w.receive(w.online(w.p1))
    w.at(2025, 10, 1, 8, 0)
    early, late = w.receive(w.online(w.p1)), w.counter(w.p1)
    w.receive(w.online(w.p3))
    w.at(2025, 10, 2, 9, 0)
    w.finish(early)
    w.finish(september)  # received 10/09, due 17/09: late
    w.at(2025, 10, 14, 9, 0)
    w.finish(late)
    w.at(2025, 10, 20, 9, 0)
    rollup_refresh(today=timezone.localdate())

    dashboard = public_dashboard(today=dt.date(2025, 10, 20))
    a, b = dashboard.rows
    # Agency a: received 1 in September and 2 in October; finished in October: early, september (late), late.
    assert (a.name, a.received_month, a.received_year) == ("Sở Xây dựng", 2, 3)
    assert (a.on_time_rate_month, a.on_time_rate_year) == (33.33, 33.33)  # 1 of 3
    assert a.online_rate_year == 66.67  # 2 online of 3
    assert a.satisfaction_rate_year == 33.33  # 100 % − (2/3 late + 0 complaints)
    assert (b.name, b.received_month, b.on_time_rate_month) == ("UBND xã Đăk Hà", 1, None)
    assert (dashboard.total.received_year, dashboard.total.on_time_rate_year) == (4, 33.33)
    assert dashboard.updated_at == timezone.now()


def test_visits_are_counted_per_day_without_anything_about_the_visitor(db, clock, monkeypatch):
    visits_flush()  # whatever an earlier test left in this process's memory
    VisitDay.objects.all().delete()
    monkeypatch.setattr(visits_module, "FLUSH_AT", 3)
    monkeypatch.setattr(visits_module, "FLUSH_EVERY", 3600.0)
    clock.set(dt.datetime(2025, 9, 30, 10, 0, tzinfo=dt.UTC))  # 17:00 in Vietnam
    for _ in range(2):
        visit_record()
    assert not VisitDay.objects.exists()  # still in memory: no write per page view
    visit_record()  # the third reaches FLUSH_AT: one write for the three
    assert list(VisitDay.objects.values_list("site", "day", "count")) == [("portal", dt.date(2025, 9, 30), 3)]
    clock.set(dt.datetime(2025, 10, 1, 2, 0, tzinfo=dt.UTC))
    for _ in range(4):
        visit_record()
    visit_record(site="backoffice")
    summary = visits_summary(today=dt.date(2025, 10, 1))  # the pending visit is counted before it is written
    assert (summary.today, summary.yesterday, summary.this_month, summary.last_month, summary.this_year) == (
        4,
        3,
        4,
        3,
        7,
    )
    visits_flush()
    assert {f.name for f in VisitDay._meta.get_fields()} == {"id", "site", "day", "count"}
    with pytest.raises(ValueError, match="unknown site"):
        visit_record(site="admin")
