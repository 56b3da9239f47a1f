"""A version-keyed cache for public catalogue reads (search result ids, filter lists, counts).

Every write to a procedure, agency or field bumps the catalogue version, so cached entries are never served
after a change in the process (or, with Redis configured, on any host) that made it; other processes with a
local-memory cache catch up within ``TTL`` seconds.
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache

VERSION_KEY = "catalogue:version"
TTL = 300


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)  # unique start: no stale hit after a cache restart
        version = cache.get(VERSION_KEY)
    return version


def catalogue_changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new value invalidates everything
        cache.set(VERSION_KEY, time.time_ns(), None)


def cached[T](name: str, parts: tuple, compute: Callable[[], T]) -> T:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"catalogue:{catalogue_version()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    return value
