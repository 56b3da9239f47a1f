"""Back-office home, who may open what (403 pages), counter registration form, idle timeout."""

import time

import pytest
from django.urls import reverse

from motcua.accounts.models import AccountKind, StaffRole, User
from motcua.accounts.tests.factories import (
    PASSWORD,
    MembershipFactory,
    UserFactory,
    officer_with_role,
    totp_code,
    totp_enable,
)
from motcua.backoffice.templatetags.backoffice import mask_email, mask_phone
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db

HOME = reverse("backoffice:home")
REGISTER = reverse("backoffice:citizen_register")
FORM = {
    "full_name": "Nguyễn Thị Mai",
    "id_number": "062195001234",
    "date_of_birth": "1995-09-02",
    "phone": "0912 345 678",
    "email": "",
    "address": "Số 12 Trần Phú, phường Quyết Thắng, thành phố Kon Tum",
}


def signed_in(client, officer):
    """Sign ``officer`` in the way a person does: password on the back-office login, then the TOTP code."""
    secret = totp_enable(officer)
    client.post(reverse("backoffice:login"), {"login": officer.username, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == HOME
    return client


def test_home_lists_agencies_roles_and_the_actions_of_those_roles(client):
    centre = AgencyFactory(name="Trung tâm Phục vụ hành chính công tỉnh", counter="Bộ phận Tiếp nhận và Trả kết quả")
    department = AgencyFactory(name="Sở Nông nghiệp và Phát triển nông thôn")
    officer = officer_with_role(StaffRole.RECEPTION, agency=centre, full_name="Nguyễn Thị Hồng Nhung")
    MembershipFactory(user=officer, agency=department, role=StaffRole.SPECIALIST)
    html = signed_in(client, officer).get(HOME).content.decode()
    assert "Nguyễn Thị Hồng Nhung" in html
    assert "Trung tâm Phục vụ hành chính công tỉnh" in html and "Bộ phận Tiếp nhận và Trả kết quả" in html
    assert "Cán bộ tiếp nhận" in html and "Chuyên viên xử lý" in html and "Sở Nông nghiệp" in html
    assert "Đăng ký tài khoản cho công dân" in html and REGISTER in html


def test_home_of_a_specialist_offers_no_counter_registration(client):
    officer = officer_with_role(StaffRole.SPECIALIST)
    html = signed_in(client, officer).get(HOME).content.decode()
    assert "Chuyên viên xử lý" in html
    assert REGISTER not in html


@pytest.mark.parametrize("url", [HOME, REGISTER, reverse("backoffice:citizen_register_done", args=[1])])
def test_anonymous_visitors_are_sent_to_the_back_office_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login") + "?next=")


@pytest.mark.parametrize("kind", [AccountKind.CITIZEN, AccountKind.BUSINESS])
def test_a_signed_in_citizen_gets_a_vietnamese_403(client, kind):
    user = UserFactory(kind=kind)
    client.force_login(user)
    for url in (HOME, REGISTER):
        response = client.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "chỉ dành cho cán bộ, công chức" in html
        assert reverse("backoffice:logout") in html


@pytest.mark.parametrize("role", [StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER])
def test_other_officers_get_a_vietnamese_403_on_counter_registration(client, role):
    signed_in(client, officer_with_role(role))
    for response in (client.get(REGISTER), client.post(REGISTER, FORM)):
        assert response.status_code == 403
        assert "Chỉ cán bộ tiếp nhận mới đăng ký tài khoản cho công dân." in response.content.decode()
    assert not User.objects.filter(kind=AccountKind.CITIZEN).exists()


def test_a_reception_officer_registers_a_citizen_and_sees_what_was_sent_where(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    signed_in(client, officer)
    form = client.get(REGISTER).content.decode()
    for label in ("Họ và tên", "Số định danh cá nhân (CCCD)", "Ngày sinh", "Số điện thoại di động", "Địa chỉ"):
        assert label in form
    assert 'name="agency"' not in form  # one counter: nothing to choose

    response = client.post(REGISTER, {**FORM, "email": "mai.nguyen@example.vn"})
    citizen = User.objects.get(username="062195001234")
    assert response["Location"] == reverse("backoffice:citizen_register_done", args=[citizen.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Nguyễn Thị Mai" in html and "062195001234" in html
    assert "091****678" in html and "0912345678" not in html
    assert "m***@example.vn" in html
    assert Notification.objects.filter(channel="sms", recipient="0912345678").exists()


def test_the_confirmation_page_is_only_for_the_officer_who_registered(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    signed_in(client, officer)
    client.post(REGISTER, FORM)
    citizen = User.objects.get(username="062195001234")
    client.post(reverse("backoffice:logout"))
    signed_in(client, officer_with_role(StaffRole.RECEPTION))
    assert client.get(reverse("backoffice:citizen_register_done", args=[citizen.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Nhập họ và tên của công dân."),
        ({"id_number": ""}, "id_number", "Nhập số CCCD gồm 12 chữ số."),
        ({"id_number": "12345"}, "id_number", "gồm đúng 12 chữ số"),
        ({"id_number": "062196001234"}, "id_number", "Năm sinh không khớp"),
        ({"date_of_birth": ""}, "date_of_birth", "Nhập ngày sinh của công dân."),
        ({"date_of_birth": "31/02/1995"}, "date_of_birth", "Nhập ngày sinh theo dạng ngày/tháng/năm"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "sau hôm nay"),
        ({"phone": ""}, "phone", "Nhập số điện thoại di động của công dân."),
        ({"phone": "12345"}, "phone", "Số điện thoại di động không hợp lệ"),
        ({"email": "khong-phai-email"}, "email", "thư điện tử không hợp lệ"),
        ({"address": ""}, "address", "Nhập địa chỉ thường trú của công dân."),
        ({"address": "x" * 501}, "address", "dài tối đa 500 ký tự"),
        ({"full_name": "A" * 201}, "full_name", "dài tối đa 200 ký tự"),
        ({"id_number": "1" * 21}, "id_number", "Nhập số CCCD gồm 12 chữ số."),
        ({"phone": "0" * 21}, "phone", "Số điện thoại di động không hợp lệ"),
        ({"email": "a" * 250 + "@x.vn"}, "email", "dài tối đa 254 ký tự"),
    ],
)
def test_every_bad_input_shows_a_vietnamese_field_error_and_creates_nothing(client, changes, field, message):
    signed_in(client, officer_with_role(StaffRole.RECEPTION))
    response = client.post(REGISTER, {**FORM, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert "Có lỗi cần sửa" in html and f'href="#id_{field}"' in html
    assert not User.objects.filter(kind=AccountKind.CITIZEN).exists()
    assert not Notification.objects.exists()


def test_duplicates_are_field_errors(client):
    signed_in(client, officer_with_role(StaffRole.RECEPTION))
    client.post(REGISTER, {**FORM, "email": "mai@example.vn"})
    sent = Notification.objects.count()
    cases = [
        ({"phone": "0987654321", "email": ""}, "id_number"),
        ({"id_number": "062195009999", "email": ""}, "phone"),
        ({"id_number": "062195009999", "phone": "0987654321", "email": "MAI@example.vn"}, "email"),
    ]
    for changes, field in cases:
        response = client.post(REGISTER, {**FORM, **changes})
        assert field in response.context["form"].errors, changes
    assert User.objects.filter(kind=AccountKind.CITIZEN).count() == 1
    assert Notification.objects.count() == sent


def test_an_officer_at_two_counters_chooses_one_of_theirs(client):
    officer = officer_with_role(StaffRole.RECEPTION)
    second = AgencyFactory(name="UBND phường Quyết Thắng")
    MembershipFactory(user=officer, agency=second, role=StaffRole.RECEPTION)
    signed_in(client, officer)
    assert 'name="agency"' in client.get(REGISTER).content.decode()
    for agency in ("", str(AgencyFactory().pk), "abc"):
        response = client.post(REGISTER, {**FORM, "agency": agency})
        assert "agency" in response.context["form"].errors
    response = client.post(REGISTER, {**FORM, "agency": str(second.pk)})
    assert response.status_code == 302
    assert User.objects.get(username="062195001234").counter_registration.agency == second


def test_officer_session_ends_after_the_officer_idle_time(client, settings):
    settings.MOTCUA_OFFICER_SESSION_IDLE_MINUTES = 30
    signed_in(client, officer_with_role(StaffRole.RECEPTION))
    session = client.session
    session["motcua_last_seen"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(HOME).status_code == 200
    session = client.session
    session["motcua_last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(HOME)
    assert response["Location"].startswith(reverse("backoffice:login"))
    assert "30 phút" in client.get(response["Location"]).content.decode()


def test_pages_carry_no_inline_script_or_style(client):
    signed_in(client, officer_with_role(StaffRole.RECEPTION))
    for url in (HOME, REGISTER, reverse("backoffice:login")):
        html = client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_masks():
    assert mask_phone("0912345678") == "091****678"
    assert mask_phone("123") == "***"
    assert mask_email("nguyen.van.a@example.com") == "n***@example.com"
    assert mask_email("") == ""
