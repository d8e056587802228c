"""Ticket intake through the API on PostgreSQL with gunicorn, against the stack's floor.

Usage:  python tests/bench/bench_intake.py [--clients 16] [--seconds 20] [--workers 2] [--port 8199]

Starts gunicorn (``--workers`` processes, gthread) on 127.0.0.1 with the product plus a floor
endpoint (``benchsite.py``: token auth + one INSERT), then drives each endpoint with
``--clients`` keep-alive client threads for ``--seconds`` and prints requests per second and
p50/p99 latency of both, and the ratio. Needs PostgreSQL: ``DATABASE_URL`` or
postgres://postgres@127.0.0.1:5432/aftersales_bench (created and migrated if missing).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PORT = 8199
# The kinds of report intake is timed on, in turn: plain and urgent repairs, an emergency
# (the supervisor is told), complaints of each level (their clocks start; a major one is
# escalated to the GM and deputy GM) and an inquiry (its reply clock starts).
MIX = [
    {"kind": "repair"},
    {"kind": "repair"},
    {"kind": "repair", "urgency": "urgent"},
    {"kind": "repair", "urgency": "emergency"},
    {"kind": "complaint", "severity": "minor"},
    {"kind": "complaint", "severity": "important"},
    {"kind": "complaint", "severity": "major"},
    {"kind": "inquiry"},
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare(env: dict) -> dict:
    """Migrate; create the bench project with 200 houses, each with an owner whose phone the
    intake gives (so intake finds the customer), the staff that intake notifies (supervisor,
    GM, deputy GM), an agent scoped to the project and an administrator; return their tokens
    and the houses with their owners' phones."""
    code = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from aftersales.accounts.models import User
from aftersales.accounts.services import create_user, issue_token
from aftersales.estates.models import CustomerHouse, House, Project
from aftersales.estates import services

def user(name, roles, projects=None):
    return User.objects.filter(username=name).first() or create_user(
        None, username=name, password="x", roles=roles, projects=projects, check_password=False)

admin = user("bench", ["admin"])
project = Project.objects.filter(code="BENCH").first() or services.create_project(admin, code="BENCH", name="基准")
for name, role in (("bench_supervisor", "supervisor"), ("bench_gm", "gm"), ("bench_dgm", "deputy_gm")):
    user(name, [role])
