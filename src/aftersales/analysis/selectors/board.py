"""The early-warning board (R-CMP-5): the warning rules' results counted per project.

The rules themselves are :mod:`aftersales.tickets.warnings` (the 预警 screen lists every row);
this board only counts its rows per project and rule, for the service manager's overview.
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


def project_of(w: warnings.Warning) -> Project | None:
    record = w.ticket or w.house or w.building
    return record.project if record is not None else None


def warnings_board(user, now: dt.datetime | None = None) -> Board:
    """Counts per project and rule, projects with most warnings first."""
    found = warnings.early_warnings(user, now)  # checks tickets.warnings and the data scope
    codes = [code for code, _label in warnings.RULES]
    per: dict[int | None, dict] = {}
    for w in found:
        project = project_of(w)
        key = project.pk if project else None
        row = per.setdefault(key, {"project": project, "counts": dict.fromkeys(codes, 0)})
        row["counts"][w.rule] += 1
    rows = []
    for row in per.values():
        row["total"] = sum(row["counts"].values())
        row["cells"] = [row["counts"][c] for c in codes]
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["project"].code if r["project"] else ""))
    totals = {c: sum(r["counts"][c] for r in rows) for c in codes}
    return Board(list(warnings.RULES), rows, totals, sum(totals.values()))
