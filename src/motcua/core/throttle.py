"""A per-address limit for public lookups that are plain GETs (bookmarkable, linked from receipts).

django-allauth's public rate-limit API ignores GET requests, so this small fixed-window counter in the shared
cache does the same job here: with Redis the limit holds across web processes, locally it is per process.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

_now = time.time  # the clock (tests pin it so that a window boundary cannot fall inside a test)


def throttle_allows(request: HttpRequest, *, action: str, per_minute: int) -> bool:
    """Count this request against ``per_minute`` for the client address; False once the limit is passed."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"throttle:{action}:{address}:{int(_now() // 60)}"
    if cache.add(key, 1, timeout=90):
        return per_minute >= 1
    try:
        return cache.incr(key) <= per_minute
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(key, 1, timeout=90)
        return True