agent = user("bench_agent", ["agent"], [project.pk])
houses = list(House.objects.filter(project=project).values_list("pk", flat=True))
for room in range(len(houses) + 1, 201):
    houses.append(services.create_house(
        admin, project=project, building=1 + room // 50, unit=1, room=100 + room, delivered_on="2024-06-30").pk)
owned = dict(CustomerHouse.objects.filter(house_id__in=houses).values_list("house_id", "customer__phone"))
for i, pk in enumerate(houses):
    if pk not in owned:
        phone = f"139{pk % 10**8:08d}"
        services.create_customer(admin, name=f"业主{i + 1}", phone=phone, same_phone_confirmed=True,
            houses=[services.HouseLink(House.objects.get(pk=pk))])
        owned[pk] = phone
print(json.dumps({"token": issue_token(admin), "agent_token": issue_token(agent),
                  "houses": [[pk, owned[pk]] for pk in houses]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _processes(server_pid: int, dbname: str) -> tuple[list[int], list[int]]:
    """The gunicorn workers (children of ``server_pid``) and the database's backends."""
    workers, backends = [], []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if ppid == server_pid:
            workers.append(int(entry))
        elif cmdline.startswith("postgres: ") and f" {dbname} " in cmdline:
            backends.append(int(entry))
    return workers, backends


class CpuMeter:
    """CPU seconds spent by the app server's workers and by the database's backends (Linux).

    On a shared machine the wall-clock rates move with the load; CPU per request does not.
    """

    def __init__(self, server_pid: int, dbname: str) -> None:
        self.server_pid, self.dbname = server_pid, dbname
        self.tick = os.sysconf("SC_CLK_TCK")

    def snapshot(self) -> dict[int, tuple[str, int]]:
        workers, backends = _processes(self.server_pid, self.dbname)
        found = {pid: ("app", _cpu_ticks(pid)) for pid in workers}
        found.update({pid: ("db", _cpu_ticks(pid)) for pid in backends})
        return found

    def since(self, before: dict[int, tuple[str, int]]) -> dict[str, float]:
        spent = {"app": 0.0, "db": 0.0}
        for pid, (kind, ticks) in self.snapshot().items():
            spent[kind] += (ticks - before.get(pid, (kind, 0))[1]) / self.tick
        return spent


def start_gunicorn(env: dict, port: int, workers: int, threads: int, *extra: str):
    """The product under gunicorn (gthread) on 127.0.0.1:``port``, as it runs in production,
    once it answers."""
    command = [sys.executable, "-m", "gunicorn", "aftersales.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--worker-class", "gthread", "--threads", str(threads)]
    server = subprocess.Popen([*command, "--log-level", "warning", *extra], env=env)
    for _ in range(100):  # until it answers
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/login/")
            break
        except OSError:
            time.sleep(0.2)
    return server


def drive(path: str, body: dict, token: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    fixed = json.dumps(body).encode() if not callable(body) else b""
    make = body if callable(body) else (lambda _i: fixed)
    base = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        sent = 0
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            sent += 1
            # Every request carries its own Idempotency-Key, as a careful client sends it.
            headers = base | {"Idempotency-Key": uuid.uuid4().hex}
            try:
                conn.request("POST", path, body=make(sent), headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 201)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * percentile(latencies, 0.99) if latencies else float("nan"),
    }


def main() -> int:
    global PORT
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    PORT = args.port

    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aftersales_bench")
    env["DJANGO_SETTINGS_MODULE"] = "benchsite"
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.setdefault("AFTERSALES_DATA_DIR", "/tmp/aftersales-bench")
    env.setdefault("DB_CONN_MAX_AGE", "60")
    if "postgres" not in env["DATABASE_URL"]:
        print("error: this benchmark needs PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    dbname = env["DATABASE_URL"].rsplit("/", 1)[-1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], capture_output=True)
    setup = prepare(env)

    server = start_gunicorn(env, PORT, args.workers, args.threads)
    try:
        token = setup["token"]
        agent_token = setup["agent_token"]
        houses = setup["houses"]
        counter = iter(range(10**9))

        def intake_body(_i):
            # Reports spread over the project's houses, as calls are in real life, from the
            # owner's phone (intake finds the customer), in the mix of MIX.
            n = next(counter)
            house, phone = houses[n % len(houses)]
            body = {
                "channel": "hotline",
                "phone": phone,
                "house": house,
                "category": "civil",
                "component": "leakage",
                "description": "卫生间渗漏（基准测试）",
            }
            return json.dumps(body | MIX[n % len(MIX)]).encode()

        drive("/bench/insert", {}, token, args.clients, 2)  # warm up both paths
        drive("/api/v1/tickets", intake_body, agent_token, args.clients, 2)
        meter = CpuMeter(server.pid, dbname)
        before = meter.snapshot()
        floor = drive("/bench/insert", {}, token, args.clients, args.seconds)
        floor["cpu"] = meter.since(before)
        before = meter.snapshot()
        intake = drive("/api/v1/tickets", intake_body, agent_token, args.clients, args.seconds)
        intake["cpu"] = meter.since(before)
    finally:
        server.terminate()
        server.wait(10)
    for name, r in (("floor", floor), ("intake", intake)):
        print(f"{name}_requests: {r['requests']}")
        print(f"{name}_errors: {r['errors']}")
        print(f"{name}_per_second: {r['rps']:.1f}")
        print(f"{name}_p50_ms: {r['p50_ms']:.1f}")
        print(f"{name}_p99_ms: {r['p99_ms']:.1f}")
    for name, r in (("floor", floor), ("intake", intake)):
        n = max(1, r["requests"])
        print(f"{name}_app_cpu_ms_per_request: {1000 * r['cpu']['app'] / n:.2f}")
        print(f"{name}_db_cpu_ms_per_request: {1000 * r['cpu']['db'] / n:.2f}")
    print(f"intake_to_floor_throughput_ratio: {intake['rps'] / floor['rps']:.2f}")
    cpu = {
        k: (r["cpu"]["app"] + r["cpu"]["db"]) / max(1, r["requests"])
        for k, r in (("floor", floor), ("intake", intake))
    }
    if cpu["intake"] > 0:
        # What the throughput ratio would be if CPU were the only limit (a load-proof figure).
        print(f"floor_to_intake_cpu_ratio: {cpu['floor'] / cpu['intake']:.2f}")
    return 1 if intake["errors"] or floor["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
