"""Officers' memberships and roles (selectors), officer_ensure, the demo officers, and the accounts admin."""

import json

import pytest
from django.urls import reverse

from motcua.accounts.demo import DEMO_OFFICERS, accounts_load_demo
from motcua.accounts.models import AccountKind, StaffMembership, StaffRole, User
from motcua.accounts.selectors import (
    counter_registration_for_officer,
    officer_agencies_with_role,
    officer_can_sign_in,
    officer_has_role,
    officer_memberships,
)
from motcua.accounts.services import officer_ensure
from motcua.accounts.tests.factories import MembershipFactory, OfficerFactory, UserFactory, officer_with_role
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db


def test_memberships_and_roles_of_an_officer():
    centre, department = AgencyFactory(name="Trung tâm"), AgencyFactory(name="Sở")
    officer = officer_with_role(StaffRole.RECEPTION, agency=centre)
    MembershipFactory(user=officer, agency=department, role=StaffRole.SPECIALIST)
    MembershipFactory(role=StaffRole.AGENCY_LEADER, agency=department)  # someone else's role

    assert {(m.agency, m.role) for m in officer_memberships(officer=officer)} == {
        (centre, StaffRole.RECEPTION),
        (department, StaffRole.SPECIALIST),
    }
    assert officer_can_sign_in(user=officer)
    assert officer_has_role(officer=officer, role=StaffRole.RECEPTION)
    assert officer_has_role(officer=officer, role=StaffRole.RECEPTION, agency=centre)
    assert not officer_has_role(officer=officer, role=StaffRole.RECEPTION, agency=department)
    assert not officer_has_role(officer=officer, role=StaffRole.AGENCY_LEADER)
    assert officer_agencies_with_role(officer=officer, role=StaffRole.SPECIALIST) == [department]


def test_a_closed_agency_gives_no_role():
    officer = officer_with_role(StaffRole.RECEPTION)
    agency = officer.memberships.get().agency
    agency.is_active = False
    agency.save()
    assert officer_memberships(officer=officer) == []
    assert not officer_can_sign_in(user=officer)
    assert not officer_has_role(officer=officer, role=StaffRole.RECEPTION)


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(kind=AccountKind.CITIZEN),
        lambda: UserFactory(kind=AccountKind.BUSINESS),
        lambda: officer_with_role(StaffRole.RECEPTION, is_active=False),
        lambda: OfficerFactory(),
    ],
    ids=["citizen", "business", "inactive-officer", "officer-without-role"],
)
def test_nobody_else_has_a_role(make_user):
    user = make_user()
    if user.kind != AccountKind.OFFICER:
        MembershipFactory(user=user, role=StaffRole.RECEPTION)  # a stray row in the admin changes nothing
    assert not officer_can_sign_in(user=user)
    assert not officer_has_role(officer=user, role=StaffRole.RECEPTION)
    if user.kind != AccountKind.OFFICER or not user.is_active:
        assert officer_memberships(officer=user) == []


def test_anonymous_visitor_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert officer_memberships(officer=AnonymousUser()) == []
    assert not officer_has_role(officer=AnonymousUser(), role=StaffRole.RECEPTION)


def test_counter_registration_is_shown_only_to_the_officer_who_made_it():
    from motcua.accounts.models import CounterRegistration

    officer, colleague = officer_with_role(StaffRole.RECEPTION), officer_with_role(StaffRole.RECEPTION)
    citizen = UserFactory(kind=AccountKind.CITIZEN)
    CounterRegistration.objects.create(
        citizen=citizen, officer=officer, agency=officer.memberships.get().agency, sms_to="0912345678"
    )
    assert counter_registration_for_officer(officer=officer, citizen_id=citizen.pk).citizen == citizen
    for actor, citizen_id in ((colleague, citizen.pk), (officer, citizen.pk + 1000)):
        with pytest.raises(NotFound):
            counter_registration_for_officer(officer=actor, citizen_id=citizen_id)


def test_officer_ensure_creates_once_and_keeps_the_password():
    agency = AgencyFactory(code="000.00.99.T01")
    officer = officer_ensure(
        username="canbo.moi",
        password="Mat-khau-1-dai",
        full_name="Cán bộ mới",
        memberships=[(agency.code, "reception")],
    )
    assert officer.kind == AccountKind.OFFICER and officer.check_password("Mat-khau-1-dai")
    again = officer_ensure(
        username="canbo.moi",
        password="khac-hoan-toan",
        full_name="Cán bộ mới",
        memberships=[(agency.code, "reception"), (agency.code, "specialist")],
    )
    again.refresh_from_db()
    assert again.pk == officer.pk and again.check_password("Mat-khau-1-dai")
    assert set(StaffMembership.objects.filter(user=officer).values_list("role", flat=True)) == {
        "reception",
        "specialist",
    }


