"""The bill and arrears lists stay a page at a time as an estate grows: the bill list shows one
project (the first by default) newest month first in house order, and the arrears list shows 50
houses per page with its totals over all of them; the number of queries does not grow."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from aftersales.fees import services
from aftersales.fees.models import Bill
from tests.conftest import make_house

SH = ZoneInfo("Asia/Shanghai")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _houses(admin, project, n):
    return [make_house(admin, project, f"8-1-{100 + i}", area="90") for i in range(n)]


def test_bill_list_is_one_project_newest_month_first_in_house_order(
    admin, manager, priced, project_b
):
    services.set_fee_standard(admin, project_b, price_per_sqm="2.00")
    houses = _houses(admin, priced, 3)
    other = make_house(admin, project_b, "9-9-901", area="90")
    for period in ("2026-09", "2026-10"):
        for house in [*reversed(houses), other]:
            services.create_bill(admin, house, period=period)
    page = _client(manager).get(reverse("fees:bills"))
    shown = list(page.context["page_obj"].object_list)
    first = min(p.pk for p in page.context["projects"])
    assert page.context["filters"]["project"] == first
    assert {b.project_id for b in shown} == {first}
    assert [(b.period.month, b.house_id) for b in shown] == sorted(
        ((b.period.month, b.house_id) for b in shown), key=lambda k: (-k[0], k[1])
    )
    assert page.context["totals"]["count"] == Bill.objects.filter(project_id=first).count()
    # A house's bills: its own project, whichever project is first.
    mine = _client(manager).get(reverse("fees:bills"), {"house": other.pk})
    assert {b.house_id for b in mine.context["page_obj"].object_list} == {other.pk}


def test_arrears_list_pages_fifty_houses_with_totals_over_all(
    admin, cashier, priced, django_assert_max_num_queries
):
    houses = _houses(admin, priced, 55)
    for house in houses:
        services.create_bill(admin, house, period="2026-09")
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=SH), tick=False):
        desk = _client(cashier)
        with django_assert_max_num_queries(20):
            first = desk.get(reverse("fees:arrears"), {"project": priced.pk})
        assert first.context["count"] == 55 and len(first.context["rows"]) == 50
        second = desk.get(reverse("fees:arrears"), {"project": priced.pk, "page": 2})
        assert len(second.context["rows"]) == 5
        assert "共 <span>55</span> 条" in second.content.decode()
        labels = [r["a"].label for r in first.context["rows"] + second.context["rows"]]
        assert len(set(labels)) == 55
