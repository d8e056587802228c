"""The README's deployment shape in miniature, on this machine, for the fault suite.

Its own PostgreSQL cluster (``initdb`` into a temporary directory, run as the ``postgres`` OS
user when we are root) and its own ``redis-server``, each on a free loopback port, so that the
suite can restart its database without touching anybody else's; two gunicorn app servers
(two workers each), two ``aftersales db_worker`` processes and the ``aftersales scheduler``.
A supervisor thread restarts a task worker or the scheduler that exits, as systemd's
``Restart=always`` does in production (docs/operations.md). Everything goes at :meth:`stop`.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
GUNICORN_TIMEOUT = 10
# Above gunicorn's timeout, as in production; short so that the suite stays short.
CLAIM_SECONDS = 12
TASK_STALE_SECONDS = 5


class Unavailable(RuntimeError):
    """A prerequisite of the suite is missing on this machine."""


def free_port(preferred: int | None = None) -> int:
    if preferred:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for candidate in reversed(found):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise Unavailable("PostgreSQL server binaries not found (apt-get install postgresql)")


def _as_postgres() -> list[str]:
    """Root cannot run postgres: run its commands as the postgres OS user."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise Unavailable("runuser is missing (util-linux)")
    return ["runuser", "-u", "postgres", "--"]


