"""Citizens' accounts from an identity provider's verified claims."""

import secrets
from datetime import date, datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

from ..models import AccountKind, CitizenProfile, User


@transaction.atomic
def citizen_upsert_from_identity(
    *,
    user: User | None,
    id_number: str,
    identity_level: int,
    verified_at: datetime,
    full_name: str = "",
    date_of_birth: date | None = None,
    sex: str = "",
    nationality: str = "",
    address: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """The citizen account a national e-ID sign-in belongs to: created on the first sign-in, refreshed after.

    ``user`` is the account already linked to the provider's subject, if any. Without one, the account that an
    officer registered at the counter with the same ID number is taken, or a new one is created (no usable
    password: the citizen only ever signs in through the e-ID). The e-ID is the authority on identity data, so
    the profile is overwritten with what it vouched for. Staff, organisations and locked accounts are refused:
    an officer never signs in through the citizen identity provider.
    """
    holder = CitizenProfile.objects.select_related("user").filter(id_number=id_number).first()
    if user is None and holder is not None:
        user = holder.user
    if holder is not None and user is not None and holder.user_id != user.pk:
        raise DomainError(
            _(
                "Số định danh cá nhân này đã gắn với một tài khoản khác trên Cổng. Vui lòng liên hệ Trung tâm"
                " Phục vụ hành chính công để được hỗ trợ."
            ),
            code="conflict",
        )
    if user is None:
        user = User(username=f"vneid-{secrets.token_hex(6)}", kind=AccountKind.CITIZEN)
        user.set_unusable_password()
        user.save()
    else:
        _citizen_refuse_unless_citizen(user)
    profile = CitizenProfile.objects.filter(user=user).first() or CitizenProfile(user=user)
    if profile.id_number and profile.id_number != id_number:
        raise DomainError(
            _(
                "Tài khoản này đã gắn với một số định danh cá nhân khác. Vui lòng liên hệ Trung tâm Phục vụ hành"
                " chính công để được hỗ trợ."
            ),
            code="conflict",
        )

    user.full_name = full_name or user.full_name
    # Contact details stay unique per person (counter registration refuses duplicates too): one already used
    # by another account, e.g. an organisation's login, is not copied from the e-ID.
    others = User.objects.exclude(pk=user.pk)
    if phone and not others.filter(kind=AccountKind.CITIZEN, phone=phone).exists():
        user.phone = phone
    if email and not (
        others.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
    ):
        user.email = email
    user.save(update_fields=["full_name", "phone", "email"])

    profile.id_number = id_number
    profile.date_of_birth = date_of_birth or profile.date_of_birth
    profile.sex = sex or profile.sex
    profile.nationality = nationality or profile.nationality
    profile.address = address or profile.address
    profile.identity_level = identity_level
    profile.verified_by_vneid = True
    profile.verified_at = verified_at
    profile.save()
    return user


def _citizen_refuse_unless_citizen(user: User) -> None:
    if user.kind == AccountKind.OFFICER or user.is_staff or user.is_superuser:
        raise DomainError(
            _(
                "Tài khoản cán bộ, công chức không đăng nhập bằng VNeID trên Cổng Dịch vụ công. Vui lòng đăng nhập"
                " tại trang Một cửa điện tử."
            ),
            code="refused",
        )
    if user.kind != AccountKind.CITIZEN:
        raise DomainError(
            _("Số định danh này gắn với tài khoản tổ chức, doanh nghiệp; không đăng nhập bằng VNeID của công dân."),
            code="refused",
        )
    if not user.is_active:
        raise DomainError(
            _(
                "Tài khoản gắn với số định danh này đang bị khóa. Vui lòng liên hệ Trung tâm Phục vụ hành chính công"
                " để được hỗ trợ."
            ),
            code="refused",
        )
