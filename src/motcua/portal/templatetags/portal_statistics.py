"""``{% visit_counter %}``: the "Thống kê truy cập" block of the footer (portal/statistics/footer.py)."""

from django import template
from django.utils.formats import get_format, number_format

from motcua.portal.statistics.footer import footer_visits
from motcua.portal.statistics.middleware import SKIPPED

register = template.Library()


@register.inclusion_tag("portal/statistics/_visits.html", takes_context=True)
def visit_counter(context: template.Context) -> dict:
    request = context.get("request")
    if request is None or request.path.startswith(SKIPPED):
        return {"visits": None}  # the back office and the like show no public visit counter
    visits, today = footer_visits()
    return {"visits": visits, "today": today}


@register.filter
def percent(value: float | None) -> str:
    """``85.25`` → ``85,3%`` (Vietnamese decimal comma); ``None`` → ``—`` (nothing to count yet)."""
    return "—" if value is None else f"{number_format(value, decimal_pos=1)}%"


@register.filter
def thousands(value: int) -> str:
    """``1382`` → ``1.382`` (Vietnamese; Django's Vietnamese number format does not group digits)."""
    return f"{int(value):,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))
