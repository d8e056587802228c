"""Stale-run recovery for every kind of background run (issue 16, defect 7).

Before the fix an export whose worker was killed stayed “生成中” for ever (imports alone were
failed after 30 minutes), and a queued task taken by a killed worker was never run again.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from aftersales.core.schedule import PERIODIC
from aftersales.core.tasks import STALE_RUNS, recover_stale_run_records, recover_stale_runs
from aftersales.estates.models import ImportJob
from aftersales.notify.models import Notification
from aftersales.notify.tasks import deliver_notification
from aftersales.reports.exports import STALE_ERROR
from aftersales.reports.models import ExportJob

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PARAMS = {"start": "2026-03-01", "end": "2026-03-31"}


def at(minutes: float):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def running_export(manager):
    with at(0):
        return ExportJob.objects.create(
            created_by=manager, kind="kpis", params=PARAMS, status=ExportJob.Status.RUNNING
        )


def test_one_periodic_job_covers_every_kind():
    assert "aftersales.core.tasks.recover_stale_run_records" in [p[2] for p in PERIODIC]
    assert {kind for kind, _, _ in STALE_RUNS} == {"task", "notification", "import", "export"}


def test_export_killed_mid_run_is_failed_after_its_limit(running_export):
    with at(29):
        assert recover_stale_runs()["export"] == 0
    running_export.refresh_from_db()
    assert running_export.status == ExportJob.Status.RUNNING
    with at(31):
        assert recover_stale_runs()["export"] == 1
        assert recover_stale_runs()["export"] == 0  # idempotent
    running_export.refresh_from_db()
    assert running_export.status == ExportJob.Status.FAILED
    assert running_export.error == STALE_ERROR
    assert running_export.finished_at == START + dt.timedelta(minutes=31)


def test_the_limit_is_a_setting(running_export, settings):
    settings.EXPORT_STALE_SECONDS = 120
    with at(3):
        assert recover_stale_runs()["export"] == 1


def test_the_user_sees_the_error_and_can_export_again(running_export, manager):
    client = Client()
    client.force_login(manager)
    with at(45):
        page = client.get(reverse("reports:exports"))
        html = page.content.decode()
        assert STALE_ERROR in html
        assert f'data-testid="retry-{running_export.pk}"' in html
        again = client.post(
            reverse("reports:exports"), {"kind": "kpis", "params": json.dumps(PARAMS)}
        )
    assert again.status_code == 302
    retry = ExportJob.objects.exclude(pk=running_export.pk).get()
    assert (retry.kind, retry.params) == ("kpis", PARAMS)


def test_import_uses_the_same_recovery(admin):
    with at(0):
        job = ImportJob.objects.create(
            created_by=admin,
            file=ContentFile(b"x", name="r.xlsx"),
            filename="r.xlsx",
            status=ImportJob.Status.RUNNING,
        )
    with at(31):
        assert recover_stale_runs()["import"] == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "重新上传" in job.errors[0]["message"]


def queued_task(started_minutes: float, workers: int) -> DBTaskResult:
    with at(started_minutes):
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING,
            started_at=START + dt.timedelta(minutes=started_minutes),
            args_kwargs={"args": [1], "kwargs": {}},
            task_path="aftersales.notify.tasks.deliver_notification",
            worker_ids=[f"w{i}" for i in range(workers)],
            queue_name="default",
            backend_name="default",
            run_after=START,
        )


def test_task_of_a_dead_worker_goes_back_in_the_queue(settings):
    settings.TASK_STALE_SECONDS = 600
    row = queued_task(0, workers=1)
    with at(9):
        assert recover_stale_runs()["task"] == 0
    with at(11):
        assert recover_stale_runs()["task"] == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def test_task_that_killed_its_workers_three_times_is_failed():
    row = queued_task(0, workers=3)
    with at(60):
        assert recover_stale_run_records.call() == {
            "task": 1,
            "notification": 0,
            "import": 0,
            "export": 0,
        }
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def test_message_left_unqueued_by_a_killed_app_server_is_queued_again(settings):
    """Committed, but the server died before queueing it: no task exists for it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with at(0):
        lost = Notification.objects.create(
            address="13800000001", channel="sms", template="t", subject="s", body="b"
        )
        waiting = Notification.objects.create(
            address="13800000002", channel="sms", template="t", subject="s", body="b"
        )
        deliver_notification.enqueue(waiting.pk)
    with at(5):
        assert recover_stale_runs()["notification"] == 0  # not stale yet
    with at(11):
        assert recover_stale_runs()["notification"] == 1
        assert recover_stale_runs()["notification"] == 0  # its task now waits
    queued = [r.args_kwargs["args"] for r in DBTaskResult.objects.ready()]
    assert sorted(queued) == [[lost.pk], [waiting.pk]]
