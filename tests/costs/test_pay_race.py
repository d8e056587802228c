"""Two finance users paying one settlement at the same moment pay it once (PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from aftersales.accounts.services import issue_token
from aftersales.costs.models import DepositEntry, Settlement
from tests.concurrency import parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"
    ),
]


def _post(token, path, body=None):
    response = Client().post(
        f"/api/v1/{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json()


def test_two_payments_at_once_pay_once_and_deduct_once(
    clients, repair, contractor, contractor_user, project_a, people
):
    from tests.costs.test_settlements import ledger, settle
    from tests.tickets.helpers import client_for

    clients["finance"].post(
        f"contractors/{contractor.pk}/deposits", {"project": project_a.pk, "amount": "9000.00"}
    )
    _, s = settle(clients, repair, contractor, "A", "700.00")
    client_for(contractor_user).post(f"settlements/{s['id']}/confirm")
    clients["dce"].post(f"settlements/{s['id']}/certify")
    tokens = [issue_token(people["finance"]), issue_token(people["finance2"])]
    answers = parallel(
        2, lambda i: _post(tokens[i], f"settlements/{s['id']}/pay", {"payment_ref": f"PZ-{i}"})
    )
    assert sorted(status for status, _ in answers) == [200, 409], answers
    assert Settlement.objects.get(pk=s["id"]).status == "paid"
    assert DepositEntry.objects.filter(settlement_id=s["id"]).count() == 1
    assert ledger(clients, contractor, project_a)["balance"] == "8300.00"


def test_parallel_approvals_take_each_step_once(clients, repair, people):
    from aftersales.costs.models import ApprovalStep

    t = repair("surveyed")
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": "500.00", "purpose": "材料"}
    )
    rid = r.json()["id"]
    from tests.conftest import make_user

    second = make_user("mgr2", ["service_manager"])
    tokens = [issue_token(people["manager"]), issue_token(second)]
    answers = parallel(2, lambda i: _post(tokens[i], f"spending-requests/{rid}/approve"))
    assert sorted(status for status, _ in answers) == [200, 409], answers
    assert ApprovalStep.objects.get(request_id=rid).status == "approved"
