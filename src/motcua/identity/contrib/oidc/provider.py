"""The OpenID Connect relying party, registered as the ``vneid`` identity provider.

Authorization code flow with PKCE (S256). ``state``, ``nonce``, the PKCE verifier, where to go next and the
level the action needs stay in the server-side session, keyed by ``state`` so that two tabs do not spoil each
other; an attempt is used at most once. Tokens are never stored nor sent to the browser: the access token
only fetches userinfo, in this request.
"""

import logging
import re
import secrets
import time

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.identity.base import IdentityError, IdentityProvider, SignInResult, identity_providers

from .claims import identity_claims_from
from .config import PRIVATE_KEY_JWT, OidcSettings, load_private_key, oidc_settings, oidc_settings_problems
from .metadata import ProviderMetadata, provider_metadata, provider_unavailable
from .tokens import id_token_claims, invalid_token, userinfo_jwt_claims

logger = logging.getLogger(__name__)

SESSION_KEY = "motcua_oidc_pending"
# An attempt not finished within this time is forgotten (the provider's own login takes a few minutes).
PENDING_SECONDS = 15 * 60
MAX_PENDING = 5


def redirect_uri() -> str:
    """Exactly the address registered at the provider; never built from the request's Host header."""
    return settings.MOTCUA_PUBLIC_URL + reverse("vneid:callback")


def _state_error() -> IdentityError:
    return IdentityError(
        _("Phiên đăng nhập VNeID không hợp lệ hoặc đã hết hạn. Vui lòng bấm Đăng nhập bằng VNeID để thử lại."),
        code="state",
    )


