"""An Idempotency-Key claim left behind by a crashed request is free again (issue 16, defect 2).

A worker killed mid-request (or a database restart) rolls the request's work back but leaves
its claim row; before the fix every retry with the key got 409 for 24 hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from aftersales.api.idempotency import _request_hash
from aftersales.core.models import IdempotencyRecord
from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

BODY = {"kind": "repair", "channel": "hotline", "description": "卫生间顶棚渗水"}
KEY = "intake-crashed-0001"


def leave_claim(client, *, age: dt.timedelta, body: dict = BODY) -> IdempotencyRecord:
    """The row a request killed after claiming ``KEY`` leaves: claimed, never completed."""
    request = RequestFactory().post(
        "/api/v1/tickets", data=json.dumps(body), content_type="application/json"
    )
    then = timezone.now() - age
    record = IdempotencyRecord.objects.create(
        user_key="t:" + hashlib.sha256(client.token.encode()).hexdigest()[:60],
        key=KEY,
        request_hash=_request_hash(request),
        claimed_at=then,
    )
    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=then)
    return record


@pytest.fixture
def desk(agent_a, customer_a):
    return client_for(agent_a)


def intake(client, customer):
    return client.post("tickets", {**BODY, "customer": customer.pk}, {"Idempotency-Key": KEY})


def body_for(customer) -> dict:
    return {**BODY, "customer": customer.pk}


def test_claim_older_than_the_timeout_is_taken_over(desk, customer_a):
    leave_claim(desk, age=dt.timedelta(seconds=61), body=body_for(customer_a))
    first = intake(desk, customer_a)
    assert first.status_code == 201, first.content
    again = intake(desk, customer_a)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1
    record = IdempotencyRecord.objects.get(key=KEY)
    assert record.status_code == 201


def test_fresh_claim_still_answers_409(desk, customer_a):
    leave_claim(desk, age=dt.timedelta(seconds=5), body=body_for(customer_a))
    assert_error(intake(desk, customer_a), 409, code="request_in_progress")
    assert Ticket.objects.count() == 0


@override_settings(IDEMPOTENCY_CLAIM_SECONDS=300)
def test_the_timeout_is_a_setting(desk, customer_a):
    leave_claim(desk, age=dt.timedelta(seconds=120), body=body_for(customer_a))
    assert_error(intake(desk, customer_a), 409, code="request_in_progress")
    leave_claim_age = dt.timedelta(seconds=301)
    IdempotencyRecord.objects.filter(key=KEY).update(claimed_at=timezone.now() - leave_claim_age)
    assert intake(desk, customer_a).status_code == 201
    assert Ticket.objects.count() == 1


def test_stale_claim_with_another_body_is_still_refused(desk, customer_a):
    leave_claim(desk, age=dt.timedelta(minutes=5), body={"other": 1})
    assert_error(intake(desk, customer_a), 422, code="idempotency_key_reused")
    assert Ticket.objects.count() == 0


def test_a_request_whose_claim_was_taken_over_keeps_nothing(desk, customer_a, monkeypatch):
    """The work and the stored answer are one transaction, guarded by the claim time."""
    from aftersales.tickets import services

    original = services.register_ticket

    def slow_then_overtaken(*args, **kwargs):
        ticket = original(*args, **kwargs)
        # Meanwhile a retry found the claim stale and took it over.
        IdempotencyRecord.objects.filter(key=KEY).update(claimed_at=timezone.now())
        return ticket

    monkeypatch.setattr(services, "register_ticket", slow_then_overtaken)
    response = intake(desk, customer_a)
    assert_error(response, 409, code="request_in_progress")
    assert Ticket.objects.count() == 0


def test_an_answer_of_500_keeps_no_work_and_frees_the_key(desk, customer_a, monkeypatch):
    from aftersales.tickets import services

    original = services.register_ticket

    def fails_after_writing(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("worker fell over")

    monkeypatch.setattr(services, "register_ticket", fails_after_writing)
    desk.client.raise_request_exception = False
    assert intake(desk, customer_a).status_code == 500
    assert Ticket.objects.count() == 0
    assert not IdempotencyRecord.objects.filter(key=KEY).exists()
    monkeypatch.setattr(services, "register_ticket", original)
    assert intake(desk, customer_a).status_code == 201
    assert Ticket.objects.count() == 1
