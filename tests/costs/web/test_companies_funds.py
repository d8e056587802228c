"""Revolving funds on the web (R-CST-4): quota and balance, the ledger, draws and
replenishments with errors on the form, and the Excel ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales.costs.models import Fund, FundEntry
from tests.costs.web.helpers import HX, text, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def funds(db):
    from aftersales.costs.services.ledgers import ensure_funds

    ensure_funds()
    return list(Fund.objects.order_by("id"))


def _draw(fund):
    return reverse("costs:fund_draw", args=[fund.pk])


def _replenish(fund):
    return reverse("costs:fund_replenish", args=[fund.pk])


def test_page_shows_both_funds_with_quota_and_balance(web, people, funds):
    page = text(web(people["finance"]).get(reverse("costs:funds")))
    for fund in funds:
        assert fund.name in page
    assert page.count('data-testid="fund-balance">100,000.00<') == 2
    assert "定额 100,000.00 元" in page and 'style="width: 100%"' in page
    assert "初始拨付" in page  # the first fund's ledger


def test_page_roles(web, people, funds, contractor_user, owner):
    for who in ("finance", "manager", "lead", "auditor", "admin"):
        assert web(people[who]).get(reverse("costs:funds")).status_code == 200, who
    for user in (people["agent"], people["technician"], people["engineer"], contractor_user, owner):
        assert web(user).get(reverse("costs:funds")).status_code == 403
    assert web().get(reverse("costs:funds")).status_code == 302


def test_forms_follow_the_capabilities(web, people, funds):
    finance = text(web(people["finance"]).get(reverse("costs:funds")))
    assert "确认支用" in finance and "确认补充" in finance
    lead = text(web(people["lead"]).get(reverse("costs:funds")))
    assert "确认支用" in lead and "确认补充" not in lead
    auditor = text(web(people["auditor"]).get(reverse("costs:funds")))
    assert "确认支用" not in auditor and "确认补充" not in auditor


def test_draw_with_a_ticket_number_calls_the_service(web, people, funds, repair):
    t = repair("dispatched")
    fund = funds[1]
    r = web(people["lead"]).post(
        _draw(fund),
        {"draw-amount": "1500.00", "draw-purpose": "采购防水材料", "draw-ticket": t["number"]},
    )
    assert r.status_code == 302 and r["Location"] == reverse("costs:funds") + f"?fund={fund.pk}"
    entry = FundEntry.objects.get(kind="draw")
    assert (entry.fund, entry.amount, entry.balance_after) == (
        fund,
        Decimal("1500.00"),
        Decimal("98500.00"),
    )
    assert (entry.ticket_id, entry.created_by) == (t["id"], people["lead"])
    page = text(web(people["lead"]).get(r["Location"]))
    assert "98,500.00" in page and t["number"] in page and 'style="width: 98%"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"draw-amount": "", "draw-purpose": "x"}, "请填写金额"),
        ({"draw-amount": "12.345", "draw-purpose": "x"}, "最多两位小数"),
        ({"draw-amount": "10", "draw-purpose": ""}, "请填写用途"),
        ({"draw-amount": "100000.01", "draw-purpose": "x"}, "周转金余额不足"),
        ({"draw-amount": "10", "draw-purpose": "x", "draw-ticket": "BX-0"}, "工单不存在"),
    ],
)
def test_draw_errors_inline(web, people, funds, data, message):
    r = web(people["finance"]).post(_draw(funds[0]), data, headers=HX)
    assert r.status_code == 200
    assert message in text(r) and 'id="fund-draw"' in text(r) and "<html" not in text(r)
    assert not FundEntry.objects.filter(kind="draw").exists()


def test_draw_error_without_htmx_renders_the_page(web, people, funds):
    r = web(people["finance"]).post(_draw(funds[0]), {"draw-amount": "10"})
    assert r.status_code == 422 and "请填写用途" in text(r) and "<html" in text(r)


def test_draw_ticket_out_of_scope_is_not_found(web, people, funds, repair, project_b):
    from tests.conftest import make_user

    t = repair("dispatched")  # project A
    lead_b = make_user("lead_b", ["team_lead"], [project_b], name="乙队长")
    r = web(lead_b).post(
        _draw(funds[0]),
        {"draw-amount": "10", "draw-purpose": "x", "draw-ticket": t["number"]},
        headers=HX,
    )
    assert "工单不存在或不在您的数据范围内" in text(r)


def test_replenish_up_to_the_quota(web, people, funds):
    from aftersales.costs.services.ledgers import draw

    fund = funds[0]
    draw(people["finance"], fund.pk, amount="3000", purpose="维修")
    client = web(people["finance"])
    r = client.post(_replenish(fund), {"replenish-amount": "3000.01"}, headers=HX)
    assert "补充后余额将超过定额" in text(r)
    r = client.post(_replenish(fund), {"replenish-amount": "3000"}, headers=HX)
    assert r.status_code == 204
    fund.refresh_from_db()
    assert fund.balance == Decimal("100000.00")
    assert FundEntry.objects.filter(kind="replenish", purpose="补充周转金").count() == 1


def test_post_needs_the_capability(web, people, funds):
    body = {"draw-amount": "10", "draw-purpose": "x", "replenish-amount": "10"}
    assert web(people["auditor"]).post(_draw(funds[0]), body).status_code == 403
    assert web(people["lead"]).post(_replenish(funds[0]), body).status_code == 403
    assert web(people["finance"]).post(reverse("costs:fund_draw", args=[999])).status_code == 404
    assert FundEntry.objects.count() == 2  # the two initial issues


def test_export_opens_and_holds_the_same_balance(web, people, funds):
    from aftersales.costs.services.ledgers import draw

    fund = funds[1]
    draw(people["finance"], fund.pk, amount="1234.56", purpose="材料")
    client = web(people["finance"])
    page = text(client.get(reverse("costs:funds"), {"fund": fund.pk}))
    assert "98,765.44" in page
    wb = workbook(client.get(reverse("costs:fund_export", args=[fund.pk])))
    ws = wb["周转金台账"]
    assert ws["A1"].value == "日期"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["补充", "支用"]
    assert float(rows[-1][3]) == 98765.44 and rows[-1][6] == people["finance"].display_name
    assert web(people["agent"]).get(reverse("costs:fund_export", args=[fund.pk])).status_code == 403
    assert client.get(reverse("costs:fund_export", args=[999])).status_code == 404


def test_unknown_fund_is_404(web, people, funds):
    assert web(people["finance"]).get(reverse("costs:funds"), {"fund": 999}).status_code == 404
