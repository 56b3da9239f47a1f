"""Identities, clients, the demo loader, and the switch that removes the sandbox."""

import datetime as dt
import importlib
import json
import stat

import pytest
import requests
from django.urls import clear_url_caches

from motcua.core.errors import DomainError
from motcua.identity.contrib.sandbox.demo import sandbox_load_demo
from motcua.identity.contrib.sandbox.models import SandboxClient, SandboxIdentity
from motcua.identity.contrib.sandbox.services import (
    sandbox_client_ensure,
    sandbox_client_register,
    sandbox_identity_create,
    signing_key_current,
)

VALID = {
    "id_number": "062090001234",
    "password": "mat-khau-du-dai",
    "full_name": "Nguyễn Văn An",
    "birth_date": dt.date(1990, 5, 12),
    "phone": "+84 912 345 678",
}


@pytest.mark.django_db
def test_identity_create_normalises_and_hashes():
    identity = sandbox_identity_create(**VALID)
    assert identity.phone == "0912345678" and identity.level == 2 and identity.acr == "LoA2"
    assert identity.password != VALID["password"] and identity.account_type == "CongDan"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_number": "12345678901"}, "Số CCCD phải gồm đúng 12 chữ số."),
        ({"id_number": "06209000123x"}, "Số CCCD phải gồm đúng 12 chữ số."),
        ({"password": "ngan"}, "Mật khẩu phải có ít nhất 8 ký tự."),
        ({"full_name": "  "}, "Họ và tên không được để trống."),
        ({"level": 3}, "Mức độ định danh chỉ có thể là 1 hoặc 2."),
        ({"gender": "x"}, "Giới tính phải là Nam hoặc Nữ."),
        ({"birth_date": dt.date(2999, 1, 1)}, "Ngày sinh không hợp lệ."),
        ({"phone": "12345"}, "Số điện thoại di động không hợp lệ"),
        ({"email": "khong-phai-email"}, "Địa chỉ thư điện tử không hợp lệ."),
    ],
)
def test_identity_create_refuses_bad_input_in_vietnamese(change, message):
    with pytest.raises(DomainError, match=message):
        sandbox_identity_create(**{**VALID, **change})
    assert not SandboxIdentity.objects.exists()


@pytest.mark.django_db
def test_identity_create_refuses_a_duplicate_cccd():
    sandbox_identity_create(**VALID)
    with pytest.raises(DomainError, match="Đã có tài khoản"):
        sandbox_identity_create(**VALID)
    assert SandboxIdentity.objects.count() == 1


@pytest.mark.django_db
def test_demo_loader_is_idempotent_and_keeps_its_generated_passwords_private(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = sandbox_load_demo()
    second = sandbox_load_demo()
    assert first == second and len(first) >= 3
    by_name = {item.full_name: item for item in first}
    assert by_name["Nguyễn Văn An"].level == 2 and by_name["Nguyễn Văn An"].id_number == "062090001234"
    assert by_name["Trần Thị Bình"].level == 1
    assert len({item.password for item in first}) == len(first)  # generated, one per citizen
    path = tmp_path / "sandbox_vneid.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [item["password"] for item in json.loads(path.read_text())] == [item.password for item in first]
    assert SandboxIdentity.objects.count() == len(first)
    an = SandboxIdentity.objects.get(id_number="062090001234")
    assert an.birth_date == dt.date(1990, 5, 12) and "Kon Tum" in an.address and an.phone == "0912345678"
    # Another installation gets other passwords: nothing is fixed in the code.
    settings.VAR_DIR = tmp_path / "other"
    assert {item.password for item in sandbox_load_demo()}.isdisjoint(item.password for item in first)


@pytest.mark.django_db
def test_the_configured_client_follows_the_settings(settings):
    settings.MOTCUA_PUBLIC_URL = "http://demo.example:8000"
    client = sandbox_client_ensure()
    assert client.redirect_uris == ["http://demo.example:8000/tai-khoan/vneid/callback/"]
    assert client.check_client_secret(settings.MOTCUA_VNEID["CLIENT_SECRET"])
    assert settings.MOTCUA_VNEID["CLIENT_SECRET"] not in client.secret_hash
    assert not client.check_client_secret("wrong")
    settings.MOTCUA_PUBLIC_URL = "http://other.example"
    assert sandbox_client_ensure().redirect_uris == ["http://other.example/tai-khoan/vneid/callback/"]
    assert SandboxClient.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"client_id": "", "redirect_uri": "https://rp.example/cb", "secret": "x"}, "Mã ứng dụng"),
        ({"client_id": "rp", "redirect_uri": "javascript:alert(1)", "secret": "x"}, "Địa chỉ chuyển hướng"),
        ({"client_id": "rp", "redirect_uri": "https://rp.example/cb#x", "secret": "x"}, "Địa chỉ chuyển hướng"),
        ({"client_id": "rp", "redirect_uri": "https://rp.example/cb"}, "khóa bí mật hoặc bộ khóa"),
        ({"client_id": "rp", "redirect_uri": "https://rp.example/cb", "jwks": {"keys": [{"kty": "RSA"}]}}, "JWKS"),
        ({"client_id": "rp", "redirect_uri": "https://rp.example/cb", "jwks": {"nope": 1}}, "JWKS"),
    ],
)
def test_client_register_refuses_bad_input(kwargs, message):
    with pytest.raises(DomainError, match=message):
        sandbox_client_register(**kwargs)
    assert not SandboxClient.objects.exists()


@pytest.mark.django_db
def test_signing_key_is_generated_once():
    first, second = signing_key_current(), signing_key_current()
    assert first.kid == second.kid == first.thumbprint()
    assert first.as_dict(private=True)["d"] == second.as_dict(private=True)["d"]


def test_the_sandbox_answers_404_when_switched_off(provider, settings):
    settings.MOTCUA_VNEID_SANDBOX = False
    for url in [f"{provider.issuer}/.well-known/openid-configuration", provider.jwks_url, provider.authorize_url]:
        assert requests.get(url, timeout=10).status_code == 404
    assert requests.post(provider.token_url, timeout=10).status_code == 404


def test_the_sandbox_urls_are_not_mounted_when_switched_off(settings):
    urls = importlib.import_module(settings.ROOT_URLCONF)  # the project's URLconf, re-read under each setting

    def mounted() -> bool:
        return any(getattr(pattern, "namespace", None) == "sandbox" for pattern in urls.urlpatterns)

    original = settings.MOTCUA_VNEID_SANDBOX
    try:
        settings.MOTCUA_VNEID_SANDBOX = False
        importlib.reload(urls)
        assert not mounted()
        settings.MOTCUA_VNEID_SANDBOX = True
        importlib.reload(urls)
        assert mounted()
    finally:
        settings.MOTCUA_VNEID_SANDBOX = original
        importlib.reload(urls)
        clear_url_caches()
