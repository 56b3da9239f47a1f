"""The back-office login: officers only, password then TOTP, mandatory TOTP set-up, logout, rate limits."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from motcua.accounts.models import AccountKind, StaffRole
from motcua.accounts.tests.factories import (
    PASSWORD,
    OfficerFactory,
    UserFactory,
    officer_with_role,
    totp_code,
    totp_enable,
    totp_wrong_code,
)

LOGIN = reverse("backoffice:login")
HOME = reverse("backoffice:home")
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."

pytestmark = pytest.mark.django_db


def _password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password, **extra})


def test_login_page_is_vietnamese_and_has_no_inline_script(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập Một cửa điện tử" in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "<script>" not in html and "style=" not in html


def test_officer_with_totp_gives_password_then_code_and_reaches_home(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    secret = totp_enable(officer)

    response = _password_step(client, officer.username)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(HOME)["Location"].startswith(LOGIN)  # not signed in yet

    page = client.get(reverse("mfa_authenticate"))
    assert "Xác thực hai bước" in page.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == HOME
    home = client.get(HOME)
    assert home.status_code == 200
    assert officer.full_name in home.content.decode()


def test_next_parameter_is_followed_after_the_code(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    secret = totp_enable(officer)
    target = reverse("backoffice:citizen_register")
    _password_step(client, officer.username, next=target)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == target


def test_wrong_totp_code_is_refused_in_vietnamese(client):
    officer = officer_with_role(StaffRole.SPECIALIST)
    secret = totp_enable(officer)
    _password_step(client, officer.username)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_wrong_code(secret)})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert client.get(HOME).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": ""})
    assert "Nhập mã xác thực gồm 6 chữ số." in response.content.decode()


def test_wrong_totp_codes_are_rate_limited(client):
    officer = officer_with_role(StaffRole.SPECIALIST)
    secret = totp_enable(officer)
    _password_step(client, officer.username)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": totp_wrong_code(secret)})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})  # even the right one
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_totp_code_cannot_be_used_twice(client):
    officer = officer_with_role(StaffRole.SPECIALIST)
    secret = totp_enable(officer)
    code = totp_code(secret)
    _password_step(client, officer.username)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("backoffice:logout"))
    _password_step(client, officer.username)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "Mã xác thực không đúng" in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(kind=AccountKind.CITIZEN),
        lambda: UserFactory(kind=AccountKind.BUSINESS),
        lambda: UserFactory(kind=AccountKind.ORGANISATION),
        lambda: OfficerFactory(),  # an officer without any role
        lambda: UserFactory(kind=AccountKind.CITIZEN, is_staff=True, is_superuser=True),
    ],
    ids=["citizen", "business", "organisation", "officer-without-role", "superuser"],
)
def test_anyone_but_an_officer_gets_the_wrong_password_answer(client, make_user):
    user = make_user()
    right_password = _password_step(client, user.username)
    wrong_password = _password_step(client, user.username, password="sai-mat-khau-hoan-toan")
    for response in (right_password, wrong_password):
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    unknown = _password_step(client, "khong-ton-tai")
    assert WRONG in unknown.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_officer_is_refused(client):
    officer = officer_with_role(StaffRole.RECEPTION, is_active=False)
    response = _password_step(client, officer.username)
    assert WRONG in response.content.decode()


def test_empty_fields_get_vietnamese_messages(client):
    response = client.post(LOGIN, {"login": "", "password": ""})
    html = response.content.decode()
    assert "Nhập tên đăng nhập hoặc thư điện tử." in html and "Nhập mật khẩu." in html


def test_failed_passwords_lock_the_account_for_a_while(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    totp_enable(officer)
    for _ in range(5):
        _password_step(client, officer.username, password="sai-mat-khau-hoan-toan")
    response = _password_step(client, officer.username)
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()


# allauth announces the new authenticator after commit, inside the request: a real transaction is needed.
@pytest.mark.django_db(transaction=True)
def test_officer_without_totp_must_set_it_up_before_anything_else(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    response = _password_step(client, officer.username)
    assert response.status_code == 302 and response["Location"] == HOME  # signed in with the password only
    for url in (HOME, reverse("backoffice:citizen_register")):
        assert client.get(url)["Location"] == reverse("mfa_activate_totp")

    # The password typed moments ago is enough: no second password before the authenticator is added.
    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thiết lập xác thực hai bước" in html and 'src="data:image/svg+xml;base64,' in html
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html  # for manual entry

    refused = client.post(reverse("mfa_activate_totp"), {"code": totp_wrong_code(secret)})
    assert "Mã xác thực không đúng" in refused.content.decode()
    assert not Authenticator.objects.filter(user=officer).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(response["Location"]).content.decode()
    assert "Mã khôi phục" in codes and "vào Một cửa điện tử" in codes
    recovery = Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES)
    assert all(code in codes for code in recovery.wrap().get_unused_codes())

    # The activation code proved the second factor for this session: home opens at once.
    assert client.get(HOME).status_code == 200


def test_setting_up_totp_long_after_the_password_asks_for_the_password_again(client, settings):
    officer = officer_with_role(StaffRole.RECEPTION)
    _password_step(client, officer.username)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_session_that_did_not_prove_a_code_is_asked_for_one(client):
    """Signed in before TOTP existed; TOTP was then activated elsewhere: this session must still give a code."""
    officer = officer_with_role(StaffRole.RECEPTION)
    _password_step(client, officer.username)
    secret = totp_enable(officer)
    response = client.get(reverse("backoffice:citizen_register"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret), "next": HOME})
    assert response["Location"] == HOME
    assert client.get(reverse("backoffice:citizen_register")).status_code == 200


def test_recovery_code_works_instead_of_the_totp_code(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    _password_step(client, officer.username)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    recovery = Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES)
    first_code = recovery.wrap().get_unused_codes()[0]
    client.post(reverse("backoffice:logout"))

    _password_step(client, officer.username)
    response = client.post(reverse("mfa_authenticate"), {"code": first_code})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_logout_is_post_only_and_returns_to_the_login_page(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    secret = totp_enable(officer)
    _password_step(client, officer.username)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("backoffice:logout")).status_code == 405
    response = client.post(reverse("backoffice:logout"))
    assert response["Location"] == LOGIN
    assert client.get(HOME)["Location"].startswith(LOGIN)


def test_signed_in_officer_visiting_the_login_page_goes_home(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    secret = totp_enable(officer)
    _password_step(client, officer.username)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(LOGIN)["Location"] == HOME


def test_hotp_helper_matches_rfc_4226_test_vectors():
    """The test helper computes real codes (RFC 4226 appendix D, secret "12345678901234567890")."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert [format_hotp_value(hotp_value(secret, counter)) for counter in range(3)] == ["755224", "287082", "359152"]
