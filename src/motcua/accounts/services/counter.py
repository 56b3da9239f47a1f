"""Officers, and citizens' accounts opened at the counter by a reception officer."""

import re
from collections.abc import Sequence
from datetime import date

from allauth.account import app_settings as allauth_account_settings
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError
from motcua.notifications.services import normalise_phone, notification_send

from ..models import AccountKind, CitizenProfile, CounterRegistration, IdentityLevel, StaffMembership, StaffRole, User
from ..selectors import officer_agencies_with_role

CCCD = re.compile(r"^[0-9]{12}$")


@transaction.atomic
def officer_ensure(
    *, username: str, password: str, full_name: str, memberships: Sequence[tuple[str, str]], email: str = ""
) -> User:
    """An officer with these ``(agency code, role)`` memberships; an existing account keeps its password."""
    codes = {code for code, __ in memberships}
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=codes)}
    if missing := sorted(codes - agencies.keys()):
        raise DomainError(
            _("Chưa có cơ quan mã %(codes)s: hãy nạp danh mục cơ quan trước.") % {"codes": ", ".join(missing)},
            code="agency",
        )
    if unknown := sorted({role for __, role in memberships} - set(StaffRole.values)):
        raise DomainError(_("Vai trò không hợp lệ: %(roles)s.") % {"roles": ", ".join(unknown)}, code="role")
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": email, "kind": AccountKind.OFFICER}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif user.kind != AccountKind.OFFICER:
        raise DomainError(
            _("Tài khoản %(username)s đã có và không phải tài khoản cán bộ.") % {"username": username}, code="kind"
        )
    for code, role in memberships:
        StaffMembership.objects.get_or_create(user=user, agency=agencies[code], role=role)
    return user


@transaction.atomic
def citizen_register_at_counter(
    *,
    officer: User,
    full_name: str,
    id_number: str,
    date_of_birth: date | None,
    phone: str,
    address: str,
    email: str = "",
    agency: Agency | None = None,
) -> User:
    """Open a citizen's account at the reception desk and send the link to set their own password.

    The officer has seen the citizen's ID card, yet the account stays "not identified" (level 0, not VNeID) until
    the citizen signs in through VNeID. The username is the CCCD. The link (SMS, and e-mail if given) is allauth's
    password-reset link: valid PASSWORD_RESET_TIMEOUT, single use. Nothing is created or sent if a check fails.
    """
    agency = _counter_agency(officer=officer, agency=agency)
    full_name = " ".join((full_name or "").split())
    if not full_name or len(full_name) > 200 or any(char.isdigit() for char in full_name):
        raise DomainError(_("Nhập họ và tên của công dân như trên thẻ căn cước (chỉ gồm chữ cái)."), code="full_name")
    id_number = re.sub(r"\s", "", id_number or "")
    sex = _citizen_sex_from_id_number(id_number=id_number, date_of_birth=date_of_birth)
    phone = normalise_phone(phone)
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.com)."), code="email"
            ) from None
    address = " ".join((address or "").split())
    if not address or len(address) > 500:
        raise DomainError(_("Nhập địa chỉ thường trú của công dân (tối đa 500 ký tự)."), code="address")
    _citizen_refuse_taken(id_number=id_number, phone=phone, email=email)
    try:
        with transaction.atomic():
            citizen = User(username=id_number, full_name=full_name, phone=phone, email=email, kind=AccountKind.CITIZEN)
            citizen.set_unusable_password()
            citizen.save()
            CitizenProfile.objects.create(
                user=citizen,
                id_number=id_number,
                date_of_birth=date_of_birth,
                sex=sex,
                nationality="Việt Nam",
                address=address,
                identity_level=IdentityLevel.NONE,
                verified_by_vneid=False,
            )
    except IntegrityError:  # the same CCCD registered at another counter at the same moment
        raise DomainError(_citizen_id_number_taken(), code="id_number") from None
    if email:
        EmailAddress.objects.create(user=citizen, email=email, primary=True, verified=False)
    CounterRegistration.objects.create(citizen=citizen, officer=officer, agency=agency, sms_to=phone, email_to=email)
    _citizen_send_activation(citizen=citizen, agency=agency)
    return citizen


def _counter_agency(*, officer: User, agency: Agency | None) -> Agency:

    agencies = officer_agencies_with_role(officer=officer, role=StaffRole.RECEPTION)
    if not agencies:
        raise DomainError(_("Chỉ cán bộ tiếp nhận mới đăng ký tài khoản cho công dân."), code="forbidden")
    if agency is None and len(agencies) == 1:
        return agencies[0]
    if agency is None or agency.pk not in {candidate.pk for candidate in agencies}:
        raise DomainError(_("Chọn nơi tiếp nhận là một cơ quan bạn làm cán bộ tiếp nhận."), code="agency")
    return agency


