"""The 766 indicators of one agency for October 2025 on a hand-made fixture; every expected figure is worked out
by hand below (the comments), never by calling the code under test.

Agency a (Sở Xây dựng) has three procedures in force: p1 and p2 offer online service, p4 does not.
- p1: published 02/01/2025, in force 01/03/2025 (≥ 20 working days before: on time); has a legal basis, a
  component and a 5-day channel (complete). Fee 50.000 đ at submission.
- p2: published 20/02/2025, in force 01/03/2025 (6 working days: late); no legal basis (incomplete).
- p4: no publication dates (not judged by 1.1), no component, no legal basis (incomplete); online level none.
Dossiers, all received on 01/10/2025 at 08:00 (due 08/10 at 08:00):
- A1 p1 online: result on 02/10 (early), returned; fee paid online; survey: every criterion 2, very satisfied.
- A2 p1 online: result on 14/10 (late), returned; fee not paid; survey: every criterion 1, dissatisfied.
- A3 p2 at the counter: result on 03/10 (early).
- A4 p2 online, its component reused from the data store: still open.
"""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.catalogue.models import FeeItem, LegalBasis, OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ProcedureFactory, fee
from motcua.payments.base import Notice
from motcua.payments.models import CollectionAccount, FeeOrder, PaymentAttempt
from motcua.payments.services import notice_apply
from motcua.reports.periods import Period
from motcua.reports.selectors import indicators_766, report_filter_build
from motcua.reports.services import rollup_refresh

pytestmark = pytest.mark.django_db
OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31), "month")


def pay_online(dossier: Dossier) -> None:
    order = FeeOrder.objects.get(dossier=dossier)
    attempt = PaymentAttempt.objects.create(
        order=order, provider="sandbox", amount=order.amount, expires_at=timezone.now() + timedelta(minutes=15)
    )
    notice = Notice(reference=attempt.reference, amount=order.amount, paid=True, code="00", provider_transaction="1")
    assert notice_apply(provider="sandbox", notice=notice, record=None) == "confirmed"


@pytest.fixture
def report(world):
    w = world
    a = w.a.agency
    CollectionAccount.objects.create(
        agency=a,
        collector_name="Sở Xây dựng",
        collector_tax_code="6100123456",
        account_name="SO XAY DUNG",
        account_number="113000123456",
        bank_name="VietinBank",
        bank_bin="970415",
    )
    w.p1.decision_date, w.p1.effective_from = dt.date(2025, 1, 2), dt.date(2025, 3, 1)
    w.p1.save()
    w.p2.decision_date, w.p2.effective_from = dt.date(2025, 2, 20), dt.date(2025, 3, 1)
    w.p2.save()
    LegalBasis.objects.create(procedure=w.p1, number="50/2014/QH13", title="Luật Xây dựng")
    ProcedureFactory(agency=a, name="Thủ tục chưa trực tuyến", online_level=OnlineLevel.NONE)
    fee(w.p1, 50_000, FeeItem.Kind.FEE)

    w.at(2025, 10, 1, 8, 0)
    a1, a2 = w.receive(w.online(w.p1)), w.receive(w.online(w.p1))
    a3 = w.counter(w.p2)
    item = w.applicant.edata_items.first()  # a1's upload, kept in the applicant's data store at submission
    w.receive(w.online(w.p2, reuse=item))  # a4
    pay_online(a1)
    w.at(2025, 10, 2, 9, 0)
    w.hand_over(w.finish(a1))
    w.at(2025, 10, 3, 9, 0)
    w.finish(a3)
    w.at(2025, 10, 14, 9, 0)
    w.hand_over(w.finish(a2))
    w.survey(a1, overall="very_satisfied", score=2)
    w.survey(a2, overall="dissatisfied", score=1)
    w.at(2025, 10, 20, 9, 0)
    rollup_refresh(today=timezone.localdate())  # the surveys and the payment reach it without a transition
    filters = report_filter_build(user=w.a.leader, period=OCTOBER, agency_id=a.pk, field_id=None, procedure_id=None)
    return indicators_766(user=w.a.leader, filters=filters)


def figures(report) -> dict[str, tuple]:
    return {
        i.code: (i.numerator, i.denominator, i.value, i.points) for group in report.groups for i in group.indicators
    }


