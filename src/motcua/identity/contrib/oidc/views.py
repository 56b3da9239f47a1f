"""VNeID sign-in: ``start`` sends the citizen to the provider, ``callback`` signs them in on return.

Every failure ends on the login page with a Vietnamese message; nothing is created or linked then.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.errors import DomainError
from motcua.identity.base import SESSION_LEVEL_KEY, SESSION_PROVIDER_KEY, identity_provider
from motcua.identity.services import identity_sign_in

PROVIDER = "vneid"


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("portal:home")


def _back_to_login(request: HttpRequest, message: str, next_url: str = "") -> HttpResponse:
    messages.error(request, message)
    login_url = reverse("account_login")
    if next_url and next_url != reverse("portal:home"):
        login_url += "?" + urlencode({"next": next_url})
    return redirect(login_url)


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.GET.get("next", ""))
    raw_level = request.GET.get("muc_do", "").strip()
    if raw_level and not re.fullmatch(r"[0-9]{1,2}", raw_level):
        return _back_to_login(request, _("Mức độ định danh yêu cầu không hợp lệ."), next_url)
    try:
        url = identity_provider(PROVIDER).start(request, next_url=next_url, level=int(raw_level or 0))
    except DomainError as error:
        return _back_to_login(request, error.message, next_url)
    return redirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        result = identity_provider(PROVIDER).finish(request)
        user = identity_sign_in(provider=PROVIDER, claims=result.claims)
    except DomainError as error:
        return _back_to_login(request, error.message)
    # login() gives the session a new key (no fixation); the level is what this sign-in proved.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_LEVEL_KEY] = result.claims.identity_level
    request.session[SESSION_PROVIDER_KEY] = PROVIDER
    messages.success(
        request,
        _("Đăng nhập bằng VNeID thành công (tài khoản định danh điện tử mức độ %(level)s).")
        % {"level": result.claims.identity_level},
    )
    return redirect(result.next_url)
