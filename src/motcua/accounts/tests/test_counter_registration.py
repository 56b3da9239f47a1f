"""citizen_register_at_counter: a reception officer opens a citizen's account; every bad input creates nothing."""

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from motcua.accounts.models import AccountKind, CitizenProfile, CounterRegistration, IdentityLevel, StaffRole, User
from motcua.accounts.services import citizen_register_at_counter
from motcua.accounts.tests.factories import MembershipFactory, UserFactory, officer_with_role
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import DomainError
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "  Nguyễn   Thị Mai ",
    "id_number": "062 195 001 234",  # Kon Tum (062), woman born in the 1900s (1), 1995
    "date_of_birth": dt.date(1995, 9, 2),
    "phone": "+84 912 345 678",
    "email": "Mai.Nguyen@Example.vn",
    "address": "Số 12 Trần Phú, phường Quyết Thắng, thành phố Kon Tum",
}


@pytest.fixture
def officer():
    return officer_with_role(StaffRole.RECEPTION)


def _register(officer, **changes):
    return citizen_register_at_counter(officer=officer, **{**GOOD, **changes})


def _nothing_created(users_before: int) -> None:
    assert User.objects.count() == users_before
    assert not CitizenProfile.objects.exists()
    assert not CounterRegistration.objects.exists()
    assert not Notification.objects.exists()


def test_registration_creates_an_unidentified_citizen_without_a_password(officer, settings):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.kontum.gov.vn"
    citizen = _register(officer)

    citizen.refresh_from_db()
    assert citizen.username == "062195001234"
    assert citizen.kind == AccountKind.CITIZEN and citizen.is_active
    assert citizen.full_name == "Nguyễn Thị Mai"
    assert citizen.phone == "0912345678" and citizen.email == "mai.nguyen@example.vn"
    assert not citizen.has_usable_password()
    profile = citizen.citizen
    assert profile.id_number == "062195001234" and profile.date_of_birth == dt.date(1995, 9, 2)
    assert profile.sex == "Nữ" and profile.identity_level == IdentityLevel.NONE and not profile.verified_by_vneid
    registration = citizen.counter_registration
    assert registration.officer == officer and registration.agency == officer.memberships.get().agency
    assert (registration.sms_to, registration.email_to) == ("0912345678", "mai.nguyen@example.vn")
    assert EmailAddress.objects.get(user=citizen).verified is False


