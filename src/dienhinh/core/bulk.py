"""Loading many rows at once: COPY on PostgreSQL, one `executemany` on the other databases.

For generated data sets (`generate_demo`) and imports of many rows, where model instances and
Django's INSERT cost more than the database's own work. Rows are plain tuples of column values
(str, int, bool, date, datetime, None; a JSON column's value as its JSON text); every other
column of the table gets its model default, computed once. Nothing here sends signals or
writes the audit trail: the caller writes or rebuilds what those maintain.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 2000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for rows the caller inserts with their id given."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
    if connection.vendor == "sqlite":
        # An AUTOINCREMENT table never gives a deleted row's id again: neither do these.
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            used = cursor.fetchone()
        top = max(top, used[0] if used else 0)
    return list(range(top + 1, top + 1 + count))


def _defaults(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], list[Any]]:
    """The other columns (not generated, not an automatic id) and their default values."""
    now = timezone.now()
    columns: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.attname in given or getattr(field, "generated", False):
            continue
        if field.primary_key:
            continue  # the database assigns it
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        columns.append(str(field.column))
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values of the attributes `columns`, in that order); the count inserted."""
    if connection.vendor != "postgresql":
        return _execute_many(model, columns, rows)
    meta = model._meta
    column_of = {f.attname: str(f.column) for f in meta.concrete_fields}
    given = [column_of[name] for name in columns]
    others, constants = _defaults(model, columns)
    quoted = ", ".join(connection.ops.quote_name(c) for c in [*given, *others])
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"
    tail = tuple(constants)
    count = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


# Values the database driver takes as they are: the others (dates and times on SQLite, which
# stores them as text) go through the field's own conversion, as Django's INSERT does.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallAutoField",
    "SmallIntegerField",
    "TextField",
}


def _last_kept(convert: Any) -> Any:
    """`convert`, its last result given again for the same object (a time shared by all rows)."""
    last: list[Any] = [object(), None]

    def run(value: Any, conn: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value, conn)
        return last[1]

    return run


def _execute_many(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """One INSERT run over the rows in batches (`executemany`), values converted per column."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in columns]
    others, constants = _defaults(model, columns)
    # Only the columns that need it are converted, in place in each row.
    converters = [
        (i, _last_kept(f.get_db_prep_save))
        for i, f in enumerate(fields)
        if f.get_internal_type() not in _PLAIN_TYPES and not isinstance(f, models.JSONField)
    ]
    tail = tuple(constants)

    def prepare(row: Sequence[Any]) -> tuple[Any, ...]:
        if not converters:
            return (*row, *tail)
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i], connection)
        return (*values, *tail)

    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in fields) + "".join(
        f", {quote(c)}" for c in others
    )
    marks = ", ".join(["%s"] * (len(fields) + len(others)))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - names
    count = 0
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(prepare(row))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


@contextmanager
def loading(*tables: type[models.Model]) -> Iterator[None]:
    """Load into these tables without their secondary indexes and foreign keys (PostgreSQL).

    Kept up row by row, the indexes of the candidate table (five on its sort key, the word
    index) and the deferred foreign-key checks cost most of a large load; made again at the
    end, each is one sort or one join. Primary keys and unique constraints stay. Must run
    inside a transaction (an error leaves the tables as they were). Elsewhere: nothing.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk.loading needs a transaction")
    names = [m._meta.db_table for m in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [names],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)
            """,
            [names],
        )
        foreign_keys = cursor.fetchall()
        quote = connection.ops.quote_name
        # Rows written earlier in this transaction leave their deferred foreign-key checks
        # pending, and PostgreSQL alters no table with pending trigger events: make the checks
        # now, then defer again what Django declares deferred.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
