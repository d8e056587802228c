"""The front desk in the browser (R-SVC-1, R-SVC-2).

A lock change from the application to the opened door: the agent registers the owner's
application (ID checked against the archive), the agent, the concierge and the engineer each
sign in turn on their phones as themselves, the lock is opened and the application prints
with the three signatures. A paid service from the request to the receipt: the agent books a
fixed-price service, the owner's acceptance and the completion are recorded, the cashier takes
the quoted amount and the receipt number is shown.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from aftersales.frontdesk.demo_data import resident_id
from aftersales.frontdesk.models import LockChange, PaidService
from tests.conftest import make_customer, make_house, make_user
from tests.e2e.conftest import horizontal_overflow, login
from tests.e2e.test_ticket_flows import sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OWNER_ID = resident_id("33010619800101123")
SHOTS = "/tmp/frontdesk-shots"


@pytest.fixture
def desk(admin, project_a, agent_a):
    house = make_house(admin, project_a, "8-1-801", area="100")
    owner = make_customer(
        admin, "赵业主", "13700000008", [house], id_type="id_card", id_number=OWNER_ID
    )
    return {
        "house": house,
        "owner": owner,
        "concierge": make_user("concierge", ["property_liaison"], [project_a], name="礼宾员"),
        "engineer": make_user("eng", ["engineer"], [project_a], name="工程师"),
        "cashier": make_user("cashier", ["finance"], [project_a], name="收银员"),
    }


def _pick_house(page, label: str) -> None:
    page.locator("input[name=house_q]").fill(label)
    expect(page.locator("#id_house option", has_text=label)).to_have_count(1)
    page.locator("#id_house").select_option(label=f"翠湖花园 {label}")


def _shot(page, name: str) -> None:
    import pathlib

    pathlib.Path(SHOTS).mkdir(exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_lock_change_from_application_to_opened(page, phone_page, site, desk):
    login(page, site, "agent_a")
    page.goto(site.url("frontdesk:lock_create"))
    _pick_house(page, "8-1-801")
    page.locator("#id_kind").select_option("change")
    page.locator("#id_applicant_name").fill("赵业主")
    page.locator("#id_applicant_id_number").fill(OWNER_ID)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".page-title")).to_contain_text("已申请")
    expect(page.get_by_text("姓名和身份证号与业主一致")).to_be_visible()
    lock = LockChange.objects.get()
    assert OWNER_ID not in page.content()
    # opening now is refused: the three parties have not signed
    page.get_by_role("button", name="开锁").click()
    expect(page.locator(".alert-danger")).to_contain_text("尚缺")
    # each witness signs on his phone as himself
    for username, party in (("agent_a", "客服部"), ("concierge", "礼宾部"), ("eng", "工程部")):
        sign_in_as(phone_page, site, username)
        phone_page.goto(site.url("frontdesk:lock_detail", lock.pk))
        phone_page.get_by_role("button", name=f"我代表{party}签字").click()
        expect(phone_page.get_by_text("您已代表")).to_be_visible()
        assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, "lock-phone")
    page.goto(site.url("frontdesk:lock_detail", lock.pk))
    page.get_by_role("button", name="开锁").click()
    expect(page.locator(".page-title")).to_contain_text("已开锁")
    _shot(page, "lock-desktop")
    assert LockChange.objects.get().status == "opened"
    page.goto(site.url("frontdesk:lock_print", lock.pk))
    expect(page.locator("h1")).to_have_text("大门换锁申请书")
    for name in ("客服甲", "礼宾员", "工程师"):
        expect(page.locator(".signs")).to_contain_text(name)


def test_paid_service_from_request_to_receipt(page, site, desk):
    login(page, site, "agent_a")
    page.goto(site.url("frontdesk:paid_create"))
    _pick_house(page, "8-1-801")
    page.locator("#id_item").select_option("lock_open")
    page.locator("#id_note").fill("入户门锁芯更换")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".page-title")).to_contain_text("已报价")
    expect(page.locator("[data-amount]")).to_have_text("80.00")
    page.locator("[data-step=accept]").click()
    expect(page.locator(".page-title")).to_contain_text("业主已确认")
    page.locator("form:has([data-step=inspect]) textarea").fill("施工规范")
    page.locator("[data-step=inspect]").click()
    expect(page.get_by_text("施工规范")).to_be_visible()
    page.locator("[data-step=complete]").click()
    expect(page.locator(".page-title")).to_contain_text("已完工")
    service = PaidService.objects.get()
    sign_in_as(page, site, "cashier")
    page.goto(site.url("frontdesk:paid_detail", service.pk))
    page.locator("#id_amount").fill("70.00")
    page.locator("[data-step=pay]").click()
    expect(page.locator(".alert-danger")).to_contain_text("不一致")
    page.locator("#id_amount").fill("80.00")
    page.locator("#id_method").select_option("wechat")
    page.locator("[data-step=pay]").click()
    expect(page.locator(".page-title")).to_contain_text("已收费")
    expect(page.locator("[data-receipt]")).to_have_text("PA-SJ-000001")
    _shot(page, "paid-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "paid-phone")
