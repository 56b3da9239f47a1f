"""identity_sign_in: one account per person, linked once, never an officer's."""

from datetime import date

import pytest
from django.utils import timezone

from motcua.accounts.models import AccountKind, CitizenProfile, User
from motcua.core.errors import DomainError
from motcua.identity.base import IdentityClaims
from motcua.identity.models import ExternalIdentity
from motcua.identity.services import identity_sign_in

pytestmark = pytest.mark.django_db


def person(**changes) -> IdentityClaims:
    values = {
        "subject": "sub-1",
        "id_number": "001099012345",
        "identity_level": 2,
        "acr": "LoA2",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(1990, 1, 15),
        "email": "an@example.vn",
        "phone": "0912345678",
        "raw": {"HoVaTen": "Nguyễn Văn An"},
    }
    return IdentityClaims(**{**values, **changes})


def test_first_sign_in_creates_and_links():
    user = identity_sign_in(provider="vneid", claims=person())
    assert user.kind == AccountKind.CITIZEN and not user.has_usable_password()
    assert (user.email, user.phone) == ("an@example.vn", "0912345678")
    assert user.citizen.identity_level == 2 and user.citizen.verified_by_vneid
    link = ExternalIdentity.objects.get()
    assert link.user == user and link.last_claims == {"HoVaTen": "Nguyễn Văn An"} and link.last_login_at


def test_later_sign_ins_find_the_link_and_refresh():
    first = identity_sign_in(provider="vneid", claims=person())
    again = identity_sign_in(provider="vneid", claims=person(full_name="Nguyễn Văn Ân", identity_level=1, acr="LoA1"))
    assert again == first
    again.refresh_from_db()
    assert again.full_name == "Nguyễn Văn Ân" and again.citizen.identity_level == 1
    assert User.objects.count() == 1 and ExternalIdentity.objects.count() == 1


def test_a_new_subject_for_the_same_person_moves_the_link():
    first = identity_sign_in(provider="vneid", claims=person())
    again = identity_sign_in(provider="vneid", claims=person(subject="sub-2"))
    assert again == first
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == ["sub-2"]


def test_a_linked_subject_now_claiming_another_id_number_held_by_someone_else_is_refused():
    identity_sign_in(provider="vneid", claims=person())
    other = User.objects.create_user(username="other")
    CitizenProfile.objects.create(user=other, id_number="079200001234")
    with pytest.raises(DomainError) as raised:
        identity_sign_in(provider="vneid", claims=person(id_number="079200001234"))
    assert raised.value.code == "conflict"


def test_a_linked_subject_now_claiming_another_free_id_number_is_refused():
    identity_sign_in(provider="vneid", claims=person())
    with pytest.raises(DomainError) as raised:
        identity_sign_in(provider="vneid", claims=person(id_number="079200001234"))
    assert raised.value.code == "conflict"
    assert CitizenProfile.objects.get().id_number == "001099012345"


def test_contact_details_used_by_another_account_are_not_copied():
    User.objects.create_user(username="doanhnghiep", email="AN@example.vn", kind=AccountKind.BUSINESS)
    User.objects.create_user(username="hang-xom", phone="0912345678")
    user = identity_sign_in(provider="vneid", claims=person())
    assert (user.email, user.phone) == ("", "")


@pytest.mark.parametrize(
    "account",
    [
        {"kind": AccountKind.OFFICER},
        {"kind": AccountKind.CITIZEN, "is_staff": True},
        {"kind": AccountKind.BUSINESS},
        {"kind": AccountKind.CITIZEN, "is_active": False},
    ],
)
def test_accounts_that_may_not_use_the_citizen_idp_are_refused_and_nothing_changes(account):
    holder = User.objects.create_user(username="holder", full_name="Giữ nguyên", **account)
    CitizenProfile.objects.create(user=holder, id_number="001099012345")
    with pytest.raises(DomainError) as raised:
        identity_sign_in(provider="vneid", claims=person())
    assert raised.value.code == "refused"
    holder.refresh_from_db()
    assert holder.full_name == "Giữ nguyên" and not holder.citizen.verified_by_vneid
    assert not ExternalIdentity.objects.exists() and User.objects.count() == 1


def test_verified_at_is_now():
    before = timezone.now()
    user = identity_sign_in(provider="vneid", claims=person())
    assert user.citizen.verified_at >= before
