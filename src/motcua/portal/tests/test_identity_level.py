"""A procedure that needs a level-2 e-ID: the citizen's *current* sign-in must have proven level 2."""

import pytest
from django.urls import reverse

from motcua.accounts.models import AccountKind, User
from motcua.catalogue.models import Procedure
from motcua.identity.base import SESSION_LEVEL_KEY

pytestmark = pytest.mark.django_db


def _signed_in(client, *, kind=AccountKind.CITIZEN, level=None):
    client.force_login(User.objects.create_user(username=f"u-{kind}", password="x", kind=kind))
    if level is not None:
        session = client.session
        session[SESSION_LEVEL_KEY] = level
        session.save()


@pytest.fixture
def level_2_procedure(demo_catalogue):
    procedure = Procedure.objects.get(code="2.000488")  # Cấp Phiếu lý lịch tư pháp: MucDoDinhDanh 2 in the demo
    assert procedure.required_identity_level == 2
    return procedure


def test_a_level_1_sign_in_is_asked_to_sign_in_again_at_level_2(client, level_2_procedure):
    _signed_in(client, level=1)
    response = client.get(reverse("portal:procedure_submit", args=[level_2_procedure.code]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Cần tài khoản định danh điện tử mức độ 2" in html
    assert "/tai-khoan/vneid/dang-nhap/?muc_do=2&amp;next=%2Fthu-tuc%2F2.000488%2Fnop-ho-so%2F" in html


def test_a_citizen_with_a_password_account_has_no_proven_level(client, level_2_procedure):
    _signed_in(client)
    assert client.get(reverse("portal:procedure_submit", args=[level_2_procedure.code])).status_code == 403


def test_a_level_2_sign_in_goes_through(client, level_2_procedure):
    _signed_in(client, level=2)
    assert client.get(reverse("portal:procedure_submit", args=[level_2_procedure.code])).status_code == 200


def test_procedures_needing_level_1_accept_any_signed_in_citizen(client, demo_catalogue):
    procedure = Procedure.objects.filter(required_identity_level=1).first()
    _signed_in(client)
    assert client.get(reverse("portal:procedure_submit", args=[procedure.code])).status_code == 200


def test_organisations_are_not_asked_for_a_citizen_e_id(client, level_2_procedure):
    _signed_in(client, kind=AccountKind.BUSINESS)
    assert client.get(reverse("portal:procedure_submit", args=[level_2_procedure.code])).status_code == 200
