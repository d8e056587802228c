"""Two cashiers paying one bill at the same moment (PostgreSQL): exactly one wins, the bill has
one receipt number and the project's sequence has no gap."""

import json

import pytest
from django.db import connection
from django.test import Client

from aftersales.accounts.services import issue_token
from aftersales.fees import services
from aftersales.fees.models import Bill
from tests.concurrency import parallel
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"
    ),
]


def test_two_cashiers_paying_one_bill_at_once(admin, priced, house_a):
    bill = services.create_bill(admin, house_a, period="2026-09")
    tokens = [
        issue_token(make_user(f"cashier_{i}", ["finance"], [priced], name=f"收银{i}"))
        for i in range(2)
    ]

    def pay(i):
        response = Client().post(
            f"/api/v1/fees/bills/{bill.pk}/pay",
            data=json.dumps({"amount": "210.33", "method": "cash"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {tokens[i]}"},
        )
        return response.status_code, response.json()

    results = parallel(2, pay)
    codes = sorted(code for code, _ in results)
    assert codes == [200, 409], results
    loser = next(body for code, body in results if code == 409)
    assert loser["error"] == "already_paid"
    bill.refresh_from_db()
    assert bill.status == "paid" and bill.receipt_number == "PA-SJ-000001"
    # the next payment of the project takes the next number: nothing was used up by the loser
    other = services.create_bill(admin, house_a, period="2026-10")
    cashier = make_user("cashier_x", ["finance"], [priced])
    assert services.pay_bill(cashier, other, amount=other.amount).receipt_number == "PA-SJ-000002"
    assert Bill.objects.filter(status="paid").count() == 2
