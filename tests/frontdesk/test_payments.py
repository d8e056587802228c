"""The payment-method interface (core/payments.py): an adapter registered for a method is
called with the receipt number inside the payment's transaction; a refusal undoes the payment
and gives the receipt number back (the project's sequence stays gap-free)."""

from __future__ import annotations

import pytest

from aftersales.core import payments
from aftersales.core.errors import Conflict
from aftersales.frontdesk.models import PaidService
from tests.frontdesk.conftest import paid_service, step

pytestmark = pytest.mark.django_db


class Gateway:
    def __init__(self, refuse: bool):
        self.refuse, self.calls = refuse, []

    def collect(self, *, method, amount, reference, description):
        self.calls.append((method, amount, reference))
        if self.refuse:
            raise Conflict("支付被拒绝", code="payment_refused")
        return payments.Collected(
            method=method, amount=amount, transaction_id="T1", recorded_only=False
        )


@pytest.fixture
def gateway():
    def install(refuse: bool) -> Gateway:
        adapter = Gateway(refuse)
        payments.register_method("wechat", adapter)
        return adapter

    yield install
    payments.register_method("wechat", payments.RecordOnly())


def _completed(clients, home) -> int:
    house, owner = home
    sid = paid_service(clients["agent"], house, owner)["id"]
    step(clients["agent"], f"services/paid/{sid}/accept")
    step(clients["agent"], f"services/paid/{sid}/complete")
    return sid


def test_a_registered_adapter_is_called_with_the_receipt_number(clients, home, gateway):
    adapter = gateway(refuse=False)
    sid = _completed(clients, home)
    paid = step(
        clients["agent"], f"services/paid/{sid}/pay", {"amount": "80.00", "method": "wechat"}
    )
    assert adapter.calls == [
        ("wechat", paid_amount := PaidService.objects.get(pk=sid).paid_amount, "PA-SJ-000001")
    ]
    assert str(paid_amount) == "80.00" and paid["receipt_number"] == "PA-SJ-000001"


def test_a_refused_payment_keeps_no_receipt_number(clients, home, gateway, project_a):
    gateway(refuse=True)
    sid = _completed(clients, home)
    r = clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "80.00", "method": "wechat"})
    assert r.status_code == 409 and r.json()["error"] == "payment_refused"
    assert PaidService.objects.get(pk=sid).status == "completed"
    r = step(clients["agent"], f"services/paid/{sid}/pay", {"amount": "80.00", "method": "cash"})
    assert r["receipt_number"] == "PA-SJ-000001"  # the refused attempt's number was given back


def test_unknown_method_cannot_be_registered():
    with pytest.raises(ValueError):
        payments.register_method("bitcoin", payments.RecordOnly())
