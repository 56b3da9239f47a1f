"""Token endpoint: client authentication (secret or private_key_jwt), single-use codes, PKCE."""

import datetime as dt
import secrets
import time

import pytest
import requests
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from motcua.identity.contrib.sandbox.models import AccessToken, AuthorizationCode, OtpChallenge
from motcua.identity.contrib.sandbox.services import sandbox_client_register

from .conftest import last_otp, query_of

OAUTH_ERRORS = {"invalid_client", "invalid_request", "invalid_grant", "unsupported_grant_type"}


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_replayed_code_is_refused_and_its_tokens_revoked(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    first = provider.exchange(code, flow.verifier)
    assert first.status_code == 200
    access_token = first.json()["access_token"]
    assert requests.get(provider.userinfo_url, headers=_bearer(access_token), timeout=10).status_code == 200

    second = provider.exchange(code, flow.verifier)
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    assert "id_token" not in second.json()
    assert AccessToken.objects.get().revoked_at is not None
    assert requests.get(provider.userinfo_url, headers=_bearer(access_token), timeout=10).status_code == 401


def test_a_code_older_than_60_seconds_is_refused(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    AuthorizationCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = provider.exchange(code, flow.verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists()


def test_the_code_lives_60_seconds(provider, citizen):
    flow = provider.flow()
    flow.sign_in(citizen)
    lifetime = AuthorizationCode.objects.get().expires_at - OtpChallenge.objects.get().used_at
    assert dt.timedelta(seconds=59) < lifetime <= dt.timedelta(seconds=61)


@pytest.mark.parametrize("verifier", ["x" * 43, "", "short"])
def test_a_wrong_or_missing_pkce_verifier_is_refused(provider, citizen, verifier):
    flow = provider.flow()
    response = provider.exchange(flow.sign_in(citizen)["code"], verifier)
    assert response.status_code == 400
    assert response.json()["error"] in {"invalid_grant", "invalid_request"}
    assert not AccessToken.objects.exists()


def test_a_wrong_client_secret_is_refused(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    response = provider.exchange(code, flow.verifier, auth=(provider.client_id, "wrong-secret"))
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert not AccessToken.objects.exists()
    # Client authentication failed before the code was looked at: the code is still good.
    assert provider.exchange(code, flow.verifier).status_code == 200


def test_no_client_authentication_is_refused(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": provider.redirect_uri}
    response = requests.post(provider.token_url, data={**data, "client_id": provider.client_id}, timeout=10)
    assert response.status_code in {400, 401} and response.json()["error"] == "invalid_client"


def test_the_redirect_uri_must_match_the_authorization_request(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    response = provider.exchange(code, flow.verifier, redirect_uri=provider.base + "/other/")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_unknown_code_and_unsupported_grant_are_refused(provider):
    assert provider.exchange("nope", "x" * 43).json()["error"] == "invalid_grant"
    response = requests.post(
        provider.token_url,
        data={"grant_type": "password", "username": "a", "password": "b"},
        auth=(provider.client_id, provider.client_secret),
        timeout=10,
    )
    assert response.json()["error"] == "unsupported_grant_type"
    assert requests.get(provider.token_url, timeout=10).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "hint"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "code_challenge"),
        ({"code_challenge_method": "plain"}, "S256"),
        ({"code_challenge_method": None}, "S256"),
    ],
)
def test_authorization_without_s256_pkce_goes_back_with_invalid_request(provider, overrides, hint):
    flow = provider.flow(**overrides)
    response = flow.authorize()
    assert response.status_code == 302
    answer = query_of(response.headers["Location"])
    assert response.headers["Location"].startswith(provider.redirect_uri + "?")
    assert answer["error"] == "invalid_request" and answer["state"] == flow.state
    assert hint in answer["error_description"]


def test_openid_scope_is_required(provider):
    flow = provider.flow(scope="profile")
    answer = query_of(flow.authorize().headers["Location"])
    assert answer["error"] == "invalid_scope" and answer["state"] == flow.state


# --- private_key_jwt -----------------------------------------------------------------------------
@pytest.fixture
def jwt_client(provider):
    key = RSAKey.generate_key(2048, private=True, parameters={"kid": "rp-key-1"})
    client = sandbox_client_register(
        client_id="rp-private-key-jwt",
        redirect_uri="https://rp.example.vn/callback",
        jwks={"keys": [key.as_dict(private=True)]},
    )
    return client, key


def _assertion(key: RSAKey, client_id: str, audience: str, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 60,
        "jti": secrets.token_urlsafe(16),
        **overrides,
    }
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def _jwt_exchange(provider, code: str, verifier: str, client_id: str, assertion: str) -> requests.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "https://rp.example.vn/callback",
        "code_verifier": verifier,
        "client_id": client_id,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }
    return requests.post(provider.token_url, data=data, timeout=10)


def _jwt_code(provider, citizen, client_id: str):
    flow = provider.flow(client_id=client_id, redirect_uri="https://rp.example.vn/callback")
    assert flow.authorize().status_code == 200
    flow.login(citizen.id_number)
    response = flow.enter_otp(last_otp(citizen.phone))
    location = response.headers["Location"]
    assert location.startswith("https://rp.example.vn/callback?")
    return query_of(location)["code"], flow.verifier


def test_private_key_jwt_client_authentication(provider, citizen, jwt_client):
    client, key = jwt_client
    assert "d" not in client.jwks["keys"][0]  # only the public half was stored
    code, verifier = _jwt_code(provider, citizen, client.client_id)
    assertion = _assertion(key, client.client_id, provider.token_url)
    response = _jwt_exchange(provider, code, verifier, client.client_id, assertion)
    assert response.status_code == 200, response.text
    assert response.json()["id_token"]


def test_private_key_jwt_refuses_a_replayed_assertion_another_key_or_audience(provider, citizen, jwt_client):
    client, key = jwt_client
    code, verifier = _jwt_code(provider, citizen, client.client_id)
    other_key = RSAKey.generate_key(2048, private=True, parameters={"kid": "rp-key-1"})
    refused = [
        _assertion(other_key, client.client_id, provider.token_url),
        _assertion(key, client.client_id, "https://elsewhere.example/token"),
        _assertion(key, client.client_id, provider.token_url, exp=int(time.time()) - 600),
    ]
    for assertion in refused:
        response = _jwt_exchange(provider, code, verifier, client.client_id, assertion)
        assert response.status_code in {400, 401} and response.json()["error"] == "invalid_client"
    assertion = _assertion(key, client.client_id, provider.token_url)
    assert _jwt_exchange(provider, code, verifier, client.client_id, assertion).status_code == 200
    flow_code, flow_verifier = _jwt_code(provider, citizen, client.client_id)
    replay = _jwt_exchange(provider, flow_code, flow_verifier, client.client_id, assertion)
    assert replay.status_code in {400, 401} and replay.json()["error"] == "invalid_client"


def test_a_secret_cannot_be_used_by_a_private_key_jwt_client(provider, citizen, jwt_client):
    client, _key = jwt_client
    code, verifier = _jwt_code(provider, citizen, client.client_id)
    response = provider.exchange(
        code, verifier, auth=(client.client_id, "anything"), redirect_uri="https://rp.example.vn/callback"
    )
    assert response.json()["error"] == "invalid_client"


def test_malformed_token_requests_get_an_oauth_error_never_a_500(provider, citizen, jwt_client):
    client, key = jwt_client
    assertion_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    base = {"grant_type": "authorization_code", "code": "x", "redirect_uri": provider.redirect_uri}
    now = int(time.time())
    foreign = jwt.encode({"alg": "RS256"}, {"iss": provider.client_id, "sub": provider.client_id, "exp": now}, key)
    attempts = [
        ({"headers": {"Authorization": "Basic !!!not-base64"}}, base),
        ({"headers": {"Authorization": "Basic"}}, base),
        ({}, {**base, "client_assertion_type": assertion_type, "client_assertion": "garbage"}),
        ({}, {**base, "client_assertion_type": assertion_type, "client_assertion": "a.b.c"}),
        # A secret-only client named in an assertion: it has no keys to check it with.
        ({}, {**base, "client_assertion_type": assertion_type, "client_assertion": foreign}),
        ({}, {**base, "client_assertion_type": assertion_type, "client_assertion": _assertion(key, "nobody", "x")}),
        (
            {},
            {
                **base,
                "client_assertion_type": assertion_type,
                "client_assertion": jwt.encode({"alg": "HS256"}, {"sub": client.client_id}, OctKey.generate_key(256)),
            },
        ),
        ({"auth": (provider.client_id, provider.client_secret)}, {"grant_type": "authorization_code"}),
        ({"auth": (provider.client_id, provider.client_secret)}, {**base, "code_verifier": "é" * 50}),
        ({"auth": (provider.client_id, provider.client_secret)}, {}),
    ]
    for options, data in attempts:
        response = requests.post(provider.token_url, data=data, timeout=10, **options)
        assert 400 <= response.status_code < 500, (options, data, response.text)
        assert response.json()["error"] in OAUTH_ERRORS


def test_malformed_bearer_tokens_get_401(provider):
    for header in ["Bearer", "Bearer ", "Basic abc", "Bearer a b", "bearer " + "x" * 5000]:
        response = requests.get(provider.userinfo_url, headers={"Authorization": header}, timeout=10)
        assert response.status_code in {400, 401}, header
