"""The 766 on-time rule as the statistics apply it to each dossier (its ``DossierFact``), driven by the services.

Early = finished on a day before the due day; on time = on the due day, not after the due moment; late = after
it, or more than one supplement request whatever the dates. The citizen's supplement time never counts against
the agency (the services move ``due_at``; a wait still open when the dossier stops is counted here), and an
apology (form 04) does not make a late dossier on time. Overdue is derived, never a state.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.models import Channel
from motcua.dossiers.models import Dossier
from motcua.reports.models import DossierFact
from motcua.reports.periods import Period
from motcua.reports.selectors import ReportFilter, periodic_report
from motcua.reports.services import rollup_refresh
from motcua.reports.services.facts import facts_compute

from .world import local

pytestmark = pytest.mark.django_db


def fact(dossier: Dossier) -> DossierFact:
    return facts_compute(Q(pk=dossier.pk))[dossier.pk]


def due(dossier: Dossier) -> dt.datetime:
    return Dossier.objects.get(pk=dossier.pk).due_at


def received_on_wednesday(world, procedure=None) -> Dossier:
    world.at(2025, 10, 1, 8, 0)
    return world.receive(world.online(procedure or world.p1))


def test_early_on_time_and_late_are_judged_on_the_due_day_and_moment(world):
    dossiers = [received_on_wednesday(world) for _ in range(4)]
    deadline = due(dossiers[0])
    assert deadline == local(2025, 10, 8, 8, 0)  # 5 working days of 8 office hours
    finishing = [
        local(2025, 10, 7, 16, 0),  # the day before the due day
        deadline - dt.timedelta(minutes=1),  # the due day, just before the due moment … (07:59)
        deadline,  # … and at the due moment itself
        deadline + dt.timedelta(minutes=1),
    ]
    timings = []
    for dossier, moment in sorted(zip(dossiers, finishing, strict=True), key=lambda pair: pair[1]):
        world.clock.set(moment)
        world.finish(dossier)
        timings.append(fact(dossier).timing)
    assert timings == ["early", "on_time", "on_time", "late"]


def test_more_than_one_supplement_request_is_late_whatever_the_dates(world):
    once, twice = received_on_wednesday(world), received_on_wednesday(world)
    for dossier in (once, twice):
        world.ask_supplement(dossier)
        world.supplement(dossier)
    world.ask_supplement(twice)
    world.supplement(twice)
    world.at(2025, 10, 2, 9, 0)  # the next day: far before any due date
    for dossier in (once, twice):
        world.finish(dossier)
    assert (fact(once).timing, fact(twice).timing) == ("early", "late")
    assert (fact(once).supplement_count, fact(twice).supplement_count) == (1, 2)


def test_the_citizens_supplement_time_is_not_the_agencys(world):
    dossier = received_on_wednesday(world)
    first_due = due(dossier)
    world.at(2025, 10, 2, 8, 0)
    world.ask_supplement(dossier)
    world.at(2025, 10, 9, 8, 0)  # the citizen took 5 working days
    world.supplement(dossier)
    assert due(dossier) == first_due + dt.timedelta(days=7)  # moved by those 5 working days (a week)
    world.at(2025, 10, 14, 16, 0)  # past the first due date, before the moved one
    world.finish(dossier)
    assert fact(dossier).timing == "early"


def test_a_wait_still_open_when_the_citizen_withdraws_is_not_counted_late(world):
    dossier = received_on_wednesday(world)
    world.at(2025, 10, 7, 9, 0)  # one working day left
    world.ask_supplement(dossier)
    world.at(2025, 10, 20, 9, 0)  # long after the due date, still waiting for the citizen
    world.withdraw(dossier)
    assert Dossier.objects.get(pk=dossier.pk).due_at == local(2025, 10, 8, 8, 0)  # never moved
    # The clock stopped on 07/10 at 09:00 with less than a working day left and never ran again: the dossier
    # ended before its (moved) due day, so early — not the 12 days late its unmoved ``due_at`` would say.
    assert (fact(dossier).outcome, fact(dossier).timing) == ("withdrawn", "early")


def test_an_apology_does_not_make_a_late_dossier_on_time(world):
    dossier = received_on_wednesday(world)
    world.at(2025, 10, 6, 9, 0)
    world.apologise(dossier, days=10)
    assert due(dossier) == local(2025, 10, 18, 8, 0)
    world.at(2025, 10, 10, 9, 0)  # before the new appointment, after the first one
    world.finish(dossier)
    assert fact(dossier).timing == "late"


def test_a_procedure_without_a_time_limit_is_never_late(world):
    Channel.objects.filter(case__procedure=world.p3).update(duration_value=None)
    dossier = received_on_wednesday(world, world.p3)
    assert due(dossier) is None
    world.at(2025, 12, 1, 9, 0)
    world.finish(dossier)
    assert (fact(dossier).timing, fact(dossier).overdue_day) == ("on_time", None)


def test_refused_and_withdrawn_before_reception_have_no_timing(world):
    world.at(2025, 10, 1, 8, 0)
    refused, withdrawn = world.online(world.p1), world.online(world.p1)
    world.refuse(refused)
    world.withdraw(withdrawn)
    assert [(fact(d).outcome, fact(d).timing, fact(d).received_day) for d in (refused, withdrawn)] == [
        ("refused", "", None),
        ("withdrawn", "", None),
    ]


def _in_progress(world, day: dt.date) -> tuple[int, int]:
    rollup_refresh(today=timezone.localdate())
    filters = ReportFilter(period=Period(dt.date(2025, 10, 1), day), agency_ids=None)
    total = periodic_report(user=UserFactory(is_superuser=True), filters=filters).total.counts
    return total["in_progress_within"], total["in_progress_overdue"]


def test_overdue_is_derived_from_the_day_after_the_due_day_and_not_while_the_citizen_has_the_dossier(world):
    open_one, paused = received_on_wednesday(world), received_on_wednesday(world)
    Channel.objects.filter(case__procedure=world.p1).update(duration_value=Decimal(5))
    world.at(2025, 10, 7, 9, 0)
    world.ask_supplement(paused)
    assert fact(open_one).overdue_day == dt.date(2025, 10, 9)  # due on 08/10 at 08:00
    world.at(2025, 10, 8, 17, 0)  # the due day: still within time
    assert _in_progress(world, dt.date(2025, 10, 8)) == (2, 0)
    world.at(2025, 10, 9, 8, 0)  # the day after: overdue, without any transition; the paused one is not
    assert _in_progress(world, dt.date(2025, 10, 9)) == (1, 1)
    assert _in_progress(world, dt.date(2025, 10, 8)) == (2, 0)  # the past stays as it was
