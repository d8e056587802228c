# ruff: noqa: F811 (fixtures imported from money_helpers are requested by name)
"""Finance pays a settlement only with the payment voucher number (issue 10): without it the
payment cannot be traced in the books. The API answers 422 on ``payment_ref``; the web form
shows the error on the field; nothing is paid."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.costs.models import Settlement
from tests.api.helpers import assert_error
from tests.costs.web.money_helpers import browsers, money  # noqa: F401
from tests.costs.web.test_money_settlements import pay

pytestmark = pytest.mark.django_db


def test_api_refuses_a_payment_without_a_voucher(clients, repair, contractor):
    from tests.costs.test_settlements import settle

    _, s = settle(clients, repair, contractor, "B", "800.00")
    clients["dce"].post(f"settlements/{s['id']}/certify")
    for body in (None, {"payment_ref": ""}, {"payment_ref": "   "}):
        response = clients["finance"].post(f"settlements/{s['id']}/pay", body)
        assert_error(response, 422, field="payment_ref")
    assert Settlement.objects.get(pk=s["id"]).status == Settlement.Status.CERTIFIED
    ok = clients["finance"].post(f"settlements/{s['id']}/pay", {"payment_ref": "PZ-7"})
    assert ok.json()["status"] == "paid"


def test_web_form_refuses_a_payment_without_a_voucher(browsers, money):
    s = money("certified", work_class="B", total="800.00")["settlement"]
    response = pay(browsers["finance"], s)
    assert response.status_code == 200
    assert "请填写付款凭证号" in response.content.decode()
    s.refresh_from_db()
    assert s.status == Settlement.Status.CERTIFIED
    assert reverse("costs:payments")
