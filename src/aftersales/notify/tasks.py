"""Delivery of customer messages in the background, so a slow SMS gateway never holds up intake."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from aftersales.notify import services
from aftersales.notify.models import Notification


@task
def deliver_notification(notification_id: int) -> None:
    services.deliver(notification_id)


def requeue_lost_notifications(now: dt.datetime | None = None) -> int:
    """Queue again the messages still pending ``TASK_STALE_SECONDS`` after they were written
    with no delivery task waiting or running for them.

    A message is queued when its transaction commits; an app server killed between the commit
    and the queueing leaves it pending with no task (a stale-run kind of
    :data:`aftersales.core.tasks.STALE_RUNS`). Only with the database queue.
    """
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.TASK_STALE_SECONDS)
    pending = Notification.objects.filter(
        state=Notification.State.PENDING, created_at__lt=cutoff
    ).values_list("pk", flat=True)[:500]
    queued = 0
    for notification_id in pending:
        waiting = DBTaskResult.objects.filter(
            task_path=deliver_notification.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            args_kwargs__args=[notification_id],
        ).exists()
        if not waiting:
            deliver_notification.enqueue(notification_id)
            queued += 1
    return queued
