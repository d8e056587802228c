"""Property fees in the browser (R-SVC-6): a bill paid at the desk with its receipt, and a
step of the arrears follow-up recorded from the arrears list (a demand letter with its
tracking number for a house 3 months overdue). Screenshots at 1280 px and 390 px go to /tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.fees import services
from aftersales.fees.models import ArrearsAction, Bill
from tests.conftest import make_user
from tests.e2e.conftest import horizontal_overflow, login
from tests.e2e.test_ticket_flows import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("FEES_SCREENSHOTS", "/tmp/fees-shots"))


def months_ago(n: int) -> str:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return f"{index // 12}-{index % 12 + 1:02d}"


@pytest.fixture
def desk(admin, project_a, house_a):
    make_user("cashier", ["agent", "finance"], [project_a], name="收银员")
    services.set_fee_standard(admin, project_a, price_per_sqm="2.35")
    for n in (3, 2, 1):
        services.create_bill(admin, house_a, period=months_ago(n))
    return services.create_bill(admin, house_a, period=months_ago(0))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_pay_at_the_desk_and_print_the_receipt(page, site, desk):
    login(page, site, "cashier")
    page.goto(site.url("fees:bills") + f"?house={desk.house_id}")
    page.get_by_role("link", name=desk.house.label).first.click()
    expect(page.locator("#bill-amount")).to_contain_text("210.33")
    form = page.locator("#pay-form")
    form.get_by_label("实收金额（元）").fill("210.33")
    form.get_by_label("缴费方式").select_option("wechat")
    shot(page, "bill-desk-1280")
    confirm(page, form, form.get_by_role("button", name="确认收款并出收据"))
    expect(page.locator("#receipt-number")).to_have_text("PA-SJ-000001")
    bill = Bill.objects.get(receipt_number="PA-SJ-000001")
    assert bill.status == "paid" and bill.method == "wechat"
    page.goto(site.url("fees:receipt", bill.pk))
    expect(page.locator("h1")).to_have_text("收款收据")
    expect(page.locator(".meta")).to_contain_text("PA-SJ-000001")
    expect(page.locator("table.grid")).to_contain_text("贰佰壹拾元叁角叁分")
    shot(page, "receipt-1280")


def test_record_a_demand_letter_from_the_arrears_list(page, site, desk, project_a):
    login(page, site, "cashier")
    page.goto(site.url("fees:arrears") + f"?project={project_a.pk}")
    row = page.locator(f"#arrears-{desk.house_id}")
    expect(row).to_contain_text("应发催缴函")
    expect(row).to_contain_text("630.99")
    shot(page, "arrears-1280")
    row.get_by_role("button", name="登记催缴").click()
    form = row.locator("form")
    expect(form.get_by_label("催缴步骤")).to_have_value("demand_letter")
    form.get_by_label("快递单号").fill("SF1234567890")
    form.get_by_label("说明").fill("EMS 寄往业主通讯地址")
    confirm(page, form, form.get_by_role("button", name="登记"))
    expect(page.locator(".alert-success")).to_contain_text("催缴函")
    action = ArrearsAction.objects.get()
    assert action.tracking_number == "SF1234567890" and action.months_overdue == 3
    expect(page.locator(f"#arrears-{desk.house_id}")).to_contain_text("SF1234567890")


def test_the_desk_pages_fit_a_phone(phone_page, site, desk, project_a):
    page = phone_page
    login(page, site, "cashier")
    for name, url in [
        ("arrears-390", site.url("fees:arrears") + f"?project={project_a.pk}"),
        ("bill-390", site.url("fees:bill_detail", desk.pk)),
        ("bills-390", site.url("fees:bills")),
    ]:
        page.goto(url)
        shot(page, name)
        assert horizontal_overflow(page) <= 1, name
