"""KPIs, dashboard queries and the overdue list at scale (R-RPT-1, R-RPT-4; targets of issue 5).

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h2bench python tests/bench/bench_reports.py
    python tests/bench/bench_reports.py --generate 20000          # temporary SQLite

With ``--generate N`` the run first loads N tickets with ``aftersales gen-data`` (timed:
``gen_data_N_tickets_seconds``); without it, it measures the database as it is (load it once with
``aftersales gen-data --tickets 1000000``). Each figure is measured ``--repeat`` times through the
HTTP API (test client: token auth, scoping, serialisation) and printed as ``…_p50_seconds`` and
``…_p95_seconds``. Targets on PostgreSQL with 1,000,000 tickets: KPIs of all projects over one
year ≤ 1 s, of one project ≤ 0.2 s, first page of ``GET /api/v1/tickets?overdue=true`` ≤ 0.1 s
(p95). The results' minute in the cache is off (``PAGE_CACHE_SECONDS=0``): every request computes.
Exits non-zero when an answer is wrong (bad status, a numerator above its denominator).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django() -> None:
    os.environ["AFTERSALES_DATA_DIR"] = tempfile.mkdtemp(prefix="aftersales-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    os.environ.setdefault("DEBUG", "false")
    # The computation is timed, not the minute it is shared for (core.cached.per_scope).
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    src = Path(__file__).resolve().parents[2] / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Failed(Exception):
    pass


def measure(label: str, call, repeat: int) -> object:
    call()  # warm-up (connection, plans, caches), not counted
    times = []
    answer = None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
    print(f"{label}_p50_seconds: {statistics.median(times):.3f}", flush=True)
    print(f"{label}_p95_seconds: {percentile(times, 0.95):.3f}", flush=True)
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="load N tickets first")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from aftersales.accounts.models import User
    from aftersales.accounts.services import create_user, issue_token
    from aftersales.reports.generator import Generator
    from aftersales.reports.models import TicketFact
    from aftersales.tickets.models import Ticket

    print(f"database: {connection.vendor}", flush=True)
    if args.generate:
        started = time.perf_counter()
        result = Generator(args.generate, seed=int(time.time()) % 1000).generate()
        print(f"gen_data_{args.generate}_tickets_seconds: {time.perf_counter() - started:.1f}")
        for name, seconds in result.seconds.items():
            print(f"gen_data_{name}_seconds: {seconds}")
    tickets = Ticket.objects.count()
    print(f"tickets: {tickets}", flush=True)
    if tickets == 0:
        print("no tickets: run with --generate N or load them with aftersales gen-data")
        return 2
    user = User.objects.filter(username="bench_reports").first() or create_user(
        None,
        username="bench_reports",
        password="bench-reports-1!",
        roles=["analyst"],
        check_password=False,
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")
    today = timezone.localdate()
    year = {"start": str(today - dt.timedelta(days=364)), "end": str(today)}
    busiest = (
        TicketFact.objects.values("project_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("project_id", flat=True)
        .first()
    )

    def get(path: str, params: dict | None = None) -> dict:
        response = client.get(f"/api/v1/{path}", params or {})
        if response.status_code != 200:
            raise Failed(f"{path}: {response.status_code} {response.content[:300]!r}")
        return response.json()

    def check(body: dict, label: str) -> None:
        for code, counts in body["counts"].items():
            num, den = counts["numerator"], counts["denominator"]
            if code != "complaints_per_1000_households" and num is not None and num > den:
                raise Failed(f"{label}: {code} {counts}")
        print(f"{label}_tickets: {body['tickets']}")
        print(f"{label}_satisfaction_rate: {body['satisfaction_rate']}")
        print(f"{label}_response_rate_24h: {body['response_rate_24h']}")

    try:
        body = measure("kpis_all_projects_year", lambda: get("reports/kpis", year), args.repeat)
        check(body, "kpis_all_projects_year")
        body = measure(
            "kpis_one_project_year",
            lambda: get("reports/kpis", year | {"project": busiest}),
            args.repeat,
        )
        check(body, "kpis_one_project_year")
        page = measure(
            "tickets_overdue_first_page",
            lambda: get("tickets", {"overdue": "true"}),
            args.repeat,
        )
        print(f"tickets_overdue_count: {page['count']}")
        if page["count"] and not page["results"]:
            raise Failed("overdue: a count without results")
        measure(
            "breakdown_month_all_projects_year",
            lambda: get("reports/breakdown", year | {"by": "month"}),
            max(3, args.repeat // 4),
        )
        measure(
            "breakdown_category_one_project_year",
            lambda: get("reports/breakdown", year | {"by": "category", "project": busiest}),
            max(3, args.repeat // 4),
        )
    except Failed as exc:
        print(f"FAILED: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
