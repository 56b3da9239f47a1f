"""Finance reads are scoped to the agencies where the officer is accountant or leader, and the day is Việt Nam's."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.core.errors import NotFound
from motcua.dossiers.tests.factories import officer_of
from motcua.payments.base import Notice, StartContext
from motcua.payments.models import Discrepancy
from motcua.payments.selectors.finance import (
    LOCAL,
    daily_report,
    day_bounds,
    discrepancies_for_officer,
    finance_agency_ids,
    order_get_for_finance,
)
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.confirm import notice_apply
from motcua.payments.services.refunds import refund_create

pytestmark = pytest.mark.django_db


def _pay(order, officer):
    context = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")
    attempt, _ = payment_start(order=order, provider_key="vietqr", officer=officer, context=context)
    notice_apply(provider="vietqr", notice=Notice(attempt.reference, attempt.amount, True, "00"), record=None)
    return attempt


def test_finance_agencies_are_those_where_the_officer_is_accountant_or_leader(procedure, accountant, officer):
    leader = officer_of(procedure.agency, StaffRole.AGENCY_LEADER)
    assert finance_agency_ids(officer=accountant) == {procedure.agency_id}
    assert finance_agency_ids(officer=leader) == {procedure.agency_id}
    assert finance_agency_ids(officer=officer) == set()


def test_a_reception_officer_sees_no_order_and_no_discrepancy(order, officer, accountant):
    notice_apply(provider="vietqr", notice=Notice("GD000000000000", 1, True, "00"), record=None)
    with pytest.raises(NotFound):
        order_get_for_finance(officer=officer, reference=order.reference)
    assert order_get_for_finance(officer=accountant, reference=order.reference) == order
    assert not discrepancies_for_officer(officer=officer).exists()
    # an unknown reference belongs to no agency: every finance officer sees it, so it is never dropped
    assert discrepancies_for_officer(officer=accountant).get().kind == Discrepancy.Kind.UNKNOWN


def test_the_day_is_the_day_in_viet_nam():
    start, end = day_bounds(date(2026, 3, 2))
    assert start == datetime(2026, 3, 2, tzinfo=LOCAL) and (end - start).days == 1
    assert start.utcoffset().total_seconds() == 7 * 3600


def test_the_daily_report_counts_payments_and_refunds_per_provider_and_agency(order, officer, accountant):
    _pay(order, officer)
    refund_create(order=order, officer=accountant, amount=20_000, reason="Nộp thừa")
    report = daily_report(officer=accountant, day=timezone.localdate())
    (row,) = report.by_provider
    assert (row.payments, row.collected, row.refunded, row.net) == (1, 70_000, 20_000, 50_000)
    assert [(r.label, r.net) for r in report.by_agency] == [(order.dossier.agency.name, 50_000)]
    assert report.total.net == 50_000
    assert daily_report(officer=officer, day=timezone.localdate()).total.collected == 0
