"""Authlib's OAuth 2.0 / OpenID Connect server, wired to the sandbox models.

A server is built per request: the issuer (and the audience of client assertions) is the address the
request came to, so the sandbox works under any host and port (pytest's live server included).
"""

import datetime as dt
import hashlib
import time
from urllib.parse import urlencode

from authlib.integrations.django_oauth2 import AuthorizationServer, BearerTokenValidator, ResourceProtector
from authlib.oauth2.rfc6749 import InvalidClientError, InvalidRequestError, InvalidScopeError, grants
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import grants as oidc_grants
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from motcua.core.errors import DomainError

from . import selectors
from .models import AUTH_METHOD_JWT, AUTH_METHODS_SECRET, AccessToken, AuthorizationCode, SandboxClient, digest
from .services import Authentication, client_assertion_use, sandbox_client_ensure, signing_key_current, subject_ensure

CODE_VALID_FOR = dt.timedelta(seconds=60)
TOKEN_EXPIRES_IN = 300
ID_TOKEN_EXPIRES_IN = 300
ASSERTION_ALGORITHMS = ["RS256", "PS256", "ES256"]


def issuer_for(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("sandbox:discovery")).removesuffix("/.well-known/openid-configuration")


def authorization_fingerprint(request: HttpRequest) -> str:
    """Digest of the authorization request (its query), to bind a login attempt to the request it answers."""
    items = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    return hashlib.sha256(urlencode(items).encode()).hexdigest()


def query_client(client_id: str) -> SandboxClient | None:
    if client_id and client_id == settings.MOTCUA_VNEID["CLIENT_ID"]:
        try:
            return sandbox_client_ensure()
        except DomainError:
            return None
    return SandboxClient.objects.filter(client_id=client_id or "").first()


class S256Required(CodeChallenge):
    """PKCE is mandatory and only S256: a missing challenge or ``plain`` is refused at the authorize step."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: missing 'code_challenge'.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE 'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = [*AUTH_METHODS_SECRET, AUTH_METHOD_JWT]

    def validate_requested_scope(self):
        super().validate_requested_scope()
        if "openid" not in (self.request.payload.scope or "").split():
            raise InvalidScopeError("The 'openid' scope is required.")

    def save_authorization_code(self, code: str, request) -> None:
        authentication: Authentication = request.user
        data = request.payload.data
        AuthorizationCode.objects.create(
            code_hash=digest(code),
            client_id=request.client.client_id,
            subject=subject_ensure(identity=authentication.identity, client_id=request.client.client_id),
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope,
            nonce=data.get("nonce", ""),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            # The level the citizen actually has, whatever acr_values asked for: the client must check it.
            acr=authentication.identity.acr,
            auth_time=authentication.auth_time,
            expires_at=timezone.now() + CODE_VALID_FOR,
        )

    def query_authorization_code(self, code: str, client: SandboxClient) -> AuthorizationCode | None:
        now = timezone.now()
        found = AuthorizationCode.objects.filter(code_hash=digest(code), client_id=client.client_id).first()
        if found is None:
            return None
        # Claiming the code with one conditional UPDATE makes it single-use even across processes.
        claimed = AuthorizationCode.objects.filter(pk=found.pk, used_at__isnull=True).update(used_at=now)
        if not claimed:
            # RFC 6749 §4.1.2: a code used twice may have leaked; revoke what it was exchanged for.
            found.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
            return None
        return found if found.expires_at > now else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing to do: the code was marked used when claimed, and is kept to recognise a replay."""

    def authenticate_user(self, authorization_code: AuthorizationCode):
        return authorization_code.subject


