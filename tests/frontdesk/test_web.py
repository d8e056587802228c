"""The front desk's screens: every list, record page, print and export answers; the steps
posted from the pages call the same services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.frontdesk.models import LockChange, PaidService, ReleaseSlip
from aftersales.frontdesk.services import locks, mail, paid, renovations, slips
from tests.frontdesk.conftest import OWNER_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(people):
    def login(name):
        c = Client()
        c.force_login(people[name])
        return c

    return login


@pytest.fixture
def records(people, home):
    house, owner = home
    agent = people["agent"]
    s = paid.request_service(agent, house=house, customer=owner, item="lock_open")
    lock = locks.apply(
        agent, house=house, kind="change", applicant_name="赵业主", applicant_id_number=OWNER_ID
    )
    item = mail.receive(agent, house=house, customer=owner, kind="letter", title="挂号信")
    today = dt.date.today()
    r = renovations.register(
        agent, house=house, customer=owner, starts_on=today, ends_on=today + dt.timedelta(days=9)
    )
    renovations.issue_permit(agent, r, workers=[])
    slip = slips.issue(agent, house=house, items=["床"])
    return {"paid": s, "lock": lock, "mail": item, "renovation": r, "slip": slip}


PAGES = [
    "paid_list",
    "paid_export",
    "paid_print_list",
    "price_list",
    "remittance_list",
    "remittance_export",
    "lock_list",
    "lock_export",
    "mail_list",
    "mail_export",
    "mail_print_list",
    "renovation_list",
    "renovation_export",
    "slip_list",
    "slip_export",
    "gate",
    "paid_create",
    "lock_create",
    "mail_create",
    "renovation_create",
    "slip_create",
]


def test_pages_without_id(web, records):
    client = web("agent")
    for name in PAGES:
        r = client.get(reverse(f"frontdesk:{name}"))
        assert r.status_code == 200, name


def test_record_pages_and_prints(web, records):
    client = web("agent")
    for name, key in [
        ("paid_detail", "paid"),
        ("paid_print", "paid"),
        ("lock_detail", "lock"),
        ("lock_print", "lock"),
        ("mail_detail", "mail"),
        ("renovation_detail", "renovation"),
        ("renovation_print", "renovation"),
        ("slip_detail", "slip"),
        ("slip_print", "slip"),
    ]:
        r = client.get(reverse(f"frontdesk:{name}", args=[records[key].pk]))
        assert r.status_code == 200, name
    text = client.get(reverse("frontdesk:lock_print", args=[records["lock"].pk])).content.decode()
    assert "大门换锁申请书" in text and OWNER_ID not in text


def test_other_project_is_404(web, records):
    client = web("agent_b")
    assert (
        client.get(reverse("frontdesk:lock_detail", args=[records["lock"].pk])).status_code == 404
    )
    assert client.get(reverse("frontdesk:paid_print", args=[records["paid"].pk])).status_code == 404


def test_export_is_excel(web, records):
    r = web("agent").get(reverse("frontdesk:paid_export"))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_paid_steps_from_the_page(web, records):
    client, s = web("agent"), records["paid"]
    for action, data in [
        ("accept", {}),
        ("complete", {"note": "好"}),
        ("pay", {"amount": "80.00", "method": "cash"}),
    ]:
        r = client.post(reverse("frontdesk:paid_action", args=[s.pk, action]), data)
        assert r.status_code == 302
    assert PaidService.objects.get(pk=s.pk).receipt_number.endswith("000001")


def test_witnesses_sign_in_turn_on_the_page(web, records):
    lock = records["lock"]
    url = lambda a: reverse("frontdesk:lock_action", args=[lock.pk, a])  # noqa: E731
    web("agent").post(url("witness"), {"party": "customer_service"})
    web("agent").post(url("witness"), {"party": "concierge"})  # refused: same person
    assert LockChange.objects.get(pk=lock.pk).witnesses.count() == 1
    web("liaison").post(url("witness"), {"party": "concierge"})
    web("agent").post(url("open"))
    assert LockChange.objects.get(pk=lock.pk).status == "applied"
    web("engineer").post(url("witness"), {"party": "engineering"})
    web("agent").post(url("open"))
    assert LockChange.objects.get(pk=lock.pk).status == "opened"


def test_the_page_offers_only_the_signers_own_party(web, records):
    lock = records["lock"]
    page = web("engineer").get(reverse("frontdesk:lock_detail", args=[lock.pk])).content.decode()
    assert "我代表工程部签字" in page
    assert "我代表客服部签字" not in page and "我代表礼宾部签字" not in page
    r = web("engineer").post(
        reverse("frontdesk:lock_action", args=[lock.pk, "witness"]),
        {"party": "concierge"},
        follow=True,
    )
    assert "您不属于礼宾部，不能代表礼宾部签字" in r.content.decode()
    assert not LockChange.objects.get(pk=lock.pk).witnesses.exists()


def test_gate_page(web, records):
    code = records["slip"].code
    client = web("liaison")
    first = client.post(reverse("frontdesk:gate"), {"code": code.lower()})
    assert 'data-result="ok"' in first.content.decode()
    second = client.post(reverse("frontdesk:gate"), {"code": code})
    assert 'data-result="already_used"' in second.content.decode()
    assert ReleaseSlip.objects.get(pk=records["slip"].pk).status == "used"


def test_analyst_cannot_post(web, records):
    r = web("analyst").post(reverse("frontdesk:paid_action", args=[records["paid"].pk, "accept"]))
    assert r.status_code == 403


def test_house_page_shows_the_front_desk(web, records, home):
    house, _ = home
    text = web("agent").get(reverse("estates:house_detail", args=[house.pk])).content.decode()
    assert 'id="frontdesk"' in text and f"/frontdesk/paid/new/?house={house.pk}" in text
    form = (
        web("agent").get(reverse("frontdesk:paid_create") + f"?house={house.pk}").content.decode()
    )
    assert f'<option value="{house.pk}" selected>' in form
