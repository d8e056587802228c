"""(e) The money flow in the browser, from the spending request to the paid settlement
(R-CST-1..3): the team lead asks for 1,500.00 on a surveyed class-A repair, the deputy chief
engineer reviews and the deputy GM approves in their inbox, the work is done (ticket steps
not under test are taken through the services), the team lead files the final account in the
ticket's cost panel, the service manager reviews it, the contractor confirms, the deputy
chief engineer certifies, finance pays in the payment queue — and the contractor's deposit
for the project is lower by exactly the settled amount.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from aftersales.costs.models import FinalAccount, Settlement, SpendingRequest
from aftersales.costs.services import contractors, ledgers
from aftersales.tickets import services
from tests.conftest import make_customer, make_house, make_user
from tests.e2e.conftest import login
from tests.e2e.test_ticket_flows import confirm, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEPOSIT = Decimal("50000.00")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(admin, project_a, technician, manager):
    """Everyone the flow needs, a contractor with its deposit, and a surveyed class-A leak."""
    people = {
        "lead": make_user("lead", ["team_lead"], name="维修队长"),
        "dce": make_user("dce", ["deputy_chief_engineer"], name="副总工"),
        "dgm": make_user("dgm", ["deputy_gm"], name="副总经理"),
        "finance": make_user("fin", ["finance"], name="财务甲"),
    }
    company = contractors.create_contractor(
        admin, name="恒固防水工程有限公司", trades=["waterproofing"], projects=[project_a.pk]
    )
    people["contractor"] = make_user("cuser", ["contractor"], name="马建军", contractor=company.pk)
    ledgers.deposit(admin, company.pk, project=project_a.pk, amount=str(DEPOSIT))
    house = make_house(admin, project_a, "6-1-101", delivered_on=dt.date(2024, 6, 30))
    customer = make_customer(admin, "赵敏", "13700000009", [house])
    ticket = services.register_ticket(
        admin,
        kind="repair",
        channel="hotline",
        description="卫生间顶棚渗水",
        customer=customer.pk,
        house=house.pk,
        category="civil",
        component="leakage",
    )
    services.perform(admin, ticket.pk, "dispatch", assignee=technician.pk)
    services.perform(
        technician,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate="1500.00",
        work_class="A",
        contractor_present=True,
    )
    ticket.refresh_from_db()
    return {"ticket": ticket, "company": company, "project": project_a, **people}


def press(page, form, label: str) -> None:
    """Press a money form's button and wait for the page it goes back to."""
    confirm(page, form, form.get_by_role("button", name=label))


