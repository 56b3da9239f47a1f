"""Account + password login for organisations, the lock after 5 failures, officers sent away, password reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY

from motcua.accounts.models import AccountKind, User
from motcua.accounts.tests.factories import organisation_account
from motcua.notifications.models import Notification

from .test_accounts_support import (
    LOGIN_URL,
    PASSWORD,
    RESET_URL,
    captcha_off,  # noqa: F401
    english_left,
    portal_templates_first,  # noqa: F401
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_templates_first", "captcha_off")]


@pytest.fixture
def organisation(db) -> User:
    return organisation_account(password=PASSWORD, confirmed=True)


def _login(client, login="ngoclinh", password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password, **extra})


def test_login_page_has_the_three_ways_in_and_no_english(client):
    html = client.get(LOGIN_URL).content.decode()
    for text in [
        "Tên tài khoản hoặc thư điện tử",
        "Mật khẩu",
        "Quên mật khẩu?",
        "Đăng nhập bằng chữ ký số",
        'id="vneid"',
    ]:
        assert text in html, text
    assert english_left(html) == []


@pytest.mark.parametrize("login", ["ngoclinh", "lienhe@ngoclinh.vn"])
def test_an_organisation_logs_in_with_account_or_email_and_password(client, organisation, login):
    response = _login(client, login=login)
    assert response.status_code == 302 and response.url == "/"
    assert int(client.session[SESSION_KEY]) == organisation.pk
    assert "Đăng nhập thành công" in client.get("/").content.decode()


def test_a_wrong_password_says_so_in_vietnamese(client, organisation):
    response = _login(client, password="sai-mat-khau-roi")
    html = response.content.decode()
    assert response.status_code == 200 and SESSION_KEY not in client.session
    assert "Tên tài khoản hoặc mật khẩu không đúng" in html
    assert english_left(html) == []
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng" in _login(client, "x@y.vn", "sai").content.decode()


def test_empty_fields_are_named_in_vietnamese(client):
    html = client.post(LOGIN_URL, {}).content.decode()
    assert "Trường này là bắt buộc" in html and 'href="#id_login"' in html and 'href="#id_password"' in html
    assert english_left(html) == []


def test_five_failures_lock_the_account_for_five_minutes_with_a_vietnamese_message(client, organisation):
    for _attempt in range(5):
        assert "không đúng" in _login(client, password="sai-mat-khau").content.decode()
    locked = _login(client).content.decode()  # even the right password now
    assert "tạm khóa đăng nhập trong 5 phút" in locked
    assert SESSION_KEY not in client.session
    assert english_left(locked) == []


def test_an_unconfirmed_email_gets_a_new_confirmation_instead_of_a_session(client, organisation):
    EmailAddress.objects.filter(user=organisation).update(verified=False)
    response = client.post(LOGIN_URL, {"login": "ngoclinh", "password": PASSWORD}, follow=True)
    assert SESSION_KEY not in client.session
    assert "Xác nhận địa chỉ thư điện tử" in response.content.decode()
    assert Notification.objects.filter(recipient="lienhe@ngoclinh.vn").exists()


def test_an_officer_is_sent_to_the_back_office_login(client):
    officer = User.objects.create_user(username="canbo", password=PASSWORD, kind=AccountKind.OFFICER, email="cb@kt.vn")
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    html = _login(client, login="canbo").content.decode()
    assert SESSION_KEY not in client.session
    assert "Tài khoản cán bộ, công chức không đăng nhập trên Cổng Dịch vụ công" in html
    assert "/mot-cua/dang-nhap/" in html


def test_the_adapter_refuses_an_officer_on_any_portal_login_flow(rf, settings):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import resolve

    from motcua.accounts.adapter import AccountAdapter

    officer = User(username="cb", kind=AccountKind.OFFICER)
    request = rf.get(LOGIN_URL)
    request.resolver_match = resolve(LOGIN_URL)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = AccountAdapter(request).pre_login(
        request, officer, email_verification="none", signal_kwargs=None, email=None, signup=False, redirect_url=None
    )
    assert response.status_code == 302 and response.url == "/mot-cua/dang-nhap/"


def test_logout_asks_then_signs_out(client, organisation):
    _login(client)
    assert "Bạn có chắc muốn đăng xuất" in client.get("/tai-khoan/dang-xuat/").content.decode()
    response = client.post("/tai-khoan/dang-xuat/", follow=True)
    assert SESSION_KEY not in client.session and "Bạn đã đăng xuất" in response.content.decode()


def test_an_inactive_account_gets_a_vietnamese_page(client, organisation):
    User.objects.filter(pk=organisation.pk).update(is_active=False)
    response = client.post(LOGIN_URL, {"login": "ngoclinh", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert SESSION_KEY not in client.session
    assert english_left(html) == []
    html = client.get("/tai-khoan/tam-khoa/").content.decode()
    assert "Tài khoản đang bị khóa" in html


# --- password reset -----------------------------------------------------------------------------------


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^\s]+(/tai-khoan/quen-mat-khau/dat-lai/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_by_email_then_login_with_the_new_password(client, organisation):
    page = client.get(RESET_URL).content.decode()
    # (the captcha is off here; test_accounts_captcha checks it on this form)
    assert "Thư điện tử đã đăng ký" in page and english_left(page) == []
    response = client.post(RESET_URL, {"email": "lienhe@ngoclinh.vn"}, follow=True)
    assert "Đã gửi hướng dẫn đặt lại mật khẩu" in response.content.decode()
    mail = Notification.objects.get(recipient="lienhe@ngoclinh.vn")
    assert mail.subject == "Đặt lại mật khẩu tài khoản trên Cổng Dịch vụ công" and english_left(mail.body) == []
    link = _reset_link(mail.body)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode(), re.findall(r"<h1>.*?</h1>", form_page.content.decode())
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = "Kon-Tum-moi-2026!"
    bad = client.post(action, {"password1": new, "password2": "khac"}).content.decode()
    assert "Hai lần nhập mật khẩu phải giống nhau" in bad and english_left(bad) == []
    done = client.post(action, {"password1": new, "password2": new}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert _login(client, password=new).status_code == 302
    # the link is single-use
    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn không còn hiệu lực" in again


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(RESET_URL, {"email": "khongco@ai.vn"}, follow=True)
    assert "Đã gửi hướng dẫn đặt lại mật khẩu" in response.content.decode()
    mail = Notification.objects.get(recipient="khongco@ai.vn")
    assert "chưa có tài khoản nào" in mail.body and english_left(mail.body) == []


def test_password_reset_with_a_bad_address_is_a_vietnamese_field_error(client):
    html = client.post(RESET_URL, {"email": "khong-phai"}).content.decode()
    assert "Địa chỉ thư điện tử không hợp lệ" in html and not Notification.objects.exists()
    html = client.post(RESET_URL, {}).content.decode()
    assert "Vui lòng nhập địa chỉ thư điện tử đã đăng ký" in html
