"""The payments demo: accounts, a dossier with open fees, one waiting for a land obligation; twice adds nothing."""

import pytest

from motcua.accounts.demo import (
    DEMO_BUSINESS,
    DEMO_BUSINESS_TAX_CODE,
    DEMO_RECEPTION_OFFICER,
    DEMO_SPECIALIST,
    accounts_load_demo,
)
from motcua.accounts.models import User
from motcua.catalogue.models import FeeItem
from motcua.dossiers.demo import dossiers_load_demo
from motcua.dossiers.workflow import State
from motcua.payments.base import StartContext
from motcua.payments.demo import DEMO_LAND_PROCEDURE, DEMO_NOTICE, payments_load_demo
from motcua.payments.models import (
    CollectionAccount,
    FeeLine,
    FeeOrder,
    OrderKind,
    OrderState,
    PaymentAttempt,
    Receipt,
    Stage,
    TaxNotice,
)
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.land.paying import tax_notices_lookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_catalogue, settings, tmp_path):
    """``motcua demo`` in order: catalogue, accounts, the dossiers demo, then payments."""
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    accounts_load_demo()
    dossiers_load_demo(
        applicant_username=DEMO_BUSINESS[1],
        reception_username=DEMO_RECEPTION_OFFICER,
        specialist_username=DEMO_SPECIALIST,
    )
    return payments_load_demo()


def snapshot() -> dict:
    models = (CollectionAccount, FeeOrder, FeeLine, PaymentAttempt, Receipt, TaxNotice)
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}


def test_loading_twice_changes_nothing(demo):
    assert demo.accounts_created > 1 and demo.dossiers_created == 2
    before = snapshot()
    again = payments_load_demo()
    assert (again.accounts_created, again.orders_attached, again.dossiers_created) == (0, 0, 0)
    assert snapshot() == before


def test_the_province_and_every_agency_with_fees_have_a_demo_account(demo):
    default = CollectionAccount.objects.get(agency=None)
    assert default.collector_name == "Văn phòng Ủy ban nhân dân tỉnh Kon Tum"
    assert (default.bank_bin, default.bank_name) == ("970415", "VietinBank")
    charging = set(FeeItem.objects.values_list("channel__case__procedure__agency__code", flat=True).distinct())
    assert charging <= set(CollectionAccount.objects.values_list("agency__code", flat=True))
    agriculture = CollectionAccount.objects.get(agency__code="000.00.16.H34")
    assert agriculture.collector_name == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum"
    assert agriculture.account_name == "SO NONG NGHIEP VA PHAT TRIEN NONG THON (DEMO)"
    for account in CollectionAccount.objects.all():  # clearly demo numbers, each its own
        assert account.collector_tax_code.startswith("6199") and len(account.collector_tax_code) == 10
        assert account.account_number.startswith("1199") and account.account_number.isdigit()
    assert CollectionAccount.objects.values("account_number").distinct().count() == CollectionAccount.objects.count()


def test_open_orders_of_the_earlier_demo_dossiers_now_have_an_account(demo):
    assert not FeeOrder.objects.filter(state=OrderState.OPEN, account=None).exists()


def test_the_demo_procedure_charges_a_fee_and_a_charge_at_submission_online(demo):
    items = FeeItem.objects.filter(
        channel__case__procedure__code=DEMO_LAND_PROCEDURE, channel__kind="online", collect_at="submission"
    )
    assert {item.kind for item in items} == {FeeItem.Kind.CHARGE, FeeItem.Kind.FEE}


def test_the_business_has_a_dossier_with_an_open_order_it_can_pay(demo, settings):
    business = User.objects.get(username=DEMO_BUSINESS[1])
    order = FeeOrder.objects.get(
        dossier__applicant=business, dossier__procedure__code=DEMO_LAND_PROCEDURE, state=OrderState.OPEN,
        kind=OrderKind.FEES,
    )  # fmt: skip
    assert order.payable and order.amount == 1_100_000
    assert {line.kind for line in order.lines.all()} == {FeeLine.Kind.CHARGE, FeeLine.Kind.FEE}
    assert order.account.agency.code == "000.00.17.H34"
    settings.MOTCUA_PAYMENT_PROVIDERS = ["sandbox", "vietqr"]
    context = StartContext(return_url="http://x/return/", ipn_url="http://x/ipn/", client_ip="127.0.0.1")
    attempt, start = payment_start(order=order, provider_key="sandbox", context=context, payer=business)
    assert attempt.amount == order.amount and (start.redirect_url or start.qr_payload)


def test_a_dossier_waits_for_its_land_obligation_with_a_tax_notice(demo):
    notice = TaxNotice.objects.get(notice_number=DEMO_NOTICE)
    dossier = notice.order.dossier
    assert dossier.state == State.AWAITING_PAYMENT
    assert dossier.get_state_display() == "Yêu cầu thực hiện nghĩa vụ tài chính"
    assert notice.order.kind == OrderKind.LAND and notice.order.stage == Stage.OBLIGATION
    assert notice.order.payable and notice.amount == 6_000_000
    assert notice.tax_id == DEMO_BUSINESS_TAX_CODE and notice.budget_subitem == "2801"
    assert tax_notices_lookup(dossier_code=dossier.code, tax_id=DEMO_BUSINESS_TAX_CODE) == [notice]
    # Its submission fees were paid through the sandbox bank: the receipt exists.
    fees = FeeOrder.objects.get(dossier=dossier, kind=OrderKind.FEES, stage=Stage.SUBMISSION)
    assert fees.state == OrderState.PAID
    assert Receipt.objects.filter(order=fees).exists()


def test_without_the_demo_accounts_and_catalogue_only_accounts_are_made(db):
    result = payments_load_demo()
    assert (result.accounts_created, result.dossiers_created) == (1, 0)
    assert CollectionAccount.objects.get().agency is None
