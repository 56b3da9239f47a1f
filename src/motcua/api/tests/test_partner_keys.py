"""Partner keys on an agency: a service account to act through, expiry and revocation — in the services and the
admin (the command line: ``tests/test_cli_api_keys.py``)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import AccountKind, StaffMembership
from motcua.api.keys import PARTNER_SCOPES_NEED_AGENCY_MESSAGE, api_client_authenticate, api_client_create
from motcua.api.models import ApiClient
from motcua.core.errors import DomainError
from motcua.dossiers.services.partner import PARTNER_ROLES


def test_a_partner_acts_through_a_password_less_officer_account_of_its_agency(partner, agency):
    client, _key = partner
    account = client.account
    assert (account.kind, account.is_active, account.has_usable_password()) == (AccountKind.OFFICER, True, False)
    assert str(account) == "Phần mềm chuyên ngành Sở Nông nghiệp (hệ thống đối tác)"
    roles = set(StaffMembership.objects.filter(user=account).values_list("agency_id", "role"))
    assert roles == {(agency.pk, role) for role in PARTNER_ROLES}


def test_dossier_scopes_need_an_agency(db):
    with pytest.raises(DomainError) as refused:
        api_client_create(name="Không cơ quan", scopes=["dossiers:read"])
    assert (refused.value.code, refused.value.message) == ("agency", PARTNER_SCOPES_NEED_AGENCY_MESSAGE)
    assert not ApiClient.objects.exists()


def test_an_expiry_must_be_in_the_future_and_ends_the_key(agency):
    with pytest.raises(DomainError):
        api_client_create(name="Cũ", scopes=[], expires_at=timezone.now() - timedelta(days=1))
    client, key = api_client_create(name="Mới", scopes=["dossiers:read"], agency=agency,
                                    expires_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    assert api_client_authenticate(key=key) == client
    ApiClient.objects.filter(pk=client.pk).update(expires_at=timezone.now())
    assert api_client_authenticate(key=key) is None


# --- Admin ---------------------------------------------------------------------------------------------------------
def test_the_admin_creates_a_partner_of_an_agency(admin_client, agency):
    response = admin_client.post(
        reverse("admin:api_apiclient_add"),
        {"name": "Hệ thống xã", "scopes": ["dossiers:read", "dossiers:write"], "agency": agency.pk, "active": "on"},
        follow=True,
    )
    key = re.search(r"(motcua_\S+)", " ".join(str(m) for m in response.context["messages"])).group(1)
    client = api_client_authenticate(key=key)
    assert (client.agency, client.account.is_active) == (agency, True)


def test_the_admin_refuses_dossier_scopes_without_an_agency(admin_client, db):
    response = admin_client.post(
        reverse("admin:api_apiclient_add"), {"name": "Hệ thống xã", "scopes": ["dossiers:read"], "active": "on"}
    )
    assert response.status_code == 200
    assert PARTNER_SCOPES_NEED_AGENCY_MESSAGE in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_admin_revokes_by_unticking_or_by_the_action(admin_client, partner, agency):
    client, key = partner
    admin_client.post(
        reverse("admin:api_apiclient_change", args=[client.pk]),
        {"name": client.name, "scopes": client.scopes, "agency": agency.pk},
    )
    client.refresh_from_db()
    assert client.revoked_at is not None and api_client_authenticate(key=key) is None
    assert client.account.is_active is False
    other, other_key = api_client_create(name="Khác", scopes=["dossiers:read"], agency=agency)
    changelist = reverse("admin:api_apiclient_changelist")
    admin_client.post(changelist, {"action": "revoke_keys", "_selected_action": [other.pk]})
    assert api_client_authenticate(key=other_key) is None
