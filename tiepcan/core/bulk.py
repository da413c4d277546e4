"""Writing many new rows at once: PostgreSQL's ``COPY`` there, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on PostgreSQL sends each column as one array literal (``INSERT … SELECT *
FROM UNNEST(…)``), and with psycopg's client-side binding (Django's default) every element of every
array is quoted in Python by a regular expression: a backfill of the whole country spent most of its
time there. ``COPY … FROM STDIN`` streams the same rows with psycopg's own (compiled) text format.

What gets written is what ``bulk_create`` writes: each concrete field's ``pre_save`` (``auto_now``
and ``auto_now_add`` included) and ``get_db_prep_save``. No signals are sent (``bulk_create`` sends
none either) and the database checks every constraint as for an ``INSERT``. Primary keys are taken
from the table's own sequence first, so the objects come back with their ``pk`` set, as
``bulk_create`` returns them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router


def insert[M: models.Model](model: type[M], objs: Iterable[M], *, batch_size: int = 2000) -> list[M]:
    """Insert new ``objs`` of ``model`` (their pk set on return); call inside the caller's transaction."""
    rows = list(objs)
    if not rows:
        return rows
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return model._default_manager.using(alias).bulk_create(rows, batch_size=batch_size)
    meta = model._meta
    relations = [f for f in meta.concrete_fields if f.is_relation]
    for obj in rows:
        # A related object saved after it was assigned: copy its pk now, as bulk_create does.
        for field in relations:
            if getattr(obj, field.attname) is None and (related := getattr(obj, field.name)) is not None:
                setattr(obj, field.attname, related.pk)
    missing = [obj for obj in rows if obj.pk is None]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, str(meta.pk.column), len(missing)],
            )
            for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = pk
        fields = list(meta.concrete_fields)
        columns = ", ".join(quote(str(f.column)) for f in fields)
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in rows:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in rows:
        obj._state.adding = False
        obj._state.db = alias
    return rows
