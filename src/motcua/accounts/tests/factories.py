"""Factories and helpers for officers, their roles and their TOTP (imported by the back-office and e2e tests)."""

import time

import factory
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from motcua.accounts.models import AccountKind, StaffMembership, StaffRole, User
from motcua.catalogue.tests.factories import AgencyFactory

PASSWORD = "Mật-khẩu-thử-2024"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    kind = AccountKind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class OfficerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    kind = AccountKind.OFFICER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(OfficerFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = StaffRole.RECEPTION


def officer_with_role(role: str = StaffRole.RECEPTION, agency=None, **user_fields) -> User:
    officer = OfficerFactory(**user_fields)
    MembershipFactory(user=officer, role=role, **({"agency": agency} if agency is not None else {}))
    return officer


def totp_enable(user: User) -> str:
    """Give ``user`` a TOTP authenticator the way allauth.mfa activates one; return the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The current code (RFC 6238), taken early enough in its 30-second window to still be valid when posted."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def totp_wrong_code(secret: str) -> str:
    """A well-formed code that is certainly not valid now."""
    right = totp_code(secret)
    return f"{(int(right) + 1) % 10**mfa_settings.TOTP_DIGITS:0{mfa_settings.TOTP_DIGITS}d}"


def organisation_account(*, password: str, tax_code: str = "6100123456", confirmed: bool = False) -> User:
    """The demo-like business "Công ty TNHH Nông sản Ngọc Linh", registered through the real service."""
    from allauth.account.models import EmailAddress

    from motcua.accounts.services import organisation_register

    user = organisation_register(
        kind=AccountKind.BUSINESS,
        name="Công ty TNHH Nông sản Ngọc Linh",
        tax_code=tax_code,
        address="Kon Tum",
        representative="Nguyễn Văn An",
        phone="02603797799",
        email="lienhe@ngoclinh.vn",
        username="ngoclinh",
        password=password,
    )
    if confirmed:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
