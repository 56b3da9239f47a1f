"""Fixtures shared by every payment test (payments, portal, back office): a procedure with fees, the agency's
collection account, citizens and officers, a submitted dossier and its open fee order.

Imported by each ``conftest.py`` that needs them (``from motcua.payments.tests.fixtures import …``)."""

import itertools

import pytest

from motcua.accounts.models import StaffRole
from motcua.catalogue.models import FeeItem
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import ProcedureFactory, citizen, fee, officer_of
from motcua.payments.models import CollectionAccount, FeeOrder, Stage

_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def procedure(db):
    """A procedure of Sở NN&PTNT with a 20.000 đ charge and a 50.000 đ fee, both due at submission."""
    procedure = ProcedureFactory(agency__code="000.00.16.H34", agency__name="Sở Nông nghiệp và Phát triển nông thôn")
    fee(procedure, 20_000, FeeItem.Kind.CHARGE)
    fee(procedure, 50_000, FeeItem.Kind.FEE)
    return procedure


@pytest.fixture
def account(procedure):
    return CollectionAccount.objects.create(
        agency=procedure.agency,
        collector_name="Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum",
        collector_tax_code="6100123456",
        account_name="SO NONG NGHIEP VA PTNT TINH KON TUM",
        account_number="113000123456",
        bank_name="VietinBank",
        bank_bin="970415",
    )


@pytest.fixture
def applicant(db):
    return citizen()


@pytest.fixture
def other_citizen(db):
    return citizen()


@pytest.fixture
def officer(procedure):
    return officer_of(procedure.agency, StaffRole.RECEPTION)


@pytest.fixture
def accountant(procedure):
    return officer_of(procedure.agency, StaffRole.ACCOUNTANT)


def submit(applicant, procedure):
    """A dossier of ``procedure`` submitted by ``applicant`` (its fee orders open as the procedure says)."""
    draft = dossier_services.dossier_draft_create(applicant=applicant, procedure=procedure)
    return dossier_services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=f"pay-{next(_keys)}")


@pytest.fixture
def dossier(applicant, procedure, account):
    """A submitted dossier: its submission fee order (70.000 đ) is open."""
    return submit(applicant, procedure)


@pytest.fixture
def order(dossier) -> FeeOrder:
    return FeeOrder.objects.get(dossier=dossier, stage=Stage.SUBMISSION)
