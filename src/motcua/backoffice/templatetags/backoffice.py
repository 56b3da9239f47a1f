"""Back-office template helpers: the sections of the menu an officer may open, and filters that show enough of a
phone number or address to recognise it, not all of it."""

from django import template

from motcua.payments.selectors.finance import finance_agency_ids
from motcua.reports.selectors import statistics_allowed

register = template.Library()


@register.simple_tag
def backoffice_sections(user) -> dict[str, bool]:
    """Which role-bound sections ``user`` may open, so the menu links only to pages that will not answer 403."""
    return {"finance": bool(finance_agency_ids(officer=user)), "statistics": statistics_allowed(user=user)}


@register.filter
def mask_phone(phone: str) -> str:
    """``0912345678`` → ``091****678``."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 6)}{phone[-3:]}"


@register.filter
def mask_email(email: str) -> str:
    """``nguyen.van.a@example.com`` → ``n***@example.com``."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return ""
    return f"{local[:1]}***@{domain}"
