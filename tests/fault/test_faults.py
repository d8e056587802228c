"""The fault suite (issue 16): kill an app worker, a task worker and restart the database under load.

On the deployment of :mod:`tests.fault.deployment` (PostgreSQL, two gunicorn app servers, two
task workers, the scheduler, Redis), 16 client threads send intakes, each logical request with
its own ``Idempotency-Key``, retrying with the same key until acknowledged (:mod:`.load`). Each
scenario then checks that every acknowledged ticket exists, that every logical request ended
with exactly one ticket, that ticket numbers are distinct and gap-free, that no 5xx came once the
system was back, and prints the figures. Run with ``make fault`` (``pytest -m fault tests/fault``).
"""

from __future__ import annotations

import collections
import os
import re
import signal
import time

import pytest

from tests.fault.deployment import CLAIM_SECONDS, Deployment
from tests.fault.load import Load

pytestmark = pytest.mark.fault

WARMUP = 3.0  # seconds of load before the fault
AFTER = 8.0  # seconds of load after it
GRACE = 5.0  # after the fault is over, 5xx must stop within this time
DRAIN = 60.0  # seconds the task workers get to deliver every message

NUMBER = re.compile(r"^(?P<series>.+)-(?P<value>\d+)$")


@pytest.fixture(scope="module")
def deployment():
    site = Deployment()
    try:
        started = time.monotonic()
        site.start_postgres()
        site.start_redis()
        site.migrate_and_seed()
        site.start_apps()
        site.start_background()
        print(f"\ndeployment up in {time.monotonic() - started:.0f} s: PostgreSQL :{site.pg_port}, "
              f"Redis :{site.redis_port}, app servers {site.app_ports}")  # fmt: skip
        yield site
    finally:
        site.stop()


def run(site: Deployment, tag: str, fault) -> tuple[Load, float, float]:
    load = Load(site.app_ports, site.seed["token"], site.seed["customer"], tag=tag)
    load.start()
    time.sleep(WARMUP)
    fault_at = load.started_fault = time.monotonic()
    fault(load)
    fault_end = time.monotonic()
    time.sleep(AFTER)
    load.stop()
    return load, fault_at, fault_end


def check(site: Deployment, load: Load, fault_at: float, fault_end: float) -> dict:
    figures = load.figures(fault_at)
    rows = site.sql(
        "SELECT id, number, description FROM tickets_ticket WHERE description LIKE %s",
        (f"%{load.tag}-%",),
    )
    per_key = collections.Counter(description.rsplit(" ", 1)[-1] for _, _, description in rows)
    ids = {row[0] for row in rows}
    acked = [r for r in load.requests if r.status is not None and 200 <= r.status < 300]
    figures["lost"] = sum(1 for r in acked if r.ticket_id not in ids)
    figures["duplicates"] = sum(n - 1 for n in per_key.values() if n > 1)
    figures["without_ticket"] = sum(1 for r in load.requests if per_key[r.key] == 0)
    figures["5xx_after_recovery"] = load.fivexx_after(fault_end + GRACE)
    print(f"\n[{load.tag}] " + ", ".join(f"{k}={v}" for k, v in figures.items()))

    assert figures["requests"] > 0
    refused = [r for r in load.requests if r.status is not None and r.status >= 300]
    assert not refused, [(r.key, r.status) for r in refused[:5]]
    assert figures["unfinished"] == 0, "a retry with its key did not succeed in time"
    assert figures["acknowledged"] == figures["requests"]
    assert figures["lost"] == 0
    assert figures["duplicates"] == 0
    assert figures["without_ticket"] == 0
    assert figures["5xx_after_recovery"] == 0
    assert_numbers_distinct_and_gap_free(site)
    return figures


def assert_numbers_distinct_and_gap_free(site: Deployment) -> None:
    numbers = [n for (n,) in site.sql("SELECT number FROM tickets_ticket")]
    assert len(numbers) == len(set(numbers)), "duplicate ticket numbers"
    series: dict[str, list[int]] = collections.defaultdict(list)
    for number in numbers:
        match = NUMBER.match(number)
        assert match, number
        series[match["series"]].append(int(match["value"]))
    for name, values in series.items():
        assert sorted(values) == list(range(1, len(values) + 1)), f"gap in {name}"


