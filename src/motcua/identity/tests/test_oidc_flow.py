"""The VNeID relying party's happy paths, against a real OpenID Connect provider over HTTP."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from motcua.accounts.models import AccountKind, CitizenProfile, IdentityLevel, User
from motcua.identity.base import SESSION_LEVEL_KEY, SESSION_PROVIDER_KEY
from motcua.identity.models import ExternalIdentity

from .conftest import CALLBACK, authorize, shown, sign_in, start

pytestmark = pytest.mark.django_db


def test_start_sends_the_browser_to_the_provider_with_pkce_state_nonce_and_the_exact_redirect_uri(client, op):
    url = start(client)
    assert url.startswith(f"{op.url}/authorize?")
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params["redirect_uri"] == CALLBACK
    assert params["response_type"] == "code"
    assert params["client_id"] == "motcua-test"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 40 and len(params["nonce"]) >= 40
    assert params["acr_values"] == "LoA1"
    assert "openid" in params["scope"].split()
    # The verifier and nonce stay on the server; nothing of them is in the address.
    pending = client.session["motcua_oidc_pending"][params["state"]]
    assert pending["verifier"] not in url and pending["nonce"] == params["nonce"]


def test_first_sign_in_creates_the_citizen_links_and_signs_in(client, op):
    page = sign_in(client)

    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == "/"
    assert "Đăng nhập bằng VNeID thành công" in page.content.decode()  # the portal's home shows the message
    user = User.objects.get()
    assert user.kind == AccountKind.CITIZEN
    assert not user.has_usable_password()
    assert user.full_name == "Nguyễn Văn An"
    profile = CitizenProfile.objects.get(user=user)
    assert profile.id_number == "001099012345"
    assert profile.date_of_birth == date(1990, 1, 15)
    assert profile.identity_level == IdentityLevel.LEVEL_2
    assert profile.verified_by_vneid and profile.verified_at is not None
    assert profile.sex == "Nam" and profile.nationality == "Việt Nam"
    link = ExternalIdentity.objects.get()
    assert (link.provider, link.subject, link.user, link.last_acr) == ("vneid", "vneid-sub-001", user, "LoA2")
    assert link.last_claims["TechID"] == "tech-42" and "nonce" not in link.last_claims
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session[SESSION_LEVEL_KEY] == 2
    assert client.session[SESSION_PROVIDER_KEY] == "vneid"


def test_the_token_request_proves_pkce_and_client_authentication(client, op):
    sign_in(client)
    (form,) = op.token_requests
    assert form["grant_type"] == "authorization_code"
    assert form["redirect_uri"] == CALLBACK
    assert 43 <= len(form["code_verifier"]) <= 128
    assert "client_secret" not in form  # client_secret_basic: in the Authorization header


def test_tokens_never_reach_the_browser_nor_the_session(client, op):
    page = sign_in(client)
    stored = str(dict(client.session.items())) + str(client.cookies)
    assert "eyJ" not in stored and "access_token" not in stored
    assert "eyJ" not in page.content.decode()


def test_second_sign_in_finds_the_same_account_and_refreshes_it(client, op):
    sign_in(client)
    client.logout()
    op.person["HoVaTen"] = "Nguyễn Văn Ân"
    op.acr = "LoA1"

    sign_in(client)

    user = User.objects.get()
    assert user.full_name == "Nguyễn Văn Ân"
    assert user.citizen.identity_level == IdentityLevel.LEVEL_1
    assert ExternalIdentity.objects.get().last_acr == "LoA1"
    assert client.session[SESSION_LEVEL_KEY] == 1


def test_an_account_registered_at_the_counter_is_linked_not_duplicated(client, op):
    counter = User.objects.create_user(username="tiepnhan-an", full_name="Nguyen Van An")
    CitizenProfile.objects.create(user=counter, id_number="001099012345")

    sign_in(client)

    assert User.objects.count() == 1
    assert ExternalIdentity.objects.get().user == counter
    counter.refresh_from_db()
    assert counter.full_name == "Nguyễn Văn An"
    assert counter.citizen.verified_by_vneid


def test_userinfo_is_fetched_and_merged(client, op):
    op.person = {"sub": "vneid-sub-001", "SoDinhDanh": "001099012345"}  # the ID token carries little
    op.bad.userinfo = {"sub": "vneid-sub-001", "HoVaTen": "Trần Thị Bình", "email": "binh@example.vn"}

    sign_in(client)

    user = User.objects.get()
    assert user.full_name == "Trần Thị Bình" and user.email == "binh@example.vn"
    assert op.hit_count("/userinfo") == 1


def test_next_is_followed_when_it_is_on_this_site(client, op):
    page = sign_in(client, next="/ca-nhan/")
    assert page.redirect_chain[-1][0] == "/ca-nhan/"
    html = page.content.decode()
    for fact in ("Nguyễn Văn An", "001099012345", "15/01/1990", "Mức độ 2", "Đăng nhập VNeID gần nhất"):
        assert fact in html


def test_next_to_another_site_is_ignored(client, op):
    page = sign_in(client, next="https://evil.example/steal")
    assert page.redirect_chain[-1][0] == "/"


def test_a_level_2_action_asks_for_loa2(client, op):
    url = start(client, muc_do=2)
    assert parse_qs(urlsplit(url).query)["acr_values"] == ["LoA2"]
    page = client.get(authorize(url), follow=True)
    assert "Đăng nhập bằng VNeID thành công" in " ".join(shown(page))
    assert client.session[SESSION_LEVEL_KEY] == 2


def test_discovery_is_cached_briefly(client, op):
    sign_in(client)
    client.logout()
    sign_in(client)
    assert op.hit_count("/.well-known/openid-configuration") == 1
    assert op.hit_count("/jwks") == 1


def test_static_endpoints_work_without_discovery(client, op, settings):
    settings.MOTCUA_VNEID = {
        **settings.MOTCUA_VNEID,
        "DISCOVERY_URL": "",
        "ISSUER": op.issuer,
        "AUTHORIZATION_URL": f"{op.url}/authorize",
        "TOKEN_URL": f"{op.url}/token",
        "USERINFO_URL": f"{op.url}/userinfo",
        "JWKS_URL": f"{op.url}/jwks",
    }
    sign_in(client)
    assert ExternalIdentity.objects.count() == 1
    assert op.hit_count("/.well-known/openid-configuration") == 0


def test_client_secret_post(client, op, settings):
    settings.MOTCUA_VNEID = {**settings.MOTCUA_VNEID, "TOKEN_AUTH_METHOD": "client_secret_post"}
    sign_in(client)
    assert op.token_requests[0]["client_secret"] == "s3cret-test-0123456789-abcdefghij"
    assert ExternalIdentity.objects.count() == 1


def test_private_key_jwt(client, op, settings, tmp_path):
    from joserfc.jwk import RSAKey

    key = RSAKey.generate_key(2048, parameters={"kid": "motcua-rp"})
    pem = tmp_path / "rp.pem"
    pem.write_bytes(key.as_pem(private=True))
    op.client_public_key = RSAKey.import_key(key.as_dict(private=False))
    settings.MOTCUA_VNEID = {
        **settings.MOTCUA_VNEID,
        "TOKEN_AUTH_METHOD": "private_key_jwt",
        "CLIENT_SECRET": "",
        "PRIVATE_KEY_FILE": str(pem),
        "PRIVATE_KEY_ID": "motcua-rp",
    }
    sign_in(client)
    form = op.token_requests[0]
    assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert ExternalIdentity.objects.count() == 1


def test_two_tabs_each_finish_their_own_attempt(client, op):
    first, second = start(client), start(client)
    client.get(authorize(second), follow=True)
    page = client.get(authorize(first), follow=True)
    assert shown(page) == ["Đăng nhập bằng VNeID thành công (tài khoản định danh điện tử mức độ 2)."]