def _citizen_sex_from_id_number(*, id_number: str, date_of_birth: date | None) -> str:
    """Check a CCCD against the date of birth; return the sex it encodes.

    A CCCD is 3 digits of province (001–096), 1 digit of century and sex (0/1 = 1900s, 2/3 = 2000s …, even =
    male), 2 digits of the year of birth, then 6 random digits.
    """
    if not CCCD.match(id_number) or not 1 <= int(id_number[:3]) <= 96:
        raise DomainError(_("Số định danh cá nhân (CCCD) gồm đúng 12 chữ số, ví dụ 062095001234."), code="id_number")
    if not isinstance(date_of_birth, date):
        raise DomainError(_("Nhập ngày sinh theo dạng ngày/tháng/năm."), code="date_of_birth")
    if date_of_birth > timezone.localdate() or date_of_birth.year < 1900:
        raise DomainError(
            _("Ngày sinh không hợp lệ: không được sau hôm nay hoặc trước năm 1900."), code="date_of_birth"
        )
    century_and_sex = int(id_number[3])
    if 1900 + 100 * (century_and_sex // 2) + int(id_number[4:6]) != date_of_birth.year:
        raise DomainError(
            _("Năm sinh không khớp với số CCCD (chữ số thứ 4–6). Kiểm tra lại số CCCD hoặc ngày sinh."),
            code="id_number",
        )
    return "Nam" if century_and_sex % 2 == 0 else "Nữ"


def _citizen_refuse_taken(*, id_number: str, phone: str, email: str) -> None:
    if (
        CitizenProfile.objects.filter(id_number=id_number).exists()
        or User.objects.filter(username__iexact=id_number).exists()
    ):
        raise DomainError(_citizen_id_number_taken(), code="id_number")
    local = phone[1:]
    if User.objects.filter(kind=AccountKind.CITIZEN, phone__in=[phone, f"+84{local}", f"84{local}"]).exists():
        raise DomainError(
            _("Số điện thoại này đã dùng cho tài khoản của một công dân khác. Vui lòng nhập số của chính công dân."),
            code="phone",
        )
    if email and (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise DomainError(
            _("Địa chỉ thư điện tử này đã dùng cho một tài khoản khác. Để trống hoặc nhập địa chỉ khác."), code="email"
        )


def _citizen_id_number_taken() -> str:
    return _(
        "Số CCCD này đã có tài khoản trên Cổng. Công dân đăng nhập bằng tài khoản đó hoặc VNeID; nếu quên mật khẩu,"
        " dùng chức năng “Quên mật khẩu”."
    )


def _citizen_send_activation(*, citizen: User, agency: Agency) -> None:
    """The link to allauth's set-a-new-password page, with a token from allauth's own generator."""
    token = allauth_account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(citizen)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(citizen), "key": token})
    context = {
        "portal": settings.MOTCUA_PORTAL_TITLE,
        "agency": agency.short_name or agency.name,
        "username": citizen.username,
        "link": f"{settings.MOTCUA_PUBLIC_URL}{path}",
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override("vi"):  # the citizen reads Vietnamese whatever the officer's screen language
        sms = _(
            "Cổng DVC tỉnh %(province)s: tài khoản của bạn đã được tạo, tên đăng nhập %(username)s. Đặt mật khẩu tại"
            " %(link)s (hiệu lực %(days)s ngày, dùng 1 lần)."
        ) % {**context, "province": settings.MOTCUA_PROVINCE_NAME}
        subject = _("Kích hoạt tài khoản trên Cổng Dịch vụ công")
        template = _(
            "Kính gửi công dân,\n\n%(agency)s đã đăng ký cho bạn tài khoản trên %(portal)s.\n"
            "Tên đăng nhập: %(username)s (số CCCD của bạn).\n\n"
            "Để kích hoạt tài khoản, mở đường dẫn sau và tự đặt mật khẩu:\n%(link)s\n\n"
            "Đường dẫn có hiệu lực %(days)s ngày và chỉ dùng được một lần. Nếu bạn không yêu cầu, hãy bỏ qua thư này."
        )
        body = template % context
    notification_send(channel="sms", to=citizen.phone, body=sms)
    if citizen.email:
        notification_send(channel="email", to=citizen.email, subject=subject, body=body)
