"""Two cashiers paying one paid service at the same moment (PostgreSQL): exactly one wins, and
one receipt number is drawn (the project's sequence has no gap)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from aftersales.accounts.services import issue_token
from aftersales.core.models import Counter
from aftersales.frontdesk.models import PaidService
from tests.concurrency import parallel
from tests.frontdesk.conftest import paid_service, step

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"
    ),
]


def _post(token, path, body):
    response = Client().post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json()


def test_two_cashiers_paying_at_once_one_wins_one_receipt(clients, people, home, project_a):
    house, owner = home
    sid = paid_service(clients["agent"], house, owner)["id"]
    step(clients["agent"], f"services/paid/{sid}/accept")
    step(clients["agent"], f"services/paid/{sid}/complete")
    tokens = [issue_token(people["finance"]), issue_token(people["finance2"])]
    answers = parallel(
        2,
        lambda i: _post(
            tokens[i], f"services/paid/{sid}/pay", {"amount": "80.00", "method": "cash"}
        ),
    )
    assert sorted(status for status, _ in answers) == [200, 409], answers
    assert PaidService.objects.get(pk=sid).receipt_number == "PA-SJ-000001"
    assert Counter.objects.get(name=f"receipt:{project_a.pk}").value == 1


def test_parallel_payments_of_different_services_get_consecutive_receipts(
    clients, people, home, project_a
):
    house, owner = home
    ids = []
    for _ in range(4):
        sid = paid_service(clients["agent"], house, owner)["id"]
        step(clients["agent"], f"services/paid/{sid}/accept")
        step(clients["agent"], f"services/paid/{sid}/complete")
        ids.append(sid)
    tokens = [issue_token(people["finance"]), issue_token(people["finance2"])] * 2
    answers = parallel(
        4, lambda i: _post(tokens[i], f"services/paid/{ids[i]}/pay", {"amount": "80.00"})
    )
    assert [s for s, _ in answers] == [200] * 4
    numbers = sorted(
        PaidService.objects.filter(pk__in=ids).values_list("receipt_number", flat=True)
    )
    assert numbers == [f"PA-SJ-{n:06d}" for n in range(1, 5)]
