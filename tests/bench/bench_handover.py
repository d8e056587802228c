"""A delivery weekend (R-HO-2): inspections of 60 items with 10 % failed, through the API.

Usage:
    DATABASE_URL=postgres://user@host:5432/db python tests/bench/bench_handover.py
        [--inspections 500] [--items 60] [--failed 0.10]

Creates (untimed) a project with one delivered house and its owner per inspection, a desk user
and a token; then posts every inspection to ``POST /api/v1/handover/inspections`` through
Django's test client (token authentication, JSON parsing, the service, the answer), one after
the other as a desk does. Each failed item opens one repair ticket through
``tickets.services.register_ticket`` inside the same request; the time spent there is measured
by wrapping that function.

| figure | what |
| --- | --- |
| `inspections_per_second` | inspections answered per second of wall clock |
| `inspection_p50_ms`, `inspection_p99_ms` | one inspection's request, all its tickets included |
| `tickets_opened` | must equal inspections × failed items |
| `ticket_open_total_seconds` | time inside ``register_ticket`` over the whole run |
| `ticket_open_ms_mean` | one ticket's opening |
| `tickets_of_one_inspection_ms_p99` | the tickets of one inspection, all opened |

Aim: ≥ 5 inspections per second and the tickets of one inspection opened in ≤ 1 s (p99) on
PostgreSQL: a weekend of 500 owners takes under two minutes of server time. The script exits
non-zero when a failed item has no ticket, a ticket is not of the handover channel, or the
number of tickets is wrong. Without ``DATABASE_URL`` it runs on a fresh temporary SQLite database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

ROWS = [
    ("入户门", "门扇开关顺畅", "doors_windows", "decoration"),
    ("客厅", "墙面无空鼓", "civil", "decoration"),
    ("卫生间", "防水闭水试验", "civil", "leakage"),
    ("厨房", "给水管无渗漏", "water_electric", "plumbing"),
    ("卧室", "插座通电正常", "water_electric", "electrical"),
    ("全屋", "暖气片无渗漏", "hvac", "heating_cooling"),
]


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["AFTERSALES_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-handover-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare(count: int):
    """A project with ``count`` houses delivered last month, each with its owner; a token."""
    import datetime as dt

    from django.utils import timezone

    from aftersales.accounts.services import create_user, issue_token
    from aftersales.estates import services as estates
    from aftersales.estates.models import Customer, CustomerHouse, House

    run = uuid.uuid4().hex[:6]
    admin = create_user(
        None, username=f"bench-ho-{run}", password="x", roles=["admin"], check_password=False
    )
    project = estates.create_project(admin, code=f"HO{run}", name=f"交付基准{run}")
    delivered = timezone.localdate() - dt.timedelta(days=30)
    building = estates.get_or_create_building(project, "1")
    houses = House.objects.bulk_create(
        [
            House(
                project=project,
                building=building,
                unit=str(1 + i // 200),
                room=str(101 + i % 200),
                label=f"1-{1 + i // 200}-{101 + i % 200}",
                status="delivered",
                delivered_on=delivered,
            )
            for i in range(count)
        ]
    )
    customers = Customer.objects.bulk_create(
        [Customer(name=f"业主{i}", phone=f"139{i:08d}") for i in range(count)]
    )
    CustomerHouse.objects.bulk_create(
        [
            CustomerHouse(customer=c, house=h, role="owner")
            for c, h in zip(customers, houses, strict=True)
        ]
    )
    return issue_token(admin), [(h.pk, c.pk) for h, c in zip(houses, customers, strict=True)]


def body(house: int, customer: int, items: int, failed: int) -> str:
    rows = []
    for i in range(items):
        room, item, category, component = ROWS[i % len(ROWS)]
        bad = i < failed
        rows.append(
            {
                "item": f"{item}（{i + 1}）",
                "location": room,
                "category": category,
                "component": component,
                "passed": not bad,
                "note": "需整改" if bad else "",
            }
        )
    return json.dumps({"house": house, "customer": customer, "items": rows})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=500)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--failed", type=float, default=0.10)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    from aftersales.handover.models import InspectionItem
    from aftersales.tickets import services as ticket_services
    from aftersales.tickets.models import Ticket

    failed = round(args.items * args.failed)
    token, pairs = prepare(args.inspections)
    print(f"database: {connection.vendor}")
    print(f"inspections: {args.inspections} × {args.items} items, {failed} failed each")

    spent: list[float] = []
    original = ticket_services.register_ticket

    def timed_register(*a, **kw):
        start = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            spent.append(time.perf_counter() - start)

    ticket_services.register_ticket = timed_register
    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    latencies, per_inspection, ids = [], [], []
    wall, cpu = time.perf_counter(), time.process_time()
    for house, customer in pairs:
        before = len(spent)
        start = time.perf_counter()
        r = client.post(
            "/api/v1/handover/inspections",
            data=body(house, customer, args.items, failed),
            content_type="application/json",
            headers=headers,
        )
        latencies.append(time.perf_counter() - start)
        per_inspection.append(sum(spent[before:]))
        if r.status_code != 201:
            print(f"error: {r.status_code} {r.content[:300]!r}", file=sys.stderr)
            return 1
        ids.append(r.json()["id"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ticket_services.register_ticket = original

    print(f"inspections_seconds: {wall:.3f}")
    print(f"inspections_cpu_seconds: {cpu:.3f}")
    print(f"inspections_per_second: {len(ids) / wall:.2f}  (aim ≥ 5)")
    print(f"inspection_p50_ms: {statistics.median(latencies) * 1000:.1f}")
    print(f"inspection_p99_ms: {percentile(latencies, 0.99) * 1000:.1f}")
    print(f"tickets_opened: {len(spent)}")
    print(f"ticket_open_total_seconds: {sum(spent):.3f}")
    if spent:
        print(f"ticket_open_ms_mean: {statistics.mean(spent) * 1000:.1f}")
        worst = percentile(per_inspection, 0.99) * 1000
        print(f"tickets_of_one_inspection_ms_p99: {worst:.1f}  (aim ≤ 1000)")

    items = InspectionItem.objects.filter(inspection_id__in=ids, passed=False)
    expected = len(ids) * failed
    linked = items.filter(ticket__isnull=False).count()
    tickets = Ticket.objects.filter(handover_items__inspection_id__in=ids)
    wrong = tickets.exclude(channel="handover").count()
    if items.count() != expected or linked != expected or tickets.count() != expected or wrong:
        print(
            f"error: {items.count()} failed items, {linked} linked, {tickets.count()} tickets, "
            f"{wrong} of another channel; expected {expected}",
            file=sys.stderr,
        )
        return 1
    print("outcome: every failed item has exactly one handover ticket")
    return 0


if __name__ == "__main__":
    sys.exit(main())
