"""Certificate login: issue a one-time challenge, and turn a signature over it into the organisation's account."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.services import organisation_certificate_login

from .models import LoginChallenge
from .trust import trust_store_load
from .verify import CertificateLoginError, VerifiedSigner, signature_verify

CHALLENGE_LIFETIME = dt.timedelta(minutes=5)


def _binding(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def login_challenge_issue(*, host: str) -> tuple[LoginChallenge, str]:
    """A fresh challenge and the secret the asking session keeps (only its hash is stored)."""
    now = timezone.now()
    LoginChallenge.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    secret = secrets.token_urlsafe(32)
    text = f"motcua-dang-nhap {host[:80]} {secrets.token_urlsafe(24)} {now:%Y%m%dT%H%M%SZ}"
    challenge = LoginChallenge.objects.create(
        text=text, session_binding=_binding(secret), expires_at=now + CHALLENGE_LIFETIME
    )
    return challenge, secret


def login_challenge_for_session(*, challenge_id: int | None, secret: str | None) -> LoginChallenge:
    """The challenge this session was given, still open; otherwise a DomainError saying what happened."""
    challenge = None
    if isinstance(challenge_id, int) and isinstance(secret, str):
        challenge = LoginChallenge.objects.filter(pk=challenge_id, session_binding=_binding(secret)).first()
    if challenge is None:
        raise CertificateLoginError(
            _("Phiên đăng nhập bằng chữ ký số không còn chuỗi xác thực. Vui lòng ký chuỗi xác thực mới dưới đây."),
            code="no_challenge",
        )
    if challenge.used_at is not None:
        raise CertificateLoginError(
            _("Chuỗi xác thực này đã được dùng; mỗi chuỗi chỉ dùng một lần. Vui lòng ký chuỗi xác thực mới."),
            code="reused",
        )
    if challenge.expires_at <= timezone.now():
        raise CertificateLoginError(
            _("Chuỗi xác thực đã hết hạn (có hiệu lực 5 phút). Vui lòng ký chuỗi xác thực mới dưới đây."),
            code="expired_challenge",
        )
    return challenge


@transaction.atomic
def certificate_login(*, challenge_id: int | None, secret: str | None, signature: bytes) -> User:
    """Verify ``signature`` over this session's challenge and return the organisation's account to sign in.

    The challenge is spent by the sign-in it allows (under a row lock, so two uploads of the same file cannot
    both succeed); a refused upload leaves it open for a corrected file until it expires.
    """
    challenge = login_challenge_for_session(challenge_id=challenge_id, secret=secret)
    challenge = LoginChallenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.used_at is not None:  # a concurrent request spent it between the two reads
        raise CertificateLoginError(
            _("Chuỗi xác thực này đã được dùng; mỗi chuỗi chỉ dùng một lần. Vui lòng ký chuỗi xác thực mới."),
            code="reused",
        )
    signer: VerifiedSigner = signature_verify(
        raw=signature, challenge=challenge.text.encode(), trust=trust_store_load(), moment=timezone.now()
    )
    user = organisation_certificate_login(tax_code=signer.tax_code, subject=signer.subject)
    LoginChallenge.objects.filter(pk=challenge.pk).update(
        used_at=timezone.now(), signer_tax_code=signer.tax_code, signer_subject=signer.subject[:500]
    )
    return user
