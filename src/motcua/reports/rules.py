"""How one dossier counts in the statistics: its facts' vocabulary and the rules that turn a fact into numbers.

A dossier's ``DossierFact`` (one row per submitted dossier) holds the days and flags the reports need. Each rule
below adds ``value`` to bucket column ``column`` on the fact's day ``day`` when the fact matches ``when``. The
same rules feed the incremental rollup, the full rebuild and the drill-down (the Q of a number), so the three
always agree. Definitions: docs/indicators.md.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

# Channel of reception (kênh tiếp nhận).
ONLINE, COUNTER, POST = "online", "counter", "post"
# How the agency's work on the dossier ended ("" while open).
RESULT, REFUSED, WITHDRAWN, STOPPED = "result", "refused", "withdrawn", "stopped"
# Timeliness of a received dossier that is finished ("" otherwise).
EARLY, ON_TIME, LATE = "early", "on_time", "late"
TIMINGS = (EARLY, ON_TIME, LATE)


@dataclass(frozen=True)
class Rule:
    column: str
    day: str  # the fact's date field the number is counted on
    when: dict[str, Any] = field(default_factory=dict)  # lookups: exact, __in, __isnull
    value: str | int = 1  # 1, or the fact field summed


RULES: tuple[Rule, ...] = (
    Rule("received", "received_day"),
    Rule("received_online", "received_day", {"channel": ONLINE}),
    Rule("received_counter", "received_day", {"channel": COUNTER}),
    Rule("received_post", "received_day", {"channel": POST}),
    Rule("finished", "finished_day", {"timing__in": TIMINGS}),
    Rule("finished_early", "finished_day", {"timing": EARLY}),
    Rule("finished_on_time", "finished_day", {"timing": ON_TIME}),
    Rule("finished_late", "finished_day", {"timing": LATE}),
    Rule("processing_minutes", "finished_day", {"timing__in": TIMINGS}, "processing_minutes"),
    Rule("refused", "finished_day", {"outcome": REFUSED}),
    Rule("stopped", "finished_day", {"outcome": STOPPED}),
    Rule("withdrawn", "finished_day", {"outcome": WITHDRAWN}),
    Rule("results", "finished_day", {"outcome": RESULT}),
    Rule("e_results", "finished_day", {"outcome": RESULT, "e_result": True}),
    Rule("returned", "returned_day"),
    Rule("supplement_requested", "supplement_day"),
    Rule("awaiting_payment", "payment_day"),
    Rule("fee_due", "received_day", {"fee_due": True}),
    Rule("paid_online", "received_day", {"fee_due": True, "paid_online": True}),
    Rule("digitised", "received_day", {"digitised": True}),
    Rule("reused", "received_day", {"reused": True}),
    Rule("vneid_online", "received_day", {"channel": ONLINE, "vneid": True}),
    Rule("surveys", "finished_day", {"surveyed": True}),
    Rule("complaints", "finished_day", {"complaint": True}),
    Rule("survey_public_points", "finished_day", {"surveyed": True}, "survey_public_points"),
    # Stock deltas: a received dossier is open from its received day until its finished day; it is overdue from
    # the day after its due day (``overdue_day``) until its finished day. Open = Σ received − Σ finished.
    Rule("overdue_in", "overdue_day"),
    Rule("overdue_out", "finished_day", {"overdue_day__isnull": False}),
)
COLUMNS: tuple[str, ...] = tuple(rule.column for rule in RULES)
RULE_BY_COLUMN = {rule.column: rule for rule in RULES}


def _matches(fact: Any, when: dict[str, Any]) -> bool:
    for lookup, expected in when.items():
        name, _, op = lookup.partition("__")
        actual = getattr(fact, name)
        if op == "in":
            if actual not in expected:
                return False
        elif op == "isnull":
            if (actual is None) != expected:
                return False
        elif actual != expected:
            return False
    return True


Cells = dict[tuple[dt.date, str], int]


def contributions(fact: Any) -> Cells:
    """What ``fact`` adds to the buckets of its (agency, procedure): {(day, column): amount}."""
    cells: Cells = {}
    if fact is None:
        return cells
    for rule in RULES:
        day = getattr(fact, rule.day)
        if day is None or not _matches(fact, rule.when):
            continue
        amount = rule.value if isinstance(rule.value, int) else getattr(fact, rule.value)
        if amount:
            cells[(day, rule.column)] = cells.get((day, rule.column), 0) + amount
    return cells


def flow_q(column: str, start: dt.date, end: dt.date) -> Q:
    """The facts behind flow ``column`` over [start, end] (for the drill-down)."""
    rule = RULE_BY_COLUMN[column]
    return Q(**{f"{rule.day}__range": (start, end)}, **rule.when)


def open_q(day: dt.date) -> Q:
    """Received and not finished at the end of ``day``."""
    return Q(received_day__lte=day) & (Q(finished_day__isnull=True) | Q(finished_day__gt=day))


def overdue_q(day: dt.date) -> Q:
    return open_q(day) & Q(overdue_day__lte=day)
