"""Citizen identity settings: VNeID, or any OpenID Connect provider (identity/contrib/oidc), and its sandbox."""

import hashlib

from django.core.exceptions import ImproperlyConfigured

from .env import env, env_bool, env_list


def vneid_settings(*, production: bool, public_url: str, secret_key: str) -> dict:
    # The sandbox provider is a real OIDC provider inside this server; production refuses it.
    sandbox = env_bool("MOTCUA_VNEID_SANDBOX", default=not production)
    if production and sandbox:
        raise ImproperlyConfigured("MOTCUA_VNEID_SANDBOX cannot be on when MOTCUA_ENV=production.")
    sandbox_discovery = f"{public_url}/sandbox/vneid/.well-known/openid-configuration"
    vneid = {
        "DISCOVERY_URL": env("MOTCUA_VNEID_DISCOVERY_URL", sandbox_discovery if sandbox else ""),
        # Static endpoints, for a provider without discovery (all four, plus the issuer).
        "ISSUER": env("MOTCUA_VNEID_ISSUER"),
        "AUTHORIZATION_URL": env("MOTCUA_VNEID_AUTHORIZATION_URL"),
        "TOKEN_URL": env("MOTCUA_VNEID_TOKEN_URL"),
        "USERINFO_URL": env("MOTCUA_VNEID_USERINFO_URL"),
        "JWKS_URL": env("MOTCUA_VNEID_JWKS_URL"),
        "CLIENT_ID": env("MOTCUA_VNEID_CLIENT_ID", "motcua-demo" if sandbox else ""),
        # With the sandbox and no value: derived from secret_key, so the demo needs nothing.
        "CLIENT_SECRET": env(
            "MOTCUA_VNEID_CLIENT_SECRET",
            hashlib.sha256(f"vneid-sandbox-client:{secret_key}".encode()).hexdigest() if sandbox else "",
        ),
        # client_secret_basic | client_secret_post | private_key_jwt
        "TOKEN_AUTH_METHOD": env("MOTCUA_VNEID_TOKEN_AUTH_METHOD", "client_secret_basic"),
        "PRIVATE_KEY_FILE": env("MOTCUA_VNEID_PRIVATE_KEY_FILE"),
        "PRIVATE_KEY_ID": env("MOTCUA_VNEID_PRIVATE_KEY_ID"),
        "SCOPES": env("MOTCUA_VNEID_SCOPES", "openid profile email phone"),
        "ACR_VALUES": env("MOTCUA_VNEID_ACR_VALUES", "LoA1"),
        "ACR_LEVELS": env("MOTCUA_VNEID_ACR_LEVELS", "LoA1=1,LoA2=2"),
        "ID_TOKEN_ALGORITHMS": env_list("MOTCUA_VNEID_ID_TOKEN_ALGORITHMS", "RS256,ES256,PS256"),
        "TIMEOUT_SECONDS": float(env("MOTCUA_VNEID_TIMEOUT_SECONDS", "10")),
        # Extra claim names, JSON {"our field": ["ClaimName", ...]}, tried before the built-in ones.
        "CLAIMS": env("MOTCUA_VNEID_CLAIMS"),
    }
    return {"MOTCUA_VNEID_SANDBOX": sandbox, "MOTCUA_VNEID": vneid}