@identity_providers.register("vneid")
class OidcProvider(IdentityProvider):
    key = "vneid"
    label = "Tài khoản Định danh điện tử cấp bởi Bộ Công an (VNeID)"

    def check_config(self) -> list[str]:
        return oidc_settings_problems(oidc_settings())

    def start(self, request: HttpRequest, *, next_url: str, level: int) -> str:
        conf = oidc_settings()
        if level > conf.max_level:
            raise IdentityError(_("Mức độ định danh yêu cầu không hợp lệ."), code="level")
        level = max(level, conf.default_level)
        metadata = provider_metadata(conf)
        state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
        with OAuth2Session(
            client_id=conf.client_id, scope=conf.scopes, redirect_uri=redirect_uri(), code_challenge_method="S256"
        ) as client:
            url, _state = client.create_authorization_url(
                metadata.authorization_endpoint,
                state=state,
                code_verifier=verifier,
                nonce=nonce,
                acr_values=conf.acr_values_for(level),
            )
        now = int(time.time())
        pending = {
            key: value
            for key, value in request.session.get(SESSION_KEY, {}).items()
            if isinstance(value, dict) and now - value.get("created", 0) < PENDING_SECONDS
        }
        pending[state] = {"nonce": nonce, "verifier": verifier, "next": next_url, "level": level, "created": now}
        request.session[SESSION_KEY] = dict(sorted(pending.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:])
        return url

    def finish(self, request: HttpRequest) -> SignInResult:
        attempt = self._pop_attempt(request)
        error = request.GET.get("error", "")
        if error == "access_denied":
            raise IdentityError(
                _("Bạn đã hủy đăng nhập bằng VNeID. Bạn có thể đăng nhập lại bất cứ lúc nào."), code="cancelled"
            )
        if error:
            shown = error if re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", error) else "?"
            logger.warning("Identity provider returned error %r: %s", error, request.GET.get("error_description"))
            raise IdentityError(
                _("VNeID không chấp nhận yêu cầu đăng nhập (mã lỗi: %(code)s). Vui lòng thử lại sau.")
                % {"code": shown},
                code="provider_error",
            )
        code = request.GET.get("code", "")
        if not code:
            raise _state_error()

        conf = oidc_settings()
        metadata = provider_metadata(conf)
        token = self._exchange_code(conf, metadata, code=code, verifier=attempt["verifier"])
        access_token = token.get("access_token")
        claims = id_token_claims(
            conf,
            metadata,
            id_token=token.get("id_token"),
            nonce=attempt["nonce"],
            access_token=access_token if isinstance(access_token, str) else "",
        )
        if metadata.userinfo_endpoint and isinstance(access_token, str) and access_token:
            userinfo = self._userinfo(conf, metadata, access_token)
            if userinfo.get("sub") != claims["sub"]:
                logger.warning("Userinfo subject differs from the ID token's")
                raise invalid_token()
            # The ID token is authoritative for who and how (iss, sub, acr …); userinfo adds the details.
            claims = {**userinfo, **claims}

        # The level proved is what the provider *returned*, never what we asked for.
        acr = claims.get("acr") if isinstance(claims.get("acr"), str) else ""
        level = conf.acr_levels.get(acr, 0)
        if level < attempt["level"]:
            logger.info("Sign-in refused: acr %r (level %s) below the required level %s", acr, level, attempt["level"])
            raise IdentityError(
                _(
                    "Tài khoản VNeID của bạn chưa đạt mức độ %(required)s mà việc này yêu cầu. Tài khoản mức độ 2"
                    " được đăng ký trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả của Công an."
                )
                % {"required": attempt["level"]},
                code="level",
            )
        return SignInResult(claims=identity_claims_from(conf, claims, level=level, acr=acr), next_url=attempt["next"])

    def _pop_attempt(self, request: HttpRequest) -> dict:
        state = request.GET.get("state", "")
        pending = request.session.get(SESSION_KEY, {})
        attempt = pending.pop(state, None) if state and isinstance(pending, dict) else None
        request.session[SESSION_KEY] = pending if isinstance(pending, dict) else {}
        if not isinstance(attempt, dict) or time.time() - attempt.get("created", 0) >= PENDING_SECONDS:
            raise _state_error()
        return attempt

    def _client(self, conf: OidcSettings, metadata: ProviderMetadata) -> OAuth2Session:
        if conf.token_auth_method == PRIVATE_KEY_JWT:
            key = load_private_key(conf)
            client = OAuth2Session(
                client_id=conf.client_id,
                client_secret=key,
                token_endpoint_auth_method=PRIVATE_KEY_JWT,
                redirect_uri=redirect_uri(),
            )
            headers = {"kid": conf.private_key_id} if conf.private_key_id else None
            alg = "ES256" if key.key_type == "EC" else "RS256"
            client.register_client_auth_method(PrivateKeyJWT(metadata.token_endpoint, headers=headers, alg=alg))
            return client
        return OAuth2Session(
            client_id=conf.client_id,
            client_secret=conf.client_secret,
            token_endpoint_auth_method=conf.token_auth_method,
            redirect_uri=redirect_uri(),
        )

    def _exchange_code(self, conf: OidcSettings, metadata: ProviderMetadata, *, code: str, verifier: str) -> dict:
        try:
            with self._client(conf, metadata) as client:
                token = client.fetch_token(
                    metadata.token_endpoint, code=code, code_verifier=verifier, timeout=conf.timeout
                )
        except OAuthError as error:
            # invalid_grant: the code was already used (a replay, or the back button) or has expired.
            logger.warning("Token endpoint refused the code: %s %s", error.error, error.description)
            raise IdentityError(
                _("VNeID không xác nhận được lần đăng nhập này (mã đã dùng hoặc hết hạn). Vui lòng đăng nhập lại."),
                code="token",
            ) from error
        except requests.RequestException as error:
            logger.warning("Token endpoint unreachable: %s", error)
            raise provider_unavailable() from error
        except (ValueError, OSError) as error:
            logger.warning("Token endpoint answer unusable: %s", error)
            raise provider_unavailable() from error
        return dict(token)

    def _userinfo(self, conf: OidcSettings, metadata: ProviderMetadata, access_token: str) -> dict:
        try:
            response = requests.get(
                metadata.userinfo_endpoint,
                headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json, application/jwt"},
                timeout=conf.timeout,
            )
            response.raise_for_status()
            if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
                return userinfo_jwt_claims(conf, metadata, response.text)
            document = response.json()
        except requests.RequestException as error:
            logger.warning("Userinfo endpoint unreachable: %s", error)
            raise provider_unavailable() from error
        except ValueError as error:
            logger.warning("Userinfo answer is not JSON")
            raise provider_unavailable() from error
        if not isinstance(document, dict):
            raise provider_unavailable()
        return document
