"""(e) Contractors in the browser (R-CST-3, R-DSP-8, R-ORG-3): the administrator registers a
contractor and its contact's account, finance books the quality deposit and the ledger shows
the balance, an engineer hands a repair over from the ticket page, and the contractor's user
signs in, sees only his own company and accepts the job — on a desktop and on a phone.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from aftersales.costs.models import Contractor, DepositEntry, Transfer
from aftersales.costs.services.contractors import create_contractor
from aftersales.tickets.models import Ticket
from tests.conftest import PASSWORD, make_house, make_user
from tests.e2e.conftest import horizontal_overflow, login
from tests.tickets.helpers import client_for, new_ticket, ok

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY = "恒远防水工程有限公司"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(admin, project_a, agent_a, technician):
    return {
        "finance": make_user("finance", ["finance"], name="财务杨帆"),
        "engineer": make_user("engineer", ["engineer"], name="工程师刘振华"),
    }


@pytest.fixture
def other_company(admin):
    return create_contractor(admin, name="美嘉装饰工程有限公司", trades=["painting"])


@pytest.fixture
def dispatched(agent_a, technician, project_a, customer_a, admin):
    """A leak repair in project A, dispatched to the technician."""
    house = make_house(admin, project_a, "6-1-101", delivered_on=dt.date(2024, 6, 30))
    desk = client_for(agent_a)
    t = new_ticket(
        desk, house=house.pk, customer=customer_a.pk, category="civil", component="leakage"
    )
    return ok(desk, t["id"], "dispatch", {"assignee": technician.pk})


def sign_in_as(page, site, username: str) -> None:
    page.context.clear_cookies()
    login(page, site, username)


def press(page, form, button) -> None:
    """Press a form's button and wait for the page that follows (an HTMX post answers with
    HX-Redirect). Should the press start no request at all, the form is posted by the browser
    itself — the path without JavaScript that the same view serves."""
    try:
        with page.expect_navigation(timeout=15_000):
            button.click()
    except PlaywrightTimeoutError:
        if page.locator(".htmx-request").count():
            raise
        with page.expect_navigation(timeout=30_000):
            form.evaluate("f => HTMLFormElement.prototype.submit.call(f)")


def test_contractor_from_registration_to_accepted_transfer(
    page, site, admin, staff, project_a, dispatched, other_company
):
    # 1. the administrator registers the company ...
    login(page, site, "admin")
    page.goto(site.url("costs:contractor_list"))
    page.get_by_role("link", name="新增施工单位").click()
    page.locator("#id_name").fill(COMPANY)
    page.get_by_label("防水", exact=True).check()
    page.get_by_label("泥瓦", exact=True).check()
    page.locator("#id_contact_name").fill("赵工")
    page.locator("#id_contact_phone").fill("13900000009")
    page.get_by_label("翠湖花园（PA）").check()
    page.locator("#id_agreement").fill("保修期内因施工质量造成的维修费用从质量保证金中扣除。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".app-messages")).to_contain_text(f"已新增施工单位“{COMPANY}”")
    company = Contractor.objects.get(name=COMPANY)
    assert sorted(company.trades) == ["masonry", "waterproofing"]
    assert page.url.endswith(f"/costs/contractors/{company.pk}/")

    # ... and its contact's account, tied to the company on the user form
    page.goto(site.url("accounts:user_create"))
    page.locator("#id_username").fill("zhaogong")
    page.locator("#id_name").fill("赵工")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("施工单位联系人", exact=True).check()
    page.locator("#id_contractor").select_option(label=COMPANY)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".app-messages")).to_contain_text("已创建用户")

    # 2. finance books the deposit; the ledger shows the balance
    sign_in_as(page, site, "finance")
    page.goto(site.url("costs:contractor_detail", company.pk))
    expect(page.get_by_text("赵工").first).to_be_visible()
    page.get_by_role("button", name="缴存保证金").click()
    form = page.locator("#money-deposit form")
    expect(form).to_be_visible()
    form.locator("select").select_option(label="翠湖花园（PA）")
    form.get_by_label("金额（元）").fill("abc")
    form.get_by_role("button", name="确认缴存").click()
    expect(page.locator("#money-deposit")).to_contain_text("金额应为数字")  # error inline
    form = page.locator("#money-deposit form")
    form.get_by_label("金额（元）").fill("50000")
    form.get_by_label("说明").fill("合同约定质量保证金")
    press(page, form, form.get_by_role("button", name="确认缴存"))
    expect(page.locator(".app-messages")).to_contain_text("已缴存保证金 50,000.00 元")
    expect(page.get_by_test_id("ledger-balance")).to_have_text("50,000.00")
    expect(page.locator("#ledger table")).to_contain_text("合同约定质量保证金")
    assert DepositEntry.objects.get().created_by.username == "finance"

    # 3. the engineer hands the repair over from the ticket page
    sign_in_as(page, site, "engineer")
    page.goto(site.url("tickets:detail", dispatched["id"]))
    panel = page.locator("#contractor-transfer")
    panel.locator("select").select_option(label=f"★ {COMPANY}")
    panel.get_by_label("转交原因").fill("需专业防水施工")
    press(page, panel.locator("form"), panel.get_by_role("button", name="转交施工单位"))
    expect(page.locator(".app-messages")).to_contain_text(f"已转交施工单位“{COMPANY}”")
    expect(page.locator("#contractor-transfer")).to_contain_text("待接收")

    # 4. the contractor's user sees only his company and accepts the job
    sign_in_as(page, site, "zhaogong")
    page.goto(site.url("costs:contractor_list"))
    expect(page).to_have_url(re.compile(rf"/costs/contractors/{company.pk}/$"))
    expect(page.locator(".page-title")).to_contain_text(COMPANY)
    expect(page.get_by_test_id("ledger-balance")).to_have_text("50,000.00")
    expect(page.get_by_role("button", name="缴存保证金")).to_have_count(0)
    response = page.goto(site.url("costs:contractor_detail", other_company.pk))
    assert response is not None and response.status == 404
    page.goto(site.url("costs:transfers"))
    item = page.locator(".list-group-item").filter(has_text=dispatched["number"])
    expect(item).to_contain_text("需专业防水施工")
    press(page, item.locator("form"), item.get_by_role("button", name="接收"))
    expect(page.locator(".app-messages")).to_contain_text(f"已接收工单 {dispatched['number']}")
    transfer = Transfer.objects.get()
    assert transfer.status == "accepted" and transfer.answered_by.username == "zhaogong"
    assert Ticket.objects.get(pk=dispatched["id"]).assignee.username == "zhaogong"


def test_contractor_declines_on_a_phone(phone_page, site, admin, staff, dispatched, other_company):
    page = phone_page
    make_user("meijia", ["contractor"], name="林晓", contractor=other_company.pk)
    client_for(staff["engineer"]).post(
        f"tickets/{dispatched['id']}/transfer", {"contractor": other_company.pk, "reason": "油漆"}
    )
    login(page, site, "meijia")
    page.goto(site.url("costs:transfers"))
    item = page.locator(".list-group-item").filter(has_text=dispatched["number"])
    item.get_by_role("button", name="拒绝").tap()
    item.get_by_role("button", name="确认拒绝").tap()
    expect(page.locator(f"#transfer-{Transfer.objects.get().pk}")).to_contain_text(
        "拒绝时请说明原因"
    )
    item = page.locator(f"#transfer-{Transfer.objects.get().pk}")
    item.get_by_label("拒绝原因").fill("不属于本单位施工范围")
    press(page, item.locator("form"), item.get_by_role("button", name="确认拒绝"))
    expect(page.locator(".app-messages")).to_contain_text(f"已拒绝工单 {dispatched['number']}")
    assert Transfer.objects.get().status == "declined"
    assert horizontal_overflow(page) == 0
    page.goto(site.url("costs:contractor_list"))
    assert horizontal_overflow(page) == 0
