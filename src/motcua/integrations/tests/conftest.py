"""Fixtures of the integrations tests: a small province (``office_world``), signed-in officers, real receivers."""

import pytest

from motcua.accounts.tests.factories import PASSWORD, totp_code, totp_enable
from motcua.dossiers.tests.office import office_world

from . import receivers


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return office_world()


@pytest.fixture
def receiver():
    """A partner's webhook receiver (or a national portal) on 127.0.0.1; answers 200 unless told otherwise."""
    server = receivers.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def portal(receiver, settings):
    """The sandbox adapter pointed at ``receiver`` (a stand-in portal answering ``{"ma_loi": "00"}``)."""
    receiver.default = receivers.Plan(body={"ma_loi": "00", "mo_ta": "Đã tiếp nhận"})
    settings.MOTCUA_NATIONAL_ADAPTER = "sandbox"
    settings.MOTCUA_NATIONAL = {**settings.MOTCUA_NATIONAL, "URL": f"{receiver.url}/dong-bo", "TIMEOUT_SECONDS": 1}
    return receiver


@pytest.fixture
def sign_in():
    """``sign_in(client, officer)``: the back-office password step, then the TOTP code, as a person does."""
    from django.urls import reverse

    def _sign_in(client, officer):
        secret = totp_enable(officer)
        client.post(reverse("backoffice:login"), {"login": officer.username, "password": PASSWORD})
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response["Location"] == reverse("backoffice:home")
        return client

    return _sign_in
