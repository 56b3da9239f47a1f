"""Misconfiguration of the VNeID relying party is reported by ``manage.py check``, without the network."""

import pytest
from django.core import checks
from joserfc.jwk import RSAKey

from motcua.identity.base import identity_provider, identity_providers
from motcua.identity.checks import check_identity_providers

from .fake_provider import FakeProvider

GOOD = {
    "DISCOVERY_URL": "https://sso.dichvucong.gov.vn/.well-known/openid-configuration",
    "ISSUER": "",
    "AUTHORIZATION_URL": "",
    "TOKEN_URL": "",
    "USERINFO_URL": "",
    "JWKS_URL": "",
    "CLIENT_ID": "kontum",
    "CLIENT_SECRET": "secret-from-the-national-portal",
    "TOKEN_AUTH_METHOD": "client_secret_basic",
    "PRIVATE_KEY_FILE": "",
    "PRIVATE_KEY_ID": "",
    "SCOPES": "openid profile",
    "ACR_VALUES": "LoA1",
    "ACR_LEVELS": "LoA1=1,LoA2=2",
    "ID_TOKEN_ALGORITHMS": ["RS256"],
    "TIMEOUT_SECONDS": 10.0,
    "CLAIMS": "",
}


def problems(settings, **overrides) -> list[str]:
    settings.MOTCUA_VNEID = {**GOOD, **overrides}
    return identity_provider("vneid").check_config()


def test_vneid_is_a_registered_identity_provider():
    assert "vneid" in identity_providers
    assert identity_provider("vneid").key == "vneid"


def test_a_good_configuration_has_no_problem(settings):
    assert problems(settings) == []


def test_the_default_settings_pass_the_check():
    """The demo (sandbox) configuration out of the box: ``manage.py check`` stays clean."""
    assert [m for m in check_identity_providers(None) if m.level >= checks.ERROR] == []


def test_problems_are_system_check_errors(settings):
    settings.MOTCUA_VNEID = {**GOOD, "CLIENT_ID": ""}
    messages = checks.run_checks(tags=["motcua"])
    assert any(m.id == "motcua.identity.E001" and "CLIENT_ID is required" in m.msg for m in messages)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"CLIENT_ID": ""}, "CLIENT_ID is required"),
        ({"DISCOVERY_URL": ""}, "Set DISCOVERY_URL, or all of ISSUER"),
        ({"DISCOVERY_URL": "", "ISSUER": "https://x", "AUTHORIZATION_URL": "https://x/a"}, "Set DISCOVERY_URL"),
        ({"TOKEN_AUTH_METHOD": "none"}, "TOKEN_AUTH_METHOD must be one of"),
        ({"CLIENT_SECRET": ""}, "CLIENT_SECRET is required with TOKEN_AUTH_METHOD=client_secret_basic"),
        ({"TOKEN_AUTH_METHOD": "private_key_jwt"}, "PRIVATE_KEY_FILE is required"),
        ({"TOKEN_AUTH_METHOD": "private_key_jwt", "PRIVATE_KEY_FILE": "/nonexistent/key.pem"}, "cannot be read"),
        ({"SCOPES": "profile"}, "SCOPES must include openid"),
        ({"ACR_LEVELS": "LoA1:1"}, "is not NAME=LEVEL"),
        ({"ACR_VALUES": "LoA3"}, "ACR_VALUES LoA3 not mapped"),
        ({"ID_TOKEN_ALGORITHMS": ["RS256", "none"]}, "none not allowed"),
        ({"ID_TOKEN_ALGORITHMS": ["HS256"]}, "HS256 not allowed"),
        ({"ID_TOKEN_ALGORITHMS": []}, "must list at least one algorithm"),
        ({"TIMEOUT_SECONDS": 0}, "TIMEOUT_SECONDS must be more than 0"),
        ({"CLAIMS": "{not json"}, "CLAIMS is not valid JSON"),
        ({"CLAIMS": '{"shoe_size": ["Co"]}'}, "unknown field 'shoe_size'"),
        ({"CLAIMS": '{"id_number": 12}'}, "must be a claim name or a list"),
    ],
)
def test_each_problem_is_named(settings, overrides, expected):
    found = problems(settings, **overrides)
    assert any(expected in problem for problem in found), found


def test_private_key_jwt_with_a_file_that_is_no_key(settings, tmp_path):
    bad = tmp_path / "key.pem"
    bad.write_text("hello")
    found = problems(settings, TOKEN_AUTH_METHOD="private_key_jwt", PRIVATE_KEY_FILE=str(bad))
    assert found == ["PRIVATE_KEY_FILE is not a PEM private key (RSA or EC)."]
    public = tmp_path / "public.pem"
    public.write_bytes(RSAKey.generate_key(2048).as_pem(private=False))
    found = problems(settings, TOKEN_AUTH_METHOD="private_key_jwt", PRIVATE_KEY_FILE=str(public))
    assert found == ["PRIVATE_KEY_FILE is not a PEM private key (RSA or EC)."]


def test_private_key_jwt_with_a_key_and_no_secret_is_fine(settings, tmp_path):
    pem = tmp_path / "key.pem"
    pem.write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
    assert problems(settings, TOKEN_AUTH_METHOD="private_key_jwt", PRIVATE_KEY_FILE=str(pem), CLIENT_SECRET="") == []


def test_static_endpoints_are_enough(settings):
    static = {"DISCOVERY_URL": "", "ISSUER": "https://x", "AUTHORIZATION_URL": "https://x/a"}
    static |= {"TOKEN_URL": "https://x/t", "JWKS_URL": "https://x/k"}
    assert problems(settings, **static) == []


def test_production_wants_https(settings):
    settings.PRODUCTION = True
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.kontum.gov.vn"
    found = problems(settings, DISCOVERY_URL="http://sso.example/.well-known/openid-configuration")
    assert found == ["In production every provider address and MOTCUA_PUBLIC_URL must be https://."]


def test_the_check_never_touches_the_network(settings):
    with FakeProvider(client_id="c", client_secret="s", redirect_uri="http://testserver/") as op:
        problems(settings, DISCOVERY_URL=op.discovery_url)
        assert op.hits == []
