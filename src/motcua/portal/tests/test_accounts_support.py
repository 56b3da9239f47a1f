"""Helpers shared by the organisation-account tests (no tests here)."""

import copy
import re
from pathlib import Path

import pytest

import motcua.portal

SIGNUP_URL = "/tai-khoan/dang-ky/to-chuc/"
LOGIN_URL = "/tai-khoan/dang-nhap/"
RESET_URL = "/tai-khoan/quen-mat-khau/"
SUBJECT = "Xác nhận đăng ký tài khoản sử dụng cổng dịch vụ công trực tuyến"
PASSWORD = "Ngoc-Linh-2025!"
# allauth, Django and ALTCHA English that must never reach a Vietnamese page.
ENGLISH = [
    "Password",
    "This field is required",
    "Too many",
    "Username",
    "Email address",
    "Sign In",
    "Sign Up",
    "Forgot your password",
    "Remember Me",
    "already registered",
    "not correct",
    "You must type",
    "ALTCHA verification",
    "Please complete",
    "Enter a valid",
    "Confirm Email",
    "Reset My Password",
    "characters",
]


@pytest.fixture
def portal_templates_first(settings):
    """The portal's account/*.html in front of allauth's own, whatever the INSTALLED_APPS order.

    (Production needs "motcua.portal" above "allauth" in INSTALLED_APPS: see test_accounts_pages.)
    """
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [Path(motcua.portal.__file__).parent / "templates"]
    settings.TEMPLATES = templates


def signup_data(**overrides) -> dict:
    data = {
        "kind": "business",
        "organisation_name": "Công ty TNHH Nông sản Ngọc Linh",
        "tax_code": "6100123456",
        "address": "12 Trần Hưng Đạo, phường Quyết Thắng, TP Kon Tum",
        "representative": "Nguyễn Văn An",
        "phone": "(0260) 3797799",
        "email": "lienhe@ngoclinh.vn",
        "username": "ngoclinh",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def english_left(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return [phrase for phrase in ENGLISH if phrase in text]


def confirmation_link(body: str) -> str:
    match = re.search(r"https?://[^\s]+/tai-khoan/xac-nhan-email/[^\s]+/", body)
    assert match, body
    return match.group(0)


def register(client, **overrides):
    """Sign up through the page and return the confirmation e-mail (a Notification)."""
    from motcua.notifications.models import Notification

    response = client.post(SIGNUP_URL, signup_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Notification.objects.filter(subject=SUBJECT).latest("id")


@pytest.fixture
def captcha_off(settings):
    """As with MOTCUA_CAPTCHA=off: the captcha accepts anything (the captcha tests switch it back on)."""
    settings.ALTCHA_TEST_MODE = True