class Deployment:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="aftersales-fault-"))
        self.pg_root = Path(tempfile.mkdtemp(prefix="aftersales-fault-pg-"))
        self.pgdata = self.pg_root / "data"
        self.data = self.base / "data"
        (self.data / "static").mkdir(parents=True)
        self.logs = self.base / "logs"
        self.logs.mkdir()
        self.pg_port = free_port(55432)
        self.redis_port = free_port(56379)
        self.app_ports = [free_port(), free_port()]
        self.pgbin = postgres_bin()
        self.redis: subprocess.Popen | None = None
        self.apps: list[subprocess.Popen] = []
        self.workers: dict[str, subprocess.Popen] = {}
        self.scheduler: subprocess.Popen | None = None
        self.restarts: dict[str, int] = {}
        self._supervising = False
        self._supervisor: threading.Thread | None = None
        self._lock = threading.Lock()
        self.seed: dict = {}
        self.env = os.environ | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/aftersales",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "AFTERSALES_DATA_DIR": str(self.data),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "IDEMPOTENCY_CLAIM_SECONDS": str(CLAIM_SECONDS),
            "TASK_STALE_SECONDS": str(TASK_STALE_SECONDS),
            "STALE_RUN_RECOVERY_SECONDS": "2",
            "NOTIFY_SMS_BACKEND": "tests.fault.slow_sms.SlowLogBackend",
            "FAULT_SMS_SECONDS": "0.1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    # --- PostgreSQL and Redis -------------------------------------------------------------

    def _pg(self, tool: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        cmd = [*_as_postgres(), str(self.pgbin / tool), *args]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)

    def start_postgres(self) -> None:
        self.pgdata.mkdir()
        (self.pg_root / "sock").mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_root, "postgres")
            for path in (self.pgdata, self.pg_root / "sock"):
                shutil.chown(path, "postgres")
        self._pg("initdb", "-D", str(self.pgdata), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_root / 'sock'} "
            "-c fsync=off -c full_page_writes=off -c max_connections=60"
        )
        self._pg("pg_ctl", "-D", str(self.pgdata), "-l", str(self.pg_root / "postgres.log"),
                 "-o", options, "-w", "start")  # fmt: skip
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
                 "aftersales")  # fmt: skip

    def restart_postgres(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, in-flight transactions abort."""
        self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "restart",
                 "-l", str(self.pg_root / "postgres.log"))  # fmt: skip

    def start_redis(self) -> None:
        if shutil.which("redis-server") is None:
            raise Unavailable("redis-server is missing (apt-get install redis-server)")
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.base),
            ],  # fmt: skip
            stdout=(self.logs / "redis.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.redis_port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        dsn = f"host=127.0.0.1 port={self.pg_port} user=postgres dbname=aftersales"
        with psycopg.connect(dsn, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    # --- the application ------------------------------------------------------------------

    def aftersales(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [str(VENV_BIN / "aftersales"), *args],
            env=self.env,
            cwd=self.base,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"aftersales {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def migrate_and_seed(self) -> None:
        self.aftersales("migrate", "--noinput")
        out = self.aftersales("shell", "-c", SEED)
        self.seed = json.loads(out.strip().splitlines()[-1])

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("a")
        return subprocess.Popen(
            args, env=self.env, cwd=self.base, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_apps(self) -> None:
        for i, port in enumerate(self.app_ports):
            self.apps.append(
                self._spawn(
                    f"gunicorn{i + 1}",
                    [
                        str(VENV_BIN / "gunicorn"),
                        "aftersales.wsgi",
                        "--workers",
                        "2",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--timeout",
                        str(GUNICORN_TIMEOUT),
                        "--graceful-timeout",
                        "3",
                        # As docs/operations.md deploys it: the app is loaded once in the
                        # master, so a killed worker's replacement serves at once.
                        "--preload",
                    ],
                )  # fmt: skip
            )
        for port in self.app_ports:
            self.wait_ready(port)

    def wait_ready(self, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        url = f"http://127.0.0.1:{port}/api/v1/roles"
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {self.seed['token']}"}
        )
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.3)
        raise RuntimeError(f"app server on port {port} did not come up")

    def _worker_args(self, name: str) -> list[str]:
        return [str(VENV_BIN / "aftersales"), "db_worker", "--interval", "0.2",
                "--no-startup-delay", "--worker-id", name]  # fmt: skip

    def start_background(self) -> None:
        for name in ("worker1", "worker2"):
            self.workers[name] = self._spawn(name, self._worker_args(name))
        self.scheduler = self._spawn(
            "scheduler", [str(VENV_BIN / "aftersales"), "scheduler", "--tick", "1"]
        )
        self._supervising = True
        self._supervisor = threading.Thread(target=self._supervise, daemon=True)
        self._supervisor.start()

    def _supervise(self) -> None:
        """Restart a task worker or the scheduler that exited (systemd ``Restart=always``)."""
        while self._supervising:
            with self._lock:
                for name, proc in list(self.workers.items()):
                    if proc.poll() is not None:
                        self.restarts[name] = self.restarts.get(name, 0) + 1
                        self.workers[name] = self._spawn(name, self._worker_args(name))
                if self.scheduler is not None and self.scheduler.poll() is not None:
                    self.restarts["scheduler"] = self.restarts.get("scheduler", 0) + 1
                    self.scheduler = self._spawn(
                        "scheduler", [str(VENV_BIN / "aftersales"), "scheduler", "--tick", "1"]
                    )
            time.sleep(1)

    def gunicorn_workers(self, app: int = 0) -> list[int]:
        master = self.apps[app].pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def busy_gunicorn_worker(self, app: int = 0, seconds: float = 2.0) -> int:
        """A worker of app server ``app`` holding a client connection (serving a request)."""
        port = f"{self.app_ports[app]:04X}"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            established = set()
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                for line in Path(table).read_text().splitlines()[1:]:
                    fields = line.split()
                    if fields[1].endswith(f":{port}") and fields[3] == "01":
                        established.add(fields[9])
            for pid in self.gunicorn_workers(app):
                try:
                    links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
                except (FileNotFoundError, ProcessLookupError):
                    continue
                if any(link[8:-1] in established for link in links if link.startswith("socket:")):
                    return pid
            time.sleep(0.01)
        return self.gunicorn_workers(app)[0]

    def kill_worker(self, name: str) -> int:
        with self._lock:
            pid = self.workers[name].pid
            os.kill(pid, signal.SIGKILL)
            self.workers[name].wait()
            return pid

    # --- the end --------------------------------------------------------------------------

    def stop(self) -> None:
        self._supervising = False
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
        procs = [*self.apps, *self.workers.values()]
        if self.scheduler is not None:
            procs.append(self.scheduler)
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        if (self.pgdata / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "immediate", "-w", "stop")
        if os.environ.get("FAULT_KEEP_LOGS"):
            print(f"fault suite logs kept in {self.base} and {self.pg_root}")
            return
        shutil.rmtree(self.base, ignore_errors=True)
        shutil.rmtree(self.pg_root, ignore_errors=True)


# Run by ``aftersales shell -c``: one estate, one customer with a mobile phone, an agent with a
# bearer token. The last line printed is the JSON the suite reads.
SEED = """
import json
from aftersales.accounts.services import create_user, issue_token
from aftersales.estates.services import HouseLink, create_customer, create_house, create_project
admin = create_user(None, username="fault_admin", password="Fault-Suite-2026!", roles=["admin"],
                    projects=[], check_password=False)
project = create_project(admin, code="FT", name="故障演练苑", city="杭州")
house = create_house(admin, project=project, building="1", unit="1", room="101",
                     delivered_on="2021-06-30")
customer = create_customer(admin, name="演练业主", phone="13800001111",
                           houses=[HouseLink(house=house, role="owner")])
agent = create_user(None, username="fault_agent", password="Fault-Suite-2026!", roles=["agent"],
                    projects=[project.pk], check_password=False)
print(json.dumps({"token": issue_token(agent), "customer": customer.pk, "house": house.pk}))
"""
