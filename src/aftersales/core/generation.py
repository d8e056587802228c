"""Scale data for every domain (``aftersales gen-data``): bulk loaders and registered steps.

``gen-data`` writes projects, houses, owners, staff and the ticket history itself; each other
domain (handover, front desk, fees, customer care …) contributes what it would hold for those
houses by registering a step in its ``AppConfig.ready()`` with :func:`register_scale`. Core
knows no domain: a step gets the :class:`ScaleRun` (the run's houses, staff, clock and random
source) and writes its own rows, in bulk, with :class:`Loader` and :func:`reserve_ids`.

Steps run after the tickets, in ``order``, each in a transaction of its own, and report what
they wrote in ``run.counts`` (printed by the command) and how long they took.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, models, transaction


@dataclass
class ScaleRun:
    """What a domain's step gets: the generated estate and the run's clock and dice."""

    run: int  # the gen-data run number (numbers and usernames carry it: GD<run>-…)
    rng: random.Random
    now: dt.datetime
    span: dt.timedelta  # the history covers [now - span, now]
    projects: list[int]
    # (house id, project id, building id, owner customer id), one per generated house
    houses: list[tuple[int, int, int, int]]
    # role code -> [(user id, display name)] of the staff this run created
    staff: dict[str, list[tuple[int, str]]]
    say: Callable[[str], None] = lambda s: None
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: Callable[[ScaleRun], None]


STEPS: dict[str, Step] = {}


def register_scale(name: str, run: Callable[[ScaleRun], None], order: int) -> None:
    STEPS[name] = Step(name, order, run)


def run_steps(scale: ScaleRun) -> None:
    """Run every registered step in order, each in its own transaction, timing each."""
    for step in sorted(STEPS.values(), key=lambda s: s.order):
        started = time.perf_counter()
        with transaction.atomic():
            step.run(scale)
        scale.seconds[step.name] = round(time.perf_counter() - started, 1)
        scale.say(f"{step.name}：用时 {scale.seconds[step.name]} 秒")


def analyze(*models_: type[models.Model]) -> None:
    """Refresh the planner's statistics of tables just loaded in bulk (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            # VACUUM sets the visibility map (index-only scans at once); not possible inside a
            # transaction (tests, a step's own transaction): ANALYZE only.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


class Loader:
    """Rows of one model, written in batches: COPY on PostgreSQL, bulk INSERT elsewhere."""

    def __init__(self, model: type[models.Model], batch: int = 20000, explicit_id: bool = False):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if explicit_id or not f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.defaults = []
        for f in self.fields:
            if f.has_default():
                self.defaults.append(f.get_default())
            elif isinstance(f, models.CharField | models.TextField | models.FileField) and not (
                f.null
            ):
                self.defaults.append("")
            else:
                self.defaults.append(None)
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.batch = batch
        self.rows: list[list] = []
        self.count = 0
        self.postgres = connection.vendor == "postgresql"
        self.index = {a: i for i, a in enumerate(self.attnames)}

    def add(self, values: dict) -> None:
        row = list(self.defaults)
        index = self.index
        for key, value in values.items():
            row[index[key]] = value
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        self.count += len(rows)
        if self.postgres:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            table = connection.ops.quote_name(self.model._meta.db_table)
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    for i in self.json:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                    copy.write_row(row)
            return
        # A plain INSERT elsewhere (SQLite in tests and demos): bulk_create would stamp the
        # history's auto_now/auto_now_add moments (created_at, sent_at …) with the present.
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({marks})"
        fields = self.fields
        values = [
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)


def reserve_ids(model: type[models.Model], n: int) -> int:
    """The first of ``n`` consecutive new primary keys of ``model`` (sequence moved past them);
    0 when ``n`` is 0 (nothing to reserve)."""
    if n <= 0:
        return 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + n - 1]
            )
    return first


def superuser() -> bool:
    """Whether the connection is a PostgreSQL superuser (who may skip the foreign-key triggers)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


@contextlib.contextmanager
def without_row_triggers(skip: bool | None = None):
    """Inside a transaction, load rows without the per-row foreign-key triggers, as
    ``pg_restore --disable-triggers`` does: the generated rows are consistent by construction.
    Only for a PostgreSQL superuser (``skip`` defaults to :func:`superuser`); else a no-op."""
    skip = superuser() if skip is None else skip
    if skip:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        if skip:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")


def weighted(rng: random.Random, items) -> Callable[[], object]:
    """A picker of the values of ``items`` (``(value, weight)`` pairs) by their weights, drawn
    from ``rng`` (one ``random()`` per pick: a linear scan, quicker than ``choices`` for the few
    values a generator weighs)."""
    values = [v for v, _ in items]
    cum = list(itertools.accumulate(w for _, w in items))
    total = cum[-1]

    def pick():
        x = rng.random() * total
        for value, c in zip(values, cum, strict=True):
            if x < c:
                return value
        return values[-1]

    return pick
