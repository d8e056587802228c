"""Where a house's share of its monthly fee comes from (R-SVC-6: custodial houses pay 70 %).

Fees does not know which houses are in custody: the app that holds custodies registers a rate
source in its ``AppConfig.ready()``::

    from aftersales.fees.rates import register_rate_source
    register_rate_source(custody_fee_rates)  # fn(house_ids, first_day) -> {house_id: Decimal}

A source answers, for the houses asked about, the share (``Decimal("0.70")``) of those that pay
less than the full fee on ``first_day`` (the first day of the bill's period); houses it leaves
out pay in full. Billing multiplies by the lowest share any source gives (default 1). A source
is called once per billing run with all the house ids, so it can answer in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

RateSource = Callable[[list[int], date], dict[int, Decimal]]

FULL = Decimal("1")
_SOURCES: list[RateSource] = []


def register_rate_source(fn: RateSource) -> None:
    """Add ``fn`` (registering the same function twice keeps one)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def unregister_rate_source(fn: RateSource) -> None:
    if fn in _SOURCES:
        _SOURCES.remove(fn)


def rates_for(house_ids: Iterable[int], first_day: date) -> dict[int, Decimal]:
    """``{house_id: share}`` for the houses paying less than the full fee on ``first_day``."""
    ids = list(house_ids)
    lowest: dict[int, Decimal] = {}
    if not ids:
        return lowest
    for source in list(_SOURCES):
        for house_id, rate in (source(ids, first_day) or {}).items():
            rate = Decimal(rate)
            if rate < lowest.get(house_id, FULL):
                lowest[house_id] = rate
    return lowest
