"""Fixtures of the processing tests (a test module lists this module in ``pytest_plugins``) and helpers.

``office``: ``dossiers.tests.office.office_world()`` — a centre receiving for a department, its officers
(reception, specialist, division head, leader), a procedure and a citizen. ``desk(officer)``: a browser (test
client) where ``officer`` signed in as a person does — password, then the TOTP code — one browser per officer.
``at_step(world, n)``: a received dossier moved by the services to step ``n`` of the default 3-step workflow;
``signed_result(world, dossier)``: the same at the leader's step with a signed result.
"""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.tests.factories import PASSWORD, totp_code, totp_enable
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import pdf_upload
from motcua.dossiers.tests.office import OfficeWorld, office_world


@pytest.fixture
def fast_passwords(settings):
    """The officers sign in with password and TOTP code; the password hashing need not be slow here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office(db, fast_passwords) -> OfficeWorld:
    return office_world()


@pytest.fixture
def desk(fast_passwords):
    """``desk(officer)`` → a test client signed in as ``officer`` (the same one when asked again)."""
    clients: dict[int, Client] = {}

    def _desk(officer: User) -> Client:
        if officer.pk not in clients:
            client = Client()
            secret = totp_enable(officer)
            client.post(reverse("backoffice:login"), {"login": officer.username, "password": PASSWORD})
            response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
            assert response["Location"] == reverse("backoffice:home")
            clients[officer.pk] = client
        return clients[officer.pk]

    return _desk


def _at_step(world: OfficeWorld, position: int, **kwargs) -> Dossier:
    """A received dossier forwarded by the services to step ``position`` (1 specialist, 2 head, 3 leader)."""
    dossier = world.received(**kwargs)
    holders = [world.specialist, world.division_head]
    for officer in holders[: position - 1]:
        dossier = services.dossier_forward(dossier=dossier, officer=officer, note="Đủ điều kiện.")
    return dossier


def _signed_result(world: OfficeWorld, dossier: Dossier) -> Dossier:
    """At the leader's step: a result uploaded and marked signed (the signature itself is tested through HTTP)."""
    result = services.result_add(dossier=dossier, officer=world.leader, title="Giấy chứng nhận", upload=pdf_upload())
    services.result_store_signed(result=result, officer=world.leader, signed_pdf=pdf_upload("Da ky").read())
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def at_step():
    """``at_step(world, n)``: a received dossier at step ``n`` (see ``_at_step``)."""
    return _at_step


@pytest.fixture
def signed_result():
    """``signed_result(world, dossier)``: the dossier with a signed result (see ``_signed_result``)."""
    return _signed_result
