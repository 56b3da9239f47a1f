"""Filters for back-office pages: show enough of a phone number or address to recognise it, not all of it."""

from django import template

register = template.Library()


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
