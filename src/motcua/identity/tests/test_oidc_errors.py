"""Every way a VNeID sign-in can go wrong ends on the login page with a clear message, creating nothing.

The provider is a real HTTP server told to misbehave (see ``fake_provider``); nothing is mocked.
"""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc.jwk import RSAKey

from motcua.accounts.models import AccountKind, CitizenProfile, User
from motcua.identity.models import ExternalIdentity

from .conftest import authorize, shown, sign_in, start
from .fake_provider import OTHER_KEY

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Hệ thống VNeID đang không phản hồi. Vui lòng thử lại sau ít phút."
INVALID_TOKEN = "Không xác thực được thông tin đăng nhập do VNeID trả về. Vui lòng đăng nhập lại."
TOKEN_REFUSED = "VNeID không xác nhận được lần đăng nhập này (mã đã dùng hoặc hết hạn). Vui lòng đăng nhập lại."
LOCKED = (
    "Tài khoản gắn với số định danh này đang bị khóa. Vui lòng liên hệ Trung tâm Phục vụ hành chính công"
    " để được hỗ trợ."
)
STATE = "Phiên đăng nhập VNeID không hợp lệ hoặc đã hết hạn. Vui lòng bấm Đăng nhập bằng VNeID để thử lại."


def refused(page, message: str) -> None:
    """On the login page, with the message, signed out, and nothing created or linked."""
    assert page.status_code == 200
    assert page.redirect_chain[-1][0].startswith("/tai-khoan/dang-nhap/")
    assert message in shown(page)
    assert "_auth_user_id" not in page.wsgi_request.session
    assert not ExternalIdentity.objects.exists()
    assert not CitizenProfile.objects.filter(verified_by_vneid=True).exists()


def citizens() -> int:
    return User.objects.filter(kind=AccountKind.CITIZEN).count()


# --- state ------------------------------------------------------------------------------------------


def test_callback_without_state_is_refused(client, op):
    url = authorize(start(client))
    code = parse_qs(urlsplit(url).query)["code"][0]
    refused(client.get(f"/tai-khoan/vneid/callback/?{urlencode({'code': code})}", follow=True), STATE)
    assert op.hit_count("/token") == 0  # the code is never even exchanged


def test_callback_with_another_state_is_refused(client, op):
    url = authorize(start(client))
    forged = url.replace("state=", "state=x")
    refused(client.get(forged, follow=True), STATE)
    assert op.hit_count("/token") == 0


def test_callback_from_another_browser_is_refused(client, op, django_user_model):
    """Login CSRF: a code obtained in the attacker's session, replayed into the victim's browser."""
    from django.test import Client

    url = authorize(start(client))
    victim = Client()
    refused(victim.get(url, follow=True), STATE)


def test_the_same_callback_twice_is_refused_the_second_time(client, op):
    url = authorize(start(client))
    client.get(url, follow=True)
    client.logout()
    assert citizens() == 1
    page = client.get(url, follow=True)
    assert STATE in shown(page)
    assert "_auth_user_id" not in page.wsgi_request.session


def test_an_expired_attempt_is_refused(client, op, monkeypatch):
    url = authorize(start(client))
    later = time.time() + 16 * 60
    monkeypatch.setattr("motcua.identity.contrib.oidc.provider.time.time", lambda: later)
    refused(client.get(url, follow=True), STATE)


# --- errors returned by the provider -------------------------------------------------------------


def test_cancel_at_the_provider_says_so(client, op):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    page = client.get(
        f"/tai-khoan/vneid/callback/?{urlencode({'error': 'access_denied', 'state': state})}", follow=True
    )
    refused(page, "Bạn đã hủy đăng nhập bằng VNeID. Bạn có thể đăng nhập lại bất cứ lúc nào.")


def test_other_provider_errors_are_named_but_not_echoed_raw(client, op):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    page = client.get(f"/tai-khoan/vneid/callback/?{urlencode({'error': '<b>x</b>', 'state': state})}", follow=True)
    refused(page, "VNeID không chấp nhận yêu cầu đăng nhập (mã lỗi: ?). Vui lòng thử lại sau.")
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    page = client.get(f"/tai-khoan/vneid/callback/?{urlencode({'error': 'server_error', 'state': state})}", follow=True)
    refused(page, "VNeID không chấp nhận yêu cầu đăng nhập (mã lỗi: server_error). Vui lòng thử lại sau.")


# --- the provider is down, slow or answers nonsense --------------------------------------------------


def test_provider_down_at_start(client, op, settings):
    settings.MOTCUA_VNEID = {**settings.MOTCUA_VNEID, "DISCOVERY_URL": "http://127.0.0.1:9/.well-known/x"}
    page = client.get("/tai-khoan/vneid/dang-nhap/", follow=True)
    refused(page, UNAVAILABLE)


