"""Login with the unit's digital-signature certificate: show a one-time challenge, verify the uploaded signature."""

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError

from .forms import SignatureUploadForm
from .models import LoginChallenge
from .services import CHALLENGE_LIFETIME, certificate_login, login_challenge_for_session, login_challenge_issue

SESSION_KEY = "motcua_certificate_challenge"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _session_challenge(request: HttpRequest) -> tuple[int | None, str | None]:
    stored = request.session.get(SESSION_KEY) or {}
    return stored.get("id"), stored.get("secret")


def _open_challenge(request: HttpRequest) -> LoginChallenge:
    """This session's challenge while it is still open, otherwise a new one."""
    challenge_id, secret = _session_challenge(request)
    try:
        return login_challenge_for_session(challenge_id=challenge_id, secret=secret)
    except DomainError:
        challenge, secret = login_challenge_issue(host=request.get_host())
        request.session[SESSION_KEY] = {"id": challenge.pk, "secret": secret}
        return challenge


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "portal:profile"


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = SignatureUploadForm(request.POST, request.FILES) if request.method == "POST" else SignatureUploadForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            challenge_id, secret = _session_challenge(request)
            try:
                user = certificate_login(
                    challenge_id=challenge_id, secret=secret, signature=form.cleaned_data["signature"]
                )
            except DomainError as error:
                form.add_error("signature", error.message)
            else:
                request.session.pop(SESSION_KEY, None)
                login(request, user, backend=BACKEND)
                return redirect(_next_url(request))
        status = 400
    challenge = _open_challenge(request)
    return render(
        request,
        "certificate/start.html",
        {
            "form": form,
            "challenge": challenge,
            "lifetime_minutes": int(CHALLENGE_LIFETIME.total_seconds() // 60),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )


@never_cache
@require_GET
def challenge_file(request: HttpRequest) -> HttpResponse:
    """The current challenge as ``challenge.txt``: the exact bytes to sign (no line break added)."""
    challenge = _open_challenge(request)
    response = HttpResponse(challenge.text.encode(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="challenge.txt"'
    return response
