"""Who may open a back-office page: a signed-in officer, TOTP enrolled, whose session passed the second factor.

Every back-office view is wrapped in ``officer_required`` (or ``role_required``); the checks run in this order:

1. not signed in → the back-office login page;
2. not an active officer with a role (a citizen, an organisation, a removed officer) → 403 page;
3. no TOTP authenticator yet → allauth's "activate TOTP" page, and nothing else until it is done;
4. TOTP enrolled but no code proved in this session (just enrolled, or signed in before enrolling) →
   allauth's "enter an authenticator code" page, then back to the page asked for.

"Proved in this session" is allauth's own record: an ``mfa`` authentication in the session's authentication
records, written by the code step after the password or by the code re-entry of step 4.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.selectors import officer_can_sign_in, officer_has_role

View = Callable[..., HttpResponse]


def session_passed_mfa(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "backoffice/forbidden.html", {"message": message}, status=403)


def _refusal(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("backoffice:login"))
    if not officer_can_sign_in(user=user):
        return forbidden(request, _("Trang Một cửa điện tử chỉ dành cho cán bộ, công chức có vai trò tại cơ quan."))
    if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        messages.info(
            request,
            _(
                "Trước khi dùng Một cửa điện tử, bạn cần thiết lập xác thực hai bước bằng ứng dụng xác thực (TOTP)."
                " Hệ thống có thể hỏi lại mật khẩu để xác nhận."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if not session_passed_mfa(request):
        messages.info(request, _("Nhập mã trên ứng dụng xác thực để vào Một cửa điện tử."))
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    return None


def officer_required(view: View) -> View:
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _refusal(request) or view(request, *args, **kwargs)

    return wrapper


def role_required(role: str, message: str) -> Callable[[View], View]:
    """``officer_required``, then a 403 page with ``message`` unless the officer holds ``role`` somewhere."""

    def decorator(view: View) -> View:
        @officer_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not officer_has_role(officer=request.user, role=role):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
