"""The login pages: CCCD + password, OTP by SMS, cancel, and every way they refuse."""

import datetime as dt
import html

import pytest
import requests
from django.contrib.sessions.models import Session
from django.utils import timezone

from motcua.identity.contrib.sandbox.models import AuthorizationCode, LoginThrottle, OtpChallenge
from motcua.notifications.models import Notification

from .conftest import last_otp, query_of

GENERIC = "Số CCCD hoặc mật khẩu không đúng."


def _text(response: requests.Response) -> str:
    return html.unescape(response.text)


def test_login_page_is_vietnamese_with_stable_fields(provider):
    page = provider.flow().authorize()
    assert page.status_code == 200 and page.headers["Cache-Control"].startswith("max-age=0")
    text = _text(page)
    for marker in ['<label for="so_dinh_danh">Số CCCD</label>', '<label for="mat_khau">Mật khẩu</label>', ">Hủy<"]:
        assert marker in text
    assert "<script>" not in text and "style=" not in text


def test_correct_password_sends_an_otp_by_sms_and_shows_the_otp_page(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    page = flow.login(citizen.id_number)
    text = _text(page)
    assert page.status_code == 200 and '<label for="otp">Mã OTP</label>' in text and ">Nhập<" in text
    assert "******5678" in text
    sms = Notification.objects.get(channel="sms")
    assert sms.recipient == "0912345678" and sms.body.startswith("Mã OTP đăng nhập VNeID: ")
    otp = last_otp(citizen.phone)
    assert otp not in OtpChallenge.objects.get().code_hash  # stored hashed


@pytest.mark.parametrize("who", ["wrong password", "unknown CCCD"])
def test_wrong_credentials_get_one_generic_message(provider, citizen, who):
    flow = provider.flow()
    flow.authorize()
    id_number, password = (citizen.id_number, "sai-mat-khau") if who == "wrong password" else ("062099999999", "x")
    page = flow.login(id_number, password)
    assert page.status_code == 200 and GENERIC in _text(page)
    assert not Notification.objects.exists() and not OtpChallenge.objects.exists()


@pytest.mark.parametrize(
    ("id_number", "password", "message"),
    [
        ("12345", "x", "Số CCCD gồm đúng 12 chữ số."),
        ("06209000123a", "x", "Số CCCD gồm đúng 12 chữ số."),
        ("", "x", "Vui lòng nhập số CCCD."),
        ("062090001234", "", "Vui lòng nhập mật khẩu."),
    ],
)
def test_malformed_input_is_refused_before_any_check(provider, citizen, id_number, password, message):
    flow = provider.flow()
    flow.authorize()
    page = flow.login(id_number, password)
    assert page.status_code == 200 and message in _text(page)
    assert not LoginThrottle.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("known", [True, False])
def test_five_failures_lock_the_cccd_for_five_minutes(provider, citizen, known):
    id_number = citizen.id_number if known else "062099999999"
    flow = provider.flow()
    flow.authorize()
    for attempt in range(1, 6):
        text = _text(flow.login(id_number, "sai-mat-khau"))
        locked = "Bạn đã nhập sai quá 5 lần. Vui lòng thử lại sau 5 phút." in text
        assert locked == (attempt == 5), attempt
    # Even the right password is refused while locked, and nothing is sent.
    assert "Vui lòng thử lại sau 5 phút" in _text(flow.login(citizen.id_number if known else id_number))
    assert not Notification.objects.exists()
    if known:
        LoginThrottle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))  # five minutes later
        assert 'id="otp"' in flow.login(citizen.id_number).text


def test_wrong_otp_five_times_locks_the_attempt(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    flow.login(citizen.id_number)
    right = last_otp(citizen.phone)
    wrong = "000000" if right != "000000" else "111111"
    for attempt in range(1, 5):
        assert f"Mã OTP không đúng. Bạn còn {5 - attempt} lần thử." in _text(flow.enter_otp(wrong))
    assert "Bạn đã nhập sai mã OTP quá 5 lần. Vui lòng đăng nhập lại từ đầu" in _text(flow.enter_otp(wrong))
    page = flow.enter_otp(right)
    assert page.status_code == 200 and "quá 5 lần" in _text(page) and "Đăng nhập lại" in _text(page)
    assert not AuthorizationCode.objects.exists()


def test_an_expired_otp_is_refused(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    flow.login(citizen.id_number)
    OtpChallenge.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))  # five minutes later
    page = flow.enter_otp(last_otp(citizen.phone))
    assert page.status_code == 200 and "Mã OTP đã hết hạn." in _text(page)
    assert not AuthorizationCode.objects.exists()