def test_the_activation_link_goes_by_sms_and_email_and_sets_the_password_once(officer, settings, client):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.kontum.gov.vn"
    citizen = _register(officer)

    sms = Notification.objects.get(channel="sms")
    mail = Notification.objects.get(channel="email")
    assert sms.recipient == "0912345678" and mail.recipient == "mai.nguyen@example.vn"
    assert "062195001234" in sms.body and "062195001234" in mail.body
    links = {re.search(r"https://\S+/", message.body).group(0) for message in (sms, mail)}
    assert len(links) == 1
    link = links.pop()
    prefix = (
        "https://dichvucong.kontum.gov.vn"
        + reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}).split("UID")[0]
    )
    assert link.startswith(prefix)

    # allauth's own reset-from-key page accepts the token and lets the citizen choose a password, once.
    path = link.removeprefix("https://dichvucong.kontum.gov.vn")
    response = client.get(path)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    response = client.post(form_url, {"password1": "Hoa-sen-no-2024", "password2": "Hoa-sen-no-2024"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("Hoa-sen-no-2024")

    client.logout()
    assert client.get(path).status_code == 200  # spent: allauth shows its "bad token" page, no redirect
    assert client.get(path).context["token_fail"]


def test_email_is_optional(officer):
    citizen = _register(officer, email="")
    assert citizen.email == "" and not EmailAddress.objects.exists()
    assert list(Notification.objects.values_list("channel", flat=True)) == ["sms"]


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"full_name": "   "}, "full_name", "Nhập họ và tên"),
        ({"full_name": "Nguyễn Văn 2"}, "full_name", "chỉ gồm chữ cái"),
        ({"full_name": "A" * 201}, "full_name", "Nhập họ và tên"),
        ({"id_number": ""}, "id_number", "gồm đúng 12 chữ số"),
        ({"id_number": "06219500123"}, "id_number", "gồm đúng 12 chữ số"),
        ({"id_number": "0621950012345"}, "id_number", "gồm đúng 12 chữ số"),
        ({"id_number": "06219500123A"}, "id_number", "gồm đúng 12 chữ số"),
        ({"id_number": "000195001234"}, "id_number", "gồm đúng 12 chữ số"),  # no province 000
        ({"id_number": "099195001234"}, "id_number", "gồm đúng 12 chữ số"),  # no province 099
        ({"id_number": "062196001234"}, "id_number", "Năm sinh không khớp"),  # 1996 ≠ 1995
        ({"id_number": "062395001234"}, "id_number", "Năm sinh không khớp"),  # 2095
        ({"date_of_birth": None}, "date_of_birth", "ngày/tháng/năm"),
        ({"date_of_birth": "02/09/1995"}, "date_of_birth", "ngày/tháng/năm"),
        ({"date_of_birth": dt.date(1899, 1, 1), "id_number": "062899001234"}, "date_of_birth", "trước năm 1900"),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth", "sau hôm nay"),
        ({"phone": ""}, "phone", "Số điện thoại di động không hợp lệ"),
        ({"phone": "02603797799"}, "phone", "Số điện thoại di động không hợp lệ"),  # a landline
        ({"phone": "091234567"}, "phone", "Số điện thoại di động không hợp lệ"),
        ({"email": "mai@"}, "email", "thư điện tử không hợp lệ"),
        ({"email": "mai nguyen@example.vn"}, "email", "thư điện tử không hợp lệ"),
        ({"address": "  "}, "address", "địa chỉ thường trú"),
        ({"address": "x" * 501}, "address", "địa chỉ thường trú"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_created(officer, changes, code, message):
    users = User.objects.count()
    with pytest.raises(DomainError) as caught:
        _register(officer, **changes)
    assert caught.value.code == code
    assert message in caught.value.message
    _nothing_created(users)


def test_a_cccd_already_registered_is_refused(officer):
    _register(officer)
    counts = (User.objects.count(), Notification.objects.count())
    with pytest.raises(DomainError) as caught:
        _register(officer, phone="0987654321", email="")
    assert caught.value.code == "id_number" and "đã có tài khoản" in caught.value.message
    assert (User.objects.count(), Notification.objects.count()) == counts


def test_a_username_equal_to_the_cccd_is_refused(officer):
    UserFactory(username="062195001234", kind=AccountKind.BUSINESS)
    users = User.objects.count()
    with pytest.raises(DomainError) as caught:
        _register(officer)
    assert caught.value.code == "id_number"
    _nothing_created(users)


@pytest.mark.parametrize("stored", ["0912345678", "+84912345678", "84912345678"])
def test_a_phone_used_by_another_citizen_is_refused(officer, stored):
    UserFactory(kind=AccountKind.CITIZEN, phone=stored)
    users = User.objects.count()
    with pytest.raises(DomainError) as caught:
        _register(officer)
    assert caught.value.code == "phone" and "công dân khác" in caught.value.message
    _nothing_created(users)


def test_a_phone_used_by_an_organisation_is_allowed(officer):
    UserFactory(kind=AccountKind.BUSINESS, phone="0912345678")
    assert _register(officer).phone == "0912345678"


@pytest.mark.parametrize("where", ["user", "email_address"])
def test_an_email_already_used_is_refused(officer, where):
    other = UserFactory(kind=AccountKind.BUSINESS)
    if where == "user":
        other.email = "MAI.NGUYEN@example.vn"
        other.save()
    else:
        EmailAddress.objects.create(user=other, email="mai.nguyen@example.VN", verified=True, primary=True)
    users = User.objects.count()
    with pytest.raises(DomainError) as caught:
        _register(officer)
    assert caught.value.code == "email"
    _nothing_created(users)


@pytest.mark.parametrize(
    "role", [StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER, StaffRole.SYSTEM_ADMIN]
)
def test_only_reception_officers_may_register(role):
    officer = officer_with_role(role)
    users = User.objects.count()
    with pytest.raises(DomainError) as caught:
        _register(officer)
    assert caught.value.code == "forbidden"
    _nothing_created(users)


def test_citizens_and_deactivated_officers_may_not_register():
    citizen = UserFactory(kind=AccountKind.CITIZEN)
    MembershipFactory(user=citizen, role=StaffRole.RECEPTION)  # a stray membership does not make an officer
    former = officer_with_role(StaffRole.RECEPTION, is_active=False)
    for actor in (citizen, former):
        with pytest.raises(DomainError) as caught:
            _register(actor)
        assert caught.value.code == "forbidden"


def test_an_officer_at_several_counters_says_which_and_only_their_own(officer):
    second = AgencyFactory()
    MembershipFactory(user=officer, agency=second, role=StaffRole.RECEPTION)
    elsewhere = AgencyFactory()
    for agency in (None, elsewhere):
        with pytest.raises(DomainError) as caught:
            _register(officer, agency=agency)
        assert caught.value.code == "agency"
    assert not User.objects.filter(kind=AccountKind.CITIZEN).exists()
    citizen = _register(officer, agency=second)
    assert citizen.counter_registration.agency == second


def test_a_counter_of_a_closed_agency_does_not_count(officer):
    agency = officer.memberships.get().agency
    agency.is_active = False
    agency.save()
    with pytest.raises(DomainError) as caught:
        _register(officer)
    assert caught.value.code == "forbidden"


def test_sex_comes_from_the_cccd():
    officer = officer_with_role(StaffRole.RECEPTION)
    man = _register(officer, id_number="062200001234", date_of_birth=dt.date(2000, 1, 31), email="", phone="0987000001")
    assert man.citizen.sex == "Nam"
