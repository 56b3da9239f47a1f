"""Whole-page cache for the public catalogue pages, for anonymous visitors only.

These pages are the same for every anonymous visitor with the same language and display settings, and hold
no per-visitor token (the toolbar forms only set cosmetic cookies and are CSRF-exempt). The key carries the
catalogue version, so any change to the catalogue is visible at once in the process that made it (and on all
hosts when the cache is Redis). Signed-in people always get a freshly rendered page.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from motcua.catalogue.cache import TTL, catalogue_version

from .display import display_from_cookies


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        personal = settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
        if request.method != "GET" or personal or request.user.is_authenticated:
            return view(request, *args, **kwargs)  # a session or flash messages make the page personal
        parts = (
            request.get_full_path(),
            request.LANGUAGE_CODE,
            display_from_cookies(request.COOKIES).css_classes,
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        )
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
        key = f"page:{catalogue_version()}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TTL)
        return response

    return wrapper