def test_spending_request_to_paid_settlement(page, site, cast, technician):
    ticket, company = cast["ticket"], cast["company"]
    ticket_url = site.url("tickets:detail", ticket.pk)

    # 1. The team lead asks for 1,500.00 in the ticket's cost panel.
    login(page, site, "lead")
    page.goto(ticket_url)
    panel = page.locator("#money-panel")
    panel.get_by_role("button", name="申请维修费用").click()
    form = page.locator("#money-spending form")
    expect(form).to_be_visible()
    form.get_by_label("金额（元）").fill("1500.00")
    form.get_by_label("用途").fill("更换防水卷材并重做防水层")
    press(page, form, "提交申请")
    expect(page.locator(".app-messages")).to_contain_text("维修费用申请已提交")
    expect(panel).to_contain_text("¥1,500.00")
    expect(panel).to_contain_text("副总工程师审核 · 待审批")
    request = SpendingRequest.objects.get(ticket=ticket)

    # 2. The deputy chief engineer reviews it in his inbox, 3. the deputy GM approves.
    for who, comment, chip in (
        ("dce", "审核通过", "副总工程师审核 · 已同意"),
        ("dgm", "同意", "副总经理审批 · 已同意"),
    ):
        sign_in_as(page, site, who)
        page.goto(site.url("costs:approvals"))
        row = page.locator(".app-inbox-row").filter(has_text=ticket.number)
        expect(row).to_contain_text("¥1,500.00")
        row.get_by_label("意见").fill(comment)
        press(page, row.locator("form"), "同意")
        expect(page.locator(".app-messages")).to_contain_text("已同意费用申请（1,500.00 元）")
        expect(page.locator(".app-inbox-row").filter(has_text=ticket.number)).to_have_count(0)
        page.goto(ticket_url)
        expect(page.locator("#money-panel")).to_contain_text(chip)
    request.refresh_from_db()
    assert request.status == SpendingRequest.Status.APPROVED

    # 4. The technician starts and completes (ticket steps, not under test here).
    services.perform(technician, ticket.pk, "start")
    services.perform(technician, ticket.pk, "complete", result="重做防水层，闭水试验合格")

    # 5. The team lead files the final account: the total is kept in exact cents.
    sign_in_as(page, site, "lead")
    page.goto(ticket_url)
    expect(panel).to_contain_text("副总经理审批 · 已同意")
    panel.get_by_role("button", name="编制决算书").click()
    form = page.locator("#money-account form")
    expect(form).to_be_visible()
    lines = form.locator("[data-line]")
    lines.nth(0).locator("input[name=line_item]").fill("防水卷材")
    lines.nth(0).locator("input[name=line_quantity]").fill("12.5")
    lines.nth(0).locator("input[name=line_unit]").fill("m²")
    lines.nth(0).locator("input[name=line_unit_price]").fill("48.00")
    form.get_by_role("button", name="添加一行").click()
    lines.nth(1).locator("select[name=line_kind]").select_option("labour")
    lines.nth(1).locator("input[name=line_item]").fill("防水施工")
    lines.nth(1).locator("input[name=line_quantity]").fill("0.1")
    lines.nth(1).locator("input[name=line_unit_price]").fill("0.2")
    expect(lines.nth(1).locator("[data-line-amount]")).to_have_text("¥0.02")
    lines.nth(1).locator("input[name=line_quantity]").fill("2")
    lines.nth(1).locator("input[name=line_unit_price]").fill("300")
    form.get_by_role("button", name="添加一行").click()
    lines.nth(2).locator("input[name=line_item]").fill("多余的一行")
    lines.nth(2).get_by_role("button", name="删除").click()
    expect(lines).to_have_count(2)
    expect(form.locator("[data-total]")).to_have_text("¥1,200.00")
    form.get_by_label("责任施工单位").select_option(str(company.pk))
    press(page, form, "提交决算书")
    expect(page.locator(".app-messages")).to_contain_text("决算书已提交")
    account = FinalAccount.objects.get(ticket=ticket)
    assert account.total == Decimal("1200.00") and account.contractor == company
    expect(panel).to_contain_text(account.number)

    # 6. The service manager reviews it (accounts up to 20,000 are customer service's).
    sign_in_as(page, site, "manager")
    page.goto(site.url("costs:approvals"))
    row = page.locator(".app-inbox-row").filter(has_text=account.number)
    expect(row.get_by_label("审定金额（元）")).to_have_value("1200.00")
    row.get_by_label("审核意见").fill("与现场核对一致")
    press(page, row.locator("form"), "审核通过，生成结算书")
    expect(page.locator(".app-messages")).to_contain_text(f"决算书 {account.number} 已审核")
    settlement = Settlement.objects.get(account=account)
    assert settlement.status == Settlement.Status.AWAITING_CONFIRMATION

    # 7. The contractor confirms, 8. the deputy chief engineer certifies.
    for who, button in (("contractor", "确认结算"), ("dce", "签认结算")):
        sign_in_as(page, site, "cuser" if who == "contractor" else who)
        page.goto(site.url("costs:approvals"))
        row = page.locator(".app-inbox-row").filter(has_text=settlement.number)
        expect(row).to_contain_text("¥1,200.00")
        press(page, row.locator("form"), button)
        expect(page.locator(".app-messages")).to_contain_text(f"结算书 {settlement.number}")
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CERTIFIED

    # 9. Finance pays in the payment queue.
    sign_in_as(page, site, "fin")
    page.goto(site.url("costs:payments"))
    row = page.locator(f"#pay-row-{settlement.pk}")
    row.get_by_role("button", name="付款").click()
    form = row.locator("form")
    expect(form).to_be_visible()
    form.get_by_label("付款凭证号").fill("PZ-2026-0101")
    press(page, form, "确认付款")
    expect(page.locator(".app-messages")).to_contain_text("财务付款已完成")
    expect(page.locator(f"#pay-row-{settlement.pk}")).to_have_count(0)
    expect(page.locator(".card").filter(has_text="最近付款")).to_contain_text("PZ-2026-0101")

    # 10. The deposit is lower by exactly the amount (read through the ledger service).
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.PAID
    book = ledgers.ledger(cast["finance"], company.pk, cast["project"].pk)
    assert DEPOSIT - book.balance == Decimal("1200.00")
    assert book.entries[-1].settlement_id == settlement.pk

    # The settlement page shows every step with who did it.
    page.goto(site.url("costs:settlement_detail", settlement.pk))
    steps = page.locator(".app-steps")
    for name in ("维修队长", "售后经理", "马建军", "副总工", "财务甲"):
        expect(steps).to_contain_text(name)
