"""The incremental rollup (driven by real transitions through the dossiers' services, refreshed as time goes on)
equals the full rebuild, and both equal the report counted straight from the dossiers (``direct``) — for every
column, grouping, filter and several periods, including periods cut inside months and running past today.
Each number's drill-down lists exactly the dossiers counted."""

import datetime as dt
from dataclasses import asdict

import pytest
from django.utils import timezone

from motcua.accounts.models import EDataItem, StaffRole
from motcua.accounts.tests.factories import MembershipFactory, OfficerFactory
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.models import Dossier
from motcua.reports import rules
from motcua.reports.models import DayBucket, DossierFact, MonthBucket, RollupMark
from motcua.reports.periods import Period
from motcua.reports.selectors import METRICS, ReportFilter, periodic_report, report_dossiers
from motcua.reports.services import rollup_rebuild, rollup_refresh

from . import direct
from .world import World

pytestmark = pytest.mark.django_db


def refresh(world: World) -> None:
    rollup_refresh(today=timezone.localdate())


def scenario(world: World) -> dict[str, Dossier]:
    """Every state, channel and timing, spread over September–November 2025; the rollup refreshed on the way."""
    w, d = world, {}
    w.at(2025, 9, 24, 9, 0)
    d["sep"] = w.receive(w.online(w.p1))  # carried over into October, finished late
    w.at(2025, 9, 25, 10, 0)
    d["sep_counter"] = w.counter(w.p3)  # carried over and still open: overdue
    refresh(w)
    w.at(2025, 10, 1, 8, 0)
    for name, procedure in [("early", w.p1), ("supp_once", w.p2), ("supp_twice", w.p2), ("stopped", w.p3)]:
        d[name] = w.receive(w.online(procedure))
    d["post"] = w.receive(w.online(w.p1, post=True))
    d["counter_late"] = w.counter(w.p1)
    d["refused"], d["withdrawn_early"] = w.online(w.p3), w.online(w.p3)
    for name, procedure in [("awaiting", w.p1), ("paid", w.p1), ("open_overdue", w.p3), ("apology", w.p1)]:
        d[name] = w.receive(w.online(procedure))
    for name, procedure in [("november", w.p2), ("withdrawn_late", w.p1), ("ready", w.p3)]:
        d[name] = w.receive(w.online(procedure))
    w.at(2025, 10, 1, 14, 0)
    w.refuse(d["refused"])
    w.withdraw(d["withdrawn_early"])
    refresh(w)
    w.at(2025, 10, 2, 9, 0)
    w.finish(d["early"])
    w.ask_supplement(d["supp_once"])
    w.ask_supplement(d["supp_twice"])
    w.at(2025, 10, 3, 9, 0)
    w.hand_over(d["early"])
    w.survey(d["early"], overall="dissatisfied", score=1)
    w.hand_over(w.finish(d["sep"]))
    refresh(w)
    w.at(2025, 10, 6, 10, 0)
    w.supplement(d["supp_once"])
    w.supplement(d["supp_twice"])
    w.stop(d["stopped"])
    w.ask_payment(d["awaiting"])
    w.ask_payment(d["paid"])
    w.at(2025, 10, 7, 9, 0)
    w.paid(d["paid"])
    w.ask_supplement(d["supp_twice"])
    w.apologise(d["apology"], days=7)
    refresh(w)
    post_due = Dossier.objects.get(pk=d["post"].pk).due_at
    w.clock.set(post_due - dt.timedelta(minutes=30))  # on the due day, before the due moment: on time
    w.finish(d["post"])
    w.at(2025, 10, 9, 10, 0)
    w.finish(d["counter_late"])
    w.supplement(d["supp_twice"])
    w.withdraw(d["withdrawn_late"])
    w.at(2025, 10, 10, 9, 0)
    w.finish(d["supp_once"])
    refresh(w)
    w.at(2025, 10, 14, 9, 0)
    for name in ("apology", "paid", "ready", "supp_twice"):
        w.finish(d[name])
    w.at(2025, 10, 20, 9, 0)
    w.hand_over(d["post"])
    w.hand_over(d["counter_late"])
    w.survey(d["post"])
    refresh(w)
    w.at(2025, 11, 3, 9, 0)
    w.finish(d["november"])
    item = EDataItem.objects.filter(owner=w.applicant).first()
    d["reused"] = w.receive(w.online(w.p2, reuse=item))
    w.at(2025, 11, 5, 9, 0)
    d["paused"] = w.receive(w.online(w.p3))
    w.ask_supplement(d["paused"])
    w.at(2025, 11, 20, 10, 0)
    d["within"] = w.receive(w.online(w.p3))
    d["waiting"] = w.online(w.p1)  # at the desk, not received: in no column but its own state
    return d


PERIODS = [
    Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31), "month"),
    Period(dt.date(2025, 9, 1), dt.date(2025, 9, 30), "month"),
    Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31), "quarter"),  # runs past today: stocks taken today
    Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"),
    Period(dt.date(2025, 9, 20), dt.date(2025, 10, 10)),  # two partial months
    Period(dt.date(2025, 10, 2), dt.date(2025, 11, 5)),  # a partial month, then days of the next
    Period(dt.date(2025, 10, 7), dt.date(2025, 10, 7)),  # one day
]


def reports(user, world: World) -> dict:
    out = {}
    subsets = {
        "all": ({}, None),
        "agency_a": ({"agency": world.a.agency.pk}, frozenset({world.a.agency.pk})),
        "field_f2": ({"field": world.f2.pk}, None),
        "procedure_p2": ({"procedure": world.p2.pk}, None),
    }
    for period in PERIODS:
        for subset, (only, agency_ids) in subsets.items():
            filters = ReportFilter(
                period=period,
                agency_ids=agency_ids,
                field_id=only.get("field"),
                procedure_id=only.get("procedure"),
            )
            for group_by in ("agency", "field", "procedure"):
                report = periodic_report(user=user, filters=filters, group_by=group_by)
                rows = {row.key: asdict(row) for row in [*report.rows]}
                rows["total"] = asdict(report.total)
                out[(period, subset, group_by)] = (filters, only, rows)
    return out


@pytest.fixture
def admin(db):
    officer = OfficerFactory()
    MembershipFactory(user=officer, agency=AgencyFactory(name="Sở Thông tin"), role=StaffRole.SYSTEM_ADMIN)
    return officer


def test_incremental_rollup_equals_rebuild_equals_the_dossiers(world, admin):
    dossiers = scenario(world)
    today = timezone.localdate()
    rollup_refresh(today=today)
    assert not RollupMark.objects.exists()
    assert DossierFact.objects.count() == Dossier.objects.exclude(state="draft").count()
    incremental = reports(admin, world)
    tables = {model.__name__: _table(model) for model in (DossierFact, DayBucket, MonthBucket)}

    rollup_rebuild(today=today)
    assert reports(admin, world) == incremental
    for model in (DossierFact, DayBucket, MonthBucket):  # row for row
        assert _table(model) == tables[model.__name__], model.__name__

    assert Dossier.objects.get(pk=dossiers["waiting"].pk).state == "submitted"
    october, quarter = (incremental[(PERIODS[i], "all", "agency")][2]["total"]["counts"] for i in (0, 2))
    print(october, quarter)
    # the fixture really holds every kind of number (else the equalities below would prove little)
    assert all(october[m] for m in METRICS if not m.startswith("in_progress")), october
    assert all(quarter[m] for m in ("in_progress", "in_progress_within", "in_progress_overdue")), quarter
    for (period, _subset, group_by), (filters, only, rows) in incremental.items():
        expected = direct.report(period.start, period.end, today, group_by, **only)
        for key, row in rows.items():
            want = expected.get(None if key == "total" else key, {})
            got = {metric: row["counts"][metric] for metric in METRICS}
            assert got == {metric: len(want.get(metric, ())) for metric in METRICS}, (period, group_by, key)
            for metric in METRICS:
                if not got[metric]:
                    continue
                listed = report_dossiers(
                    user=admin, filters=filters, metric=metric, group_by=group_by, key=None if key == "total" else key
                )
                assert set(listed.values_list("code", flat=True)) == want[metric], (period, group_by, key, metric)
        # every group the dossiers give appears in the report
        assert {k for k in expected if k is not None} <= {k for k in rows if k != "total"}


def _table(model) -> list[tuple]:
    """Every row of ``model`` (but bucket rows whose numbers all went back to 0: the incremental path keeps them)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    numbers = [name for name in names if name in rules.COLUMNS or name.endswith("_start")]
    rows = [row for row in model.objects.values(*names) if model is DossierFact or any(row[n] for n in numbers)]
    return sorted(tuple(row.values()) for row in rows)
