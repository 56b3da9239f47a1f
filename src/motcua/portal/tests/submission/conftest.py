"""Fixtures of the submission wizard's tests: a procedure with one required component, a signed-in citizen with
an e-ID profile, and their draft."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ComponentFactory, ProcedureFactory, citizen
from motcua.dossiers.workflow import State

from .support import AGENCY


@pytest.fixture(autouse=True)
def _fast_passwords_and_captcha_off(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALTCHA_TEST_MODE = True  # as with MOTCUA_CAPTCHA=off; the captcha test switches it back on


@pytest.fixture
def procedure():
    return ProcedureFactory(agency__code=AGENCY, name="Cấp giấy chứng nhận đủ điều kiện chăn nuôi")


@pytest.fixture
def component(procedure):
    return ComponentFactory(procedure=procedure, name="Tờ khai đăng ký", accepted_types="pdf,png", max_size_mb=2)


@pytest.fixture
def optional_component(procedure, component):
    return ComponentFactory(procedure=procedure, name="Bản sao giấy phép", required=False, copies=1)


@pytest.fixture
def applicant():
    return citizen()


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(signed_in, procedure, component):
    response = signed_in.post(reverse("portal:procedure_submit", args=[procedure.code]))
    assert response.status_code == 302
    return Dossier.objects.get(procedure=procedure, state=State.DRAFT)
