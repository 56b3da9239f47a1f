from django import template

from motcua.core.money import format_dong

register = template.Library()


@register.filter
def dong(amount: int) -> str:
    """Integer đồng for people: ``1500000`` → ``1.500.000 đ``."""
    return format_dong(int(amount))
