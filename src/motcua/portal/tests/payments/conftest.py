"""Fixtures for the portal's payment pages: a dossier with an open 70.000 đ fee order, test providers, land notices.

Providers for tests are put in the registry for one test only (``monkeypatch``): ``test_bank`` sends the payer to a
bank page on another host, ``test_down`` cannot be reached. ``vietqr`` and ``sandbox`` are the real ones.
"""

import datetime

import pytest

from motcua.core.errors import DomainError
from motcua.payments.base import PaymentProvider, Start, providers
from motcua.payments.models import (
    CollectionAccount,
    FeeLine,
    FeeOrder,
    OrderKind,
    PaymentAttempt,
    Stage,
    TaxNotice,
)
from motcua.payments.tests.fixtures import (  # noqa: F401  (shared fixtures, found by name)
    _fast_passwords,
    account,
    applicant,
    dossier,
    order,
    other_citizen,
    procedure,
    submit,
)

BANK_HOST = "https://nganhang.example"


class BankForTests(PaymentProvider):
    key = "test_bank"
    label = "Ngân hàng kiểm thử"
    description = "Thẻ ATM nội địa, tài khoản ngân hàng."

    def start(self, *, attempt, context):
        return Start(
            redirect_url=f"{BANK_HOST}/pay?ref={attempt.reference}&amount={attempt.amount}",
            data={"return_url": context.return_url, "ipn_url": context.ipn_url, "locale": context.locale},
        )


class DownForTests(PaymentProvider):
    key = "test_down"
    label = "Ví điện tử đang bảo trì"

    def start(self, *, attempt, context):
        raise DomainError("Ví điện tử đang bảo trì, vui lòng chọn ngân hàng khác hoặc thử lại sau.", code="provider")


@pytest.fixture(autouse=True)
def test_providers(settings, monkeypatch):
    """The providers offered online in these tests, in this order."""
    monkeypatch.setitem(providers._items, "test_bank", BankForTests)
    monkeypatch.setitem(providers._items, "test_down", DownForTests)
    settings.MOTCUA_PAYMENT_PROVIDERS = ["test_bank", "sandbox", "vietqr", "test_down"]
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example"
    return settings.MOTCUA_PAYMENT_PROVIDERS


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def attempts_of(order: FeeOrder) -> list[PaymentAttempt]:
    return list(PaymentAttempt.objects.filter(order=order).order_by("id"))


def land_notice(dossier, *, number: str, tax_id: str = "6101234567", amount: int = 1_250_000) -> TaxNotice:
    """A tax notice as the tax authority's import leaves it: a land order with one line, and the notice."""
    order = FeeOrder.objects.create(
        dossier=dossier,
        kind=OrderKind.LAND,
        stage=Stage.OBLIGATION,
        account=CollectionAccount.objects.filter(agency=dossier.agency).first(),
        amount=amount,
    )
    FeeLine.objects.create(
        order=order, kind=FeeLine.Kind.TAX, description="Tiền sử dụng đất (tiểu mục 1401)", amount=amount
    )
    return TaxNotice.objects.create(
        dossier_code=dossier.code,
        tax_id=tax_id,
        notice_number=number,
        notice_date=datetime.date(2026, 1, 10),
        budget_subitem="1401",
        description="Tiền sử dụng đất",
        amount=amount,
        payer_name="Công ty TNHH Một thành viên Đất Xanh",
        payer_kind=TaxNotice.PayerKind.BUSINESS,
        due_date=datetime.date(2026, 2, 10),
        order=order,
    )


@pytest.fixture
def notice(dossier):
    return land_notice(dossier, number="TB-2026-000123")
