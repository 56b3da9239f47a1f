"""Organisations and businesses: registration, and whom a unit's certificate signs in."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

from ..forms import normalise_tax_code
from ..models import AccountKind, Organisation, User

ORGANISATION_KINDS = (AccountKind.BUSINESS, AccountKind.ORGANISATION)


@transaction.atomic
def organisation_register(
    *,
    kind: str,
    name: str,
    tax_code: str,
    address: str,
    representative: str,
    phone: str,
    email: str,
    username: str,
    password: str,
) -> User:
    """Create a business's or organisation's account and its profile together (nothing if either fails).

    The e-mail address still has to be confirmed (django-allauth sends the link); the tax code is the key a
    certificate login later finds the account by, so it is unique.
    """
    if kind not in ORGANISATION_KINDS:
        raise DomainError(_("Vui lòng chọn loại tài khoản: doanh nghiệp hoặc tổ chức."), code="kind")
    try:
        tax_code = normalise_tax_code(tax_code)
    except ValidationError as error:
        raise DomainError(str(error.messages[0]), code="tax_code") from None
    name, email, username = name.strip(), email.strip().lower(), username.strip()
    if not name:
        raise DomainError(_("Vui lòng nhập tên tổ chức, doanh nghiệp."), code="organisation_name")
    if Organisation.objects.filter(tax_code=tax_code).exists():
        raise DomainError(_organisation_tax_code_taken(), code="tax_code")
    if email and User.objects.filter(email__iexact=email).exists():
        raise DomainError(_organisation_email_taken(), code="email")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Tên tài khoản này đã có người dùng. Vui lòng chọn tên khác."), code="username")
    try:
        with transaction.atomic():
            user = User(username=username, email=email, full_name=name, phone=phone, kind=kind)
            user.set_password(password)
            user.save()
            Organisation.objects.create(
                user=user, name=name, tax_code=tax_code, address=address.strip(), representative=representative.strip()
            )
    except IntegrityError:
        # Two registrations with the same tax code or name at the same moment: the second one loses.
        raise DomainError(_organisation_tax_code_taken(), code="tax_code") from None
    return user


@transaction.atomic
def organisation_ensure(*, username: str, password: str, name: str, tax_code: str, email: str) -> User:
    """The demo business: created once with a confirmed e-mail; never overwrites what was changed since."""
    organisation = Organisation.objects.select_related("user").filter(tax_code=tax_code).first()
    if organisation is not None:
        return organisation.user
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, full_name=name)
        user.set_password(password)
    user.kind = AccountKind.BUSINESS
    user.save()
    Organisation.objects.create(user=user, name=name, tax_code=tax_code)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email or email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation_tax_code_taken() -> str:
    return _(
        "Mã số thuế này đã được đăng ký tài khoản trên Cổng. Nếu đơn vị quên mật khẩu, hãy dùng chức năng"
        " “Quên mật khẩu” hoặc đăng nhập bằng chữ ký số."
    )


def _organisation_email_taken() -> str:
    return _("Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác. Vui lòng dùng địa chỉ khác.")


@transaction.atomic
def organisation_certificate_login(*, tax_code: str, subject: str = "") -> User:
    """The account a certificate carrying this tax code signs in to, or a DomainError saying why not.

    The verified certificate also confirms the organisation (its tax code was only typed at sign-up).
    """

    organisation = Organisation.objects.select_related("user").filter(tax_code=tax_code).first()
    if organisation is None:
        raise DomainError(
            _(
                "Chưa có tài khoản tổ chức, doanh nghiệp nào mang mã số thuế %(tax_code)s trên Cổng. Vui lòng đăng"
                " ký tài khoản trước, rồi đăng nhập bằng chữ ký số."
            )
            % {"tax_code": tax_code},
            code="not_found",
        )
    user = organisation.user
    if user.kind not in ORGANISATION_KINDS or user.is_staff or user.is_superuser:
        raise DomainError(
            _("Tài khoản gắn với mã số thuế này không phải tài khoản tổ chức, doanh nghiệp."), code="refused"
        )
    if not user.is_active:
        raise DomainError(
            _("Tài khoản của đơn vị đang bị khóa. Vui lòng liên hệ Trung tâm Phục vụ hành chính công để được hỗ trợ."),
            code="refused",
        )
    Organisation.objects.filter(pk=organisation.pk).update(
        certificate_confirmed_at=timezone.now(), certificate_subject=subject[:500]
    )
    return user