def test_each_indicator_is_its_rate_against_its_target(report):
    assert figures(report) == {
        # 1.1 published ≥ 20 working days before in force: p1 yes, p2 no (p4 has no dates) → 1/2 = 50 % → 4 × 0.5
        "1.1": (1, 2, 50.0, 2.0),
        # 1.2 legal basis + component + time limit: p1 only, of p1, p2, p4 → 1/3 = 33.33 % → 4 × 1/3 = 1.33
        "1.2": (1, 3, 33.33, 1.33),
        # 1.3 not measured here (the national portal's sync lives in integrations) → full 6
        "1.3": (0, 0, None, 6.0),
        # 1.4 survey criteria on what was published (3 criteria × 2 points): a1 6 + a2 3 = 9 of 12 = 75 % → 4 × 0.75
        "1.4": (9, 12, 75.0, 3.0),
        # 2.1 finished early or on time: a1, a3 of a1, a2, a3 → 2/3 = 66.67 % → 20 × 2/3 = 13.33
        "2.1": (2, 3, 66.67, 13.33),
        # 3.1 every required component has a file: all 4 received → 100 % (target 80 %) → 8
        "3.1": (4, 4, 100.0, 8.0),
        # 3.2 results with a signed electronic document: a1, a2, a3 → 100 % → 8
        "3.2": (3, 3, 100.0, 8.0),
        # 3.3 dossiers reusing data-store documents: a4 of 4 → 25 % of the 50 % target → 6 × 0.5 = 3
        "3.3": (1, 4, 25.0, 3.0),
        # 4.1 procedures offering online service: p1, p2 of p1, p2, p4 → 66.67 % of 80 % → 4 × 0.8333 = 3.33
        "4.1": (2, 3, 66.67, 3.33),
        # 4.2 received online: a1, a2, a4 of 4 → 75 % ≥ 50 % → 8
        "4.2": (3, 4, 75.0, 8.0),
        # 4.3 dossiers with fees paid online: a1 of a1, a2 → 50 % → 6 × 0.5 = 3
        "4.3": (1, 2, 50.0, 3.0),
        # 4.4 online procedures that received an online dossier: p1, p2 of p1, p2 → 100 % → 2
        "4.4": (2, 2, 100.0, 2.0),
        # 4.5 online dossiers from a VNeID-verified account: a1, a2, a4 of 3 → 100 % → 2
        "4.5": (3, 3, 100.0, 2.0),
        # 5.1, 5.2 complaints (phản ánh, kiến nghị) are not handled in this system → full 6 each
        "5.1": (0, 0, None, 6.0),
        "5.2": (0, 0, None, 6.0),
        # 5.3 100 % − (late 1/3 + complaints 1/3) = 33.33 % = (3 − 1 − 1) / 3 → 6 × 1/3 = 2
        "5.3": (1, 3, 33.33, 2.0),
    }


def test_groups_and_total_add_up_to_100_points_at_most(report):
    assert [(g.key, g.max_points, g.points) for g in report.groups] == [
        ("transparency", 18, 12.33),  # 2 + 1.333 + 6 + 3 = 12.333
        ("timeliness", 20, 13.33),  # 13.333
        ("digitisation", 22, 19.0),  # 8 + 8 + 3
        ("online", 22, 18.33),  # 3.333 + 8 + 3 + 2 + 2 = 18.333
        ("satisfaction", 18, 14.0),  # 6 + 6 + 2
    ]
    # 12.333 + 13.333 + 19 + 18.333 + 14 = 77 (summed unrounded)
    assert report.total_points == 77.0
    assert (report.agency_name, report.period) == ("Sở Xây dựng", OCTOBER)


def test_an_agency_with_nothing_in_the_period_scores_full_points_where_nothing_was_judged(world):
    filters = report_filter_build(
        user=world.b.leader, period=OCTOBER, agency_id=world.b.agency.pk, field_id=None, procedure_id=None
    )
    result = indicators_766(user=world.b.leader, filters=filters)
    judged = {i.code: i for group in result.groups for i in group.indicators}
    # Only the catalogue is judged: p3 offers online service (4.1: 1/1) but is not complete (1.2: 0/1, no legal
    # basis) and no online dossier came for it (4.4: 0/1). Everything else has an empty denominator.
    assert {code: (i.numerator, i.denominator) for code, i in judged.items() if i.denominator} == {
        "1.2": (0, 1),
        "4.1": (1, 1),
        "4.4": (0, 1),
    }
    assert result.total_points == 100 - 4 - 2  # 1.2 and 4.4 score 0
