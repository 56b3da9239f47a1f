"""API keys: shown once, stored as SHA-256, scoped; created by ``motcua api-key create`` or in the admin."""

import hashlib
import re

import pytest
from django.urls import reverse

from motcua.api.keys import api_client_authenticate, api_client_create
from motcua.api.models import ApiClient
from motcua.core.errors import DomainError


def test_only_the_hash_and_a_prefix_of_the_key_are_kept(db):
    client, key = api_client_create(name="  Cục   Thuế ", scopes=["tax_notices:write", "tax_notices:write"])
    stored = ApiClient.objects.get()
    assert (stored.name, stored.scopes) == ("Cục Thuế", ["tax_notices:write"])
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(stored.prefix) and len(key) > 40
    assert key not in str(ApiClient.objects.values().get())
    assert api_client_authenticate(key=key) == client
    assert api_client_authenticate(key=key + "x") is None


@pytest.mark.parametrize(
    ("name", "scopes", "code"),
    [("", [], "name"), ("Cục Thuế", ["tax_notices:delete"], "scope")],
)
def test_bad_clients_are_refused(db, name, scopes, code):
    with pytest.raises(DomainError) as refused:
        api_client_create(name=name, scopes=scopes)
    assert refused.value.code == code
    assert not ApiClient.objects.exists()


def test_two_clients_cannot_share_a_name(db):
    api_client_create(name="Cục Thuế", scopes=[])
    with pytest.raises(DomainError) as refused:
        api_client_create(name="Cục Thuế", scopes=[])
    assert refused.value.code == "duplicate"


def test_the_admin_creates_a_client_and_shows_its_key_once(admin_client):
    response = admin_client.post(
        reverse("admin:api_apiclient_add"),
        {"name": "Cục Thuế tỉnh", "scopes": ["tax_notices:read"], "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    key = re.search(r"(motcua_\S+)", " ".join(shown)).group(1)
    client = api_client_authenticate(key=key)
    assert (client.name, client.scopes) == ("Cục Thuế tỉnh", ["tax_notices:read"])
    assert key not in admin_client.get(reverse("admin:api_apiclient_change", args=[client.pk])).content.decode()


def test_the_admin_replaces_a_key(admin_client):
    client, old = api_client_create(name="Cục Thuế", scopes=["tax_notices:write"])
    response = admin_client.post(
        reverse("admin:api_apiclient_changelist"),
        {"action": "replace_keys", "_selected_action": [client.pk]},
        follow=True,
    )
    new = re.search(r"(motcua_\S+)", " ".join(str(m) for m in response.context["messages"])).group(1)
    assert api_client_authenticate(key=old) is None
    assert api_client_authenticate(key=new) == client
