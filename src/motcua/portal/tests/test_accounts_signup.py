"""Organisation sign-up: the form, its Vietnamese errors, one transaction, the confirmation e-mail and link."""

import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import signing

from motcua.accounts.models import Organisation, User
from motcua.notifications.models import Notification

from .test_accounts_support import (
    SIGNUP_URL,
    SUBJECT,
    captcha_off,  # noqa: F401
    confirmation_link,
    english_left,
    portal_templates_first,  # noqa: F401
    register,
    signup_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_templates_first", "captcha_off")]


def _nothing_created(before_users: int) -> None:
    assert User.objects.count() == before_users
    assert not Organisation.objects.exists()
    assert not Notification.objects.exists()
    assert not EmailAddress.objects.exists()


def test_signup_page_asks_for_the_unit_the_login_and_the_captcha_in_vietnamese(client):
    html = client.get(SIGNUP_URL).content.decode()
    for label in [
        "Doanh nghiệp",
        "Tổ chức",
        "Tên tổ chức, doanh nghiệp",
        "Mã số thuế",
        "Địa chỉ trụ sở chính",
        "Người đại diện theo pháp luật",
        "Số điện thoại",
        "Thư điện tử",
        "Tên tài khoản",
        "Nhập lại mật khẩu",
    ]:
        assert label in html, label
    assert english_left(html) == []
    assert "<script>" not in html and "style=" not in html


def test_signup_creates_the_account_and_organisation_and_mails_the_confirmation_link(client):
    mail = register(client)
    user = User.objects.get(username="ngoclinh")
    assert user.kind == "business" and user.full_name == "Công ty TNHH Nông sản Ngọc Linh"
    assert user.phone == "02603797799" and user.check_password(signup_data()["password1"])
    organisation = Organisation.objects.get(user=user)
    assert organisation.tax_code == "6100123456" and organisation.representative == "Nguyễn Văn An"
    assert EmailAddress.objects.get(user=user, email="lienhe@ngoclinh.vn").verified is False
    assert mail.recipient == "lienhe@ngoclinh.vn" and mail.subject == SUBJECT and mail.channel == "email"
    assert "ngoclinh" in mail.body and "Xác nhận" in mail.body and "3 ngày" in mail.body
    assert english_left(mail.body) == []
    page = client.get(confirmation_link(mail.body))
    assert page.status_code == 200 and "Xác nhận" in page.content.decode()


def test_signup_redirects_to_a_vietnamese_verification_page(client):
    response = client.post(SIGNUP_URL, signup_data(kind="organisation"), follow=True)
    html = response.content.decode()
    assert "Xác nhận địa chỉ thư điện tử" in html and SUBJECT in html
    assert User.objects.get().kind == "organisation"
    assert english_left(html) == []


@pytest.mark.parametrize("tax_code", ["610012345", "61001234567", "6100123456-01", "61001234AB", "6100123456_001"])
def test_a_malformed_tax_code_is_refused_beside_its_field(client, tax_code):
    response = client.post(SIGNUP_URL, signup_data(tax_code=tax_code))
    assert response.status_code == 200
    assert "Mã số thuế gồm 10 chữ số" in response.content.decode()
    assert 'href="#id_tax_code"' in response.content.decode()
    _nothing_created(0)


def test_a_branch_tax_code_is_accepted(client):
    register(client, tax_code=" 6100123456 - 001 ")
    assert Organisation.objects.get().tax_code == "6100123456-001"


def test_a_tax_code_already_registered_is_a_field_error_and_nothing_is_created(client):
    register(client)
    Notification.objects.all().delete()
    before = User.objects.count()
    response = client.post(SIGNUP_URL, signup_data(email="khac@ngoclinh.vn", username="khac"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mã số thuế này đã được đăng ký tài khoản" in html and 'href="#id_tax_code"' in html
    assert User.objects.count() == before and Organisation.objects.count() == 1
    assert not Notification.objects.exists()


def test_an_email_already_used_is_a_field_error_and_nothing_is_created(client):
    register(client)
    Notification.objects.all().delete()
    response = client.post(SIGNUP_URL, signup_data(tax_code="6100999999", username="khac", email="LienHe@ngoclinh.vn"))
    html = response.content.decode()
    assert "Địa chỉ thư điện tử này đã được dùng" in html and 'href="#id_email"' in html
    assert User.objects.count() == 1 and Organisation.objects.count() == 1
    assert not Notification.objects.exists()


def test_a_username_already_used_is_a_field_error(client):
    register(client)
    html = client.post(SIGNUP_URL, signup_data(tax_code="6100999999", email="b@ngoclinh.vn")).content.decode()
    assert "Tên tài khoản này đã có người dùng" in html
    assert Organisation.objects.count() == 1


def test_a_race_on_the_tax_code_is_caught_by_the_service_and_rolls_everything_back(client):
    """The form passed; the service finds the tax code taken (another registration committed meanwhile)."""
    from motcua.core.errors import DomainError

    with mock.patch(
        "motcua.accounts.adapter.organisation_register",
        side_effect=DomainError("Mã số thuế này đã được đăng ký tài khoản trên Cổng.", code="tax_code"),
    ):
        response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 200
    assert "Mã số thuế này đã được đăng ký" in response.content.decode()
    _nothing_created(0)


def test_an_empty_form_lists_every_problem_in_vietnamese_and_links_each_field(client):
    response = client.post(SIGNUP_URL, {})
    html = response.content.decode()
    assert response.status_code == 200
    for message in [
        "Vui lòng chọn loại tài khoản",
        "Vui lòng nhập tên tổ chức, doanh nghiệp",
        "Vui lòng nhập mã số thuế",
        "Vui lòng nhập địa chỉ trụ sở chính",
        "Vui lòng nhập họ tên người đại diện",
        "Vui lòng nhập số điện thoại",
        "Vui lòng nhập địa chỉ thư điện tử",
        "Vui lòng chọn tên tài khoản",
        "Vui lòng nhập mật khẩu",
    ]:
        assert message in html, message
    assert 'class="error-summary"' in html and 'href="#id_kind_0"' in html and 'aria-invalid="true"' in html
    assert english_left(html) == []
    _nothing_created(0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "khac-hoan-toan-2025"}, "Hai lần nhập mật khẩu phải giống nhau"),
        ({"password1": "abc", "password2": "abc"}, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "Mật khẩu này hoàn toàn là số"),
        ({"email": "khong-phai-email"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"phone": "12345"}, "Số điện thoại không hợp lệ"),
        ({"kind": "officer"}, "Vui lòng chọn loại tài khoản"),
        ({"username": "tên có dấu cách"}, "Tên tài khoản không hợp lệ"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_creates_nothing(client, overrides, message):
    response = client.post(SIGNUP_URL, signup_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html, html[html.find("error-summary") :][:1500]
    assert english_left(html) == []
    _nothing_created(0)


# --- the confirmation link --------------------------------------------------------------------------


def test_the_link_shows_a_button_and_confirming_leads_to_the_login(client):
    link = confirmation_link(register(client).body)
    page = client.get(link).content.decode()
    assert "lienhe@ngoclinh.vn" in page and 'type="submit"' in page
    assert EmailAddress.objects.get().verified is False  # a GET (mail scanner) confirms nothing
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == "/tai-khoan/dang-nhap/"
    assert "Bạn đã xác nhận địa chỉ lienhe@ngoclinh.vn" in response.content.decode()
    assert EmailAddress.objects.get().verified is True


def test_a_link_used_twice_says_so_instead_of_a_404(client):
    link = confirmation_link(register(client).body)
    client.post(link)
    again = client.post(link)
    assert again.status_code == 400
    assert "Đường dẫn này đã được dùng" in again.content.decode()
    assert "Đường dẫn này đã được dùng" in client.get(link).content.decode()


def test_an_expired_link_says_so(client, settings):
    register(client)
    address = EmailAddress.objects.get()
    from allauth.account import app_settings

    with mock.patch("django.core.signing.time.time", return_value=time.time() - 4 * 86400):
        key = signing.dumps(address.pk, salt=app_settings.SALT)
    html = client.get(f"/tai-khoan/xac-nhan-email/{key}/").content.decode()
    assert "Đường dẫn xác nhận đã hết hạn" in html
    assert client.post(f"/tai-khoan/xac-nhan-email/{key}/").status_code == 400
    assert EmailAddress.objects.get().verified is False


def test_a_mangled_link_says_so(client):
    html = client.get("/tai-khoan/xac-nhan-email/khong-dung/").content.decode()
    assert "Đường dẫn xác nhận không hợp lệ" in html
    assert english_left(html) == []


def test_registration_choice_links_organisations_to_the_signup(client):
    html = client.get("/tai-khoan/dang-ky/").content.decode()
    assert f'href="{SIGNUP_URL}"' in html and "Tổ chức, doanh nghiệp" in html
