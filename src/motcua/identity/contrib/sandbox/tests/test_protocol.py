"""The OpenID Connect contract the portal's relying party relies on, over real HTTP."""

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet

from motcua.identity.contrib.sandbox.models import AccessToken, AuthorizationCode, SigningKey

from .conftest import PASSWORD


def _id_token_claims(provider, id_token: str) -> dict:
    jwks = requests.get(provider.jwks_url, timeout=10).json()
    token = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        iat={"essential": True},
    ).validate(token.claims)
    return token.header, token.claims


def test_discovery_names_every_endpoint_under_the_request_host(provider):
    response = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10)
    assert response.status_code == 200
    metadata = response.json()
    assert metadata["issuer"] == provider.issuer
    assert metadata["authorization_endpoint"] == provider.authorize_url
    assert metadata["token_endpoint"] == provider.token_url
    assert metadata["userinfo_endpoint"] == provider.userinfo_url
    assert metadata["jwks_uri"] == provider.jwks_url
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
        "private_key_jwt",
    }
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["acr_values_supported"] == ["LoA1", "LoA2"]
    assert {"SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "LoaiTaiKhoan", "sub"} <= set(metadata["claims_supported"])
    assert "openid" in metadata["scopes_supported"]


def test_jwks_publishes_one_rs256_signing_key_named_by_its_thumbprint(provider):
    keys = requests.get(provider.jwks_url, timeout=10).json()["keys"]
    assert len(keys) == 1
    (key,) = keys
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert "d" not in key and "p" not in key  # public half only
    imported = KeySet.import_key_set({"keys": keys}).keys[0]
    assert key["kid"] == imported.thumbprint() == SigningKey.objects.get().kid
    assert imported.as_dict()["n"] and len(imported.raw_value.public_numbers().n.to_bytes(256, "big")) == 256
    # Generated once: a second fetch (any process) sees the same key.
    assert requests.get(provider.jwks_url, timeout=10).json()["keys"] == keys


def test_full_code_flow_with_pkce_id_token_and_userinfo(provider, citizen):
    flow = provider.flow()
    answer = flow.sign_in(citizen)
    assert answer["state"] == flow.state and set(answer) == {"code", "state"}

    response = provider.exchange(answer["code"], flow.verifier)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    tokens = response.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 300
    assert "refresh_token" not in tokens

    header, claims = _id_token_claims(provider, tokens["id_token"])
    assert header["alg"] == "RS256" and header["kid"] == SigningKey.objects.get().kid
    assert claims["nonce"] == flow.nonce
    assert claims["exp"] - claims["iat"] == 300
    assert claims["acr"] == "LoA2" and claims["amr"] == ["pwd", "otp"] and claims["loginIdp"] == "BCA"
    assert claims["auth_time"] <= claims["iat"]
    assert claims["SoDinhDanh"] == "062090001234" and claims["sub"] != "062090001234"
    assert claims["HoVaTen"] == claims["name"] == "Nguyễn Văn An"
    assert (claims["NgayThangNamSinh"], claims["birthdate"]) == ("19900512", "1990-05-12")
    assert claims["LoaiTaiKhoan"] == "CongDan" and claims["GioiTinh"] == "Nam" and claims["QuocTich"] == "Việt Nam"
    assert claims["DiaChiThuongTru"].endswith("tỉnh Kon Tum")
    assert claims["TechID"] == str(citizen.tech_id)
    assert (claims["email"], claims["phone_number"]) == ("an@example.vn", "0912345678")

    userinfo = requests.get(
        provider.userinfo_url, headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10
    )
    assert userinfo.status_code == 200
    info = userinfo.json()
    assert info["sub"] == claims["sub"] and info["SoDinhDanh"] == "062090001234"
    assert info["HoVaTen"] == "Nguyễn Văn An" and info["NgayThangNamSinh"] == "19900512"
    # Stored hashed: the database never holds the code or the token itself.
    assert not AuthorizationCode.objects.filter(code_hash=answer["code"]).exists()
    assert not AccessToken.objects.filter(token_hash=tokens["access_token"]).exists()


def test_client_secret_post_is_accepted_too(provider, citizen):
    flow = provider.flow()
    code = flow.sign_in(citizen)["code"]
    response = requests.post(
        provider.token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": provider.redirect_uri,
            "code_verifier": flow.verifier,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
        timeout=10,
    )
    assert response.status_code == 200 and response.json()["id_token"]


def test_acr_is_the_identity_level_whatever_was_asked(provider, level_one_citizen):
    flow = provider.flow(acr_values="LoA2")
    tokens = provider.exchange(flow.sign_in(level_one_citizen)["code"], flow.verifier).json()
    assert _id_token_claims(provider, tokens["id_token"])[1]["acr"] == "LoA1"


def test_sub_is_stable_for_one_client_and_random(provider, citizen):
    subs = []
    for _ in range(2):
        flow = provider.flow()
        tokens = provider.exchange(flow.sign_in(citizen)["code"], flow.verifier).json()
        subs.append(_id_token_claims(provider, tokens["id_token"])[1]["sub"])
    assert subs[0] == subs[1]
    assert citizen.id_number not in subs[0] and len(subs[0]) >= 32


def test_userinfo_refuses_a_missing_or_unknown_token(provider):
    assert requests.get(provider.userinfo_url, timeout=10).status_code == 401
    response = requests.get(provider.userinfo_url, headers={"Authorization": "Bearer nope"}, timeout=10)
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


@pytest.mark.production_hashing
def test_password_is_stored_hashed(citizen):
    assert PASSWORD not in citizen.password and citizen.password.startswith("argon2")
