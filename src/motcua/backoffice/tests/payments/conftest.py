"""Fixtures of the back-office payment tests: ``office_world`` with fees, a collection account and finance officers.

``pay`` is the small province of ``dossiers.tests.office`` whose procedure charges 20.000 đ phí + 50.000 đ lệ phí
at submission, the department's collection account, its accountant, and another agency (with its own accountant
and dossier) that must never be visible. ``pay.dossier()`` is a submitted dossier; ``pay.order_of(dossier)`` its
open 70.000 đ fee order; ``pay.paid(order)`` pays it as the bank would (a verified notice on a VietQR attempt).
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from motcua.accounts.models import StaffRole, User
from motcua.catalogue.models import FeeItem
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ProcedureFactory, citizen, fee, officer_of
from motcua.dossiers.tests.office import OfficeWorld
from motcua.payments.base import Notice, StartContext
from motcua.payments.models import CollectionAccount, FeeOrder, PaymentAttempt
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.confirm import notice_apply

CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")


def account_for(agency, number: str) -> CollectionAccount:
    return CollectionAccount.objects.create(
        agency=agency,
        collector_name=f"{agency.name} tỉnh Kon Tum",
        collector_tax_code="6100123456",
        account_name="SO NONG NGHIEP VA MOI TRUONG TINH KON TUM",
        account_number=number,
        bank_name="VietinBank",
        bank_bin="970415",
    )


@dataclass
class PayWorld:
    office: OfficeWorld
    account: CollectionAccount
    accountant: User
    other_accountant: User  # kế toán of another agency: sees none of the department's money
    other_procedure: object

    def dossier(self) -> Dossier:
        return self.office.submitted()

    def other_dossier(self) -> Dossier:
        draft = dossier_services.dossier_draft_create(applicant=self.office.applicant, procedure=self.other_procedure)
        return dossier_services.dossier_submit(
            dossier=draft, actor=self.office.applicant, idempotency_key=f"o-{draft.pk}"
        )

    @staticmethod
    def order_of(dossier: Dossier) -> FeeOrder:
        return dossier.fee_orders.get()

    def qr(self, order: FeeOrder) -> PaymentAttempt:
        officer = self.office.reception if order.dossier.agency_id == self.office.department.pk else None
        officer = officer or self.other_accountant
        attempt, _ = payment_start(order=order, provider_key="vietqr", officer=officer, context=CONTEXT)
        return attempt

    def paid(self, order: FeeOrder) -> PaymentAttempt:
        attempt = self.qr(order)
        notice = Notice(reference=attempt.reference, amount=attempt.amount, paid=True, code="00")
        assert notice_apply(provider="vietqr", notice=notice, record=None) == "confirmed"
        return attempt


@pytest.fixture
def pay(world) -> PayWorld:
    fee(world.procedure, 20_000, FeeItem.Kind.CHARGE)
    fee(world.procedure, 50_000, FeeItem.Kind.FEE)
    other_agency = AgencyFactory(name="Sở Tài chính")
    other_procedure = ProcedureFactory(agency=other_agency)
    fee(other_procedure, 30_000, FeeItem.Kind.FEE)
    account_for(other_agency, "113000999999")
    return PayWorld(
        office=world,
        account=account_for(world.department, "113000123456"),
        accountant=officer_of(world.department, StaffRole.ACCOUNTANT),
        other_accountant=officer_of(other_agency, StaffRole.ACCOUNTANT),
        other_procedure=other_procedure,
    )


@pytest.fixture
def as_officer(sign_in):
    """``as_officer(officer)``: a new client signed in as ``officer`` (password + TOTP, like a person)."""

    clients: dict[int, Client] = {}

    def _client(officer: User) -> Client:
        if officer.pk not in clients:
            clients[officer.pk] = sign_in(Client(), officer)
        return clients[officer.pk]

    return _client


@pytest.fixture
def citizen_client(db):
    client = Client()
    client.force_login(citizen())
    return client
