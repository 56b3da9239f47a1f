"""The portal's visit counter ("Thống kê truy cập"): one visit per browser per day, nothing about the visitor.

A page view of the public portal counts once a day: the response sets the first-party cookie ``motcua_visit``
holding only today's date (e.g. ``2026-11-23``), and a browser that sends today's date is not counted again. The
cookie is strictly necessary for that count and anonymous: no identifier, no IP address, no user id, no
fingerprint is read or stored; the counter itself is one number per day (``reports.services.visit_record``).

Not counted: anything but a GET of an HTML page answered 200 (HEAD, feeds, files, htmx fragments, errors), clients
that do not ask for HTML or call themselves bots, and the back office, API, payment callbacks, static and media
files, the admin and the sandboxes.
"""

import datetime as dt
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from motcua.reports.services import visit_record

COOKIE = "motcua_visit"
SKIPPED = ("/mot-cua/", "/api/", "/thanh-toan/", "/static/", "/media/", "/quan-tri/", "/sandbox/", "/altcha/")
SKIPPED_EXACT = ("/healthz", "/favicon.ico", "/robots.txt")
BOTS = re.compile(r"bot|crawl|spider|slurp|curl|wget|python-|httpx|go-http|java/|facebookexternalhit|preview", re.I)
logger = logging.getLogger(__name__)


def counts_as_visit(request: HttpRequest, response: HttpResponse, today: dt.date) -> bool:
    path = request.path
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and "text/html" in request.headers.get("Accept", "")
        and not request.headers.get("HX-Request")
        and not path.startswith(SKIPPED)
        and path not in SKIPPED_EXACT
        and not BOTS.search(request.headers.get("User-Agent", ""))
        and request.COOKIES.get(COOKIE) != today.isoformat()
    )


def _seconds_to_midnight(now: dt.datetime) -> int:
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=now.tzinfo)
    return max(60, int((midnight - now).total_seconds()))


class VisitCounterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        now = timezone.localtime()
        if not counts_as_visit(request, response, now.date()):
            return response
        try:
            visit_record(site="portal")
        except DatabaseError:  # a busy database must never cost a visitor the page; the visit is simply not counted
            logger.warning("visit not counted: the database is busy", exc_info=True)
            return response
        response.set_cookie(
            COOKIE,
            now.date().isoformat(),
            max_age=_seconds_to_midnight(now),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