def wait_for_delivery(site: Deployment, tag: str) -> dict:
    """Every customer SMS of the scenario's tickets sent; no delivery task left behind."""
    deadline = time.monotonic() + DRAIN
    while True:
        (pending,) = site.sql(
            "SELECT count(*) FROM notify_notification n JOIN tickets_ticket t ON t.id = n.ticket_id"
            " WHERE n.channel = 'sms' AND n.state <> 'sent' AND t.description LIKE %s",
            (f"%{tag}-%",),
        )[0]
        (open_tasks,) = site.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE task_path LIKE %s AND status IN ('READY', 'RUNNING')",
            ("%deliver_notification",),
        )[0]
        if (pending == 0 and open_tasks == 0) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    (sent,) = site.sql(
        "SELECT count(*) FROM notify_notification n JOIN tickets_ticket t ON t.id = n.ticket_id"
        " WHERE n.channel = 'sms' AND n.state = 'sent' AND t.description LIKE %s",
        (f"%{tag}-%",),
    )[0]
    (recovered,) = site.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE %s AND jsonb_array_length(worker_ids) > 1",
        ("%deliver_notification",),
    )[0]
    (failed,) = site.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE %s AND status = 'FAILED'",
        ("%deliver_notification",),
    )[0]
    return {"sms_pending": pending, "sms_sent": sent, "delivery_tasks_open": open_tasks,
            "delivery_tasks_rerun": recovered, "delivery_tasks_failed": failed}  # fmt: skip


def test_kill_an_app_worker_mid_load(deployment):
    killed = []

    def fault(load: Load):
        # Kill a worker in the middle of a request; again if the cut was not felt by a client.
        for _ in range(5):
            pid = deployment.busy_gunicorn_worker(0)
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            time.sleep(1)
            if load.connection_errors_since(fault_at=load.started_fault):
                return

    load, fault_at, fault_end = run(deployment, "app-kill", fault)
    figures = check(deployment, load, fault_at, fault_end)
    figures["killed"] = len(killed)
    print(f"[app-kill] gunicorn workers killed: {len(killed)}")
    assert killed and not set(killed) & set(deployment.gunicorn_workers(0))
    assert figures["connection_errors"] >= 1, "no request was cut"
    # A request cut mid-way left its claim; the retry took it over after the claim timeout.
    assert figures["recover_seconds"] <= CLAIM_SECONDS + 15


def test_kill_a_task_worker_mid_load(deployment):
    orphans: list = []

    def fault(load: Load):
        deployment.kill_worker("worker1")
        # The tasks the dead worker was running: left RUNNING, to be recovered.
        orphans.extend(
            row_id
            for (row_id,) in deployment.sql(
                "SELECT id FROM django_tasks_database_dbtaskresult"
                " WHERE status = 'RUNNING' AND worker_ids ->> -1 = 'worker1'"
            )
        )

    load, fault_at, fault_end = run(deployment, "worker-kill", fault)
    check(deployment, load, fault_at, fault_end)
    delivery = wait_for_delivery(deployment, "worker-kill")
    delivery["caught_mid_task"] = len(orphans)
    print(f"[worker-kill] {delivery}, restarts={deployment.restarts}")
    for row_id in orphans:
        ((status, workers),) = deployment.sql(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
            (row_id,),
        )
        assert status == "SUCCESSFUL" and len(workers) > 1, (row_id, status, workers)
    assert delivery["sms_pending"] == 0, "a customer SMS was never delivered"
    assert delivery["delivery_tasks_open"] == 0
    assert delivery["delivery_tasks_failed"] == 0
    assert delivery["sms_sent"] >= load.figures(fault_at)["acknowledged"]


def test_restart_the_database_mid_load(deployment):
    load, fault_at, fault_end = run(
        deployment, "db-restart", lambda load: deployment.restart_postgres()
    )
    figures = check(deployment, load, fault_at, fault_end)
    print(f"[db-restart] restart took {fault_end - fault_at:.1f} s, restarts={deployment.restarts}")
    delivery = wait_for_delivery(deployment, "db-restart")
    print(f"[db-restart] {delivery}")
    assert delivery["sms_pending"] == 0
    assert figures["recover_seconds"] <= CLAIM_SECONDS + 20
