"""The full-text index over ``Procedure.search_name`` / ``search_body``, one implementation per database.

Both index the *folded* text (``core.text.fold``), so SQLite FTS5 and PostgreSQL split it into the same
words and a query matches the same procedures on both. The index objects are (re)created idempotently after
every ``migrate`` (see ``apps.py``): a later migration that rebuilds the table on SQLite drops triggers, and
this puts them back and rebuilds the index.
"""

from collections.abc import Sequence

from django.db.backends.base.base import BaseDatabaseWrapper

from motcua.core.registry import Registry

TABLE = "catalogue_procedure"
FTS_TABLE = "catalogue_procedure_fts"


class SearchIndex:
    """How one database finds the procedures whose folded text has every query word."""

    def ensure(self, connection: BaseDatabaseWrapper) -> None:
        raise NotImplementedError

    def match_sql(self, words: Sequence[str], *, last_is_prefix: bool) -> tuple[str, list[str]]:
        """A boolean SQL condition on the procedure table, and its parameters. ``words`` are folded ASCII."""
        raise NotImplementedError


indexes: Registry[SearchIndex] = Registry("search index")


@indexes.register("sqlite")
class SqliteFts5Index(SearchIndex):
    CREATE_TABLE = (
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        f"search_name, search_body, content='{TABLE}', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )
    TRIGGERS = (
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_insert AFTER INSERT ON {TABLE} BEGIN"
        f" INSERT INTO {FTS_TABLE}(rowid, search_name, search_body)"
        " VALUES (new.id, new.search_name, new.search_body); END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_delete AFTER DELETE ON {TABLE} BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_name, search_body)"
        " VALUES ('delete', old.id, old.search_name, old.search_body); END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_update AFTER UPDATE ON {TABLE} BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_name, search_body)"
        " VALUES ('delete', old.id, old.search_name, old.search_body);"
        f" INSERT INTO {FTS_TABLE}(rowid, search_name, search_body)"
        " VALUES (new.id, new.search_name, new.search_body); END",
    )

    def ensure(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            row = cursor.fetchone()
            if row is not None and row[0] != self.CREATE_TABLE:  # its options changed: rebuild from scratch
                cursor.execute(f"DROP TABLE {FTS_TABLE}")
                row = None
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TABLE}_fts_%"]
            )
            up_to_date = row is not None and cursor.fetchone()[0] == len(self.TRIGGERS)
            if row is None:
                cursor.execute(self.CREATE_TABLE)
            for trigger in self.TRIGGERS:
                cursor.execute(trigger)
            if not up_to_date:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")

    def match_sql(self, words: Sequence[str], *, last_is_prefix: bool) -> tuple[str, list[str]]:
        # Words are [a-z0-9]+ only (folded), quoting them makes any FTS5 operator inert anyway.
        terms = [f'"{word}"' for word in words]
        if last_is_prefix:
            terms[-1] += "*"
        return (
            f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)',
            [" AND ".join(terms)],
        )


@indexes.register("postgresql")
class PostgresFullTextIndex(SearchIndex):
    """A stored generated ``tsvector`` column (no per-row recomputation) with a GIN index."""

    def ensure(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_gin")  # the expression index of 0.1
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS"
                " (to_tsvector('simple'::regconfig, search_name || ' ' || search_body)) STORED"
            )
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_search_vector ON {TABLE} USING gin (search_vector)")
            cursor.execute(f"ANALYZE {TABLE}")

    def match_sql(self, words: Sequence[str], *, last_is_prefix: bool) -> tuple[str, list[str]]:
        terms = list(words)
        if last_is_prefix:
            terms[-1] += ":*"
        return f'"{TABLE}"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)', [" & ".join(terms)]


def index_for(connection: BaseDatabaseWrapper) -> SearchIndex:
    return indexes[connection.vendor]()
