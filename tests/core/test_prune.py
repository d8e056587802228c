"""Idempotency records are kept 24 hours (api.md), then pruned by the hourly job."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from aftersales.core.models import IdempotencyRecord
from aftersales.core.schedule import PERIODIC
from aftersales.core.tasks import prune_idempotency, prune_idempotency_records

pytestmark = pytest.mark.django_db


def test_records_older_than_a_day_are_pruned():
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        IdempotencyRecord.objects.create(user_key="u", key="old", request_hash="h")
    with time_machine.travel(dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC), tick=False):
        IdempotencyRecord.objects.create(user_key="u", key="young", request_hash="h")
        now = timezone.now()
    assert prune_idempotency(now + dt.timedelta(hours=2)) == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]


def test_the_job_is_scheduled_and_runs():
    assert "aftersales.core.tasks.prune_idempotency_records" in [p[2] for p in PERIODIC]
    assert prune_idempotency_records.call() == {"deleted": 0}
