"""Every page of the main menu, per persona, on a ``gen-data`` database, served by gunicorn.

Usage:  python tests/bench/bench_pages.py [--repeat 20] [--workers 2] [--port 8198] [--only NAME]

Needs PostgreSQL with data from ``aftersales gen-data`` (``DATABASE_URL``). Creates (or resets)
four logins on it — a scoped agent (one project), a technician (the generated one with the most
open work), a service manager and an analyst (all projects) — and lists for each the pages of
his menu, the workbench queues, the dashboard for all projects and for one, the drill-down to
overdue work, and a sample of ticket pages in each state within his scope. Then starts gunicorn
(``--workers``, gthread) with the product as in production (DEBUG off, the Redis cache), logs in
through the login form and requests each page ``--repeat`` times one after another (after one
untimed request that fills the caches, reported as ``first``).

Prints one line per page: p50 and p95 (ms), the first request (ms), the SQL statements the page
ran (``X-Queries``, from a middleware only these settings install), the bytes of HTML, and the
target (p95): 1,000 ms for the dashboard over all projects, 300 ms for every other page. Then
``pages_over_target: N``. Exits non-zero when a page does not answer 200.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from bench_intake import percentile, start_gunicorn  # noqa: E402

PORT = 8198
PASSWORD = "Bench-pages-2026"
TARGET_MS = 300
DASHBOARD_ALL_MS = 1000

PREPARE = r"""
import django, json, sys
django.setup()
from django.apps import apps
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from aftersales.accounts.models import Role, User
from aftersales.core import menu, scoping
from aftersales.core.permissions import can
from aftersales.estates.models import Project
from aftersales.tickets.choices import OPEN_STATUSES, Status
from aftersales.tickets.models import Ticket

PASSWORD = sys.argv[1]
SAMPLE = int(sys.argv[2])
# The scoped agent's project: the first generated one, or the last (whose customers and houses
# come last in id order, the worst case for lists in id order).
WHICH = sys.argv[3] if len(sys.argv) > 3 else "first"
from django.core.cache import cache

cache.clear()  # the benchmark's own cache database: every page starts cold
generated = Project.objects.filter(code__startswith="GD")
project = (generated.order_by("-id") if WHICH == "last" else generated.order_by("id")).first()
if project is None:
    sys.exit("no gen-data projects: run `aftersales gen-data --tickets N` first")


DETAILS = [  # (label, url name, app_label.Model, capability to see it)
    ("交付批次·详情", "handover:batch", "handover.DeliveryBatch", "handover.view"),
    ("验房·详情", "handover:inspection", "handover.Inspection", "handover.view"),
    ("入住·详情", "handover:move_in", "handover.MoveIn", "handover.view"),
    ("托管·详情", "handover:custody", "handover.Custody", "handover.view"),
    ("有偿服务·详情", "frontdesk:paid_detail", "frontdesk.PaidService", "frontdesk.view"),
    ("换锁·详情", "frontdesk:lock_detail", "frontdesk.LockChange", "frontdesk.view"),
    ("邮件·详情", "frontdesk:mail_detail", "frontdesk.MailItem", "frontdesk.view"),
    ("装修·详情", "frontdesk:renovation_detail", "frontdesk.Renovation", "frontdesk.view"),
    ("放行条·详情", "frontdesk:slip_detail", "frontdesk.ReleaseSlip", "frontdesk.view"),
    ("账单·详情", "fees:bill_detail", "fees.Bill", "fees.view"),
    ("回访活动·详情", "care:campaign", "care.Campaign", "care.view"),
    ("问卷统计", "care:questionnaire_stats", "care.Questionnaire", "care.view"),
    ("上门拜访·详情", "care:visit", "care.Visit", "care.view"),
    ("社区活动·详情", "care:activity", "care.Activity", "care.view"),
]


def login(username, role, projects=(), like=None):
    user = like or User.objects.filter(username=username).first() or User(username=username)
    user.name = user.name or username
    user.is_active = True
    user.set_password(PASSWORD)
    user.save()
    if like is None:
        user.roles.set(Role.objects.filter(code=role))
        user.projects.set(projects)
    return user


