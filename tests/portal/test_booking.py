"""The owner books a paid service, accepts or disputes the quote and sees the receipt; and his
fee bills (portal pages of frontdesk and fees, R-SS-1 with R-SVC-1 and R-SVC-6). Everything
goes through the front desk's services and the fees selectors; another owner's records: 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.frontdesk.models import PaidService
from aftersales.frontdesk.services import paid
from aftersales.notify.models import Notification
from aftersales.portal import menu
from tests.conftest import make_user

PAGES = ["frontdesk:book", "frontdesk:my_services", "fees:my_bills"]


@pytest.fixture(autouse=True)
def _price_list(db):
    from aftersales.frontdesk.reference import ensure_price_items

    ensure_price_items()


@pytest.fixture
def web(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def owner_b(customer_b):
    return make_user("owner_b", ["owner"], customer=customer_b, name="王芳")


@pytest.fixture
def web_b(client, owner_b):
    client.force_login(owner_b)
    return client


@pytest.fixture
def desk(project_a):
    return make_user("desk_a", ["agent", "finance"], [project_a], name="前台甲")


@pytest.fixture
def head(project_a):
    return make_user("head_a", ["supervisor"], [project_a], name="主管甲")


def _book(web, house, item="appliance_install", **extra):
    data = {"house": house.pk, "item": item, "note": "安装空调挂机"} | extra
    return web.post(reverse("frontdesk:book"), data)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_the_owner_and_is_light(web, house_a, name):
    answer = web.get(reverse(name))
    assert answer.status_code == 200
    assert len(answer.content) < 150_000
    assert b"portal.css" in answer.content  # the portal's light layout, not the back office


@pytest.mark.parametrize("name", PAGES)
def test_pages_are_for_owners_only(client, agent_a, name):
    assert client.get(reverse(name)).status_code == 302  # to the code sign-in
    client.force_login(agent_a)
    assert client.get(reverse(name)).status_code == 403


def test_the_home_menu_lists_booking_services_and_bills(web, house_a):
    page = web.get(reverse("portal:home")).content.decode()
    for name in PAGES:
        assert reverse(name) in page
    keys = [e["key"] for e in menu.entries(web.get(reverse("portal:home")).wsgi_request.user)]
    assert {"frontdesk.book", "frontdesk.services", "fees.bills"} <= set(keys)


def test_the_price_list_shows_fixed_and_on_site_prices(web, house_a):
    page = web.get(reverse("frontdesk:book")).content.decode()
    assert "开锁" in page and "80.00" in page
    assert "家电安装" in page and "现场报价" in page


def test_booking_a_fixed_price_item_is_quoted_at_once(web, owner, customer_a, house_a):
    at = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=10, minute=0)
    answer = _book(web, house_a, item="lock_open", scheduled_at=at.strftime("%Y-%m-%dT%H:%M"))
    assert answer.status_code == 302 and answer.url == reverse("frontdesk:my_services")
    service = PaidService.objects.get()
    assert (service.customer, service.house, service.status) == (customer_a, house_a, "quoted")
    assert service.amount == 80 and service.created_by == owner
    assert service.scheduled_at == at.replace(second=0, microsecond=0)
    page = web.get(reverse("frontdesk:my_services")).content.decode()
    assert service.number in page and "80.00" in page and "确认报价" in page


def test_booking_an_on_site_item_waits_for_the_quote(web, house_a):
    _book(web, house_a)
    service = PaidService.objects.get()
    assert (service.status, service.amount) == ("requested", None)
    page = web.get(reverse("frontdesk:my_services")).content.decode()
    assert "待上门查看后报价" in page and "确认报价" not in page


def test_booking_for_a_house_not_his_is_refused(web, house_a, house_b):
    answer = _book(web, house_b)
    assert answer.status_code == 200  # the form again: his houses only are choices
    assert not PaidService.objects.exists()
    answer = _book(web, house_a, item="")
    assert "请选择" in answer.content.decode() or answer.status_code == 200
    assert not PaidService.objects.exists()


def test_quote_accept_complete_pay_and_the_receipt(web, owner, desk, house_a):
    _book(web, house_a)
    service = PaidService.objects.get()
    paid.quote(desk, service, amount="260")
    page = web.get(reverse("frontdesk:my_services")).content.decode()
    assert "260.00" in page and "确认报价" in page
    url = reverse("frontdesk:my_service_action", args=[service.pk, "accept"])
    assert web.post(url).status_code == 302
    service.refresh_from_db()
    assert service.status == "accepted"
    paid.complete(desk, service)
    paid.pay(desk, service, amount="260")
    service.refresh_from_db()
    page = web.get(reverse("frontdesk:my_services")).content.decode()
    assert service.receipt_number and service.receipt_number in page
    assert "已收费" in page or service.get_status_display() in page


def test_accepting_twice_is_a_message_not_an_error(web, desk, house_a):
    _book(web, house_a, item="lock_open")
    service = PaidService.objects.get()
    url = reverse("frontdesk:my_service_action", args=[service.pk, "accept"])
    web.post(url)
    answer = web.post(url, follow=True)
    assert answer.status_code == 200 and "不能执行此操作" in answer.content.decode()


def test_a_price_dispute_goes_to_the_department_head(web, head, house_a):
    _book(web, house_a, item="lock_open")
    service = PaidService.objects.get()
    url = reverse("frontdesk:my_service_action", args=[service.pk, "dispute"])
    answer = web.post(url, {"reason": "比市场价贵"}, follow=True)
    assert "已转部门负责人" in answer.content.decode()
    service.refresh_from_db()
    assert (service.status, service.dispute_reason) == ("disputed", "比市场价贵")
    assert Notification.objects.filter(recipient=head).exists()


def test_a_dispute_needs_a_reason(web, house_a):
    _book(web, house_a, item="lock_open")
    service = PaidService.objects.get()
    url = reverse("frontdesk:my_service_action", args=[service.pk, "dispute"])
    answer = web.post(url, {"reason": ""}, follow=True)
    assert "请填写异议原因" in answer.content.decode()
    service.refresh_from_db()
    assert service.status == "quoted"


def test_an_unknown_action_is_404(web, house_a):
    _book(web, house_a, item="lock_open")
    service = PaidService.objects.get()
    url = reverse("frontdesk:my_service_action", args=[service.pk, "pay"])
    assert web.post(url).status_code == 404


def test_another_owner_gets_404_and_sees_nothing(client, owner, owner_b, house_a, house_b):
    client.force_login(owner)
    _book(client, house_a, item="lock_open")
    service = PaidService.objects.get()
    client.force_login(owner_b)
    for action in ("accept", "dispute"):
        url = reverse("frontdesk:my_service_action", args=[service.pk, action])
        assert client.post(url, {"reason": "x"}).status_code == 404
    service.refresh_from_db()
    assert service.status == "quoted"
    page = client.get(reverse("frontdesk:my_services")).content.decode()
    assert service.number not in page
    booked = client.get(reverse("frontdesk:book")).content.decode()
    assert "3-2-1201" not in booked and "1-1-101" in booked


# --- fee bills --------------------------------------------------------------------------------


def _months_ago(today: dt.date, n: int) -> str:
    index = today.year * 12 + today.month - 1 - n
    return f"{index // 12}-{index % 12 + 1:02d}"


@pytest.fixture
def bills(admin, house_a):
    from aftersales.fees.services import create_bill, pay_bill, set_fee_standard

    set_fee_standard(admin, house_a.project, price_per_sqm="2.35")
    today = timezone.localdate()
    periods = [_months_ago(today, n) for n in (3, 2, 0)]
    made = [create_bill(admin, house_a, period=p) for p in periods]
    pay_bill(admin, made[1], amount=made[1].amount)
    made[1].refresh_from_db()
    return made


def test_my_bills_per_house_with_receipts_and_months_overdue(web, bills, house_a):
    page = web.get(reverse("fees:my_bills")).content.decode()
    old, paid_bill, current = bills
    assert "3-2-1201" in page
    for bill in bills:
        assert bill.period_label in page
    assert paid_bill.receipt_number and paid_bill.receipt_number in page
    assert "逾期 3 个月" in page  # the oldest unpaid one
    assert "210.33" in page  # 89.50 ㎡ × 2.35


def test_another_owner_sees_none_of_my_bills(web_b, bills):
    page = web_b.get(reverse("fees:my_bills")).content.decode()
    assert "3-2-1201" not in page and bills[1].receipt_number not in page


# --- the API as the owner (api.md "Owner self-service": POST /services/paid) -----------------


def test_the_owner_books_accepts_and_lists_bills_through_the_api(
    api, owner, owner_b, customer_a, customer_b, house_a, house_b, desk, bills
):
    me = api(owner)
    answer = me.post("services/paid", {"house": house_a.pk, "item": "appliance_install"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["status"], body["amount"], body["customer"]) == ("requested", None, customer_a.pk)
    # the customer is always himself, whatever is sent
    forced = me.post(
        "services/paid", {"house": house_a.pk, "customer": customer_b.pk, "item": "lock_open"}
    )
    assert forced.status_code == 201 and forced.json()["customer"] == customer_a.pk
    # a house not his: 404
    assert me.post("services/paid", {"house": house_b.pk, "item": "lock_open"}).status_code == 404
    paid.quote(desk, PaidService.objects.get(pk=body["id"]), amount="300")
    accepted = me.post(f"services/paid/{body['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    # staff steps stay staff's
    assert me.post(f"services/paid/{body['id']}/complete").status_code == 403
    listed = me.get("services/paid").json()
    assert {r["id"] for r in listed["results"]} == {body["id"], forced.json()["id"]}
    fee_bills = me.get("fees/bills").json()
    assert {b["id"] for b in fee_bills["results"]} == {b.pk for b in bills}

    other = api(owner_b)
    assert other.get(f"services/paid/{body['id']}").status_code == 404
    assert other.post(f"services/paid/{forced.json()['id']}/accept").status_code == 404
    assert (
        other.post(f"services/paid/{forced.json()['id']}/dispute", {"reason": "贵"}).status_code
        == 404
    )
    assert other.get("services/paid").json()["results"] == []
    assert other.get(f"fees/bills/{bills[0].pk}").status_code == 404
    assert other.get("fees/bills").json()["results"] == []


def test_staff_may_still_name_the_customer_or_leave_it_to_the_house(api, agent_a, house_a):
    answer = api(agent_a).post("services/paid", {"house": house_a.pk, "item": "lock_open"})
    assert answer.status_code == 201 and answer.json()["customer"]
    answer = api(agent_a).post(
        "services/paid",
        {"house": house_a.pk, "customer": answer.json()["customer"], "item": "lock_open"},
    )
    assert answer.status_code == 201


def test_the_repair_judged_paid_is_not_offered_to_owners(web, api, owner, house_a):
    page = web.get(reverse("frontdesk:book")).content.decode()
    assert "报修转有偿维修" not in page
    answer = api(owner).post("services/paid", {"house": house_a.pk, "item": "repair_paid"})
    assert answer.status_code == 422 and "item" in answer.json()["fields"]
    codes = {i["code"] for i in api(owner).get("services/price-items").json()["results"]}
    assert "lock_open" in codes and "repair_paid" not in codes