class OpenIDCode(oidc_grants.OpenIDCode):
    def __init__(self, issuer: str, *, check_nonce: bool) -> None:
        super().__init__(require_nonce=False)
        self.issuer = issuer
        self.check_nonce = check_nonce
        self._key: RSAKey | None = None

    def exists_nonce(self, nonce: str, request) -> bool:
        if not self.check_nonce:
            return False
        return AuthorizationCode.objects.filter(client_id=request.payload.client_id, nonce=nonce).exists()

    def resolve_client_private_key(self, client) -> RSAKey:
        if self._key is None:
            self._key = signing_key_current()
        return self._key

    def get_client_algorithm(self, client) -> str:
        return "RS256"

    def get_encode_header(self, client) -> dict:
        return {"alg": "RS256", "typ": "JWT", "kid": self.resolve_client_private_key(client).kid}

    def get_client_claims(self, client) -> dict:
        return {"iss": self.issuer, "aud": client.client_id, "exp": int(time.time()) + ID_TOKEN_EXPIRES_IN}

    def generate_user_info(self, user, scope):
        return selectors.identity_claims(subject=user)


class PrivateKeyJWT(JWTBearerClientAssertion):
    """``private_key_jwt`` (RFC 7523 / OIDC Core §9) against the client's registered public keys."""

    CLIENT_AUTH_METHOD = AUTH_METHOD_JWT

    def __init__(self, audiences: list[str]) -> None:
        super().__init__(validate_jti=True)
        self.audiences = audiences

    def get_audiences(self) -> list[str]:
        return self.audiences

    def resolve_client_public_key(self, client: SandboxClient) -> KeySet:
        # Called before the method check: a secret-only client has no keys to verify with.
        if not client.check_endpoint_auth_method(AUTH_METHOD_JWT, "token"):
            raise InvalidClientError(description="The client has no registered public keys.")
        return KeySet.import_key_set(client.jwks)

    def process_assertion_claims(self, assertion, resolve_key):
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=ASSERTION_ALGORITHMS)
        except (JoseError, ValueError) as error:
            raise InvalidClientError(description="Invalid client assertion.") from error
        self.verify_claims(token.claims)
        return token.claims

    def validate_jti(self, claims: dict, jti: str) -> bool:
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC) + dt.timedelta(seconds=self.leeway)
        return client_assertion_use(client_id=str(claims["sub"]), jti=str(jti), expires_at=expires)


class SandboxServer(AuthorizationServer):
    """``check_nonce=False`` only where the same authorization request is completed after its login began
    (the OTP step): a resubmitted OTP must meet the clear "already used" message, not a nonce error."""

    def __init__(self, request: HttpRequest, *, check_nonce: bool = True) -> None:
        super().__init__(SandboxClient, AccessToken)
        self.issuer = issuer_for(request)
        self.register_grant(CodeGrant, [S256Required(required=True), OpenIDCode(self.issuer, check_nonce=check_nonce)])
        token_url = request.build_absolute_uri(reverse("sandbox:token"))
        self.register_client_auth_method(AUTH_METHOD_JWT, PrivateKeyJWT([token_url, self.issuer]))

    def load_config(self, config: dict) -> None:
        super().load_config({"token_expires_in": {"authorization_code": TOKEN_EXPIRES_IN}})

    def query_client(self, client_id: str) -> SandboxClient | None:
        return query_client(client_id)

    def save_token(self, token: dict, request) -> AccessToken:
        return AccessToken.objects.create(
            token_hash=digest(token["access_token"]),
            client=request.client,
            subject=request.user,
            authorization_code=request.authorization_code,
            scope=token.get("scope", ""),
            expires_in=token["expires_in"],
        )

    def send_signal(self, name, *args, **kwargs) -> None:
        """No Django signals: nothing listens."""


def token_issue(*, request: HttpRequest) -> HttpResponse:
    """The token endpoint, in one transaction (the code is claimed and the token saved together)."""
    with transaction.atomic():
        return SandboxServer(request).create_token_response(request)


class _BearerValidator(BearerTokenValidator):
    def __init__(self) -> None:
        super().__init__(AccessToken)

    def authenticate_token(self, token_string: str) -> AccessToken | None:
        return (
            AccessToken.objects.select_related("client", "subject__identity")
            .filter(token_hash=digest(token_string or ""))
            .first()
        )


resource_protector = ResourceProtector()
resource_protector.register_token_validator(_BearerValidator())
