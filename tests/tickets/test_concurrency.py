"""Tickets under parallel requests (PostgreSQL only; SQLite serialises writers).

Each test starts threads that act at the same moment, each on its own connection, and checks
the outcome is one of the serial outcomes: consecutive numbers without gaps or repeats, exactly
one winner of a transition, one ticket per Idempotency-Key.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client

from aftersales.accounts.services import issue_token
from aftersales.tickets.models import Ticket, TicketEvent
from tests.concurrency import parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"
    ),
]


def _post(token, path, body, **headers):
    response = Client().post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )
    return response.status_code, response.json()


def _intake(customer_id: int, i: int = 0) -> dict:
    return {
        "kind": "repair",
        "channel": "hotline",
        "description": f"并发报修 {i}",
        "customer": customer_id,
    }


def test_fifty_parallel_intakes_get_fifty_consecutive_numbers(agent_a, customer_a):
    token = issue_token(agent_a)
    answers = parallel(50, lambda i: _post(token, "tickets", _intake(customer_a.pk, i)))
    assert [status for status, _ in answers] == [201] * 50, answers
    numbers = [body["number"] for _, body in answers]
    assert len(set(numbers)) == 50
    days = {re.match(r"BX-(\d{8})-\d{4}$", n).group(1) for n in numbers}
    assert len(days) == 1
    assert sorted(int(n[-4:]) for n in numbers) == list(range(1, 51))
    assert Ticket.objects.count() == 50


def test_two_dispatches_at_once_have_one_winner(agent_a, manager, technician, customer_a):
    tokens = [issue_token(agent_a), issue_token(manager)]
    status, ticket = _post(tokens[0], "tickets", _intake(customer_a.pk))
    assert status == 201
    path = f"tickets/{ticket['id']}/dispatch"
    answers = parallel(2, lambda i: _post(tokens[i], path, {"assignee": technician.pk}))
    assert sorted(status for status, _ in answers) == [200, 409], answers
    loser = next(body for status, body in answers if status == 409)
    assert set(loser) == {"error", "detail", "fields"}
    assert TicketEvent.objects.filter(ticket_id=ticket["id"], action="dispatch").count() == 1
    assert Ticket.objects.get(pk=ticket["id"]).status == "dispatched"


def test_same_idempotency_key_in_parallel_makes_one_ticket(agent_a, customer_a):
    token = issue_token(agent_a)
    body = _intake(customer_a.pk)
    answers = parallel(
        6, lambda i: _post(token, "tickets", body, **{"Idempotency-Key": "tkt-race-1"})
    )
    statuses = [status for status, _ in answers]
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}, answers
    assert Ticket.objects.count() == 1
    numbers = {b["number"] for status, b in answers if status == 201}
    assert len(numbers) == 1


def test_two_tickets_merged_into_each_other_at_once_make_no_cycle(agent_a, manager, customer_a):
    """Merge holds both tickets, locked in pk order: one merge wins, the other finds its target
    closed (409); never a cycle of two closed tickets, never a deadlock."""
    tokens = [issue_token(agent_a), issue_token(manager)]
    ids = [_post(tokens[0], "tickets", _intake(customer_a.pk, i))[1]["id"] for i in range(2)]
    answers = parallel(
        2, lambda i: _post(tokens[i], f"tickets/{ids[i]}/merge", {"into": ids[1 - i]})
    )
    assert sorted(status for status, _ in answers) == [200, 409], answers
    closed = Ticket.objects.filter(pk__in=ids, status="closed")
    assert closed.count() == 1
    assert closed.get().merged_into_id in ids
