"""Raw bulk writes for the hot paths (a bank statement's chunks): one prepared statement run for every row.

Django's ``bulk_create`` / ``bulk_update`` prepare every value of every row through several layers (about 3 µs a
value, most of a 100,000-line import) and ``bulk_update`` builds a CASE per field listing every row (quadratic).
Here each column's value is prepared by that same field's ``get_db_prep_save`` — so the stored values are exactly
Django's (aware datetimes as the backend wants them, JSON, choices) — but only when it can change anything: ``None``
and plain ``str``/``int`` values of text and integer columns pass as they are (Django's own preparation returns them
unchanged), and each distinct datetime is prepared once (a chunk's rows share one ``now``).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.db.models.constants import OnConflict

# Columns whose prepared value is the value itself for a str / int (Django: to_python + int()/str() round trips).
_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
_HASHABLE = (str, int, float, bytes, tuple)


def _preparer(field: Field) -> Callable[[Any], Any]:
    """The value as ``bulk_create`` would send it for ``field``, with shortcuts that cannot change it."""
    prepare = field.get_db_prep_save
    plain = field.get_internal_type() in _PLAIN
    memo: dict[Any, Any] = {}

    def prepared(value: Any) -> Any:
        kind = type(value)
        if value is None or (plain and (kind is str or kind is int)):
            return value
        if isinstance(value, Model):  # a related object given instead of its id
            return prepare(value.pk, connection)
        try:
            return memo[(kind, value)]
        except KeyError:
            memo[(kind, value)] = result = prepare(value, connection)
            return result
        except TypeError:  # unhashable (a dict or list for a JSON column): prepare each time
            return prepare(value, connection)

    return prepared


def rows_insert(model: type[Model], rows: Iterable[Mapping[str, Any]], *, ignore_conflicts: bool = False) -> int:
    """INSERT ``rows`` (field name → value, as ``Model(**row)`` would take them; a missing field gets its default)
    into ``model``'s table; with ``ignore_conflicts``, a row clashing with a unique constraint is skipped, as
    ``bulk_create(ignore_conflicts=True)`` does. Ids are not returned. Returns how many rows were sent."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.generated and f is not meta.auto_field]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{meta.label}.{field.name} is set on save: use bulk_create")
    preparers = [_preparer(field) for field in fields]
    keys = [(field.name, field.attname) for field in fields]
    defaults = [field.get_default() for field in fields]
    values = []
    for row in rows:
        record = []
        for (name, attname), default, prepare in zip(keys, defaults, preparers, strict=True):
            value = row[name] if name in row else row.get(attname, default)
            record.append(prepare(value))
        values.append(record)
    if not values:
        return 0
    ops, quote = connection.ops, connection.ops.quote_name
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    head = f"{ops.insert_statement(on_conflict=on_conflict)} {quote(meta.db_table)} "
    head += f"({', '.join(quote(field.column) for field in fields)}) "
    suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one short statement, one typed array per column
            arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in fields)
            columns = [list(column) for column in zip(*values, strict=True)]
            cursor.execute(f"{head}SELECT * FROM unnest({arrays}) {suffix}", columns)  # noqa: S608 (_meta names)
        else:  # multi-row VALUES, as many rows per statement as the backend takes
            row = f"({', '.join(['%s'] * len(fields))})"
            size = max(1, ops.bulk_batch_size(fields, values))
            for start in range(0, len(values), size):
                batch = values[start : start + size]
                cursor.execute(f"{head}VALUES {', '.join([row] * len(batch))} {suffix}", [v for r in batch for v in r])
    return len(values)


def rows_update(objects: Sequence[Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of ``objects`` (all of one model), matched by primary key: linear in the rows.

    ``QuerySet.bulk_update`` builds a CASE expression per field listing every row, which costs time quadratic in
    the batch (about 1 s for 200 rows of six fields on SQLite). Here SQLite runs one prepared UPDATE for every row;
    PostgreSQL runs one UPDATE joined to the rows sent as one typed array per column (with client-side binding a
    statement per row would be parsed and planned once per row).
    """
    if not objects:
        return
    meta = type(objects[0])._meta
    columns = [meta.get_field(name) for name in fields]
    preparers = [_preparer(field) for field in columns]
    attnames = [field.attname for field in columns]
    quote = connection.ops.quote_name
    rows = [
        [prepare(getattr(obj, attname)) for attname, prepare in zip(attnames, preparers, strict=True)] + [obj.pk]
        for obj in objects
    ]
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = [f"c{n}" for n in range(len(columns))]
            arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in [*columns, meta.pk])
            assignments = ", ".join(
                f"{quote(field.column)} = d.{name}" for field, name in zip(columns, names, strict=True)
            )
            sql = f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS d({', '.join(names)}, pk) "  # noqa: S608
            sql += f"WHERE {table}.{pk} = d.pk"
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", rows)  # noqa: S608
