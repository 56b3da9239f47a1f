"""Fixtures of the reception and dossier-page tests: a small province (``office_world``) and a signed-in officer."""

import pytest
from django.urls import reverse

from motcua.accounts.tests.factories import PASSWORD, totp_code, totp_enable
from motcua.dossiers.tests.office import office_world


@pytest.fixture
def _fast_passwords(settings):
    """Skip the deliberately slow password hashing (the officers still sign in with password and TOTP code)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, _fast_passwords):
    """A reception centre serving a department, its officers, a procedure and a citizen (``dossiers.tests.office``)."""
    return office_world()


@pytest.fixture
def sign_in(_fast_passwords):
    """``sign_in(client, officer)``: the password on the back-office login, then the TOTP code, as a person does."""

    def _sign_in(client, officer):
        secret = totp_enable(officer)
        client.post(reverse("backoffice:login"), {"login": officer.username, "password": PASSWORD})
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response["Location"] == reverse("backoffice:home")
        return client

    return _sign_in
