"""Site-wide HTTP middleware."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Vietnamese unless the visitor chose another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many people in Vietnam use an
    English-language browser or phone: a provincial portal must not switch language on its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


class IdleSessionMiddleware:
    """End a signed-in session after a quiet spell (citizens 15 minutes by default, officers their own).

    The last-seen time is written at most every 30 seconds so that ordinary browsing does not rewrite the
    session on every request.
    """

    KEY = "motcua_last_seen"
    WRITE_EVERY = 30

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            minutes = (
                settings.MOTCUA_OFFICER_SESSION_IDLE_MINUTES
                if getattr(user, "is_officer", False)
                else settings.MOTCUA_SESSION_IDLE_MINUTES
            )
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if isinstance(last_seen, int) and now - last_seen > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã kết thúc vì không thao tác trong %(minutes)s phút. Vui lòng đăng nhập lại.")
                    % {"minutes": minutes},
                )
            elif not isinstance(last_seen, int) or now - last_seen >= self.WRITE_EVERY:
                request.session[self.KEY] = now
        return self.get_response(request)