def test_discovery_answering_html_or_500(client, op):
    op.bad.discovery_body = "<html>Bảo trì</html>"
    refused(client.get("/tai-khoan/vneid/dang-nhap/", follow=True), UNAVAILABLE)
    op.bad.discovery_status = 500
    refused(client.get("/tai-khoan/vneid/dang-nhap/", follow=True), UNAVAILABLE)


def test_discovery_naming_another_issuer(client, op):
    op.bad.discovery = {**op.discovery_document(), "issuer": "https://evil.example"}
    refused(client.get("/tai-khoan/vneid/dang-nhap/", follow=True), UNAVAILABLE)


def test_token_endpoint_timeout(client, op):
    op.bad.delay["/token"] = 1.5  # the test settings wait 1 second
    started = time.monotonic()
    refused(sign_in(client), UNAVAILABLE)
    assert time.monotonic() - started < 5


def test_token_endpoint_500_and_non_json(client, op):
    op.bad.token_status, op.bad.token_body = 500, "Internal Server Error"
    refused(sign_in(client), UNAVAILABLE)
    op.bad.token_status, op.bad.token_body = 200, "<html>not json</html>"
    refused(sign_in(client), UNAVAILABLE)
    op.bad.token_status, op.bad.token_body = 200, "[1, 2]"
    refused(sign_in(client), UNAVAILABLE)


def test_token_answer_without_tokens(client, op):
    op.bad.token_status, op.bad.token_body = 200, '{"token_type": "Bearer"}'
    refused(sign_in(client), INVALID_TOKEN)
    op.bad.token_status, op.bad.token_body = 200, '{"access_token": 5, "id_token": 7, "token_type": "Bearer"}'
    refused(sign_in(client), INVALID_TOKEN)


def test_jwks_down(client, op):
    op.bad.jwks_status = 503
    refused(sign_in(client), UNAVAILABLE)


@pytest.mark.parametrize("jwks", [{"keys": "x"}, {"keys": [{"kty": "RSA", "kid": "op-key-1"}]}, {"keys": []}, {}])
def test_jwks_that_is_no_key_set(client, op, jwks):
    op.bad.jwks = jwks
    refused(sign_in(client), UNAVAILABLE)


def test_userinfo_not_json(client, op):
    op.bad.userinfo = []  # a JSON array, not an object
    refused(sign_in(client), UNAVAILABLE)


# --- the token endpoint refuses ----------------------------------------------------------------------


def test_replayed_code_is_refused_by_the_provider(client, op):
    """The provider answers invalid_grant (a code already used): a clear message, nothing created."""
    url = start(client)
    callback = authorize(url)
    op.codes.clear()  # the provider already consumed this code
    refused(client.get(callback, follow=True), TOKEN_REFUSED)


def test_wrong_client_secret(client, op, settings):
    settings.MOTCUA_VNEID = {**settings.MOTCUA_VNEID, "CLIENT_SECRET": "wrong"}
    refused(sign_in(client), TOKEN_REFUSED)


# --- the ID token ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "misbehave",
    [
        pytest.param(lambda op: setattr(op.bad, "sign_with", OTHER_KEY), id="bad-signature"),
        pytest.param(lambda op: op.bad.id_token_claims.update(aud="another-client"), id="wrong-aud"),
        pytest.param(lambda op: op.bad.id_token_claims.update(aud=["motcua-test", "other"]), id="extra-aud-no-azp"),
        pytest.param(lambda op: op.bad.id_token_claims.update(iss="https://evil.example"), id="wrong-iss"),
        pytest.param(lambda op: op.bad.id_token_claims.update(exp=int(time.time()) - 600), id="expired"),
        pytest.param(lambda op: op.bad.id_token_claims.update(iat=int(time.time()) + 3600), id="issued-in-future"),
        pytest.param(lambda op: op.bad.id_token_claims.update(iat=None), id="no-iat"),
        pytest.param(lambda op: op.bad.id_token_claims.update(nonce="another-nonce"), id="wrong-nonce"),
        pytest.param(lambda op: op.bad.id_token_claims.update(nonce=None), id="no-nonce"),
        pytest.param(lambda op: op.bad.id_token_claims.update(sub=None), id="no-sub"),
        pytest.param(lambda op: setattr(op.bad, "unsigned", True), id="alg-none"),
        pytest.param(lambda op: setattr(op.bad, "hs256_with", op.client_secret), id="alg-hs256-with-client-secret"),
        pytest.param(lambda op: op.bad.id_token_header.update(alg="RS512"), id="alg-not-allowed"),
        pytest.param(lambda op: op.bad.id_token_header.update(kid="unknown"), id="unknown-kid"),
        pytest.param(lambda op: setattr(op.bad, "no_id_token", True), id="no-id-token"),
        pytest.param(lambda op: op.bad.userinfo.update(sub="someone-else"), id="userinfo-other-subject"),
    ],
)
def test_a_bad_id_token_is_refused(client, op, misbehave):
    op.bad.userinfo = dict(op.person)
    misbehave(op)
    refused(sign_in(client), INVALID_TOKEN)


