"""The portal's visit counter: one number per site and day, nothing about the visitor (no address, no cookie).

``visit_record`` only adds to a counter in this process's memory; the counts reach the database (one upsert per
site and day) every ``FLUSH_EVERY`` or ``FLUSH_AT`` visits, whichever comes first, so a page view never waits on
a row lock (SQLite has one writer). A crash loses at most the last few seconds' counts of that process.
"""

import datetime as dt
import threading
import time
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import VisitDay

FLUSH_EVERY = 10.0  # seconds
FLUSH_AT = 200  # visits
SITES = frozenset({"portal", "backoffice"})

_lock = threading.Lock()
_pending: Counter[tuple[str, dt.date]] = Counter()
_last_flush = time.monotonic()


def visit_record(*, site: str = "portal") -> None:
    """Count one visit of ``site`` today (Asia/Ho_Chi_Minh)."""
    if site not in SITES:
        raise ValueError(f"unknown site {site!r}")
    global _last_flush
    key = (site, timezone.localdate())
    with _lock:
        _pending[key] += 1
        due = sum(_pending.values()) >= FLUSH_AT or time.monotonic() - _last_flush >= FLUSH_EVERY
    if due:
        visits_flush()


def visits_pending(*, site: str) -> dict[dt.date, int]:
    """This process's counts of ``site`` not written yet, by day (read-only: the summary adds them)."""
    with _lock:
        return {day: count for (key, day), count in _pending.items() if key == site}


def visits_flush() -> int:
    """Write this process's pending counts (added to the day's row); the number of visits written."""
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    for (site, day), count in batch.items():
        _add(site, day, count)
    return sum(batch.values())


def _add(site: str, day: dt.date, count: int) -> None:
    rows = VisitDay.objects.filter(site=site, day=day)
    if rows.update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            VisitDay.objects.create(site=site, day=day, count=count)
    except IntegrityError:  # another process created the day's row between the two statements
        rows.update(count=F("count") + count)
