"""Writes of the sandbox VNeID provider: identities, clients, the password + OTP login, the signing key."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from motcua.core.errors import DomainError
from motcua.notifications.services import normalise_phone, notification_send

from .models import (
    ClientAssertionUse,
    LoginThrottle,
    OtpChallenge,
    PairwiseSubject,
    SandboxClient,
    SandboxIdentity,
    SigningKey,
    digest,
)

ID_NUMBER = re.compile(r"^\d{12}$")
OTP_VALID_FOR = dt.timedelta(minutes=5)
OTP_MAX_FAILURES = 5
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKED_FOR = dt.timedelta(minutes=5)
CALLBACK_PATH = "/tai-khoan/vneid/callback/"


@dataclass(frozen=True)
class Authentication:
    """A citizen who has just passed password and OTP: what the authorization code will carry."""

    identity: SandboxIdentity
    auth_time: dt.datetime


# --- Identities ------------------------------------------------------------------------------------
def _identity_fields(
    *, id_number: str, full_name: str, birth_date: dt.date, phone: str, level: int, gender: str, email: str
) -> dict:
    if not ID_NUMBER.match(id_number or ""):
        raise DomainError(_("Số CCCD phải gồm đúng 12 chữ số."), code="id_number")
    if not (full_name or "").strip():
        raise DomainError(_("Họ và tên không được để trống."), code="full_name")
    if level not in SandboxIdentity.Level.values:
        raise DomainError(_("Mức độ định danh chỉ có thể là 1 hoặc 2."), code="level")
    if gender not in ("Nam", "Nữ"):
        raise DomainError(_("Giới tính phải là Nam hoặc Nữ."), code="gender")
    if not isinstance(birth_date, dt.date) or birth_date > timezone.localdate():
        raise DomainError(_("Ngày sinh không hợp lệ."), code="birth_date")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Địa chỉ thư điện tử không hợp lệ."), code="email") from None
    return {
        "full_name": full_name.strip(),
        "birth_date": birth_date,
        "phone": normalise_phone(phone),
        "level": level,
        "gender": gender,
        "email": email,
    }


def _password_hash(password: str) -> str:
    if len(password or "") < 8:
        raise DomainError(_("Mật khẩu phải có ít nhất 8 ký tự."), code="password")
    return make_password(password)


@transaction.atomic
def sandbox_identity_create(
    *,
    id_number: str,
    password: str,
    full_name: str,
    birth_date: dt.date,
    phone: str,
    level: int = 2,
    gender: str = "Nam",
    address: str = "",
    email: str = "",
    nationality: str = "Việt Nam",
) -> SandboxIdentity:
    """Create one sandbox VNeID account (for the demo and for tests)."""
    fields = _identity_fields(
        id_number=id_number,
        full_name=full_name,
        birth_date=birth_date,
        phone=phone,
        level=level,
        gender=gender,
        email=email,
    )
    if SandboxIdentity.objects.filter(id_number=id_number).exists():
        raise DomainError(_("Đã có tài khoản VNeID thử nghiệm với số CCCD này."), code="id_number")
    return SandboxIdentity.objects.create(
        id_number=id_number, password=_password_hash(password), address=address, nationality=nationality, **fields
    )


@transaction.atomic
def sandbox_identity_ensure(*, id_number: str, password: str, **fields) -> SandboxIdentity:
    """Create the account, or bring an existing one to these values (the demo loader is idempotent)."""
    identity = SandboxIdentity.objects.filter(id_number=id_number).first()
    if identity is None:
        return sandbox_identity_create(id_number=id_number, password=password, **fields)
    address, nationality = fields.pop("address", ""), fields.pop("nationality", "Việt Nam")
    fields.setdefault("level", 2)
    fields.setdefault("gender", "Nam")
    fields.setdefault("email", "")
    for name, value in _identity_fields(id_number=id_number, **fields).items():
        setattr(identity, name, value)
    identity.address, identity.nationality = address, nationality
    if not check_password(password, identity.password):
        identity.password = _password_hash(password)
    identity.save()
    return identity


# --- Clients ---------------------------------------------------------------------------------------
def _check_redirect_uri(uri: str) -> None:
    parts = urlsplit(uri or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
        raise DomainError(_("Địa chỉ chuyển hướng phải là một địa chỉ http(s) đầy đủ, không có phần #."))


@transaction.atomic
def sandbox_client_ensure() -> SandboxClient:
    """The portal's own client, exactly as configured now (tests move MOTCUA_PUBLIC_URL to the live server)."""
    config = settings.MOTCUA_VNEID
    if not config["CLIENT_ID"] or not config["CLIENT_SECRET"]:
        raise DomainError(_("Chưa cấu hình mã ứng dụng và khóa bí mật cho VNeID thử nghiệm."))
    wanted = {
        "name": "Cổng Dịch vụ công",  # data, not UI: a translated value would be rewritten per language
        "secret_hash": digest(config["CLIENT_SECRET"]),
        "redirect_uris": [settings.MOTCUA_PUBLIC_URL + CALLBACK_PATH],
    }
    client, created = SandboxClient.objects.get_or_create(client_id=config["CLIENT_ID"], defaults=wanted)
    if not created and any(getattr(client, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(client, name, value)
        client.save(update_fields=list(wanted))
    return client


@transaction.atomic
def sandbox_client_register(
    *, client_id: str, redirect_uri: str, jwks: dict | None = None, secret: str = "", name: str = ""
) -> SandboxClient:
    """Register another relying party: with a secret, with public keys for private_key_jwt, or both."""
    if not (client_id or "").strip():
        raise DomainError(_("Mã ứng dụng không được để trống."))
    _check_redirect_uri(redirect_uri)
    public_jwks: dict = {}
    if jwks:
        try:
            keys = KeySet.import_key_set(jwks)
        except (JoseError, ValueError, TypeError, KeyError):
            raise DomainError(_("Bộ khóa công khai (JWKS) không hợp lệ.")) from None
        # Only the public halves are kept, whatever was handed in.
        public_jwks = {"keys": [key.as_dict(private=False) for key in keys]}
    if not public_jwks and not secret:
        raise DomainError(_("Ứng dụng cần một khóa bí mật hoặc bộ khóa công khai (JWKS)."))
    if SandboxClient.objects.filter(client_id=client_id).exists():
        raise DomainError(_("Mã ứng dụng này đã được đăng ký."))
    return SandboxClient.objects.create(
        client_id=client_id,
        name=name,
        secret_hash=digest(secret) if secret else "",
        jwks=public_jwks,
        redirect_uris=[redirect_uri],
    )


def client_assertion_use(*, client_id: str, jti: str, expires_at: dt.datetime) -> bool:
    """Record a private_key_jwt assertion id; False when it was already used (a replay)."""
    ClientAssertionUse.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            ClientAssertionUse.objects.create(client_id=client_id, jti=jti[:255], expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def subject_ensure(*, identity: SandboxIdentity, client_id: str) -> PairwiseSubject:
    """The pairwise ``sub`` of this identity for this client, created on first login."""
    subject, _created = PairwiseSubject.objects.get_or_create(identity=identity, client_id=client_id)
    return subject


# --- Login: CCCD + password, then an OTP by SMS ----------------------------------------------------
def _otp_hash(challenge: OtpChallenge, code: str) -> str:
    return salted_hmac("motcua.sandbox.otp", f"{challenge.public_id}:{code}", algorithm="sha256").hexdigest()


def _record_login_failure(id_number: str, now: dt.datetime) -> bool:
    """Count one failure; True when this one locks the CCCD."""
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(id_number=id_number)
    if throttle.last_failure_at is None or now - throttle.last_failure_at > LOGIN_LOCKED_FOR:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    locked = throttle.failures >= LOGIN_MAX_FAILURES
    if locked:
        throttle.failures, throttle.locked_until = 0, now + LOGIN_LOCKED_FOR
    throttle.save()
    return locked


def sandbox_login_start(*, id_number: str, password: str, client_id: str, request_fingerprint: str) -> OtpChallenge:
    """Check CCCD and password; on success send a 6-digit OTP by SMS and return the pending challenge.

    One message for a wrong CCCD and a wrong password, and the lock applies to unknown CCCDs too: the answer
    never tells whether an account exists.
    """
    locked_message = _("Bạn đã nhập sai quá %(count)s lần. Vui lòng thử lại sau %(minutes)s phút.") % {
        "count": LOGIN_MAX_FAILURES,
        "minutes": int(LOGIN_LOCKED_FOR.total_seconds() // 60),
    }
    with transaction.atomic():
        now = timezone.now()
        if LoginThrottle.objects.filter(id_number=id_number, locked_until__gt=now).exists():
            raise DomainError(locked_message, code="locked")
        identity = SandboxIdentity.objects.filter(id_number=id_number).first()
        if identity is None:
            make_password(password)  # the same work as a real check, so timing tells nothing either
            ok = False
        else:
            ok = check_password(password, identity.password)
        if ok:
            LoginThrottle.objects.filter(id_number=id_number).delete()
            code = f"{secrets.randbelow(10**6):06d}"
            challenge = OtpChallenge(
                identity=identity,
                client_id=client_id,
                request_fingerprint=request_fingerprint,
                expires_at=now + OTP_VALID_FOR,
            )
            challenge.code_hash = _otp_hash(challenge, code)
            challenge.save()
            body = _("Mã OTP đăng nhập VNeID: %(code)s. Mã có hiệu lực trong 5 phút, chỉ dùng một lần.") % {
                "code": code
            }
            notification_send(channel="sms", to=identity.phone, body=body + " " + _("Không chia sẻ mã này."))
            return challenge
        locked = _record_login_failure(id_number, now)
    # Raised after the transaction so that the failure just counted is kept.
    if locked:
        raise DomainError(locked_message, code="locked")
    raise DomainError(_("Số CCCD hoặc mật khẩu không đúng."), code="credentials")


def sandbox_otp_verify(*, challenge_id: str, request_fingerprint: str, code: str) -> Authentication:
    """Accept the OTP once, within 5 minutes, for the authorization request it was sent for."""
    restart = _("Vui lòng đăng nhập lại từ đầu để nhận mã mới.")
    with transaction.atomic():
        now = timezone.now()
        challenge = (
            OtpChallenge.objects.select_for_update()
            .select_related("identity")
            .filter(public_id=challenge_id or "", request_fingerprint=request_fingerprint)
            .first()
        )
        code_name = "otp_restart"  # every refusal but a wrong code means: start the login again
        if challenge is None:
            error = _("Phiên đăng nhập không còn hiệu lực.") + " " + restart
        elif challenge.used_at is not None:
            error = _("Mã OTP này đã được sử dụng.") + " " + restart
        elif challenge.failed_attempts >= OTP_MAX_FAILURES:
            error = _("Bạn đã nhập sai mã OTP quá %(count)s lần.") % {"count": OTP_MAX_FAILURES} + " " + restart
        elif challenge.expires_at <= now:
            error = _("Mã OTP đã hết hạn.") + " " + restart
        elif constant_time_compare(challenge.code_hash, _otp_hash(challenge, (code or "").strip())):
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
            return Authentication(identity=challenge.identity, auth_time=now)
        else:
            challenge.failed_attempts += 1
            challenge.save(update_fields=["failed_attempts"])
            left = OTP_MAX_FAILURES - challenge.failed_attempts
            if left:
                error, code_name = _("Mã OTP không đúng. Bạn còn %(left)s lần thử.") % {"left": left}, "otp"
            else:
                error = _("Bạn đã nhập sai mã OTP quá %(count)s lần.") % {"count": OTP_MAX_FAILURES} + " " + restart
    # Raised after the transaction so that the wrong try just counted is kept.
    raise DomainError(error, code=code_name)


# --- Signing key -----------------------------------------------------------------------------------
def signing_key_current() -> RSAKey:
    """The ID-token signing key (RSA 2048), generated once and shared by every process through the DB."""
    stored = SigningKey.objects.filter(name="default").first()
    if stored is None:
        key = RSAKey.generate_key(2048, private=True)
        try:
            with transaction.atomic():
                stored = SigningKey.objects.create(
                    name="default", kid=key.thumbprint(), private_pem=key.as_pem(private=True).decode()
                )
        except IntegrityError:  # another process created it first: use theirs
            stored = SigningKey.objects.get(name="default")
    key = RSAKey.import_key(stored.private_pem, {"kid": stored.kid, "alg": "RS256", "use": "sig"})
    return key
