"""The provider's endpoints (discovery or static settings) and signing keys, fetched over HTTP and cached.

Both live in Django's cache, not in process memory, so several web nodes share them; discovery for minutes,
keys for an hour, and the keys are fetched again at once when a token names a ``kid`` we do not know
(the provider rotated its keys).
"""

import hashlib
import logging
from dataclasses import asdict, dataclass

import requests
from django.core.cache import cache
from django.utils.translation import gettext as _
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from motcua.identity.base import IdentityError

from .config import OidcSettings

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 300
JWKS_CACHE_SECONDS = 3600
WELL_KNOWN = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def provider_unavailable() -> IdentityError:
    return IdentityError(
        _("Hệ thống VNeID đang không phản hồi. Vui lòng thử lại sau ít phút."),
        code="unavailable",
    )


def http_get_json(url: str, *, timeout: float) -> dict:
    """GET a JSON object; any network failure, HTTP error or non-object answer is "provider unavailable"."""
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except requests.RequestException as error:
        logger.warning("Identity provider request to %s failed: %s", url, error)
        raise provider_unavailable() from error
    except ValueError as error:
        logger.warning("Identity provider answered %s with something that is not JSON", url)
        raise provider_unavailable() from error
    if not isinstance(document, dict):
        logger.warning("Identity provider answered %s with JSON that is not an object", url)
        raise provider_unavailable()
    return document


def _cache_key(kind: str, url: str) -> str:
    return f"identity_oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def provider_metadata(conf: OidcSettings) -> ProviderMetadata:
    if not conf.discovery_url:
        return ProviderMetadata(
            issuer=conf.issuer,
            authorization_endpoint=conf.authorization_url,
            token_endpoint=conf.token_url,
            userinfo_endpoint=conf.userinfo_url,
            jwks_uri=conf.jwks_url,
        )
    key = _cache_key("discovery", conf.discovery_url)
    if cached := cache.get(key):
        return ProviderMetadata(**cached)
    document = http_get_json(conf.discovery_url, timeout=conf.timeout)
    metadata = _metadata_from(conf, document)
    cache.set(key, asdict(metadata), DISCOVERY_CACHE_SECONDS)
    return metadata


def _metadata_from(conf: OidcSettings, document: dict) -> ProviderMetadata:
    values = {
        name: document.get(name)
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
    }
    required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if any(not isinstance(values[name], str) or not values[name] for name in required):
        logger.warning("Discovery document at %s lacks issuer or an endpoint", conf.discovery_url)
        raise provider_unavailable()
    # OpenID Connect Discovery §4.3: the issuer must be the one the document was fetched for, otherwise a
    # document could make us accept tokens from any issuer it names.
    expected = conf.issuer or conf.discovery_url.removesuffix(WELL_KNOWN)
    if values["issuer"].rstrip("/") != expected.rstrip("/"):
        logger.warning("Discovery issuer %s does not match %s", values["issuer"], expected)
        raise provider_unavailable()
    userinfo = values["userinfo_endpoint"] if isinstance(values["userinfo_endpoint"], str) else ""
    # Static settings win over discovery for the userinfo endpoint, for providers that omit it.
    return ProviderMetadata(
        issuer=values["issuer"],
        authorization_endpoint=values["authorization_endpoint"],
        token_endpoint=values["token_endpoint"],
        userinfo_endpoint=conf.userinfo_url or userinfo,
        jwks_uri=values["jwks_uri"],
    )


def provider_keys(conf: OidcSettings, jwks_uri: str, *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", jwks_uri)
    document = None if refresh else cache.get(key)
    if document is None:
        document = http_get_json(jwks_uri, timeout=conf.timeout)
    try:
        keys = KeySet.import_key_set(document)
    except (JoseError, KeyError, TypeError, ValueError) as error:
        logger.warning("JWKS at %s is not a usable key set: %s", jwks_uri, error)
        raise provider_unavailable() from error
    cache.set(key, document, JWKS_CACHE_SECONDS)
    return keys
