"""The fees step of ``gen-data`` (fees/scale.py): bills, payments with receipts, arrears with
their steps and home collections as the services would have written them, for every house of
a generated estate; the fees screens and API answer on them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftersales.core import generation
from aftersales.estates.models import House
from aftersales.fees import scale, selectors, services
from aftersales.fees.choices import ArrearsStep, BillStatus, CollectionStatus, PaymentMethod
from aftersales.fees.models import ArrearsAction, Bill, Collection, FeeStandard


@pytest.fixture(autouse=True)
def only_fees(monkeypatch):
    """Run the fees step alone (the other domains' steps are tested in their apps)."""
    monkeypatch.setattr(generation, "STEPS", {"fees": generation.STEPS["fees"]})


@pytest.fixture
def generated(db):
    from aftersales.reports.generator import Generator

    return Generator(400, projects=2, seed=3).generate()


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _overdue_at(bills: list[Bill], moment: dt.datetime) -> tuple[int, Decimal]:
    """months_overdue and amount of a house at ``moment``, from its bills as they were then."""
    local = timezone.localtime(moment).date()
    owed = [
        b
        for b in bills
        if _month(b.period) < _month(local) and (b.paid_at is None or b.paid_at > moment)
    ]
    if not owed:
        return 0, Decimal(0)
    oldest = min(b.period for b in owed)
    return _month(local) - _month(oldest), sum((b.amount for b in owed), Decimal(0))


def test_bills_payments_and_receipts_are_what_the_services_write(generated):
    run = generated.run
    now = timezone.now()
    today = timezone.localdate()
    houses = generated.houses
    areas = dict(
        House.objects.filter(project__code__startswith=f"GD{run}-").values_list("id", "area")
    )
    assert len(areas) == houses == 400 // 2
    standards = {s.project_id: s for s in FeeStandard.objects.select_related("project")}
    assert len(standards) == 2 and all(s.price_per_sqm in scale.PRICES for s in standards.values())
    assert all(s.project.code.startswith(f"GD{run}-P") for s in standards.values())

    bills = list(Bill.objects.order_by("id"))
    months = scale.MAX_MONTHS  # a small estate gets the whole year
    assert generated.domains == {
        "fees.standards": 2,
        "fees.bills": houses * months,
        "fees.arrears_actions": ArrearsAction.objects.count(),
        "fees.collections": Collection.objects.count(),
    }
    periods = Counter(b.period for b in bills)
    assert len(periods) == months and set(periods.values()) == {houses}
    assert max(periods) == today.replace(day=1) and all(p.day == 1 for p in periods)
    assert len({(b.house_id, b.period) for b in bills}) == len(bills)

    for b in bills:
        standard = standards[b.project_id]
        assert b.area == areas[b.house_id] and b.price_per_sqm == standard.price_per_sqm
        assert b.rate == 1 and b.amount == services.fee_amount(b.price_per_sqm, b.area)
        created = timezone.localtime(b.created_at)
        assert created.date() == b.period and b.created_at <= now
        assert standard.updated_at < b.created_at
        if b.status == BillStatus.PAID:
            assert b.paid_amount == b.amount and b.method in PaymentMethod.values
            assert b.paid_by_id and b.created_at < b.paid_at <= now
            assert _month(timezone.localtime(b.paid_at).date()) >= _month(b.period)
            if b.method == PaymentMethod.TRANSFER:
                assert re.fullmatch(r"B\d{14}", b.reference)
            elif b.method in (PaymentMethod.CASH, PaymentMethod.CARD):
                assert b.reference == ""
        else:
            assert b.status == BillStatus.UNPAID
            assert (b.paid_at, b.paid_amount, b.method, b.receipt_number, b.paid_by_id) == (
                None,
                None,
                "",
                "",
                None,
            )

    # receipts: gap-free per project in payment order, and the shared counter moved past them
    from aftersales.core.models import Counter as Sequence

    for project_id, standard in standards.items():
        paid = sorted(
            (b for b in bills if b.project_id == project_id and b.status == BillStatus.PAID),
            key=lambda b: (b.paid_at, b.receipt_number),
        )
        numbers = [b.receipt_number for b in paid]
        code = standard.project.code
        assert numbers == [f"{code}-SJ-{n:06d}" for n in range(1, len(paid) + 1)]
        assert Sequence.objects.get(name=f"receipt:{project_id}").value == len(paid)

    # most bills paid; the past ones paid mostly within their month
    past = [b for b in bills if b.period < today.replace(day=1)]
    paid = [b for b in past if b.status == BillStatus.PAID]
    assert len(paid) > 0.85 * len(past)
    on_time = [b for b in paid if timezone.localtime(b.paid_at).month == b.period.month]
    assert len(on_time) > 0.8 * len(paid)


def test_arrears_steps_and_collections_follow_the_rules(generated, admin):
    now = timezone.now()
    bills = defaultdict(list)
    for b in Bill.objects.all():
        bills[b.house_id].append(b)

    found = selectors.arrears(admin)
    behind = {a.house: a for a in found}
    # about 8 % of the houses, 1 to 6 months behind: the most recent months unpaid
    assert 0.02 * generated.houses <= len(behind) <= 0.16 * generated.houses
    assert {a.months_overdue for a in found} <= set(range(1, 7))
    assert len({a.months_overdue for a in found}) >= 3
    today = timezone.localdate()
    for a in found:
        owed = [
            b
            for b in bills[a.house]
            if b.status == BillStatus.UNPAID and _month(b.period) < _month(today)
        ]
        assert a.bills == a.months_overdue  # the most recent months, none paid in between
        assert a.oldest == min(b.period for b in owed) and a.amount == sum(b.amount for b in owed)

    actions = list(ArrearsAction.objects.all())
    assert {a.step for a in actions} >= {ArrearsStep.REMINDER, ArrearsStep.DEMAND_LETTER}
    assert sum(1 for h in behind if any(a.house_id == h for a in actions)) > 0.5 * len(behind)
    for action in actions:
        # what record_arrears_action would have stored at that moment
        assert action.recorded_at < now and action.recorded_by_id
        months, amount = _overdue_at(bills[action.house_id], action.recorded_at)
        assert (action.months_overdue, action.amount) == (months, amount) and months >= 1
        if action.step == ArrearsStep.DEMAND_LETTER:
            assert months >= services.DEMAND_LETTER_MONTHS
            assert re.fullmatch(rf"SF{generated.run:04d}\d{{9}}", action.tracking_number)
        else:
            assert action.tracking_number == ""
    letters = [a.tracking_number for a in actions if a.step == ArrearsStep.DEMAND_LETTER]
    assert len(letters) == len(set(letters))

    visits = list(Collection.objects.all())
    assert visits and {v.status for v in visits} >= {CollectionStatus.DONE}
    for v in visits:
        assert v.booked_by_id and v.collector_id and v.contact
        assert v.booked_at <= now and v.booked_at - dt.timedelta(days=1) <= v.scheduled_at
        if v.status == CollectionStatus.BOOKED:
            assert v.scheduled_at > now and v.done_at is None and v.outcome == ""
            assert v.house_id in behind
        else:
            assert v.booked_at <= v.done_at <= now and v.outcome
        if v.status == CollectionStatus.DONE and v.outcome.startswith("已收取"):
            # everything owed (and that month's bill) paid at the visit, by the collector
            at_visit = [b for b in bills[v.house_id] if b.paid_by_id == v.collector_id]
            at_visit = [b for b in at_visit if v.scheduled_at <= b.paid_at <= v.done_at]
            assert len(at_visit) >= 3 and f"{len(at_visit)} 个月" in v.outcome
            assert f"共 {sum(b.amount for b in at_visit)} 元" in v.outcome


def test_the_services_carry_on_from_the_generated_data(generated, admin):
    """A live payment takes the next receipt number; a demand letter can follow."""
    bill = Bill.objects.filter(status="unpaid").select_related("project").order_by("id").first()
    n = Bill.objects.filter(project=bill.project, status="paid").count()
    paid = services.pay_bill(admin, bill, amount=bill.amount, method="wechat")
    assert paid.receipt_number == f"{bill.project.code}-SJ-{n + 1:06d}"
    late = next(a for a in selectors.arrears(admin) if a.months_overdue >= 3)
    action = services.record_arrears_action(
        admin, House.objects.get(pk=late.house), step="demand_letter", tracking_number="SF1"
    )
    assert action.amount == late.amount and action.months_overdue == late.months_overdue


def test_pages_and_api_answer_for_a_manager(generated, manager, api):
    client = Client()
    client.force_login(manager)
    project = FeeStandard.objects.order_by("project_id").first().project_id
    paid = Bill.objects.filter(status="paid").order_by("-id").first()
    behind = selectors.arrears(manager, project=project)
    visit = Collection.objects.first()
    pages = [
        (reverse("fees:bills"), {}),
        (reverse("fees:bills"), {"project": project, "status": "unpaid"}),
        (reverse("fees:bills"), {"project": project, "export": "xlsx"}),
        (reverse("fees:bill_detail", args=[paid.pk]), {}),
        (reverse("fees:receipt", args=[paid.pk]), {}),
        (reverse("fees:arrears"), {"project": project}),
        (reverse("fees:arrears"), {"project": project, "export": "xlsx"}),
        (reverse("fees:actions"), {"project": project}),
        (reverse("fees:actions"), {"export": "xlsx"}),
        (reverse("fees:collections"), {}),
        (reverse("fees:collections"), {"export": "xlsx"}),
        (reverse("fees:standards"), {}),
        (reverse("estates:house_detail", args=[behind[0].house]), {}),
        (reverse("estates:house_detail", args=[visit.house_id]), {}),
    ]
    for url, params in pages:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
    assert (
        paid.receipt_number in client.get(reverse("fees:receipt", args=[paid.pk])).content.decode()
    )
    page = client.get(reverse("fees:arrears"), {"project": project}).content.decode()
    assert behind[0].label in page

    a = api(manager)
    total = Bill.objects.count()
    assert a.get("fees/bills").json()["count"] == total
    listed = a.get("fees/bills", {"project": project, "status": "paid"}).json()
    assert listed["count"] == Bill.objects.filter(project_id=project, status="paid").count()
    assert a.get(f"fees/bills/{paid.pk}").json()["receipt_number"] == paid.receipt_number
    arrears = a.get("fees/arrears", {"project": project}).json()
    assert arrears["count"] == len(behind) and arrears["results"][0]["next_step"]
    assert a.get("fees/arrears/actions").json()["count"] == ArrearsAction.objects.count()
    assert a.get("fees/collections").json()["count"] == Collection.objects.count()
    assert a.get(f"fees/collections/{visit.pk}").status_code == 200
    assert len(a.get("fees/standards").json()) == 2


def test_two_runs_do_not_collide_and_a_rerun_adds_nothing(db):
    from aftersales.reports.generator import Generator

    first = Generator(80, projects=1, seed=1).generate()
    second = Generator(80, projects=1, seed=1).generate()
    assert first.run != second.run
    numbers = list(Bill.objects.exclude(receipt_number="").values_list("receipt_number", flat=True))
    assert len(numbers) == len(set(numbers))
    for result in (first, second):
        mine = Bill.objects.filter(project__code__startswith=f"GD{result.run}-")
        assert mine.count() == result.domains["fees.bills"] > 0
        assert all(
            n.startswith(f"GD{result.run}-P01-SJ-")
            for n in mine.exclude(receipt_number="").values_list("receipt_number", flat=True)
        )
    again = Generator(1, seed=1).domains_of(first.run)
    assert again.domains == {}
    assert (
        Bill.objects.values("house_id", "period").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )
