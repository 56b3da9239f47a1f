"""The full rebuild: every summary table emptied and recomputed from the dossiers, in one transaction.

1. The facts, in chunks of dossier ids (the related tables read by their ``dossier_id`` index), written by COPY on
   PostgreSQL (``executemany`` elsewhere): memory stays flat whatever the number of dossiers.
2. The day buckets summed from the facts by the database, with SQL generated from ``rules.RULES`` — the same
   rules the incremental path evaluates in Python (the tests hold both equal).
3. The month buckets summed from the day buckets, their opening balances walked pair by pair (``rollup._walk``).
"""

import datetime as dt
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.workdays.selectors import CalendarCache

from .. import rules
from ..models import DayBucket, DossierFact, MonthBucket
from .facts import FACT_FIELDS, facts_compute
from .rollup import _walk, month_after, month_of, state_lock

CHUNK = 5000
_DAY_FIELDS = tuple(dict.fromkeys(rule.day for rule in rules.RULES))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _write(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Append ``rows`` (values in ``fields`` order) to ``model``'s table, fast."""
    if not rows:
        return
    columns = ", ".join(connection.ops.quote_name(name) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_table(model)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {_table(model)} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _facts(calendars: CalendarCache, progress: Callable[[int, int], None] | None) -> int:
    ids = list(Dossier.objects.exclude(state=State.DRAFT).order_by("id").values_list("id", flat=True))
    for at in range(0, len(ids), CHUNK):
        low, high = ids[at], ids[min(at + CHUNK, len(ids)) - 1]
        facts = facts_compute(
            Q(id__gte=low, id__lte=high) & ~Q(state=State.DRAFT),
            calendars=calendars,
            related=Q(dossier_id__gte=low, dossier_id__lte=high),
        )
        _write(DossierFact, FACT_FIELDS, [fact.row() for fact in facts.values() if fact is not None])
        if progress is not None:
            progress(min(at + CHUNK, len(ids)), len(ids))
    return len(ids)


def _condition(when: dict) -> tuple[str, list]:
    parts, params = [], []
    for lookup, expected in when.items():
        name, _, op = lookup.partition("__")
        column = connection.ops.quote_name(name)
        if op == "in":
            parts.append(f"{column} IN ({', '.join(['%s'] * len(expected))})")
            params += list(expected)
        elif op == "isnull":
            parts.append(f"{column} IS {'' if expected else 'NOT '}NULL")
        else:
            parts.append(f"{column} = %s")
            params.append(expected)
    return " AND ".join(parts) or "1 = 1", params


def _days_sql() -> tuple[str, list]:
    """INSERT INTO the day buckets the sums of every rule over the facts (one SELECT per day field, UNION ALL)."""
    quote = connection.ops.quote_name
    selects, params = [], []
    for day_field in _DAY_FIELDS:
        columns = []
        for rule in rules.RULES:
            if rule.day != day_field:
                columns.append(f"0 AS {quote(rule.column)}")
                continue
            condition, condition_params = _condition(rule.when)
            value = "1" if rule.value == 1 else quote(str(rule.value))
            columns.append(f"CASE WHEN {condition} THEN {value} ELSE 0 END AS {quote(rule.column)}")
            params += condition_params
        source = f"FROM {_table(DossierFact)} WHERE {quote(day_field)} IS NOT NULL"
        selects.append(f"SELECT {quote(day_field)} AS day, agency_id, procedure_id, {', '.join(columns)} {source}")
    month, month_params = connection.ops.date_trunc_sql("month", "u.day", (), None)
    sums = ", ".join(f"SUM({quote(c)})" for c in rules.COLUMNS)
    names = ", ".join(quote(c) for c in rules.COLUMNS)
    sql = (
        f"INSERT INTO {_table(DayBucket)} (day, month, agency_id, procedure_id, {names}) "  # noqa: S608
        f"SELECT u.day, {month}, u.agency_id, u.procedure_id, {sums} "
        f"FROM ({' UNION ALL '.join(selects)}) u GROUP BY u.day, u.agency_id, u.procedure_id"
    )
    return sql, [*month_params, *params]  # in the order the placeholders appear


def _months(today: dt.date) -> None:
    """The month buckets: the day buckets summed by month, then each pair's opening balances walked."""
    rows = (
        DayBucket.objects.values("agency_id", "procedure_id", "month")
        .annotate(**{f"s_{column}": Sum(column) for column in rules.COLUMNS})
        .order_by("agency_id", "procedure_id", "month")
    )
    fields = ("agency_id", "procedure_id", "month", "open_start", "overdue_start", *rules.COLUMNS)
    through, pair, pending, out = month_after(month_of(today)), None, [], []

    def flush() -> None:
        if pending:
            new, _ = _walk(pending, pair, through)
            out.extend(tuple(getattr(row, name) for name in fields) for row in pending + new)

    for row in rows.iterator(chunk_size=CHUNK):
        key = (row["agency_id"], row["procedure_id"])
        if key != pair:
            flush()
            pair, pending = key, []
        bucket = MonthBucket(agency_id=key[0], procedure_id=key[1], month=row["month"])
        for column in rules.COLUMNS:
            setattr(bucket, column, row[f"s_{column}"] or 0)
        pending.append(bucket)
        if len(out) >= CHUNK:
            _write(MonthBucket, fields, out)
            out.clear()
    flush()
    _write(MonthBucket, fields, out)


def rollup_rebuild(*, today: dt.date, progress: Callable[[int, int], None] | None = None) -> int:
    """Empty the summary tables and recompute them from the dossiers; the number of dossiers counted.

    Pending marks are left for the next refresh: recomputing a fact that did not change moves nothing.
    Readers see the previous numbers until the transaction commits.
    """
    with transaction.atomic():
        state = state_lock()
        for model in (DayBucket, MonthBucket, DossierFact):
            model.objects.all().delete()
        total = _facts(CalendarCache(), progress)
        sql, params = _days_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        _months(today)
        state.rebuilt_at = state.refreshed_at = timezone.now()
        state.months_through = month_after(month_of(today))  # the rebuild wrote every pair's rows through it
        state.save(update_fields=["rebuilt_at", "refreshed_at", "months_through"])
    return total
