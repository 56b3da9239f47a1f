"""The sandbox VNeID provider keeps everything in the database: the demo runs several web processes.

The model classes implement Authlib's client / authorization-code / token interfaces so that Authlib's
server does the OAuth 2.0 and OpenID Connect work; secrets (passwords, OTPs, codes, tokens) are stored hashed.
"""

import hashlib
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare

SCOPES = ("openid", "profile", "email", "phone", "address")
AUTH_METHODS_SECRET = ("client_secret_basic", "client_secret_post")
AUTH_METHOD_JWT = "private_key_jwt"


def digest(value: str) -> str:
    """SHA-256 of a high-entropy secret (codes, tokens, client secrets): enough, and fast to look up."""
    return hashlib.sha256(value.encode()).hexdigest()


class SandboxIdentity(models.Model):
    """A citizen's VNeID account in the sandbox: the resource owner (never a portal ``User``)."""

    class Level(models.IntegerChoices):
        ONE = 1, "Mức độ 1"
        TWO = 2, "Mức độ 2"

    id_number = models.CharField("số CCCD", max_length=12, unique=True)
    password = models.CharField("mật khẩu (băm)", max_length=255)
    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=10)
    nationality = models.CharField("quốc tịch", max_length=50, default="Việt Nam")
    address = models.CharField("địa chỉ thường trú", max_length=255, blank=True)
    phone = models.CharField("số điện thoại", max_length=15)
    email = models.EmailField("thư điện tử", blank=True)
    level = models.PositiveSmallIntegerField("mức độ định danh", choices=Level.choices, default=Level.TWO)
    account_type = models.CharField("loại tài khoản", max_length=20, default="CongDan")
    tech_id = models.UUIDField("TechID", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tài khoản VNeID thử nghiệm"
        verbose_name_plural = "tài khoản VNeID thử nghiệm"
        ordering = ["id_number"]

    def __str__(self) -> str:
        return f"{self.id_number} — {self.full_name}"

    @property
    def acr(self) -> str:
        return f"LoA{self.level}"


class SandboxClient(models.Model):
    """A relying party registered with the sandbox (Authlib ``ClientMixin``)."""

    client_id = models.CharField(max_length=100, unique=True)
    name = models.CharField("tên ứng dụng", max_length=150, blank=True)
    # Empty when the client authenticates only with private_key_jwt.
    secret_hash = models.CharField(max_length=64, blank=True)
    # Public keys for private_key_jwt (a JWK set); empty for secret-only clients.
    jwks = models.JSONField(default=dict, blank=True)
    redirect_uris = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ứng dụng kết nối (sandbox)"
        verbose_name_plural = "ứng dụng kết nối (sandbox)"

    def __str__(self) -> str:
        return self.client_id

    # --- Authlib ClientMixin -----------------------------------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # OpenID Connect: the request must name its redirect_uri, matched exactly

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in (scope or "").split() if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.secret_hash) and constant_time_compare(self.secret_hash, digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if method in AUTH_METHODS_SECRET:
            return bool(self.secret_hash)
        if method == AUTH_METHOD_JWT:
            return bool(self.jwks.get("keys"))
        return False

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


class PairwiseSubject(models.Model):
    """The ``sub`` one client sees for one identity: random and stable, never the CCCD."""

    identity = models.ForeignKey(SandboxIdentity, on_delete=models.CASCADE, related_name="subjects")
    client_id = models.CharField(max_length=100)
    sub = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["identity", "client_id"], name="sandbox_one_sub_per_client")]

    def __str__(self) -> str:
        return self.sub


class LoginThrottle(models.Model):
    """Failed CCCD/password attempts per CCCD (known or not, so the lock reveals nothing)."""

    id_number = models.CharField(max_length=32, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.id_number}: {self.failures}"


class OtpChallenge(models.Model):
    """One login attempt between a correct password and a correct OTP, bound to one authorization request."""

    public_id = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    identity = models.ForeignKey(SandboxIdentity, on_delete=models.CASCADE, related_name="otp_challenges")
    client_id = models.CharField(max_length=100)
    request_fingerprint = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"OTP #{self.pk} ({self.identity_id})"


class AuthorizationCode(models.Model):
    """An issued code (Authlib ``AuthorizationCodeMixin``), kept after use so that a replay is recognised."""

    code_hash = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=100)
    subject = models.ForeignKey(PairwiseSubject, on_delete=models.CASCADE, related_name="codes")
    redirect_uri = models.CharField(max_length=500)
    scope = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255, blank=True)
    code_challenge = models.CharField(max_length=128)
    code_challenge_method = models.CharField(max_length=10)
    acr = models.CharField(max_length=10)
    auth_time = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"code #{self.pk} → {self.client_id}"

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str:
        return self.nonce

    def get_auth_time(self) -> int:
        return int(self.auth_time.timestamp())

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return ["pwd", "otp"]


class AccessToken(models.Model):
    """A bearer token for the userinfo endpoint (Authlib ``TokenMixin``); no refresh tokens are issued."""

    token_hash = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(SandboxClient, on_delete=models.CASCADE, related_name="tokens")
    subject = models.ForeignKey(PairwiseSubject, on_delete=models.CASCADE, related_name="tokens")
    authorization_code = models.ForeignKey(AuthorizationCode, on_delete=models.CASCADE, related_name="tokens")
    scope = models.CharField(max_length=255)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_in = models.PositiveIntegerField()
    revoked_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"token #{self.pk} → {self.client_id}"

    def check_client(self, client: SandboxClient) -> bool:
        return self.client_id == client.pk

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return (timezone.now() - self.issued_at).total_seconds() >= self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_user(self) -> PairwiseSubject:
        return self.subject

    def get_client(self) -> SandboxClient:
        return self.client


class ClientAssertionUse(models.Model):
    """``jti`` of private_key_jwt assertions already accepted, so that one cannot be replayed."""

    client_id = models.CharField(max_length=100)
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client_id", "jti"], name="sandbox_assertion_once")]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.jti}"


class SigningKey(models.Model):
    """The provider's RSA key for ID tokens, generated on first use; ``kid`` is its RFC 7638 thumbprint."""

    name = models.CharField(max_length=20, unique=True, default="default")
    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.kid
