"""How fast property fees scale (R-SVC-6): the monthly billing run and the arrears list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fees_bench python tests/bench/bench_fees.py
    python tests/bench/bench_fees.py --houses 20000          # SQLite, temporary database

Times, against the aims of the issue:

* ``billing``: one monthly run of a project of ``--houses`` houses (default 100,000), through
  :func:`aftersales.fees.services.bill_project` with a registered rate source (5 % of the
  houses custodial at 70 %) — bills per second; then the same run again, which must bill
  nobody (aim for the figure: the 100,000 bills of a month in under a minute);
* ``arrears``: the arrears list of a project of ``--arrears-houses`` houses (default 5,000)
  with a year of bills, about a third of the houses behind by 1–12 months — through the
  selector and through ``GET /api/v1/fees/arrears?project=`` (aim: under 200 ms).

Creating the houses and the year of bills is not timed (bulk inserts). Prints one
``name: value`` line per figure; exits non-zero when an outcome is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from decimal import Decimal

from bench_weekly import setup, timed

AIM_BILLING_SECONDS = 60.0
AIM_ARREARS_MS = 200.0


def make_project(code: str, houses: int, rng: random.Random):
    """A project of ``houses`` sold houses with areas, in buildings of 200 houses (bulk)."""
    from aftersales.estates.models import Building, House, Project

    project = Project.objects.create(code=code, name=f"收费测试{code}", city="杭州")
    per_building = 200
    buildings = Building.objects.bulk_create(
        Building(project=project, name=str(n + 1), floors=25)
        for n in range((houses + per_building - 1) // per_building)
    )
    rows = []
    for i in range(houses):
        b = buildings[i // per_building]
        unit, room = i % per_building // 100 + 1, 101 + i % 100
        rows.append(
            House(
                project=project,
                building=b,
                unit=str(unit),
                room=str(room),
                label=f"{b.name}-{unit}-{room}",
                area=Decimal(rng.randrange(4500, 16000)) / 100,
                status="occupied",
            )
        )
    House.objects.bulk_create(rows, batch_size=5000)
    return project


def month(today: dt.date, back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def bench_billing(user, houses: int, rng: random.Random) -> int:
    from aftersales.fees import rates, services
    from aftersales.fees.models import Bill

    project = make_project(f"FB{uuid.uuid4().hex[:6].upper()}", houses, rng)
    services.set_fee_standard(user, project, price_per_sqm="2.35")
    ids = list(project.houses.values_list("id", flat=True))
    custodial = {pk: Decimal("0.70") for pk in ids[::20]}

    def custody(house_ids, first_day):
        return {pk: custodial[pk] for pk in house_ids if pk in custodial}

    rates.register_rate_source(custody)
    period = f"{dt.date.today():%Y-%m}"
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        run = services.bill_project(user, project, period=period)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        again = timed(
            "billing_second_run", 1, lambda: services.bill_project(user, project, period=period)
        )
    finally:
        rates.unregister_rate_source(custody)
    print(f"billing_houses: {houses}")
    print(f"billing_seconds: {wall:.3f}")
    print(f"billing_cpu_seconds: {cpu:.3f}")
    print(f"billing_bills_per_second: {run.created / wall:.0f}")
    scaled = wall * 100_000 / houses
    verdict = "meets" if scaled <= AIM_BILLING_SECONDS else "MISSES"
    print(
        f"billing_aim: 100,000 bills in {AIM_BILLING_SECONDS:.0f} s; {scaled:.1f} s at this rate ({verdict})"
    )
    wrong = 0
    if run.created != houses or again.created != 0:
        print(f"WRONG: created {run.created} then {again.created}")
        wrong += 1
    custodial_bills = Bill.objects.filter(project=project, rate=Decimal("0.70")).count()
    if custodial_bills != len(custodial):
        print(f"WRONG: {custodial_bills} bills at 70 %, expected {len(custodial)}")
        wrong += 1
    return wrong


def bench_arrears(user, houses: int, rng: random.Random, repeat: int) -> int:
    from django.test import Client

    from aftersales.accounts.services import issue_token
    from aftersales.estates.models import House
    from aftersales.fees import selectors, services
    from aftersales.fees.models import Bill

    project = make_project(f"FA{uuid.uuid4().hex[:6].upper()}", houses, rng)
    standard = services.set_fee_standard(user, project, price_per_sqm="2.00")
    today = dt.date.today()
    bills, behind = [], 0
    for pk, area in project.houses.values_list("id", "area"):
        owed = rng.randint(1, 12) if rng.random() < 0.33 else 0
        behind += bool(owed)
        for back in range(12, -1, -1):
            paid = back > owed or back == 0 and rng.random() < 0.5
            bills.append(
                Bill(
                    project=project,
                    house_id=pk,
                    period=month(today, back),
                    area=area,
                    price_per_sqm=standard.price_per_sqm,
                    amount=services.fee_amount(standard.price_per_sqm, area),
                    status="paid" if paid else "unpaid",
                    receipt_number=f"BENCH-{pk}-{back}" if paid else "",
                )
            )
    Bill.objects.bulk_create(bills, batch_size=5000)
    settle(Bill)
    settle(House)
    print(f"arrears_houses: {houses}")
    print(f"arrears_bills: {len(bills)}")
    found = timed("arrears_selector", repeat, lambda: selectors.arrears(user, project=project.pk))
    token = issue_token(user)
    client = Client()
    url = f"/api/v1/fees/arrears?project={project.pk}"

    def ask():
        return client.get(url, headers={"Authorization": f"Bearer {token}"})

    answer = timed("arrears_api", repeat, ask)
    best = min(_time_ms(ask) for _ in range(repeat))
    verdict = "meets" if best < AIM_ARREARS_MS else "MISSES"
    print(f"arrears_api_ms: {best:.0f} (aim: under {AIM_ARREARS_MS:.0f} ms, {verdict})")
    wrong = 0
    if len(found) != behind or answer.status_code != 200 or answer.json()["count"] != behind:
        print(f"WRONG: {len(found)} houses in arrears, expected {behind}")
        wrong += 1
    return wrong


def settle(model) -> None:
    """What autovacuum does soon after a bulk insert (statistics, visibility map), so that the
    timed reads see the plans and index-only scans of a table in service."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"VACUUM (ANALYZE) {table}" if connection.vendor == "postgresql" else "ANALYZE"
        )


def _time_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--houses", type=int, default=100_000)
    parser.add_argument("--arrears-houses", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection

    from aftersales.accounts.services import create_user

    user = create_user(
        None,
        username=f"bench_fees_{uuid.uuid4().hex[:6]}",
        password="x",
        roles=["admin"],
        check_password=False,
    )
    print(f"database: {connection.vendor}")
    rng = random.Random(20261206)
    wrong = bench_billing(user, args.houses, rng)
    wrong += bench_arrears(user, args.arrears_houses, rng, args.repeat)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
