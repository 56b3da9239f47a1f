"""Reads of the sandbox VNeID provider: what a relying party is told about a citizen and about the provider."""

from collections.abc import Callable

from joserfc.jwk import RSAKey

from .models import SCOPES, OtpChallenge, PairwiseSubject, SigningKey

IDENTITY_CLAIMS = [
    "sub",
    "SoDinhDanh",
    "HoVaTen",
    "NgayThangNamSinh",
    "GioiTinh",
    "QuocTich",
    "DiaChiThuongTru",
    "LoaiTaiKhoan",
    "TechID",
    "loginIdp",
    "name",
    "birthdate",
    "gender",
    "email",
    "phone_number",
    "acr",
    "amr",
    "auth_time",
    "nonce",
]


def identity_claims(*, subject: PairwiseSubject) -> dict:
    """The claims of the ID token and the userinfo answer, in VNeID's names and the standard ones.

    Only for the client the pairwise ``subject`` belongs to (the token or code that led here is its proof).
    """
    identity = subject.identity
    claims = {
        "sub": subject.sub,
        "SoDinhDanh": identity.id_number,
        "HoVaTen": identity.full_name,
        "NgayThangNamSinh": identity.birth_date.strftime("%Y%m%d"),
        "GioiTinh": identity.gender,
        "QuocTich": identity.nationality,
        "DiaChiThuongTru": identity.address,
        "LoaiTaiKhoan": identity.account_type,
        "TechID": str(identity.tech_id),
        "loginIdp": "BCA",
        "name": identity.full_name,
        "birthdate": identity.birth_date.isoformat(),
        "gender": {"Nam": "male", "Nữ": "female"}.get(identity.gender, "other"),
        "phone_number": identity.phone,
    }
    if identity.email:
        claims["email"] = identity.email
    return claims


def pending_login_phone_hint(*, challenge_id: str, request_fingerprint: str) -> str | None:
    """The last digits of the phone the OTP went to, for the login attempt of this session and request."""
    challenge = (
        OtpChallenge.objects.select_related("identity")
        .filter(public_id=challenge_id or "", request_fingerprint=request_fingerprint)
        .first()
    )
    return None if challenge is None else "*" * 6 + challenge.identity.phone[-4:]


def jwks_public() -> dict:
    """The provider's public signing keys (every stored key, so a rotation keeps old tokens verifiable)."""
    keys = []
    for stored in SigningKey.objects.order_by("created_at", "id"):
        key = RSAKey.import_key(stored.private_pem)
        keys.append({**key.as_dict(private=False), "kid": stored.kid, "alg": "RS256", "use": "sig"})
    return {"keys": keys}


def provider_metadata(*, issuer: str, url: Callable[[str], str]) -> dict:
    """OpenID Connect discovery; ``url(name)`` gives the absolute address of one of our endpoints."""
    return {
        "issuer": issuer,
        "authorization_endpoint": url("authorize"),
        "token_endpoint": url("token"),
        "userinfo_endpoint": url("userinfo"),
        "jwks_uri": url("jwks"),
        "scopes_supported": list(SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "code_challenge_methods_supported": ["S256"],
        "subject_types_supported": ["pairwise"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "PS256", "ES256"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "acr_values_supported": ["LoA1", "LoA2"],
        "claims_supported": [*IDENTITY_CLAIMS, "iss", "aud", "exp", "iat"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "ui_locales_supported": ["vi"],
    }
