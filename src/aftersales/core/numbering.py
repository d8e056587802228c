"""Gap-free numbers from a counter row locked in the caller's transaction (R-TKT-3)."""

from __future__ import annotations

from django.db import connection, transaction

from aftersales.core.models import Counter


def next_value(name: str) -> int:
    """The next value of counter ``name``; must run inside the transaction that uses it.

    The upsert locks the counter row until the caller's transaction ends (PostgreSQL row lock;
    SQLite's IMMEDIATE transactions serialise writers), so concurrent callers get consecutive
    values, and a rolled-back transaction gives its value back: the numbers stay gap-free.
    """
    return next_values(name, 1)


def next_values(name: str, n: int) -> int:
    """The first of ``n`` consecutive values of counter ``name`` (what ``n`` calls of
    :func:`next_value` would give), in one statement; the same rules as :func:`next_value`.
    Bulk loaders (``gen-data``) take a block of receipt or permit numbers this way, so that live
    numbering carries on after them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside a transaction")
    table = Counter._meta.db_table
    with connection.cursor() as cursor:
        # One statement: insert the counter at n or add n, and return the value. The updated
        # row stays locked until the caller's transaction ends (both PostgreSQL and SQLite).
        cursor.execute(
            f"INSERT INTO {table} (name, value) VALUES (%s, %s) "
            f"ON CONFLICT (name) DO UPDATE SET value = {table}.value + %s RETURNING value",
            [name, n, n],
        )
        return cursor.fetchone()[0] - n + 1


def next_receipt_number(project) -> str:
    """The next receipt number (收据号) of ``project``: ``<project code>-SJ-000001``.

    One gap-free sequence per project, shared by every app that takes money (paid services,
    property fees…), so the project's receipt book has no hole and no number twice. Call it
    inside the transaction that records the payment, after the paid record's row is locked:
    the counter row ``receipt:<project id>`` stays locked until that transaction ends, and a
    rolled-back payment gives its number back. ``project`` is any object with ``pk`` and
    ``code`` (core does not know the estates model).
    """
    value = next_value(f"receipt:{project.pk}")
    return f"{project.code}-SJ-{value:06d}"
