"""Fee orders open from the catalogue at the stage the procedure says; exemptions; cancellation."""

import pytest

from motcua.core.errors import DomainError
from motcua.payments.models import OrderState
from motcua.payments.services import fee_line_exempt


def test_submission_opens_the_fee_order_with_each_line(order, account):
    assert order.amount == 70_000
    assert order.state == OrderState.OPEN
    assert order.account == account
    assert [(line.kind, line.amount) for line in order.lines.all()] == [("phi", 20_000), ("le_phi", 50_000)]


def test_an_exemption_removes_the_line_from_the_amount(order, officer):
    charge = order.lines.get(kind="phi")
    updated = fee_line_exempt(order=order, line_id=charge.pk, officer=officer, reason="Người có công")
    assert updated.amount == 50_000
    charge.refresh_from_db()
    assert charge.exempt and charge.exemption_reason == "Người có công"


def test_exempting_every_line_exempts_the_order(order, officer):
    for line in order.lines.all():
        order = fee_line_exempt(order=order, line_id=line.pk, officer=officer, reason="Hộ nghèo")
    assert order.amount == 0 and order.state == OrderState.EXEMPT


def test_an_exemption_needs_a_reason_and_an_officer_of_the_agency(order, officer, other_citizen):
    line = order.lines.first()
    with pytest.raises(DomainError, match="đối tượng được miễn"):
        fee_line_exempt(order=order, line_id=line.pk, officer=officer, reason="  ")
    with pytest.raises(DomainError, match="không có quyền"):
        fee_line_exempt(order=order, line_id=line.pk, officer=other_citizen, reason="Hộ nghèo")


def test_each_stage_opens_its_own_order_once(dossier, procedure):
    from motcua.catalogue.models import Channel, FeeItem
    from motcua.payments.models import FeeOrder
    from motcua.payments.services.orders import fee_orders_on_transition

    channel = procedure.cases.first().channels.get(kind=Channel.Kind.ONLINE)
    FeeItem.objects.create(
        channel=channel, kind="phi", amount=30_000, description="Phí cấp bản sao", collect_at="result"
    )
    for _ in range(2):
        fee_orders_on_transition(dossier=dossier, action="finish", from_state="processing", to_state="result_ready")
    result = FeeOrder.objects.get(dossier=dossier, stage="result")
    assert result.amount == 30_000 and FeeOrder.objects.filter(dossier=dossier).count() == 2
    fee_orders_on_transition(
        dossier=dossier, action="supplement", from_state="supplement_requested", to_state="received"
    )
    assert not FeeOrder.objects.filter(dossier=dossier, stage="supplement").exists()  # nothing due at supplement


def test_a_dossier_without_fees_has_no_order(applicant, account):
    from motcua.dossiers import services as dossier_services
    from motcua.dossiers.tests.factories import ProcedureFactory
    from motcua.payments.models import FeeOrder

    free = ProcedureFactory(agency=account.agency)
    draft = dossier_services.dossier_draft_create(applicant=applicant, procedure=free)
    dossier = dossier_services.dossier_submit(dossier=draft, actor=applicant, idempotency_key="free-1")
    assert not FeeOrder.objects.filter(dossier=dossier).exists()
