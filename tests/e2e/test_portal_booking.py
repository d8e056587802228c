"""The owner books a paid service and sees his fee bills on a phone (390×844, R-SS-1 with
R-SVC-1 and R-SVC-6): he books an item quoted on site, staff quote it, he accepts the quote,
staff complete the work and take the fee, he sees the receipt number; then his bills. The
pages are captured under ``BOOKING_SHOTS`` (or /tmp/booking-shots) and must fit the screen."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.frontdesk.models import PaidService
from aftersales.frontdesk.reference import ensure_price_items
from aftersales.frontdesk.services import paid
from tests.conftest import make_user
from tests.e2e.conftest import watch_assets
from tests.e2e.test_portal import _outbox  # noqa: F401  (the SMS outbox, autouse)
from tests.e2e.test_portal import _shot as portal_shot
from tests.portal.conftest import last_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("BOOKING_SHOTS", "/tmp/booking-shots"))
PHONE = "13800000001"  # 张伟, owner of 3-2-1201 (tests/conftest.py)


def _shot(page, name: str) -> None:
    portal_shot(page, name, SHOTS)


def _bills(admin, house) -> list:
    from aftersales.fees.services import create_bill, pay_bill, set_fee_standard

    set_fee_standard(admin, house.project, price_per_sqm="2.35")
    today = timezone.localdate()
    made = []
    for n in (3, 2, 1, 0):
        index = today.year * 12 + today.month - 1 - n
        made.append(create_bill(admin, house, period=f"{index // 12}-{index % 12 + 1:02d}"))
    pay_bill(admin, made[1], amount=made[1].amount)
    made[1].refresh_from_db()
    return made


def test_owner_books_accepts_the_quote_sees_the_receipt_and_his_bills(
    phone_page, site, admin, project_a, house_a
):
    ensure_price_items()
    desk = make_user("desk_a", ["agent", "finance"], [project_a], name="前台甲")
    bills = _bills(admin, house_a)
    page = phone_page
    missing = watch_assets(page)

    page.goto(site.url("frontdesk:book"))
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").tap()
    expect(page.get_by_label("验证码")).to_be_visible()
    page.get_by_label("验证码").fill(last_code(PHONE))
    page.get_by_role("button", name="登录").tap()
    page.wait_for_url(site.url("frontdesk:book"))

    page.goto(site.url("portal:home"))
    expect(page.get_by_role("link", name="预约服务")).to_be_visible()
    expect(page.get_by_role("link", name="我的账单")).to_be_visible()
    _shot(page, "01-home")

    # book an item priced on site, with a preferred time and a note
    page.get_by_role("link", name="预约服务").tap()
    expect(page.locator("#price-list")).to_contain_text("现场报价")
    page.get_by_label("服务项目").select_option("appliance_install")
    at = timezone.localtime() + dt.timedelta(days=2)
    page.get_by_label("希望上门时间").fill(at.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("说明").fill("客厅空调挂机安装，需打孔")
    _shot(page, "02-book")
    page.get_by_role("button", name="提交预约").tap()
    page.wait_for_url(site.url("frontdesk:my_services"))
    service = PaidService.objects.get()
    expect(page.get_by_text(f"已预约，编号 {service.number}")).to_be_visible()
    expect(page.get_by_text("待上门查看后报价")).to_be_visible()
    assert service.status == "requested"
    assert timezone.localtime(service.scheduled_at).hour == 10
    _shot(page, "03-services-requested")

    # staff quote it on site (the service, as the desk screen does); the owner accepts
    paid.quote(desk, service, amount="260")
    page.reload()
    card = page.locator(f"#service-{service.pk}")
    expect(card).to_contain_text("260.00")
    card.locator("summary").tap()
    _shot(page, "04-services-quoted")
    card.get_by_role("button", name="确认报价").tap()
    expect(page.get_by_text("已确认报价")).to_be_visible()
    service.refresh_from_db()
    assert service.status == "accepted"

    # staff complete the work and take the fee with a receipt
    paid.complete(desk, service, note="已安装")
    paid.pay(desk, service, amount="260")
    service.refresh_from_db()
    page.reload()
    expect(page.locator(f"#service-{service.pk} .receipt")).to_have_text(service.receipt_number)
    _shot(page, "05-services-paid")

    # his fee bills
    page.goto(site.url("portal:home"))
    page.get_by_role("link", name="我的账单").tap()
    section = page.locator(f"#bills-{house_a.pk}")
    expect(section).to_contain_text(bills[1].receipt_number)
    expect(section).to_contain_text("逾期 3 个月")
    _shot(page, "06-bills")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url("frontdesk:my_services"))
    _shot(page, "07-services-desktop")
    assert missing == [], f"static files did not load: {missing}"
