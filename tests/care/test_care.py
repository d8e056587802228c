"""Customer care (R-VIS-4): the upcoming occasions (warranty expiry, birthday from the field or
from the resident ID, delivery anniversaries), the rules, and each message sent exactly once —
also with two schedulers running at the same moment on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from aftersales.care.models import CareMessage, CareRule
from aftersales.care.services import care
from aftersales.core.models import WorkCalendarDay
from aftersales.estates.models import (
    Customer,
    CustomerHouse,
    House,
    ProjectWarrantyTerm,
    WarrantyComponent,
)
from aftersales.estates.services import create_house, create_project
from aftersales.notify.models import Notification
from tests.concurrency import parallel
from tests.conftest import make_customer, make_user

TODAY = dt.date(2026, 12, 6)
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(born: dt.date) -> str:
    body = f"110105{born:%Y%m%d}123"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


@pytest.fixture
def place(admin):
    project = create_project(admin, code="CARE2", name="关怀社区", city="杭州")
    roof = WarrantyComponent.objects.filter(months__isnull=False).order_by("sort").first()
    ProjectWarrantyTerm.objects.filter(project=project).delete()
    # delivered 2021-12-20: a 60-month component ends 2026-12-19
    house = create_house(
        admin,
        project=project,
        building="1",
        unit="1",
        room="101",
        delivered_on=dt.date(2021, 12, 20),
        status="occupied",
    )
    # delivered 2025-12-10: its 12-month visit is on 2026-12-10
    young = create_house(
        admin,
        project=project,
        building="1",
        unit="1",
        room="102",
        delivered_on=dt.date(2025, 12, 10),
        status="occupied",
    )
    a = make_customer(admin, "钱多多", "13600000001", [house], birthday=dt.date(1980, 12, 8))
    b = make_customer(
        admin,
        "孙小美",
        "13600000002",
        [young],
        id_type="id_card",
        id_number=resident_id(dt.date(1992, 12, 20)),
    )
    return {"project": project, "house": house, "young": young, "a": a, "b": b, "component": roof}


def _component_ending(place, months: int, expires: dt.date):
    ProjectWarrantyTerm.objects.update_or_create(
        project=place["project"], component=place["component"], defaults={"months": months}
    )


@pytest.mark.django_db
def test_upcoming_lists_warranty_expiry_birthdays_and_delivery_visits(api, admin, place):
    _component_ending(place, 60, dt.date(2026, 12, 19))
    from aftersales.care.selectors import care as reads

    found = reads.upcoming(admin, days=30, today=TODAY, project=place["project"].pk)
    kinds = {(o.kind, o.on, o.customer) for o in found}
    assert ("warranty_expiry", dt.date(2026, 12, 19), place["a"].pk) in kinds
    assert ("birthday", dt.date(2026, 12, 8), place["a"].pk) in kinds  # the birthday field
    assert ("birthday", dt.date(2026, 12, 20), place["b"].pk) in kinds  # from the resident ID
    assert ("delivery_anniversary", dt.date(2026, 12, 10), place["b"].pk) in kinds
    warranty = [o for o in found if o.kind == "warranty_expiry"]
    assert {o.component for o in warranty} >= {place["component"].code}
    short = reads.upcoming(admin, days=3, today=TODAY, project=place["project"].pk)
    assert {o.kind for o in short} == {"birthday"}  # only 12-08 falls within 3 days


@pytest.mark.django_db
def test_upcoming_api(api, admin, place):
    response = api(admin).get("care/upcoming", {"days": 400})
    assert response.status_code == 422
    body = api(admin).get("care/upcoming", {"days": 366, "project": place["project"].pk}).json()
    assert body["count"] == len(body["results"]) > 0
    assert {"kind", "house", "customer", "on", "component"} <= set(body["results"][0])


@pytest.mark.django_db
def test_birthday_on_29_february_is_greeted_on_the_28th():
    from aftersales.care.selectors.care import next_birthday

    assert next_birthday(dt.date(2000, 2, 29), dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)
    assert next_birthday(dt.date(2000, 2, 29), dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)


@pytest.mark.django_db
def test_each_message_is_sent_once(admin, place):
    _component_ending(place, 60, dt.date(2026, 12, 19))
    first = care.run_care(dt.date(2026, 12, 8))
    assert first["birthday"] == 1 and first["warranty_expiry"] >= 1
    assert first["delivery_anniversary"] == 0  # 2026-12-10 has not come
    again = care.run_care(dt.date(2026, 12, 8))
    assert sum(again.values()) == 0
    later = care.run_care(dt.date(2026, 12, 12))  # two days late: the visit reminder still goes
    assert later["delivery_anniversary"] == 1
    message = CareMessage.objects.get(kind="birthday")
    assert message.customer == place["a"] and "钱多多" in message.text
    assert message.notification.channel == "sms" and message.notification.address == "13600000001"


@pytest.mark.django_db
def test_holiday_greetings_on_the_first_day_of_a_holiday(admin, place):
    WorkCalendarDay.objects.update_or_create(
        date=dt.date(2027, 1, 1), defaults={"workday": False, "name": "元旦"}
    )
    WorkCalendarDay.objects.update_or_create(
        date=dt.date(2027, 1, 2), defaults={"workday": False, "name": "元旦"}
    )
    assert care.run_care(dt.date(2027, 1, 1))["holiday"] == 2
    assert care.run_care(dt.date(2027, 1, 2)).get("holiday", 0) == 0


@pytest.mark.django_db
def test_vip_privileges_go_in_app_to_an_owner_account(admin, place):
    place["a"].segment = "vip"
    place["a"].save()
    account = make_user("vip_owner", ["owner"], customer=place["a"], name="钱多多")
    assert care.run_care(TODAY)["vip"] == 1
    assert (
        Notification.objects.filter(
            recipient=account, channel="inapp", template="care_message"
        ).count()
        == 1
    )
    assert care.run_care(TODAY).get("vip", 0) == 0


@pytest.mark.django_db
def test_rules_are_configured_by_admins_only(api, admin, agent_a):
    body = {
        "kind": "warranty_expiry",
        "name": "提前三个月",
        "months": 3,
        "text": "{name}：{component}将到期",
    }
    assert api(agent_a).post("care/rules", body).status_code == 403
    created = api(admin).post("care/rules", body)
    assert created.status_code == 201
    rule_id = created.json()["id"]
    assert api(admin).patch(f"care/rules/{rule_id}", {"active": False}).json()["active"] is False
    assert api(admin).post("care/rules", {**body, "months": None}).status_code == 422
    vip = api(admin).post("care/rules", {"kind": "vip", "name": "VIP", "text": "礼遇"})
    assert vip.status_code == 422 and "segment" in vip.json()["fields"]


@pytest.mark.django_db
def test_care_section_on_the_customer_page(client, admin, place):
    care.run_care(dt.date(2026, 12, 8))
    client.force_login(admin)
    page = client.get(f"/estates/customers/{place['a'].pk}/")
    assert page.status_code == 200
    assert 'id="customer-care"' in page.content.decode() and "生日祝福" in page.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_two_schedulers_at_once_greet_each_customer_once(admin):
    from aftersales.care.reference import ensure

    ensure()  # the flush of a transactional test empties the reference rows
    project = create_project(admin, code="RACE", name="并发社区", city="杭州")
    for i in range(12):
        h = create_house(
            admin,
            project=project,
            building="1",
            unit="1",
            room=str(200 + i),
            delivered_on=dt.date(2020, 1, 1),
            status="occupied",
        )
        make_customer(
            admin, f"客户{i}", f"135000000{i:02d}", [h], birthday=dt.date(1970 + i, 12, 8)
        )
    day = dt.date(2026, 12, 8)
    results = parallel(4, lambda i: care.run_care(day))
    assert sum(r.get("birthday", 0) for r in results) == 12
    assert CareMessage.objects.filter(kind="birthday").count() == 12
    assert Notification.objects.filter(template="care_message", body__contains="生日").count() == 12
    assert CareRule.objects.filter(kind="birthday").count() == 1
    assert (
        House.objects.filter(project=project).count()
        == CustomerHouse.objects.filter(house__project=project).count()
    )


@pytest.mark.django_db
def test_birthdays_from_ids_decrypt_only_the_ids_that_match(admin, place, monkeypatch):
    """The month and day of a resident ID are stored beside it: an ID is decrypted only when
    its birthday falls in the days asked for, not once per customer on every look."""
    from aftersales.care.selectors import care as selectors
    from aftersales.core import pii

    for i in range(3):  # born in June: not in December's window
        make_customer(
            admin,
            f"六月{i}",
            f"1360000010{i}",
            [place["house"]],
            id_type="id_card",
            id_number=resident_id(dt.date(1985, 6, 10 + i)),
        )
    opened = []
    real = pii.decrypt
    monkeypatch.setattr(pii, "decrypt", lambda token: opened.append(token) or real(token))
    found = selectors.birthdays(
        Customer.objects.all(), dt.date(2026, 12, 15), dt.date(2026, 12, 25)
    )
    assert [(o.customer, o.on) for o in found] == [(place["b"].pk, dt.date(2026, 12, 20))]
    assert len(opened) == 2  # 孙小美's ID only (read for the date, then for the year)
    assert Customer.objects.get(pk=place["b"].pk).id_birth_md == "1220"
