"""Gap-free numbers from a counter row locked in the caller's transaction (R-TKT-3)."""

from __future__ import annotations

from django.db import transaction

from aftersales.core.models import Counter


def next_value(name: str) -> int:
    """The next value of counter ``name``; must run inside the transaction that uses it.

    The row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers), so concurrent callers get consecutive values, and a rolled-back
    transaction gives its value back: the numbers stay gap-free.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside a transaction")
    Counter.objects.get_or_create(name=name)
    counter = Counter.objects.select_for_update().get(name=name)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