def test_an_unknown_kid_fetches_the_keys_again_once(client, op):
    sign_in(client)  # the keys are now cached
    client.logout()
    rotated = RSAKey.generate_key(2048, parameters={"kid": "op-key-2"})
    op.keys = [rotated]
    sign_in(client)
    assert "_auth_user_id" in client.session
    assert op.hit_count("/jwks") == 2

    client.logout()
    op.bad.id_token_header["kid"] = "never-published"
    refused_page = sign_in(client)
    assert INVALID_TOKEN in shown(refused_page)
    assert op.hit_count("/jwks") == 3  # the cached keys fail, one fresh fetch, no more


# --- the level of assurance ---------------------------------------------------------------------------

LOW_LEVEL = (
    "Tài khoản VNeID của bạn chưa đạt mức độ 2 mà việc này yêu cầu. Tài khoản mức độ 2 được đăng ký trực tiếp"
    " tại Bộ phận Tiếp nhận và Trả kết quả của Công an."
)


def test_a_returned_acr_lower_than_required_is_refused(client, op):
    op.acr = "LoA1"
    page = client.get(authorize(start(client, muc_do=2)), follow=True)
    refused(page, LOW_LEVEL)


def test_a_missing_or_unknown_acr_is_refused(client, op):
    op.bad.id_token_claims["acr"] = None
    refused(sign_in(client), LOW_LEVEL.replace("mức độ 2", "mức độ 1", 1))
    op.bad.id_token_claims["acr"] = "urn:unknown"
    refused(sign_in(client), LOW_LEVEL.replace("mức độ 2", "mức độ 1", 1))


@pytest.mark.parametrize("level", ["3", "abc", "-1", "999999", "²", "１"])
def test_an_invalid_required_level_is_refused_before_leaving(client, op, level):
    page = client.get(f"/tai-khoan/vneid/dang-nhap/?muc_do={level}", follow=True)
    refused(page, "Mức độ định danh yêu cầu không hợp lệ.")
    assert op.hit_count("/.well-known/openid-configuration") == 0 or level == "3"


# --- the claims ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "what"),
    [
        ({"SoDinhDanh": "00109901234"}, "số định danh cá nhân"),
        ({"SoDinhDanh": "00109901234X"}, "số định danh cá nhân"),
        ({"SoDinhDanh": 1099012345}, "số định danh cá nhân"),
        ({"SoDinhDanh": ["001099012345"]}, "số định danh cá nhân"),
        ({"NgayThangNamSinh": "19901315"}, "ngày sinh"),
        ({"NgayThangNamSinh": "15/01/1990x"}, "ngày sinh"),
        ({"NgayThangNamSinh": "20991231"}, "ngày sinh"),
        ({"HoVaTen": {"ho": "Nguyễn"}}, "họ và tên"),
    ],
)
def test_a_malformed_claim_is_refused_and_not_stored(client, op, claims, what):
    op.person.update(claims)
    page = sign_in(client)
    refused(
        page,
        f"VNeID trả về {what} không hợp lệ nên không thể đăng nhập. Vui lòng liên hệ tổng đài Bộ Công an 1900.0368"
        " để kiểm tra tài khoản VNeID.",
    )
    assert citizens() == 0


def test_no_id_number_is_refused(client, op):
    del op.person["SoDinhDanh"]
    page = sign_in(client)
    assert "VNeID không cho biết số định danh cá nhân" in " ".join(shown(page))
    assert citizens() == 0


# --- accounts that may not sign in through the citizen IdP ----------------------------------------------

OFFICER = (
    "Tài khoản cán bộ, công chức không đăng nhập bằng VNeID trên Cổng Dịch vụ công. Vui lòng đăng nhập tại"
    " trang Một cửa điện tử."
)


def test_an_officer_with_the_same_id_number_is_never_signed_in(client, op):
    officer = User.objects.create_user(username="canbo", kind=AccountKind.OFFICER, password="x" * 12)
    CitizenProfile.objects.create(user=officer, id_number="001099012345")
    refused(sign_in(client), OFFICER)


def test_an_admin_with_the_same_id_number_is_never_signed_in(client, op):
    admin = User.objects.create_superuser(username="quantri", password="x" * 12)
    CitizenProfile.objects.create(user=admin, id_number="001099012345")
    refused(sign_in(client), OFFICER)


def test_a_linked_account_that_became_an_officer_is_refused(client, op):
    sign_in(client)
    client.logout()
    User.objects.update(kind=AccountKind.OFFICER)
    page = sign_in(client)
    assert OFFICER in shown(page)
    assert "_auth_user_id" not in page.wsgi_request.session


def test_a_locked_account_is_refused(client, op):
    locked = User.objects.create_user(username="001099012345", is_active=False)
    CitizenProfile.objects.create(user=locked, id_number="001099012345")
    page = sign_in(client)
    refused(page, LOCKED)
