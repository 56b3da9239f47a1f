"""Time passing without transitions: months roll over, stocks carry on, the nightly rebuild; the series and the
ranking over the same rollup; the commands that rebuild and refresh it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.accounts.tests.factories import UserFactory
from motcua.reports import rules
from motcua.reports.models import DayBucket, MonthBucket, RollupState
from motcua.reports.periods import Period
from motcua.reports.selectors import ReportFilter, agencies_ranked, periodic_report, report_series
from motcua.reports.services import rollup_rebuild, rollup_refresh
from motcua.reports.tasks import rollup_refresh_task

pytestmark = pytest.mark.django_db


def test_every_rule_has_its_column_in_both_bucket_tables():
    for model in (DayBucket, MonthBucket):
        names = {f.name for f in model._meta.concrete_fields}
        assert set(rules.COLUMNS) <= names, model


def _counts(user, start, end, group_by="agency"):
    return periodic_report(
        user=user, filters=ReportFilter(period=Period(start, end), agency_ids=None), group_by=group_by
    )


def test_an_open_dossier_is_carried_over_month_after_month_without_any_transition(world):
    admin = UserFactory(is_superuser=True)
    world.at(2025, 10, 1, 8, 0)
    world.receive(world.online(world.p3))
    rollup_refresh(today=timezone.localdate())
    world.at(2026, 1, 12, 9, 0)  # nothing happened since; the task runs in January
    rollup_refresh(today=timezone.localdate())
    assert MonthBucket.objects.filter(month=dt.date(2026, 2, 1)).exists()  # rows ready through next month
    december = _counts(admin, dt.date(2025, 12, 1), dt.date(2025, 12, 31)).total.counts
    january = _counts(admin, dt.date(2026, 1, 1), dt.date(2026, 1, 31)).total.counts
    assert (december["carried_over"], december["in_progress"], december["in_progress_overdue"]) == (1, 1, 1)
    assert (january["carried_over"], january["in_progress_overdue"], january["received"]) == (1, 1, 0)
    rows = sorted(MonthBucket.objects.values_list("month", "open_start", "overdue_start"))
    rollup_rebuild(today=timezone.localdate())
    assert sorted(MonthBucket.objects.values_list("month", "open_start", "overdue_start")) == rows


def test_the_series_goes_day_by_day_for_short_periods_and_month_by_month_otherwise(world):
    admin = UserFactory(is_superuser=True)
    world.at(2025, 10, 1, 8, 0)
    first, second = world.receive(world.online(world.p1)), world.counter(world.p1)
    world.at(2025, 10, 2, 9, 0)
    world.finish(first)
    world.at(2025, 11, 20, 9, 0)
    world.finish(second)  # late
    rollup_refresh(today=timezone.localdate())
    days = report_series(user=admin, filters=ReportFilter(Period(dt.date(2025, 10, 1), dt.date(2025, 10, 3)), None))
    assert [(p.label, p.received, p.finished, p.on_time_rate, p.online_rate) for p in days] == [
        ("01/10", 2, 0, None, 50.0),
        ("02/10", 0, 1, 100.0, None),
        ("03/10", 0, 0, None, None),
    ]
    year = ReportFilter(Period(dt.date(2025, 9, 15), dt.date(2025, 11, 30)), None)
    months = report_series(user=admin, filters=year)
    assert [(p.label, p.start, p.end, p.received, p.finished, p.on_time_rate) for p in months] == [
        ("09/2025", dt.date(2025, 9, 15), dt.date(2025, 9, 30), 0, 0, None),
        ("10/2025", dt.date(2025, 10, 1), dt.date(2025, 10, 31), 2, 1, 100.0),
        ("11/2025", dt.date(2025, 11, 1), dt.date(2025, 11, 30), 0, 1, 0.0),
    ]


def test_agencies_are_ranked_best_on_time_rate_first(world):
    admin = UserFactory(is_superuser=True)
    world.at(2025, 10, 1, 8, 0)
    late, early = world.receive(world.online(world.p1)), world.receive(world.online(world.p3))
    world.receive(world.online(world.p2))
    world.at(2025, 10, 2, 9, 0)
    world.finish(early)
    world.at(2025, 10, 20, 9, 0)
    world.finish(late)
    rollup_refresh(today=timezone.localdate())
    ranked = agencies_ranked(
        user=admin, filters=ReportFilter(Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31)), None)
    )
    assert [(r.name, r.received, r.finished, r.on_time_rate) for r in ranked] == [
        ("UBND xã Đăk Hà", 1, 1, 100.0),
        ("Sở Xây dựng", 2, 1, 0.0),
    ]


def test_the_periodic_task_refreshes_and_rebuilds_once_a_night(world, settings):
    world.at(2025, 10, 1, 8, 0)
    world.receive(world.online(world.p1))
    assert rollup_refresh_task.call() == 1  # first run: the dossier's fact, then the first rebuild
    state = RollupState.objects.get()
    assert state.rebuilt_at == timezone.now() and state.refreshed_at == timezone.now()
    world.at(2025, 10, 1, 23, 0)
    rollup_refresh_task.call()
    assert RollupState.objects.get().rebuilt_at == state.rebuilt_at  # once a day
    world.at(2025, 10, 2, 0, 30)
    rollup_refresh_task.call()
    assert RollupState.objects.get().rebuilt_at == state.rebuilt_at  # not before 01:00
    world.at(2025, 10, 2, 1, 30)
    rollup_refresh_task.call()
    assert RollupState.objects.get().rebuilt_at == timezone.now()


def test_the_management_command_rebuilds(world, capsys):
    world.at(2025, 10, 1, 8, 0)
    world.receive(world.online(world.p1))
    call_command("reports_rebuild")
    assert "Đã tổng hợp lại số liệu thống kê của 1 hồ sơ." in capsys.readouterr().out
    assert list(MonthBucket.objects.filter(month=dt.date(2025, 10, 1)).values_list("received", flat=True)) == [1]
