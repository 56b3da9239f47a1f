"""Keeping the summary tables equal to the sum of the dossiers' facts: incrementally and by a full rebuild.

Incremental: the transition listener (``listeners``) appends a ``RollupMark``; ``rollup_refresh`` (a periodic task)
recomputes the marked dossiers' facts, adds the difference (new − old contributions) to the day and month buckets,
and walks the month balances (open / overdue at the start of each month) of the pairs it touched.
Rebuild (``rebuild``): every table emptied and recomputed from the dossiers, in one transaction.
Both paths use ``rules.contributions``; the tests hold them equal to each other and to a direct count.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from motcua.workdays.selectors import CalendarCache

from .. import rules
from ..models import DayBucket, DossierFact, MonthBucket, RollupState
from .facts import FACT_FIELDS, Fact, facts_compute

Pair = tuple[int, int]  # (agency id, procedure id)
PairCells = dict[Pair, rules.Cells]


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_after(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def state_lock() -> RollupState:
    """The rollup's single state row, locked until the end of the transaction (one refresh or rebuild at a time)."""
    RollupState.objects.get_or_create(key="main")
    return RollupState.objects.select_for_update().get(key="main")


def _add(target: PairCells, pair: Pair, cells: rules.Cells, sign: int) -> None:
    into = target[pair]
    for key, amount in cells.items():
        into[key] = into.get(key, 0) + sign * amount


def _by_row(cells: rules.Cells, *, monthly: bool) -> dict[dt.date, dict[str, int]]:
    rows: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (day, column), amount in cells.items():
        if amount:
            rows[month_of(day) if monthly else day][column] += amount
    return rows


def _buckets_add(deltas: PairCells) -> None:
    """Add ``deltas`` to the day and month buckets (creating missing rows)."""
    for (agency_id, procedure_id), cells in deltas.items():
        for monthly, model in ((False, DayBucket), (True, MonthBucket)):
            for when, columns in _by_row(cells, monthly=monthly).items():
                columns = {c: a for c, a in columns.items() if a}
                if not columns:
                    continue
                key = {"month": when} if monthly else {"day": when}
                rows = model.objects.filter(agency_id=agency_id, procedure_id=procedure_id, **key)
                if not rows.update(**{c: F(c) + a for c, a in columns.items()}):
                    extra = {} if monthly else {"month": month_of(when)}
                    model.objects.create(agency_id=agency_id, procedure_id=procedure_id, **key, **extra, **columns)


def _walk(rows: list[MonthBucket], pair: Pair, through: dt.date) -> tuple[list[MonthBucket], list[MonthBucket]]:
    """Month balances of one pair from its month rows (sorted): (rows to create, existing rows changed).

    A month needs a row when it has flows or starts with something open; rows run to ``through`` at least.
    """
    if not rows:
        return [], []
    by_month = {row.month: row for row in rows}
    new, changed = [], []
    open_, overdue = 0, 0
    month, last = rows[0].month, max(rows[-1].month, through)
    while month <= last:
        row = by_month.get(month)
        if row is None and (open_ or overdue):
            row = MonthBucket(agency_id=pair[0], procedure_id=pair[1], month=month)
            row.open_start, row.overdue_start = open_, overdue
            new.append(row)
        elif row is not None and (row.open_start, row.overdue_start) != (open_, overdue):
            row.open_start, row.overdue_start = open_, overdue
            if row.pk is not None:
                changed.append(row)
        if row is not None:
            open_ += row.received - row.finished
            overdue += row.overdue_in - row.overdue_out
        month = month_after(month)
    return new, changed


def balances_walk(pairs: Iterable[Pair], *, today: dt.date) -> None:
    through = month_after(month_of(today))
    for agency_id, procedure_id in pairs:
        rows = list(MonthBucket.objects.filter(agency_id=agency_id, procedure_id=procedure_id).order_by("month"))
        new, changed = _walk(rows, (agency_id, procedure_id), through)
        MonthBucket.objects.bulk_create(new)
        MonthBucket.objects.bulk_update(changed, ["open_start", "overdue_start"])


def facts_refresh(dossier_ids: Iterable[int], *, today: dt.date, calendars: CalendarCache | None = None) -> int:
    """Recompute the facts of ``dossier_ids`` and move the buckets by the difference. Call under ``state_lock``."""
    ids = sorted(set(dossier_ids))
    if not ids:
        return 0
    new = facts_compute(Q(pk__in=ids), calendars=calendars)
    old = {fact.dossier_id: fact for fact in DossierFact.objects.filter(dossier_id__in=ids)}
    deltas: PairCells = defaultdict(dict)
    changed = 0
    for pk in ids:
        before, after = old.get(pk), new.get(pk)
        if _same(before, after):
            continue
        changed += 1
        if before is not None:
            _add(deltas, (before.agency_id, before.procedure_id), rules.contributions(before), -1)
        if after is not None:
            _add(deltas, (after.agency_id, after.procedure_id), rules.contributions(after), +1)
    with transaction.atomic():
        DossierFact.objects.filter(dossier_id__in=ids).delete()
        DossierFact.objects.bulk_create([fact.model() for fact in new.values() if fact is not None])
        _buckets_add(deltas)
        balances_walk([pair for pair, cells in deltas.items() if any(cells.values())], today=today)
    return changed


def _same(a: DossierFact | None, b: Fact | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(getattr(a, name) == getattr(b, name) for name in FACT_FIELDS)