tech = (
    User.objects.filter(roles__code="technician", username__startswith="gd")
    .annotate(n=Count("assigned_tickets", filter=Q(assigned_tickets__status__in=OPEN_STATUSES)))
    .order_by("-n", "id")
    .first()
)
people = {
    "agent": login("bench_agent", "agent", [project]),
    "technician": login(tech.username, "technician", like=tech),
    "manager": login("bench_manager", "service_manager"),
    "analyst": login("bench_analyst", "analyst"),
}
out = {"project": project.pk, "people": {}}
for persona, user in people.items():
    pages = []
    for _section, entry in menu.entries():
        if entry.capability and not can(user, entry.capability):
            continue
        try:
            pages.append((str(entry.label), reverse(entry.url_name)))
        except NoReverseMatch:
            continue
    if can(user, "tickets.intake"):
        for code in ("mine", "undispatched", "due_soon", "overdue", "callback", "complaints"):
            pages.append((f"工作台·{code}", reverse("tickets:workbench") + f"?queue={code}"))
    if can(user, "reports.view"):
        drill = reverse("reports:drill")
        dash = reverse("reports:dashboard")
        pages.append(("看板·单项目", f"{dash}?project={project.pk}"))
        pages.append(("看板下钻·已超时", f"{drill}?metric=overdue&part=all"))
        pages.append(("看板下钻·未关闭", f"{drill}?metric=open&part=all"))
    visible = scoping.visible_to(Ticket.objects.all(), user)
    if persona == "technician":
        visible = visible.filter(assignee=user)
    for status in Status.values:
        ids = list(visible.filter(status=status).order_by("-id").values_list("id", flat=True)[:SAMPLE])
        for pk in ids:
            pages.append((f"工单·{status}", reverse("tickets:detail", args=[pk])))
    # The newest record of each other domain within his scope (gen-data writes them too).
    for label, url, model_path, cap in DETAILS:
        if not can(user, cap):
            continue
        app, name = model_path.rsplit(".", 1)
        model = apps.get_model(app, name)
        pk = scoping.visible_to(model.objects.all(), user).order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            pages.append((label, reverse(url, args=[pk])))
    out["people"][persona] = {"username": user.username, "pages": pages}
print(json.dumps(out, ensure_ascii=False))
"""


class Browser:
    """One signed-in person: a keep-alive connection with cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, data

    def login(self, username: str, password: str) -> None:
        _response, html = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        body = urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        response, _ = self.request(
            "POST",
            "/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "/login/"},
        )
        if response.status != 302:
            raise SystemExit(f"error: login of {username} answered {response.status}")


def target_for(label: str, path: str) -> int:
    if path.startswith("/reports/dashboard") and "project=" not in path:
        return DASHBOARD_ALL_MS
    return TARGET_MS


def measure(browser: Browser, path: str, repeat: int) -> dict:
    started = time.perf_counter()
    response, body = browser.request("GET", path)
    first = time.perf_counter() - started
    if response.status != 200:
        return {"status": response.status, "first_ms": 1000 * first}
    times = []
    # A page far over its target is sampled less: its figure is clear after a few requests.
    runs = repeat if first < 3 else min(repeat, 3)
    for _ in range(runs):
        started = time.perf_counter()
        response, body = browser.request("GET", path)
        times.append(time.perf_counter() - started)
    return {
        "status": response.status,
        "first_ms": 1000 * first,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * percentile(times, 0.95),
        "n": len(times),
        "queries": int(response.getheader("X-Queries") or -1),
        "bytes": len(body),
    }


def main() -> int:
    global PORT
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sample", type=int, default=2, help="ticket pages per state")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--only", default="", help="personas, comma-separated")
    parser.add_argument(
        "--agent-project",
        choices=("first", "last"),
        default="first",
        help="the scoped agent's project: the first generated or the last (worst for id order)",
    )
    parser.add_argument("--match", default="", help="only pages whose path contains this")
    args = parser.parse_args()
    PORT = args.port

    env = dict(os.environ)
    if "postgres" not in env.get("DATABASE_URL", ""):
        print("error: this benchmark needs a gen-data PostgreSQL database (DATABASE_URL)")
        return 2
    env["DJANGO_SETTINGS_MODULE"] = "benchpagessite"
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.setdefault("AFTERSALES_DATA_DIR", "/tmp/aftersales-bench-pages")
    env.setdefault("DB_CONN_MAX_AGE", "60")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    env["SECURE_COOKIES"] = "false"
    out = subprocess.run(
        [sys.executable, "-c", PREPARE, PASSWORD, str(args.sample), args.agent_project],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(out.stdout.strip().splitlines()[-1])
    server = start_gunicorn(env, PORT, args.workers, args.threads, "--timeout", "120")
    over, failed = 0, 0
    only = {p for p in args.only.split(",") if p}
    try:
        print("persona | page | path | p50 ms | p95 ms | first ms | queries | bytes | target ms")
        for persona, info in setup["people"].items():
            if only and persona not in only:
                continue
            browser = Browser(PORT)
            browser.login(info["username"], PASSWORD)
            for label, path in info["pages"]:
                if args.match and args.match not in path:
                    continue
                r = measure(browser, path, args.repeat)
                target = target_for(label, path)
                if r["status"] != 200:
                    failed += 1
                    print(f"{persona} | {label} | {path} | status {r['status']}", flush=True)
                    continue
                mark = "ok" if r["p95_ms"] <= target else "OVER"
                over += mark == "OVER"
                print(
                    f"{persona} | {label} | {path} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                    f"{r['first_ms']:.0f} | {r['queries']} | {r['bytes']:,} | {target} {mark}",
                    flush=True,
                )
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
    print(f"pages_over_target: {over}")
    print(f"pages_failed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
