"""From the provider's claims to ``IdentityClaims``, read defensively.

The national SSO has no public specification: each field is looked up first under the names configured in
``MOTCUA_VNEID_CLAIMS``, then under the names the national portal was seen to send (``SoDinhDanh`` …), then
under the standard OpenID Connect names. Identity data that is present but malformed (an 11-digit ID number,
a date that is no date) refuses the sign-in: nothing half-right is stored. Contact details that are malformed
are only left out, since they are not what the e-ID vouches for.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.identity.base import IdentityClaims, IdentityError

from .config import OidcSettings

BUILT_IN_NAMES: dict[str, tuple[str, ...]] = {
    "id_number": ("SoDinhDanh",),
    "full_name": ("HoVaTen", "name"),
    "date_of_birth": ("NgayThangNamSinh", "birthdate"),
    "sex": ("GioiTinh", "gender"),
    "nationality": ("QuocTich",),
    "address": ("DiaChiThuongTru", "address"),
    "email": ("email",),
    "phone": ("phone_number",),
    "account_type": ("LoaiTaiKhoan",),
}
# Protocol claims are not facts about the person: they are not kept on the link.
PROTOCOL_CLAIMS = frozenset({"iss", "aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "azp", "jti", "sid"})
SEXES = {
    "nam": "Nam",
    "male": "Nam",
    "m": "Nam",
    "1": "Nam",
    "nữ": "Nữ",
    "nu": "Nữ",
    "female": "Nữ",
    "f": "Nữ",
    "2": "Nữ",
}
# yyyyMMdd (national SSO), YYYY-MM-DD (OpenID Connect), dd/MM/yyyy (seen in Vietnamese systems).
# ASCII digits only: \d would also accept other scripts' digits (e.g. full-width ones).
DATE_FORMATS = (
    (r"[0-9]{8}", "%Y%m%d"),
    (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "%Y-%m-%d"),
    (r"[0-9]{2}/[0-9]{2}/[0-9]{4}", "%d/%m/%Y"),
)


def bad_claim(what: str) -> IdentityError:
    return IdentityError(
        _(
            "VNeID trả về %(what)s không hợp lệ nên không thể đăng nhập. Vui lòng liên hệ tổng đài Bộ Công an"
            " 1900.0368 để kiểm tra tài khoản VNeID."
        )
        % {"what": what},
        code="bad_claim",
    )


def _pick(conf: OidcSettings, claims: dict, field: str) -> object:
    for name in (*conf.extra_claims.get(field, ()), *BUILT_IN_NAMES[field]):
        value = claims.get(name)
        if value not in (None, ""):
            return value
    return None


def _text(value: object, *, limit: int, what: str) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise bad_claim(what)
    value = " ".join(value.split())
    if len(value) > limit:
        raise bad_claim(what)
    return value


def _id_number(value: object) -> str:
    text = _text(value, limit=20, what=_("số định danh cá nhân"))
    if not text:
        raise IdentityError(
            _(
                "VNeID không cho biết số định danh cá nhân nên không thể đăng nhập. Vui lòng liên hệ tổng đài Bộ"
                " Công an 1900.0368."
            ),
            code="bad_claim",
        )
    if not re.fullmatch(r"[0-9]{12}", text):
        raise bad_claim(_("số định danh cá nhân"))
    return text


def _date_of_birth(value: object) -> date | None:
    text = _text(value, limit=10, what=_("ngày sinh"))
    if not text:
        return None
    for shape, pattern in DATE_FORMATS:
        if not re.fullmatch(shape, text):
            continue
        try:
            parsed = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            break
        if date(1900, 1, 1) <= parsed <= timezone.localdate():
            return parsed
        break
    raise bad_claim(_("ngày sinh"))


def _address(value: object) -> str:
    # OpenID Connect sends an address object; the national SSO a plain string.
    if isinstance(value, dict):
        value = value.get("formatted") or ", ".join(
            str(value[part])
            for part in ("street_address", "locality", "region", "country")
            if isinstance(value.get(part), str) and value[part]
        )
    return _text(value, limit=500, what=_("địa chỉ thường trú"))


def _email(value: object) -> str:
    if not isinstance(value, str):
        return ""
    try:
        validate_email(value.strip())
    except ValidationError:
        return ""
    return value.strip()[:254]


def _phone(value: object) -> str:
    if not isinstance(value, str | int):
        return ""
    digits = re.sub(r"[\s.()-]", "", str(value))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if re.fullmatch(r"0[0-9]{9,10}", digits) else ""


def identity_claims_from(conf: OidcSettings, claims: dict, *, level: int, acr: str) -> IdentityClaims:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise bad_claim(_("mã tài khoản"))
    sex = _text(_pick(conf, claims, "sex"), limit=20, what=_("giới tính"))
    return IdentityClaims(
        subject=subject,
        id_number=_id_number(_pick(conf, claims, "id_number")),
        identity_level=level,
        acr=acr,
        full_name=_text(_pick(conf, claims, "full_name"), limit=200, what=_("họ và tên")),
        date_of_birth=_date_of_birth(_pick(conf, claims, "date_of_birth")),
        sex=SEXES.get(sex.lower(), ""),
        nationality=_text(_pick(conf, claims, "nationality"), limit=100, what=_("quốc tịch")),
        address=_address(_pick(conf, claims, "address")),
        email=_email(_pick(conf, claims, "email")),
        phone=_phone(_pick(conf, claims, "phone")),
        account_type=_text(_pick(conf, claims, "account_type"), limit=50, what=_("loại tài khoản")),
        raw={name: value for name, value in claims.items() if name not in PROTOCOL_CLAIMS},
    )
