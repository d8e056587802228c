"""Arrears (R-SVC-6, api.md): overdue from the first day of the month after the period;
months_overdue = current month − the oldest unpaid bill's period; amount = the unpaid overdue
bills; a demand letter needs a tracking number (422) and 3 months (409)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftersales.core.errors import Conflict, Invalid
from aftersales.fees import selectors, services
from aftersales.fees.models import ArrearsAction
from tests.conftest import house

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def billed(admin, priced, house_a):
    for period in ["2026-10", "2026-11", "2026-12", "2027-01"]:
        services.create_bill(admin, house_a, period=period)
    services.create_bill(admin, house(priced, "3-2-1202"), period="2026-12")
    return priced


def test_months_overdue_across_the_year_boundary(manager, billed, house_a):
    with time_machine.travel(at(2027, 1, 15, 10), tick=False):
        found = {a.label: a for a in selectors.arrears(manager, project=billed.pk)}
    a = found["3-2-1201"]
    assert a.months_overdue == 3  # 2026-10 → 2027-01
    assert a.amount == Decimal("630.99")  # 3 × 210.33; the bill of January is not overdue yet
    assert a.bills == 3 and a.next_step == "demand_letter"
    b = found["3-2-1202"]
    assert b.months_overdue == 1 and b.next_step == "reminder"
    assert list(found) == ["3-2-1201", "3-2-1202"]  # the longest overdue first


def test_a_bill_is_not_overdue_in_its_own_month(manager, billed):
    with time_machine.travel(at(2026, 10, 31, 23, 59), tick=False):
        assert selectors.arrears(manager, project=billed.pk) == []
    with time_machine.travel(at(2026, 11, 1, 0, 1), tick=False):
        (a,) = selectors.arrears(manager, project=billed.pk)
        assert a.months_overdue == 1 and a.amount == Decimal("210.33")


def test_paid_bills_do_not_count(manager, cashier, billed, house_a):
    oldest = house_a.fee_bills.get(period="2026-10-01")
    services.pay_bill(cashier, oldest, amount=oldest.amount)
    with time_machine.travel(at(2027, 1, 15, 10), tick=False):
        found = {a.label: a for a in selectors.arrears(manager, project=billed.pk)}
    assert found["3-2-1201"].months_overdue == 2
    assert found["3-2-1201"].amount == Decimal("420.66")


def test_demand_letter_without_tracking_number_is_422(cashier, billed, house_a):
    with time_machine.travel(at(2027, 1, 15, 10), tick=False), pytest.raises(Invalid) as exc:
        services.record_arrears_action(cashier, house_a, step="demand_letter")
    assert "tracking_number" in exc.value.fields


def test_demand_letter_before_3_months_is_409(cashier, billed, house_a):
    with (
        time_machine.travel(at(2026, 12, 20, 10), tick=False),  # 2 months
        pytest.raises(Conflict) as exc,
    ):
        services.record_arrears_action(
            cashier, house_a, step="demand_letter", tracking_number="SF123"
        )
    assert exc.value.code == "too_early"
    assert not ArrearsAction.objects.exists()


def test_demand_letter_from_3_months_is_recorded(cashier, billed, house_a):
    with time_machine.travel(at(2027, 1, 1, 9), tick=False):
        action = services.record_arrears_action(
            cashier, house_a, step="demand_letter", tracking_number="SF1234567890", note="寄出"
        )
    assert action.months_overdue == 3 and action.amount == Decimal("630.99")
    assert action.tracking_number == "SF1234567890" and action.recorded_by == cashier


@pytest.mark.parametrize("step", ["reminder", "visit", "legal"])
def test_other_steps_are_recorded(cashier, billed, house_a, step):
    with time_machine.travel(at(2026, 11, 5, 9), tick=False):
        action = services.record_arrears_action(cashier, house_a, step=step, note="已联系")
    assert action.step == step and action.months_overdue == 1


def test_step_for_a_house_not_in_arrears_is_409(cashier, billed, house_a):
    with time_machine.travel(at(2026, 10, 20, 9), tick=False), pytest.raises(Conflict) as exc:
        services.record_arrears_action(cashier, house_a, step="reminder")
    assert exc.value.code == "not_in_arrears"


def test_unknown_step_is_422(cashier, billed, house_a):
    with pytest.raises(Invalid) as exc:
        services.record_arrears_action(cashier, house_a, step="threaten")
    assert "step" in exc.value.fields


def test_arrears_are_scoped(agent_b, billed):
    with time_machine.travel(at(2027, 1, 15, 10), tick=False):
        assert selectors.arrears(agent_b, project=billed.pk) == []
        assert selectors.arrears(agent_b) == []
