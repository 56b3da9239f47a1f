"""``/thong-ke/`` ("Thống kê"): per agency, dossiers received this month and this year, on-time rate, online rate
and satisfaction ("Đánh giá chất lượng phục vụ") — public figures, no personal data, the same for everyone.

The figures are computed at most once every five minutes (``TTL``) and shared by every visitor.
"""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.reports.selectors import public_dashboard

TTL = 300


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    figures = cache.get_or_set(f"portal:dashboard:{today.isoformat()}", lambda: public_dashboard(today=today), TTL)
    return render(request, "portal/statistics/dashboard.html", {"dashboard": figures})
