"""The early-warning board (R-CMP-5): the warning rules' results counted per project.

The rules themselves are :mod:`aftersales.tickets.warnings` (the 预警 screen lists every row);
this board only counts its rows per project and rule (grouped queries), for the service
manager's overview.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aftersales.estates.models import Project
from aftersales.tickets import warnings


@dataclass
class Board:
    rules: list[tuple[str, str]]
    rows: list[dict]
    totals: dict[str, int]
    total: int

    @property
    def cards(self) -> list[dict]:
        return [
            {"code": code, "label": label, "total": self.totals[code]} for code, label in self.rules
        ]


def warnings_board(user, now: dt.datetime | None = None) -> Board:
    """Counts per project and rule, projects with most warnings first (grouped queries:
    :func:`aftersales.tickets.warnings.counts_by_project`)."""
    counted = warnings.counts_by_project(user, now)  # checks tickets.warnings and the scope
    codes = [code for code, _label in warnings.RULES]
    ids = {pk for per_project in counted.values() for pk in per_project if pk is not None}
    projects = Project.objects.in_bulk(list(ids))
    per: dict[int | None, dict] = {}
    for code in codes:
        for key, n in counted[code].items():
            row = per.setdefault(
                key, {"project": projects.get(key), "counts": dict.fromkeys(codes, 0)}
            )
            row["counts"][code] += n
    rows = []
    for row in per.values():
        row["total"] = sum(row["counts"].values())
        row["cells"] = [row["counts"][c] for c in codes]
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["project"].code if r["project"] else ""))
    totals = {c: sum(r["counts"][c] for r in rows) for c in codes}
    return Board(list(warnings.RULES), rows, totals, sum(totals.values()))
