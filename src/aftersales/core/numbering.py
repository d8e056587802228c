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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside a transaction")
    table = Counter._meta.db_table
    with connection.cursor() as cursor:
        # One statement: insert the counter at 1 or add 1, and return the value. The updated
        # row stays locked until the caller's transaction ends (both PostgreSQL and SQLite).
        cursor.execute(
            f"INSERT INTO {table} (name, value) VALUES (%s, 1) "
            f"ON CONFLICT (name) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [name],
        )
        return cursor.fetchone()[0]
