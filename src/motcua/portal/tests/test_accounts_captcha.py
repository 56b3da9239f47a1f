"""The captcha ("mã xác nhận", ALTCHA proof of work) with MOTCUA_CAPTCHA on: refused without a real solution."""

import pytest
from altcha.v2 import Challenge, Payload, solve_challenge

from motcua.accounts.models import Organisation, User
from motcua.notifications.models import Notification

from .test_accounts_support import (
    RESET_URL,
    SIGNUP_URL,
    english_left,
    portal_templates_first,  # noqa: F401
    signup_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_templates_first")]


@pytest.fixture
def captcha_on(settings):
    settings.ALTCHA_TEST_MODE = False
    settings.ALTCHA_CHALLENGE = {"cost": 10}  # a cheap proof of work, so the test solves it in milliseconds


def _solved_payload(client) -> str:
    """What the widget posts after the browser solved the challenge served at /altcha/challenge/."""
    response = client.get("/altcha/challenge/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    challenge = Challenge.from_dict(response.json())
    solution = solve_challenge(challenge, timeout=20)
    assert solution is not None
    return Payload(challenge=challenge, solution=solution).to_base64()


def test_with_the_captcha_on_a_signup_without_a_solution_is_refused_in_vietnamese(client, captcha_on):
    html = client.post(SIGNUP_URL, signup_data()).content.decode()
    assert "Chưa có mã xác nhận" in html and 'href="#captcha-field"' in html
    assert english_left(html) == []
    assert not User.objects.exists() and not Organisation.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("payload", ["abc", "eyJmb28iOiAiYmFyIn0=", "x" * 500])
def test_with_the_captcha_on_a_forged_solution_is_refused(client, captcha_on, payload):
    html = client.post(SIGNUP_URL, signup_data(captcha=payload)).content.decode()
    assert "Mã xác nhận không hợp lệ" in html
    assert not User.objects.exists()


def test_with_the_captcha_on_a_solved_challenge_is_accepted_once(client, captcha_on):
    payload = _solved_payload(client)
    assert client.post(SIGNUP_URL, signup_data(captcha=payload)).status_code == 302
    assert Organisation.objects.count() == 1
    replay = client.post(
        SIGNUP_URL, signup_data(captcha=payload, tax_code="6100999999", email="b@b.vn", username="b")
    ).content.decode()
    assert "Mã xác nhận này đã được dùng" in replay
    assert Organisation.objects.count() == 1


def test_with_the_captcha_on_password_reset_needs_it_too(client, captcha_on):
    html = client.post(RESET_URL, {"email": "a@b.vn"}).content.decode()
    assert "Chưa có mã xác nhận" in html and not Notification.objects.exists()
    assert client.post(RESET_URL, {"email": "a@b.vn", "captcha": _solved_payload(client)}).status_code == 302
    assert Notification.objects.filter(recipient="a@b.vn").exists()


def test_with_the_captcha_on_the_page_tells_people_without_javascript(client, captcha_on):
    html = client.get(SIGNUP_URL).content.decode()
    for text in ["Mã xác nhận", "<altcha-widget", 'challenge="/altcha/challenge/"', 'language="vi"', 'type="checkbox"']:
        assert text in html, text
    assert "<noscript>" in html and "Trình duyệt đang tắt JavaScript" in html
    assert '<script type="module" src="/static/altcha_django/altcha.min.js"></script>' in html


def test_with_the_captcha_off_anything_is_accepted_and_no_javascript_warning_is_shown(client, settings):
    settings.ALTCHA_TEST_MODE = True
    html = client.get(SIGNUP_URL).content.decode()
    assert "<noscript>" not in html and "<altcha-widget" not in html and "altcha.min.js" not in html
    assert client.post(SIGNUP_URL, signup_data(captcha="anything")).status_code == 302
