"""Paying a bill (R-SVC-6): the amount equals the bill, a receipt number from the project's
gap-free sequence, a paid bill is not paid again."""

from decimal import Decimal

import pytest

from aftersales.core.errors import Conflict, Forbidden, Invalid
from aftersales.fees import services
from aftersales.fees.models import Bill


def test_pay_gives_a_receipt_number(cashier, bill_a):
    paid = services.pay_bill(cashier, bill_a, amount="210.33", method="wechat")
    assert paid.status == "paid"
    assert paid.receipt_number == "PA-SJ-000001"
    assert paid.paid_amount == Decimal("210.33") and paid.method == "wechat"
    assert paid.paid_by == cashier


def test_amount_must_equal_the_bill(cashier, bill_a):
    with pytest.raises(Invalid) as exc:
        services.pay_bill(cashier, bill_a, amount="200.00")
    assert exc.value.code == "amount_mismatch" and "amount" in exc.value.fields
    assert Bill.objects.get(pk=bill_a.pk).status == "unpaid"


def test_unknown_method_is_422(cashier, bill_a):
    with pytest.raises(Invalid) as exc:
        services.pay_bill(cashier, bill_a, amount="210.33", method="bitcoin")
    assert "method" in exc.value.fields


def test_paid_bill_is_not_paid_again(cashier, bill_a):
    services.pay_bill(cashier, bill_a, amount="210.33")
    with pytest.raises(Conflict) as exc:
        services.pay_bill(cashier, bill_a, amount="210.33")
    assert exc.value.code == "already_paid"


def test_receipt_numbers_follow_each_other_per_project(admin, cashier, priced, project_b):
    services.set_fee_standard(admin, project_b, price_per_sqm="3")
    run = services.bill_project(admin, priced, period="2026-09")
    assert run.created == 2
    numbers = [
        services.pay_bill(cashier, b, amount=b.amount).receipt_number
        for b in Bill.objects.filter(project=priced).order_by("id")
    ]
    assert numbers == ["PA-SJ-000001", "PA-SJ-000002"]


def test_failed_payment_uses_no_number(cashier, admin, priced):
    services.bill_project(admin, priced, period="2026-09")
    first, second = Bill.objects.filter(project=priced).order_by("id")
    with pytest.raises(Invalid):
        services.pay_bill(cashier, first, amount="1.00")
    assert services.pay_bill(cashier, second, amount=second.amount).receipt_number.endswith("1")


def test_roles_that_may_not_collect_get_403(bill_a, project_a):
    from tests.conftest import make_user

    analyst = make_user("analyst_x", ["analyst"], [project_a])
    with pytest.raises(Forbidden):
        services.pay_bill(analyst, bill_a, amount="210.33")