@pytest.mark.parametrize(
    ("memberships", "code"),
    [([("000.00.00.KHONG", "reception")], "agency"), ([("000.00.98.T01", "thu_truong")], "role")],
)
def test_officer_ensure_refuses_unknown_agencies_and_roles(memberships, code):
    AgencyFactory(code="000.00.98.T01")
    with pytest.raises(DomainError) as caught:
        officer_ensure(username="canbo.x", password="x" * 12, full_name="X", memberships=memberships)
    assert caught.value.code == code
    assert not User.objects.filter(username="canbo.x").exists()


def test_officer_ensure_does_not_turn_a_citizen_into_an_officer():
    agency = AgencyFactory()
    UserFactory(username="trung", kind=AccountKind.CITIZEN)
    with pytest.raises(DomainError):
        officer_ensure(username="trung", password="x" * 12, full_name="X", memberships=[(agency.code, "reception")])
    assert not StaffMembership.objects.exists()


def test_demo_officers_have_roles_in_demo_agencies_and_keep_their_passwords(demo_catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = {login.username: login for login in accounts_load_demo()}
    second = {login.username: login for login in accounts_load_demo()}
    assert {username: login.password for username, login in first.items()} == {
        username: login.password for username, login in second.items()
    }
    saved = json.loads((tmp_path / "demo_logins.json").read_text())
    assert {item["username"] for item in saved} >= {"quantri", "doanhnghiep", "tiepnhan", "chuyenvien", "giamdoc"}

    reception = User.objects.get(username="tiepnhan")
    assert reception.check_password(first["tiepnhan"].password)
    assert officer_has_role(officer=reception, role=StaffRole.RECEPTION)
    centre = officer_agencies_with_role(officer=reception, role=StaffRole.RECEPTION)[0]
    assert centre.code == "000.00.33.H34" and centre.counter == "Bộ phận Tiếp nhận và Trả kết quả"
    for _label, username, _name, memberships in DEMO_OFFICERS:
        officer = User.objects.get(username=username)
        assert officer_can_sign_in(user=officer)
        assert {(m.agency.code, m.role) for m in officer_memberships(officer=officer)} == set(memberships)
    assert not User.objects.get(username="tiepnhan").authenticator_set.exists()  # TOTP: set up at first login


def test_admin_pages_for_accounts(admin_client):
    officer = officer_with_role(StaffRole.RECEPTION)
    citizen = UserFactory(kind=AccountKind.CITIZEN)
    from motcua.accounts.models import CitizenProfile, CounterRegistration, Organisation

    CitizenProfile.objects.create(user=citizen, id_number="062195001234")
    Organisation.objects.create(user=UserFactory(kind=AccountKind.BUSINESS), name="Công ty A", tax_code="0101234567")
    CounterRegistration.objects.create(
        citizen=citizen, officer=officer, agency=officer.memberships.get().agency, sms_to="0912345678"
    )
    change = admin_client.get(reverse("admin:accounts_user_change", args=[officer.pk]))
    assert change.status_code == 200 and "memberships-TOTAL_FORMS" in change.content.decode()
    for name in ("citizenprofile", "organisation", "counterregistration", "user"):
        assert admin_client.get(reverse(f"admin:accounts_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_counterregistration_add")).status_code == 403
    add = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="kind"' in add and 'name="full_name"' in add

    # Adding a role to an officer through the inline.
    agency = AgencyFactory()
    data = {
        "username": officer.username,
        "kind": AccountKind.OFFICER,
        "full_name": officer.full_name,
        "phone": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "01/01/2024",
        "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(officer.memberships.get().pk),
        "memberships-0-user": str(officer.pk),
        "memberships-0-agency": str(officer.memberships.get().agency_id),
        "memberships-0-role": StaffRole.RECEPTION,
        "memberships-1-user": str(officer.pk),
        "memberships-1-agency": str(agency.pk),
        "memberships-1-role": StaffRole.SPECIALIST,
    }
    response = admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert officer_has_role(officer=officer, role=StaffRole.SPECIALIST, agency=agency)
