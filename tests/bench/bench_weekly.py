"""投诉处理周报 at scale (R-RPT-2): one office's weekly report, timed on the data that is there.

Usage:
    DATABASE_URL=postgres://user@host:5432/db python tests/bench/bench_weekly.py
        [--project CODE] [--week YYYY-MM-DD] [--repeat 3] [--seed N]

Times, on the database ``DATABASE_URL`` names (migrated, never emptied):

| figure | what |
| --- | --- |
| `weekly_report_current_week_seconds` | the report of the busiest office for this week (states as they are) |
| `weekly_report_past_week_seconds` | the same office for the week ``--week`` (default: four weeks ago; states read from the trail) |
| `complaints_rollup_quarter_seconds` | the quarterly roll-up over every office |
| `recurring_category_seconds` | the recurring-problem analysis by category over the last twelve months |

Target: each weekly report ≤ 1 s on PostgreSQL with 1,000,000 tickets (the best of
``--repeat`` runs is printed; the first run warms the caches). The "busiest office" is the
project with the most complaints. The script exits non-zero when a report's "new" figure differs
from a plain count of the same complaints.

``--seed N`` first adds N tickets of its own (untimed; about 15 % complaints with a plausible
trail and clocks, spread over two years and 100 projects) so that the script can be tried on an
empty database; ``aftersales gen-data`` makes the realistic data set. Without ``DATABASE_URL``
the script runs on a fresh temporary SQLite database and seeds 20,000 tickets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def setup() -> bool:
    """Start Django; True when the database is a fresh temporary one."""
    fresh = not os.environ.get("DATABASE_URL")
    if fresh:
        os.environ["AFTERSALES_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-weekly-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return fresh


def timed(name: str, repeat: int, fn):
    best_wall = best_cpu = None
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    print(f"{name}_seconds: {best_wall:.3f}")
    print(f"{name}_cpu_seconds: {best_cpu:.3f}")
    return result


def seed(count: int, rng: random.Random) -> None:
    """Add ``count`` tickets with a trail, fast (bulk inserts, no services)."""
    from django.db import transaction
    from django.utils import timezone

    from aftersales.estates.models import Building, House, Project
    from aftersales.tickets.models import Deadline, Ticket, TicketEvent

    run = timezone.now().strftime("%y%m%d%H%M%S")
    projects = [Project(code=f"BW{run}-{i:03d}", name=f"基准小区{i:03d}") for i in range(100)]
    Project.objects.bulk_create(projects)
    projects = list(Project.objects.filter(code__startswith=f"BW{run}-"))
    houses = []
    for project in projects:
        buildings = Building.objects.bulk_create(
            [Building(project=project, name=str(b)) for b in range(1, 6)]
        )
        for building in buildings:
            for room in range(1, 41):
                houses.append(
                    House(
                        project=project,
                        building=building,
                        unit="1",
                        room=str(100 + room),
                        label=f"{building.name}-1-{100 + room}",
                        unit_type=rng.choice(["三室两厅", "两室一厅", "四室两厅", ""]),
                    )
                )
    House.objects.bulk_create(houses, batch_size=5000)
    houses = list(House.objects.filter(project__in=projects).values_list("pk", "project_id"))
    now = timezone.now()
    span = 730 * 24 * 3600
    kinds = ["repair"] * 70 + ["complaint"] * 15 + ["inquiry"] * 10 + ["suggestion"] * 5
    categories = ["civil", "water_electric", "hvac", "doors_windows", "fitout", "other"]
    open_complaint = ["registered", "routed", "replied", "reopened"]
    batch = 5000
    made = 0
    while made < count:
        size = min(batch, count - made)
        tickets = []
        for i in range(size):
            house, project = rng.choice(houses)
            kind = rng.choice(kinds)
            at = now - dt.timedelta(seconds=rng.random() * span)
            old = (now - at).days > 30
            if kind == "complaint":
                status = (
                    "closed"
                    if old and rng.random() < 0.95
                    else rng.choice([*open_complaint, "awaiting_callback", "closed"])
                )
            else:
                status = (
                    "closed"
                    if old and rng.random() < 0.95
                    else rng.choice(["registered", "dispatched", "in_progress", "closed"])
                )
            tickets.append(
                Ticket(
                    number=f"BW{run}-{made + i:08d}",
                    kind=kind,
                    channel="hotline",
                    status=status,
                    severity=rng.choice(["major", "important", "minor", "minor", "minor"])
                    if kind == "complaint"
                    else "",
                    project_id=project,
                    house_id=house,
                    category=rng.choice(categories),
                    location=rng.choice(["卫生间", "厨房", "客厅", "卧室", "阳台", ""]),
                    description="基准数据",
                    occurred_at=at,
                    closed_at=at + dt.timedelta(days=rng.randint(1, 20))
                    if status == "closed"
                    else None,
                )
            )
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
            numbers = [t.number for t in tickets if t.kind == "complaint"]
            complaints = list(Ticket.objects.filter(number__in=numbers))
            events, clocks = [], []
            for t in complaints:
                events.append(
                    TicketEvent(
                        ticket=t,
                        action="register",
                        to_status="registered",
                        occurred_at=t.occurred_at,
                        actor_name="基准",
                    )
                )
                step = t.occurred_at + dt.timedelta(hours=rng.randint(2, 40))
                if t.status != "registered":
                    events.append(
                        TicketEvent(
                            ticket=t,
                            action="route",
                            from_status="registered",
                            to_status="routed",
                            occurred_at=step,
                            actor_name="基准",
                            data={"departments": ["engineering"]},
                        )
                    )
                resolved = t.status in ("awaiting_callback", "closed", "reopened")
                done_at = step + dt.timedelta(hours=rng.randint(4, 200))
                if resolved:
                    events.append(
                        TicketEvent(
                            ticket=t,
                            action="resolve",
                            from_status="routed",
                            to_status="awaiting_callback",
                            occurred_at=done_at,
                            actor_name="基准",
                            data={"content": "已处理"},
                        )
                    )
                if t.status in ("closed", "reopened"):
                    events.append(
                        TicketEvent(
                            ticket=t,
                            action="callback",
                            from_status="awaiting_callback",
                            to_status=t.status,
                            occurred_at=t.closed_at or done_at + dt.timedelta(days=1),
                            actor_name="基准",
                        )
                    )
                hours = {"major": 240, "important": 72, "minor": 48}[t.severity]
                clocks.append(
                    Deadline(
                        ticket=t,
                        name="reply",
                        started_at=t.occurred_at,
                        amount=24,
                        unit="natural_hours",
                        due=t.occurred_at + dt.timedelta(hours=24),
                        met_at=step if t.status != "registered" else None,
                    )
                )
                clocks.append(
                    Deadline(
                        ticket=t,
                        name="resolution",
                        started_at=t.occurred_at,
                        amount=hours,
                        unit="natural_hours",
                        due=t.occurred_at + dt.timedelta(hours=hours),
                        met_at=done_at if resolved else None,
                    )
                )
            TicketEvent.objects.bulk_create(events, batch_size=5000)
            Deadline.objects.bulk_create(clocks, batch_size=5000)
        made += size
        print(f"seeded_tickets: {made}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="project code (default: the one with most complaints)")
    parser.add_argument("--week", type=dt.date.fromisoformat, help="a day of the past week")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0, help="first add this many tickets")
    args = parser.parse_args()
    fresh = setup()

    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from aftersales.accounts.models import User
    from aftersales.accounts.services import create_user
    from aftersales.analysis.selectors import recurring, weekly
    from aftersales.estates.models import Project
    from aftersales.tickets.models import Ticket

    if args.seed or fresh:
        seed(args.seed or 20_000, random.Random(20261123))
    user = User.objects.filter(username="bench_weekly").first() or create_user(
        None,
        username="bench_weekly",
        password="x",
        roles=["service_manager"],
        check_password=False,
    )
    print(f"database: {connection.vendor}")
    print(f"tickets: {Ticket.objects.count()}")
    if args.project:
        project = Project.objects.get(code=args.project)
    else:
        busiest = (
            Ticket.objects.filter(kind="complaint")
            .order_by()
            .values("project")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            print("no complaints in this database: use --seed N or aftersales gen-data")
            return 2
        project = Project.objects.get(pk=busiest["project"])
    print(f"office: {project.code} ({Ticket.objects.filter(project=project).count()} tickets)")
    today = timezone.localdate()
    past = args.week or today - dt.timedelta(days=28)
    wrong = 0
    for name, week in (("current_week", None), ("past_week", past)):
        report = timed(
            f"weekly_report_{name}",
            args.repeat,
            lambda week=week: weekly.weekly_report(user, project.pk, week),
        )
        plain = Ticket.objects.filter(
            kind="complaint",
            project=project,
            merged_into__isnull=True,
            occurred_at__gte=report.period.start,
            occurred_at__lt=report.period.end,
        ).count()
        t = report.total
        print(
            f"weekly_report_{name}_figures: new {t['new']} resolved {t['resolved']} "
            f"pending {t['pending']} overdue {t['overdue']} items {len(report.pending_items)}"
        )
        if t["new"] != plain:
            print(f"WRONG: weekly_report_{name} new {t['new']} != {plain}")
            wrong += 1
    timed("complaints_rollup_quarter", args.repeat, lambda: weekly.rollup(user, "quarter"))
    timed(
        "recurring_category",
        args.repeat,
        lambda: recurring.analyse(user, "category", project.pk),
    )
    print("target: weekly_report_*_seconds <= 1.0 on PostgreSQL with 1,000,000 tickets")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
