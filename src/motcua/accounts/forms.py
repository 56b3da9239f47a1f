"""Domain-side checks on what an organisation types in: tax code, phone. Pure functions, no database."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")
PHONE = re.compile(r"^0[0-9]{9,10}$")


def normalise_tax_code(raw: str) -> str:
    """``0101234567`` or ``0101234567-001`` (a branch); spaces around the hyphen are dropped.

    Raises ``ValidationError`` with a Vietnamese message otherwise.
    """
    value = re.sub(r"\s+", "", raw or "")
    if not TAX_CODE.match(value):
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (ví dụ 0101234567-001)."),
            code="tax_code",
        )
    return value


def normalise_org_phone(raw: str) -> str:
    """A landline or mobile number: ``(0260) 3797799`` / ``+84 912 345 678`` → digits starting with 0."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not PHONE.match(digits):
        raise ValidationError(
            _("Số điện thoại không hợp lệ: nhập 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 02603797799)."),
            code="phone",
        )
    return digits
