"""Public portal views: parse the request, call one selector or service, render."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.selectors import account_summary
from motcua.catalogue import selectors as catalogue
from motcua.catalogue.models import Procedure
from motcua.core.errors import NotFound
from motcua.core.throttle import throttle_allows
from motcua.dossiers.selectors import dossier_public_status, dossier_tab_counts
from motcua.notifications.selectors import inbox_unread_count, outbox_recent

from .display import CONTRAST_COOKIE, FONT_COOKIE, ONE_YEAR, display_apply, display_from_cookies
from .forms import search_query_from
from .page_cache import public_page


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "agencies": catalogue.agencies_for_filter(),
            "fields": catalogue.fields_for_filter(),
            "counts": catalogue.catalogue_counts(),
        },
    )


@require_GET
@public_page
def procedure_search(request: HttpRequest) -> HttpResponse:
    result = catalogue.procedure_search(query=search_query_from(request.GET))
    context = {"result": result}
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "portal/search.html#results", context)
    context.update(agencies=catalogue.agencies_for_filter(), fields=catalogue.fields_for_filter())
    return render(request, "portal/search.html", context)


@require_GET
@public_page
def procedure_suggest(request: HttpRequest) -> HttpResponse:
    suggestions = catalogue.procedure_suggest(text=request.GET.get("q", "")[:1000])
    return render(request, "portal/_suggestions.html", {"suggestions": suggestions})


def _published_procedure_or_404(code: str) -> Procedure:
    try:
        return catalogue.procedure_get_published(code=code)
    except NotFound as error:
        raise Http404(error.message) from None


@require_GET
@public_page
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _published_procedure_or_404(code)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "agency_contacts": catalogue.contacts_for_agency(agency=procedure.agency),
        },
    )


@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/guides.html")


@require_GET
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    """Public "Tra cứu hồ sơ": dossier code + the applicant's ID number → status and due date, nothing personal."""
    code = request.GET.get("ma_ho_so", "").strip()[:40]
    id_number = request.GET.get("so_giay_to", "").strip()[:20]
    context = {"code": code, "id_number": id_number, "asked": bool(code or id_number)}
    if code and id_number:
        if not throttle_allows(request, action="dossier_lookup", per_minute=settings.MOTCUA_LOOKUP_PER_MINUTE):
            return render(request, "429.html", status=429)
        try:
            context["status"] = dossier_public_status(code=code, id_number=id_number)
        except NotFound:
            context["not_found"] = True
    return render(request, "portal/dossier_lookup.html", context)


@never_cache
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """Demo tool: every e-mail and SMS the system sent (never enabled in production)."""
    if not settings.MOTCUA_OUTBOX_PAGE:
        raise Http404("Hộp thư demo không được bật.")
    return render(request, "portal/outbox.html", {"messages_sent": outbox_recent(limit=100)})


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """ "Trang cá nhân": who the portal knows the signed-in person to be, and the way to their dossiers."""
    context: dict[str, object] = {"summary": account_summary(user=request.user)}
    if not request.user.is_officer:
        counts = dossier_tab_counts(user=request.user)
        context |= {
            "tab_counts": {tab.replace("-", "_"): count for tab, count in counts.items()},
            "unread": inbox_unread_count(user=request.user),
        }
    return render(request, "portal/profile.html", context)


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/register.html")


@require_GET
def register_vneid(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/register_vneid.html")


@csrf_exempt  # sets two cosmetic cookies on the visitor's own browser; lets public pages be cached
@require_POST
def display_settings(request: HttpRequest) -> HttpResponse:
    display = display_apply(display_from_cookies(request.COOKIES), request.POST.get("action", ""))
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    for name, value in (
        (FONT_COOKIE, str(display.font_step)),
        (CONTRAST_COOKIE, "1" if display.high_contrast else "0"),
    ):
        response.set_cookie(name, value, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For operators and load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
