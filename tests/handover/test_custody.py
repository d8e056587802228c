"""R-HO-4: custodial houses, limits, patrols, the heavy-rain round, overdue patrols on the
warning board, the end of custody, and the 70 % rate the fees app reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from aftersales.handover.selectors import custody_fee_rates
from aftersales.notify.models import Notification
from tests.api.helpers import assert_error, ids
from tests.tickets.helpers import at, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def custody(api, house, customer):
    r = api.post(
        "handover/custodies",
        {
            "house": house.pk,
            "customer": customer.pk,
            "starts_on": "2026-11-01",
            "meters": {"water": "100", "electricity": 500},
        },
    )
    assert r.status_code == 201, r.content
    return r.json()


def test_start(custody, house):
    assert custody["status"] == "active" and custody["fee_rate"] == "0.70"
    assert custody["limits"] == {"water": "5", "electricity": "20"}
    assert custody["meters"] == {"water": "100", "electricity": "500"}
    house.refresh_from_db()
    assert house.status == "custodial"


def test_second_active_custody_is_409(api, custody, house, customer):
    body = {
        "house": house.pk,
        "customer": customer.pk,
        "starts_on": "2026-11-02",
        "meters": {"water": 1, "electricity": 1},
    }
    assert_error(api.post("handover/custodies", body), 409, "custody_active")


def test_patrol_within_limits_tells_nobody(api, custody):
    r = api.post(
        f"handover/custodies/{custody['id']}/patrols",
        {
            "kind": "weekly",
            "meters": {"water": "105", "electricity": "520"},
            "occurred_at": "2026-11-05T10:00:00+08:00",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["over_limit"] == [] and r.json()["owner_notified"] is False
    assert not Notification.objects.filter(template="custody_patrol").exists()


def test_over_limit_reading_notifies_the_owner(api, custody, customer):
    r = api.post(
        f"handover/custodies/{custody['id']}/patrols",
        {"kind": "weekly", "meters": {"water": "105.01", "electricity": "520.5"}},
    )
    body = r.json()
    assert body["over_limit"] == ["water", "electricity"] and body["owner_notified"] is True
    sms = Notification.objects.get(template="custody_patrol")
    assert sms.address == customer.phone and "超过托管上限" in sms.body


def test_a_finding_notifies_the_owner(api, custody):
    r = api.post(
        f"handover/custodies/{custody['id']}/patrols",
        {"kind": "after_rain", "findings": "阳台地漏积水"},
    )
    assert r.json()["over_limit"] == [] and r.json()["owner_notified"] is True
    assert "阳台地漏积水" in Notification.objects.get(template="custody_patrol").body


def test_reading_below_the_start_is_422(api, custody):
    r = api.post(
        f"handover/custodies/{custody['id']}/patrols", {"kind": "weekly", "meters": {"water": 99}}
    )
    assert_error(r, 422, field="meters.water")
    assert_error(
        api.post(f"handover/custodies/{custody['id']}/patrols", {"kind": "monthly"}),
        422,
        field="kind",
    )


def test_next_patrol_due_and_overdue(api, custody):
    with time_machine.travel(at(2026, 11, 8, 12), tick=False):
        got = api.get(f"handover/custodies/{custody['id']}").json()
        assert got["next_patrol_due"] == "2026-11-08" and got["patrol_overdue"] is False
    with time_machine.travel(at(2026, 11, 9, 9), tick=False):
        assert api.get(f"handover/custodies/{custody['id']}").json()["patrol_overdue"] is True
        api.post(
            f"handover/custodies/{custody['id']}/patrols",
            {"kind": "weekly", "meters": {"water": 101, "electricity": 505}},
        )
        got = api.get(f"handover/custodies/{custody['id']}").json()
        assert got["next_patrol_due"] == "2026-11-16" and got["patrol_overdue"] is False
        # a rain patrol does not move the weekly round
        api.post(f"handover/custodies/{custody['id']}/patrols", {"kind": "before_rain"})
        assert (
            api.get(f"handover/custodies/{custody['id']}").json()["next_patrol_due"] == "2026-11-16"
        )


def test_overdue_patrols_are_on_the_warning_board(api, custody, manager, house):
    with time_machine.travel(at(2026, 11, 20, 9), tick=False):
        boss = client_for(manager)
        rows = boss.get("warnings", {"rule": "patrol_overdue"}).json()["results"]
        assert [r["house"] for r in rows] == [house.pk]
        from django.test import Client

        web = Client()
        web.force_login(manager)
        page = web.get("/analysis/warnings-board/").content.decode()
        assert "托管巡查逾期" in page
        listed = web.get("/tickets/warnings/").content.decode()
        assert house.label in listed
        api.post(f"handover/custodies/{custody['id']}/patrols", {"kind": "weekly"})
        assert boss.get("warnings", {"rule": "patrol_overdue"}).json()["results"] == []


def test_heavy_rain_round_for_every_active_custody(api, custody, project_a, project_b, admin):
    other = project_a.houses.get(label="3-2-1202")
    second = api.post(
        "handover/custodies",
        {
            "house": other.pk,
            "customer": other.customers.get().pk,
            "starts_on": "2026-11-01",
            "meters": {"water": 1, "electricity": 1},
        },
    ).json()
    r = api.post("handover/rain-rounds", {"project": project_a.pk})
    assert r.status_code == 201 and r.json()["created"] == 2
    assert api.post("handover/rain-rounds", {"project": project_a.pk}).json()["created"] == 0
    planned = api.get("handover/patrols", {"status": "planned"}).json()["results"]
    assert sorted(p["custody"] for p in planned) == sorted([custody["id"], second["id"]])
    # recording the before-rain patrol completes the planned one
    done = api.post(f"handover/custodies/{custody['id']}/patrols", {"kind": "before_rain"}).json()
    assert done["id"] in [p["id"] for p in planned] and done["status"] == "done"
    # a planned patrol past its day makes the custody overdue
    with time_machine.travel(dt.datetime.now() + dt.timedelta(days=2)):
        assert api.get(f"handover/custodies/{second['id']}").json()["patrol_overdue"] is True
    assert_error(api.post("handover/rain-rounds", {"project": project_b.pk}), 422, field="project")


def test_end_of_custody(api, custody, house):
    r = api.post(
        f"handover/custodies/{custody['id']}/end",
        {"meters": {"water": 103, "electricity": 510}, "occurred_at": "2026-12-01T10:00:00+08:00"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "ended" and body["ended_on"] == "2026-12-01"
    assert body["next_patrol_due"] is None and body["patrol_overdue"] is False
    house.refresh_from_db()
    assert house.status == "delivered"
    assert_error(api.post(f"handover/custodies/{custody['id']}/end", {}), 409, "custody_ended")
    assert_error(
        api.post(f"handover/custodies/{custody['id']}/patrols", {"kind": "weekly"}),
        409,
        "custody_ended",
    )
    assert ids(api.get("handover/custodies", {"status": "ended"})) == [custody["id"]]


def test_custody_fee_rates(api, custody, house, project_a):
    other = project_a.houses.get(label="3-2-1202")
    houses = [house.pk, other.pk]
    assert custody_fee_rates(houses, dt.date(2026, 10, 31)) == {}
    assert custody_fee_rates(houses, dt.date(2026, 11, 1)) == {house.pk: Decimal("0.70")}
    assert custody_fee_rates([other.pk], dt.date(2026, 11, 15)) == {}
    api.post(
        f"handover/custodies/{custody['id']}/end", {"occurred_at": "2026-12-01T10:00:00+08:00"}
    )
    assert custody_fee_rates(houses, dt.date(2026, 12, 1)) == {house.pk: Decimal("0.70")}
    assert custody_fee_rates(houses, dt.date(2026, 12, 2)) == {}
    rates = custody_fee_rates(iter(houses), dt.date(2026, 11, 30))
    assert rates == {house.pk: Decimal("0.70")} and str(rates[house.pk]) == "0.70"


def test_scope_and_roles(custody, agent_b, liaison, technician):
    assert_error(client_for(agent_b).get(f"handover/custodies/{custody['id']}"), 404)
    assert ids(client_for(agent_b).get("handover/custodies")) == []
    r = client_for(liaison).post(f"handover/custodies/{custody['id']}/patrols", {"kind": "weekly"})
    assert r.status_code == 201
    assert_error(client_for(liaison).post(f"handover/custodies/{custody['id']}/end", {}), 403)
    assert_error(
        client_for(technician).post(
            f"handover/custodies/{custody['id']}/patrols", {"kind": "weekly"}
        ),
        403,
    )


def test_custodial_house_is_billed_70_percent(api, admin, custody, house):
    """The fees app bills a house in custody on the first day of a period at 70 % (R-HO-4),
    through the rate source handover registers; the month before the custody pays in full."""
    from aftersales.fees.services import create_bill, set_fee_standard

    set_fee_standard(admin, house.project, price_per_sqm="2.00")
    full = create_bill(admin, house, period="2026-10")
    custodial = create_bill(admin, house, period="2026-11")
    assert custodial.amount == (full.amount * Decimal("0.70")).quantize(Decimal("0.01"))
    assert custodial.amount < full.amount
