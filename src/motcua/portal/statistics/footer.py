"""The "Thống kê truy cập" block of the portal footer: visits today, yesterday, this month, last month, this year.

The figures are read at most once a minute per process (and per day) from ``reports.selectors.visits_summary``.
"""

from django.core.cache import cache
from django.utils import timezone

from motcua.reports.selectors import VisitSummary, visits_summary

TTL = 60


def footer_visits() -> tuple[VisitSummary, object]:
    """The visit counts and today's date (Asia/Ho_Chi_Minh), the counts cached for ``TTL`` seconds."""
    today = timezone.localdate()
    summary = cache.get_or_set(f"portal:visits:{today.isoformat()}", lambda: visits_summary(today=today), TTL)
    return summary, today
