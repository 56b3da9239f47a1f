"""The relying party's configuration, read from ``settings.MOTCUA_VNEID`` and checked without the network."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

PRIVATE_KEY_JWT = "private_key_jwt"
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post", PRIVATE_KEY_JWT)
# Asymmetric signatures only: "none" is no signature, and HS* would be keyed with our own client secret.
SAFE_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"}
)
# Our fields that may be given extra claim names in MOTCUA_VNEID_CLAIMS.
CLAIM_FIELDS = frozenset(
    {"id_number", "full_name", "date_of_birth", "sex", "nationality", "address", "email", "phone", "account_type"}
)
STATIC_ENDPOINTS = ("ISSUER", "AUTHORIZATION_URL", "TOKEN_URL", "JWKS_URL")


@dataclass(frozen=True)
class OidcSettings:
    discovery_url: str
    issuer: str
    authorization_url: str
    token_url: str
    userinfo_url: str
    jwks_url: str
    client_id: str
    client_secret: str
    token_auth_method: str
    private_key_file: str
    private_key_id: str
    scopes: str
    acr_values: tuple[str, ...]
    acr_levels: dict[str, int]
    id_token_algorithms: tuple[str, ...]
    timeout: float
    extra_claims: dict[str, list[str]]
    problems: tuple[str, ...]

    @property
    def default_level(self) -> int:
        """The level asked for when the action needs nothing more (the lowest of ACR_VALUES)."""
        levels = [self.acr_levels[name] for name in self.acr_values if name in self.acr_levels]
        return min(levels, default=1)

    @property
    def max_level(self) -> int:
        return max(self.acr_levels.values(), default=0)

    def acr_values_for(self, level: int) -> str:
        """``acr_values`` to request for an action that needs ``level``."""
        if level <= self.default_level:
            return " ".join(self.acr_values)
        names = sorted((lvl, name) for name, lvl in self.acr_levels.items() if lvl >= level)
        return names[0][1] if names else ""


def _parse_acr_levels(raw: str, problems: list[str]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip().isdigit():
            problems.append(f"ACR_LEVELS: {item!r} is not NAME=LEVEL (e.g. LoA1=1,LoA2=2).")
            continue
        levels[name.strip()] = int(value)
    if not levels:
        problems.append("ACR_LEVELS maps no acr value to an identity level (e.g. LoA1=1,LoA2=2).")
    return levels


def _parse_extra_claims(raw: str, problems: list[str]) -> dict[str, list[str]]:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        problems.append('CLAIMS is not valid JSON (expected {"id_number": ["ClaimName"], ...}).')
        return {}
    if not isinstance(value, dict):
        problems.append("CLAIMS must be a JSON object of field -> list of claim names.")
        return {}
    extra: dict[str, list[str]] = {}
    for field_name, names in value.items():
        if field_name not in CLAIM_FIELDS:
            problems.append(f"CLAIMS: unknown field {field_name!r} (known: {', '.join(sorted(CLAIM_FIELDS))}).")
        elif isinstance(names, str):
            extra[field_name] = [names]
        elif isinstance(names, list) and all(isinstance(name, str) for name in names):
            extra[field_name] = names
        else:
            problems.append(f"CLAIMS: {field_name!r} must be a claim name or a list of claim names.")
    return extra


def oidc_settings() -> OidcSettings:
    """Read on every use: settings may differ per test and nothing here is costly."""
    raw = settings.MOTCUA_VNEID
    problems: list[str] = []

    def text(name: str) -> str:
        return str(raw.get(name) or "").strip()

    algorithms = raw.get("ID_TOKEN_ALGORITHMS") or []
    if isinstance(algorithms, str):
        algorithms = [alg.strip() for alg in algorithms.split(",") if alg.strip()]
    try:
        timeout = float(raw.get("TIMEOUT_SECONDS", 10))
    except (TypeError, ValueError):
        problems.append("TIMEOUT_SECONDS must be a number of seconds.")
        timeout = 10.0
    return OidcSettings(
        discovery_url=text("DISCOVERY_URL"),
        issuer=text("ISSUER"),
        authorization_url=text("AUTHORIZATION_URL"),
        token_url=text("TOKEN_URL"),
        userinfo_url=text("USERINFO_URL"),
        jwks_url=text("JWKS_URL"),
        client_id=text("CLIENT_ID"),
        client_secret=str(raw.get("CLIENT_SECRET") or ""),
        token_auth_method=text("TOKEN_AUTH_METHOD") or "client_secret_basic",
        private_key_file=text("PRIVATE_KEY_FILE"),
        private_key_id=text("PRIVATE_KEY_ID"),
        scopes=text("SCOPES") or "openid",
        acr_values=tuple(text("ACR_VALUES").split()),
        acr_levels=_parse_acr_levels(text("ACR_LEVELS"), problems),
        id_token_algorithms=tuple(algorithms),
        timeout=timeout,
        extra_claims=_parse_extra_claims(str(raw.get("CLAIMS") or ""), problems),
        problems=tuple(problems),
    )


def oidc_settings_problems(conf: OidcSettings) -> list[str]:
    """Everything wrong with the configuration, in plain words, for ``manage.py check``."""
    problems = list(conf.problems)
    if not conf.client_id:
        problems.append("CLIENT_ID is required (MOTCUA_VNEID_CLIENT_ID).")
    static = [conf.issuer, conf.authorization_url, conf.token_url, conf.jwks_url]
    if not conf.discovery_url and not all(static):
        problems.append(
            "Set DISCOVERY_URL, or all of ISSUER, AUTHORIZATION_URL, TOKEN_URL and JWKS_URL (static endpoints)."
        )
    if conf.token_auth_method not in TOKEN_AUTH_METHODS:
        problems.append(f"TOKEN_AUTH_METHOD must be one of {', '.join(TOKEN_AUTH_METHODS)}.")
    elif conf.token_auth_method == PRIVATE_KEY_JWT:
        problems += _private_key_problems(conf)
    elif not conf.client_secret:
        problems.append(f"CLIENT_SECRET is required with TOKEN_AUTH_METHOD={conf.token_auth_method}.")
    if "openid" not in conf.scopes.split():
        problems.append("SCOPES must include openid.")
    unknown_acr = [name for name in conf.acr_values if name not in conf.acr_levels]
    if not conf.acr_values:
        problems.append("ACR_VALUES must name at least one acr value (e.g. LoA1).")
    elif unknown_acr:
        problems.append(f"ACR_VALUES {', '.join(unknown_acr)} not mapped in ACR_LEVELS.")
    unsafe = [alg for alg in conf.id_token_algorithms if alg not in SAFE_ALGORITHMS]
    if not conf.id_token_algorithms:
        problems.append("ID_TOKEN_ALGORITHMS must list at least one algorithm (e.g. RS256).")
    elif unsafe:
        problems.append(f"ID_TOKEN_ALGORITHMS: {', '.join(unsafe)} not allowed (asymmetric signatures only).")
    if conf.timeout <= 0:
        problems.append("TIMEOUT_SECONDS must be more than 0.")
    if not settings.MOTCUA_PUBLIC_URL:
        problems.append("MOTCUA_PUBLIC_URL is required: the redirect URI registered at the provider is built on it.")
    if settings.PRODUCTION:
        urls = [conf.discovery_url, conf.issuer, conf.authorization_url, conf.token_url, conf.userinfo_url]
        urls += [conf.jwks_url, settings.MOTCUA_PUBLIC_URL]
        if any(url and not url.startswith("https://") for url in urls):
            problems.append("In production every provider address and MOTCUA_PUBLIC_URL must be https://.")
    return problems


def _private_key_problems(conf: OidcSettings) -> list[str]:
    if not conf.private_key_file:
        return ["PRIVATE_KEY_FILE is required with TOKEN_AUTH_METHOD=private_key_jwt."]
    try:
        load_private_key(conf)
    except OSError as error:
        return [f"PRIVATE_KEY_FILE cannot be read: {error.strerror or error}."]
    except ValueError:
        return ["PRIVATE_KEY_FILE is not a PEM private key (RSA or EC)."]
    return []


def load_private_key(conf: OidcSettings):
    """The client's private key for ``private_key_jwt`` (joserfc key), with its ``kid`` when configured."""
    pem = Path(conf.private_key_file).read_bytes()
    parameters = {"kid": conf.private_key_id} if conf.private_key_id else None
    for key_class in (RSAKey, ECKey):
        try:
            key = key_class.import_key(pem, parameters=parameters)
        except (JoseError, ValueError, TypeError):
            continue
        if key.is_private:
            return key
    raise ValueError("not a private key")
