"""The account pages are the portal's (layout, Vietnamese), and no allauth English reaches them."""

import pytest
from django.apps import apps
from django.template.loader import get_template
from django.utils import translation

from .test_accounts_support import (
    LOGIN_URL,
    RESET_URL,
    SIGNUP_URL,
    captcha_off,  # noqa: F401
    english_left,
    portal_templates_first,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def test_portal_account_templates_come_before_allauths_own():
    """Production serves account/*.html from the portal only when "motcua.portal" is above "allauth" in
    INSTALLED_APPS (the other tests force it with portal_templates_first)."""
    names = [config.name for config in apps.get_app_configs()]
    assert names.index("motcua.portal") < names.index("allauth"), "move motcua.portal above allauth"
    assert "motcua/portal/templates/account/login.html" in str(get_template("account/login.html").origin)


@pytest.mark.usefixtures("portal_templates_first", "captcha_off")
@pytest.mark.parametrize(
    ("url", "data"),
    [
        (LOGIN_URL, None),
        (LOGIN_URL, {}),
        (LOGIN_URL, {"login": "ai-do", "password": "sai"}),
        (SIGNUP_URL, None),
        (SIGNUP_URL, {}),
        (SIGNUP_URL, {"email": "sai", "password1": "1", "password2": "2", "tax_code": "1"}),
        (RESET_URL, None),
        (RESET_URL, {"email": "sai"}),
        ("/tai-khoan/xac-nhan-email/", None),
        ("/tai-khoan/xac-nhan-email/sai/", None),
        ("/tai-khoan/quen-mat-khau/da-gui/", None),
        ("/tai-khoan/quen-mat-khau/dat-lai/1-sai/", None),
        ("/tai-khoan/quen-mat-khau/hoan-tat/", None),
        ("/tai-khoan/tam-khoa/", None),
        ("/tai-khoan/dang-ky/", None),
    ],
)
def test_account_pages_and_their_errors_have_no_english_left(client, url, data):
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code in {200, 400}
    html = response.content.decode()
    assert '<html lang="vi"' in html and 'class="site-header"' in html
    assert english_left(html) == []


@pytest.mark.parametrize(
    "msgid",
    [
        "Too many failed login attempts. Try again later.",
        "The username and/or password you specified are not correct.",
        "You have confirmed %(email)s.",
        "Successfully signed in as %(name)s.",
        "You have signed out.",
        "Authenticator code",
        "Incorrect code.",
        "Activate Authenticator App",
        "Your account is protected by two-factor authentication. Please enter an authenticator code:",
        "Be patient, you are sending too many requests.",
        "Please complete the ALTCHA verification.",
        "This password is too short. It must contain at least %d character.",
    ],
)
def test_allauth_and_altcha_messages_have_vietnamese(msgid):
    with translation.override("vi"):
        assert translation.gettext(msgid) != msgid


def test_the_vietnamese_catalogue_covers_every_allauth_account_and_mfa_message():
    """Every msgid of allauth's own catalogue that comes from account/ or mfa/ (code or templates)."""
    import re
    from pathlib import Path

    import allauth

    source = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    missing = []
    with translation.override("vi"):
        for block in source.read_text(encoding="utf-8").split("\n\n"):
            refs = " ".join(re.findall(r"^#: (.*)$", block, re.M))
            if not re.search(r"(^| )(templates/)?(account|mfa)/", refs) or "msgctxt" in block or "usersessions" in refs:
                continue
            match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
            msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"').replace("\\n", "\n")
            if msgid and "msgid_plural" not in block and translation.gettext(msgid) == msgid:
                missing.append(msgid)
    # "WebAuthn" stays as is; allauth's catalogue still lists "Forgot Password?" that no template uses any more.
    assert set(missing) <= {"WebAuthn", "Forgot Password?"}, missing
