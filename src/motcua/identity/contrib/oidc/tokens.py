"""Validating what the provider signed: the ID token and, when signed, the userinfo answer.

Signature against the provider's JWKS by ``kid`` (fetched again once for an unknown ``kid``), ``alg`` from our
allow-list only (never ``none`` or HS*), then ``iss``, ``aud``/``azp``, ``exp``, ``iat``, ``nonce`` and
``at_hash`` with Authlib's OpenID Connect claim rules.
"""

import logging

from authlib.oidc.core import CodeIDToken
from django.utils.translation import gettext as _
from joserfc import jws, jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import Key

from motcua.identity.base import IdentityError

from .config import SAFE_ALGORITHMS, OidcSettings
from .metadata import ProviderMetadata, provider_keys

logger = logging.getLogger(__name__)

# Seconds of clock difference tolerated between the provider and us.
LEEWAY_SECONDS = 60


def invalid_token() -> IdentityError:
    return IdentityError(
        _("Không xác thực được thông tin đăng nhập do VNeID trả về. Vui lòng đăng nhập lại."),
        code="invalid_token",
    )


def _allowed_algorithms(conf: OidcSettings) -> list[str]:
    return [alg for alg in conf.id_token_algorithms if alg in SAFE_ALGORITHMS]


def _verified_jws(conf: OidcSettings, metadata: ProviderMetadata, value: str, what: str) -> jwt.Token:
    try:
        header = jws.extract_compact(value.encode()).headers()
    except (JoseError, ValueError, TypeError, UnicodeError) as error:
        logger.warning("%s from the identity provider is not a compact JWS: %s", what, error)
        raise invalid_token() from error
    alg = header.get("alg")
    allowed = _allowed_algorithms(conf)
    if alg not in allowed:
        logger.warning("%s signed with alg %r, not in the allow-list %s", what, alg, allowed)
        raise invalid_token()
    key = _signing_key(conf, metadata, header.get("kid"))
    try:
        return jwt.decode(value, key, algorithms=[alg])
    except (JoseError, ValueError, TypeError) as error:
        logger.warning("%s signature rejected: %s", what, error)
        raise invalid_token() from error


def _signing_key(conf: OidcSettings, metadata: ProviderMetadata, kid: object) -> Key:
    if kid is not None and not isinstance(kid, str):
        raise invalid_token()
    for refresh in (False, True):
        try:
            return provider_keys(conf, metadata.jwks_uri, refresh=refresh).get_by_kid(kid)
        except InvalidKeyIdError:
            continue
    logger.warning("No key %r in the provider's JWKS, even after fetching it again", kid)
    raise invalid_token()


def id_token_claims(
    conf: OidcSettings, metadata: ProviderMetadata, *, id_token: object, nonce: str, access_token: str
) -> dict:
    """The ID token's claims after full validation, or ``IdentityError``."""
    if not isinstance(id_token, str) or not id_token:
        logger.warning("Token response carries no id_token")
        raise invalid_token()
    token = _verified_jws(conf, metadata, id_token, "ID token")
    claims = CodeIDToken(
        token.claims,
        token.header,
        options={
            "iss": {"essential": True, "value": metadata.issuer},
            "aud": {"essential": True, "value": conf.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True},
        },
        params={"nonce": nonce, "client_id": conf.client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=LEEWAY_SECONDS)
    except JoseError as error:
        logger.warning("ID token claims rejected: %s", error)
        raise invalid_token() from error
    return dict(claims)


def userinfo_jwt_claims(conf: OidcSettings, metadata: ProviderMetadata, value: str) -> dict:
    """A signed userinfo answer (``application/jwt``, as eSignet sends): verified like the ID token."""
    token = _verified_jws(conf, metadata, value.strip(), "Userinfo")
    claims = token.claims
    if claims.get("iss", metadata.issuer) != metadata.issuer:
        raise invalid_token()
    audience = claims.get("aud", conf.client_id)
    if conf.client_id not in (audience if isinstance(audience, list) else [audience]):
        raise invalid_token()
    return claims
