"""Fee standard and bills (R-SVC-6): price × area rounded to the fen, one bill per house and
period, no bill without an area, the share of a registered rate source (custody: 70 %)."""

from decimal import Decimal

import pytest

from aftersales.core.errors import Conflict, Invalid
from aftersales.fees import rates, services
from aftersales.fees.models import Bill
from tests.conftest import house


def test_amount_is_price_times_area_rounded_to_the_fen(admin, priced, house_a):
    bill = services.create_bill(admin, house_a, period="2026-09")
    assert bill.amount == Decimal("210.33")  # 89.50 × 2.35 = 210.325
    assert bill.status == "unpaid" and bill.rate == 1
    assert services.fee_amount(Decimal("2.35"), Decimal("120")) == Decimal("282.00")


def test_second_bill_for_the_same_period_is_409(admin, bill_a, house_a):
    with pytest.raises(Conflict) as exc:
        services.create_bill(admin, house_a, period="2026-09")
    assert exc.value.code == "bill_exists"


def test_house_without_area_is_refused_with_422(admin, priced):
    with pytest.raises(Invalid) as exc:
        services.create_bill(admin, house(priced, "5-1-301"), period="2026-09")
    assert exc.value.code == "no_area" and "house" in exc.value.fields


def test_no_standard_is_409(admin, house_a):
    with pytest.raises(Conflict) as exc:
        services.create_bill(admin, house_a, period="2026-09")
    assert exc.value.code == "no_fee_standard"


@pytest.mark.parametrize("period", ["2026-13", "2026-9", "26-09", "", "1999-12", "2026-09-01"])
def test_bad_period_is_422(admin, priced, house_a, period):
    with pytest.raises(Invalid) as exc:
        services.create_bill(admin, house_a, period=period)
    assert "period" in exc.value.fields


def test_price_must_be_positive_money(admin, project_a):
    for bad in ["0", "-1", "abc", 1.5, "2.345"]:
        with pytest.raises(Invalid):
            services.set_fee_standard(admin, project_a, price_per_sqm=bad)


def test_registered_rate_source_gives_custodial_houses_70_percent(admin, priced, house_a):
    asked = []

    def custody(house_ids, first_day):
        asked.append((sorted(house_ids), first_day))
        return {house_a.pk: Decimal("0.70")}

    rates.register_rate_source(custody)
    try:
        bill = services.create_bill(admin, house_a, period="2026-10")
        run = services.bill_project(admin, priced, period="2026-11")
    finally:
        rates.unregister_rate_source(custody)
    assert bill.rate == Decimal("0.70")
    assert bill.amount == Decimal("147.23")  # 210.33 × 0.70 = 147.231
    assert run.created == 2
    in_run = Bill.objects.get(house=house_a, period="2026-11-01")
    assert in_run.amount == Decimal("147.23")
    other = Bill.objects.get(house=house(priced, "3-2-1202"), period="2026-11-01")
    assert other.amount == Decimal("282.00") and other.rate == 1
    assert asked[0][1].isoformat() == "2026-10-01"


def test_the_lowest_registered_rate_wins(admin, priced, house_a):
    def half(ids, day):
        return {house_a.pk: Decimal("0.5")}

    def seventy(ids, day):
        return {house_a.pk: Decimal("0.7")}

    rates.register_rate_source(seventy)
    rates.register_rate_source(half)
    try:
        assert services.create_bill(admin, house_a, period="2026-10").rate == Decimal("0.5")
    finally:
        rates.unregister_rate_source(seventy)
        rates.unregister_rate_source(half)


def test_monthly_run_twice_bills_nobody_twice(admin, priced):
    first = services.bill_project(admin, priced, period="2026-09")
    assert first.created == 2  # 5-1-301 has no area
    assert first.no_area == ["5-1-301"]
    again = services.bill_project(admin, priced, period="2026-09")
    assert again.created == 0 and again.existing == 2
    assert Bill.objects.filter(project=priced, period="2026-09-01").count() == 2


def test_monthly_run_skips_a_house_billed_by_hand(admin, priced, bill_a):
    run = services.bill_project(admin, priced, period="2026-09")
    assert run.created == 1 and run.existing == 1


def test_scheduled_job_bills_the_current_month_once(admin, priced, project_b):
    from aftersales.core.schedule import PERIODIC
    from aftersales.fees.tasks import bill_current_month

    assert any(job[0] == "fees_monthly_billing" for job in PERIODIC)
    assert bill_current_month.call() == 2  # project B has no standard
    assert bill_current_month.call() == 0


def test_billing_needs_the_capability(priced, agent_a, house_a):
    from aftersales.core.errors import Forbidden
    from tests.conftest import make_user

    tech = make_user("tech_a", ["technician"], [priced])
    with pytest.raises(Forbidden):
        services.bill_project(tech, priced, period="2026-09")
