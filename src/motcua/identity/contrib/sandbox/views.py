"""HTTP endpoints of the sandbox VNeID provider: discovery, JWKS, the login pages, token, userinfo.

The login state lives under its own session key; the citizen is never signed in to the portal here (the
portal and the sandbox share one host, and so one session cookie).
"""

from collections.abc import Callable
from functools import wraps

from authlib.integrations.django_oauth2.resource_protector import return_error_response
from authlib.oauth2 import OAuth2Error
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError

from . import selectors
from .forms import LoginForm, OtpForm
from .server import SandboxServer, authorization_fingerprint, issuer_for, query_client, resource_protector, token_issue
from .services import sandbox_login_start, sandbox_otp_verify, signing_key_current

SESSION_KEY = "motcua_sandbox_vneid"


def sandbox_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Defence in depth: the URLs are not even mounted when the sandbox is off."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.MOTCUA_VNEID_SANDBOX:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@sandbox_only
@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    metadata = selectors.provider_metadata(
        issuer=issuer_for(request), url=lambda name: request.build_absolute_uri(reverse(f"sandbox:{name}"))
    )
    return JsonResponse(metadata)


@sandbox_only
@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    signing_key_current()  # the first visitor may come before any token: create the key now
    return JsonResponse(selectors.jwks_public())


def _refused(request: HttpRequest, server: SandboxServer, error: OAuth2Error) -> HttpResponse:
    """An invalid authorization request: back to the client only if its redirect_uri was verified."""
    if error.redirect_uri:
        return server.handle_error_response(None, error)
    client = query_client(request.GET.get("client_id", ""))
    if client is None:
        message = _("Ứng dụng yêu cầu đăng nhập chưa được đăng ký với VNeID.")
    elif not client.check_redirect_uri(request.GET.get("redirect_uri", "")):
        message = _("Địa chỉ chuyển hướng (redirect_uri) không khớp với địa chỉ đã đăng ký cho ứng dụng.")
    else:
        message = _("Yêu cầu đăng nhập không hợp lệ.")
    context = {"message": message, "detail": f"{error.error}: {error.get_error_description()}"}
    return render(request, "sandbox/error.html", context, status=400)


def _cancelled(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == "cancel"


@sandbox_only
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Step 1: Số CCCD and Mật khẩu."""
    server = SandboxServer(request)
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refused(request, server, error)
    if _cancelled(request):
        return server.create_authorization_response(request, grant_user=None, grant=grant)
    form = LoginForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            challenge = sandbox_login_start(
                id_number=form.cleaned_data["so_dinh_danh"],
                password=form.cleaned_data["mat_khau"],
                client_id=grant.client.client_id,
                request_fingerprint=authorization_fingerprint(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session[SESSION_KEY] = {"challenge": challenge.public_id}
            return redirect(f"{reverse('sandbox:otp')}?{request.GET.urlencode()}")
    return render(request, "sandbox/login.html", {"form": form, "client": grant.client})


@sandbox_only
@never_cache
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Step 2: the OTP sent by SMS; a correct one sends the citizen back to the client with a code."""
    server = SandboxServer(request, check_nonce=False)
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refused(request, server, error)
    if _cancelled(request):
        return server.create_authorization_response(request, grant_user=None, grant=grant)
    login_url = f"{reverse('sandbox:authorize')}?{request.GET.urlencode()}"
    challenge_id = request.session.get(SESSION_KEY, {}).get("challenge", "")
    fingerprint = authorization_fingerprint(request)
    phone_hint = selectors.pending_login_phone_hint(challenge_id=challenge_id, request_fingerprint=fingerprint)
    if phone_hint is None:
        return redirect(login_url)
    form, restart = OtpForm(request.POST if request.method == "POST" else None), False
    if form.is_valid():
        try:
            authentication = sandbox_otp_verify(
                challenge_id=challenge_id, request_fingerprint=fingerprint, code=form.cleaned_data["otp"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
            restart = error.code == "otp_restart"
        else:
            return server.create_authorization_response(request, grant_user=authentication, grant=grant)
    context = {"form": form, "client": grant.client, "phone_hint": phone_hint, "login_url": login_url}
    return render(request, "sandbox/otp.html", {**context, "restart": restart})


@csrf_exempt  # called server to server by the client, which authenticates itself instead
@sandbox_only
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    return token_issue(request=request)


@csrf_exempt
@sandbox_only
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    try:
        access_token = resource_protector.acquire_token(request, scopes=["openid"])
    except OAuth2Error as error:
        return return_error_response(error)
    response = JsonResponse(selectors.identity_claims(subject=access_token.subject))
    response["Cache-Control"] = "no-store"
    return response