def test_the_otp_lives_five_minutes(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    flow.login(citizen.id_number)
    challenge = OtpChallenge.objects.get()
    assert dt.timedelta(minutes=4, seconds=59) < challenge.expires_at - challenge.created_at <= dt.timedelta(minutes=5)


def test_an_otp_works_once(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    flow.login(citizen.id_number)
    otp = last_otp(citizen.phone)
    otp_page = flow.page
    assert flow.enter_otp(otp).status_code == 302
    flow.page = otp_page  # the back button, then the same code again
    page = flow.enter_otp(otp)
    assert page.status_code == 200 and "Mã OTP này đã được sử dụng." in _text(page)
    assert AuthorizationCode.objects.count() == 1


def test_malformed_otp_is_refused_without_counting(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    flow.login(citizen.id_number)
    assert "Mã OTP gồm đúng 6 chữ số." in _text(flow.enter_otp("12ab"))
    assert "Vui lòng nhập mã OTP." in _text(flow.enter_otp(""))
    assert OtpChallenge.objects.get().failed_attempts == 0


def test_the_otp_page_needs_the_login_step_of_the_same_request(provider, citizen):
    flow = provider.flow()
    flow.authorize()
    otp_url = flow.page.url.replace("/oauth2/authorize?", "/oauth2/authorize/otp?")
    response = flow.get(otp_url)
    assert response.status_code == 302 and "/oauth2/authorize?" in response.headers["Location"]
    # An OTP sent for one authorization request cannot complete another one (other state).
    flow.authorize()
    flow.login(citizen.id_number)
    other = provider.flow()
    other.http = flow.http
    response = other.get(otp_url.replace(flow.state, other.state).replace(flow.nonce, other.nonce))
    assert response.status_code == 302


@pytest.mark.parametrize("step", ["login", "otp"])
def test_cancel_goes_back_with_access_denied_and_the_state(provider, citizen, step):
    flow = provider.flow()
    flow.authorize()
    if step == "otp":
        flow.login(citizen.id_number)
    response = flow.cancel()
    assert response.status_code == 302 and response.headers["Location"].startswith(provider.redirect_uri + "?")
    answer = query_of(response.headers["Location"])
    assert (answer["error"], answer["state"]) == ("access_denied", flow.state) and "code" not in answer
    assert not AuthorizationCode.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"redirect_uri": "https://attacker.example/cb"}, "không khớp với địa chỉ đã đăng ký"),
        ({"redirect_uri": None}, "không khớp với địa chỉ đã đăng ký"),
        ({"client_id": "unknown-client"}, "chưa được đăng ký với VNeID"),
        ({"client_id": None}, "chưa được đăng ký với VNeID"),
    ],
)
def test_an_unknown_client_or_redirect_uri_gets_an_error_page_never_a_redirect(provider, overrides, message):
    page = provider.flow(**overrides).authorize()
    assert page.status_code == 400 and "Location" not in page.headers
    assert message in _text(page) and "attacker.example/cb?" not in page.text


def test_unsupported_response_type_goes_back_to_a_verified_client(provider):
    flow = provider.flow(response_type="token")
    response = flow.authorize()
    assert response.status_code == 302
    assert query_of(response.headers["Location"])["error"] == "unsupported_response_type"


def test_the_sandbox_never_signs_anyone_in_to_the_portal(provider, citizen):
    flow = provider.flow()
    flow.sign_in(citizen)
    (session,) = Session.objects.all()
    data = session.get_decoded()
    assert "_auth_user_id" not in data and set(data) == {"motcua_sandbox_vneid"}


@pytest.mark.parametrize(
    "overrides",
    [
        {"response_type": None},
        {"code_challenge": "không-hợp-lệ"},
        {"code_challenge": "a" * 300},
        {"prompt": "none"},
        {"scope": "openid khac"},
        {"state": "trạng thái có dấu", "nonce": "x" * 2000},
    ],
)
def test_odd_authorization_requests_are_answered_without_a_500(provider, overrides):
    flow = provider.flow(**overrides)
    response = flow.authorize()
    assert response.status_code in {200, 302, 400}, response.text
    if response.status_code == 302:
        assert response.headers["Location"].startswith(provider.redirect_uri + "?")
        assert "error" in query_of(response.headers["Location"])


def test_repeated_parameters_get_the_error_page(provider):
    flow = provider.flow()
    response = flow.http.get(provider.authorize_url, params=[*flow.params.items(), ("state", "other")], timeout=10)
    assert response.status_code == 400 and "Yêu cầu đăng nhập không hợp lệ." in _text(response)
