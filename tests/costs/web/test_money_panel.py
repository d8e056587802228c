# ruff: noqa: F811 (fixtures imported from money_helpers are requested by name)
"""The cost panel of the ticket page (R-CST-1, R-CST-2): who sees it, the spending request
and the final account posted from it, the service's refusals shown in place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.costs.models import FinalAccount, SpendingRequest
from aftersales.costs.services import contractors
from tests.conftest import make_user
from tests.costs.web.money_helpers import HTMX, LINES, browsers, money, signed_in  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def page(client, ticket) -> str:
    response = client.get(reverse("tickets:detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def lines_post(rows, **extra) -> dict:
    data = {f"line_{k}": [r.get(k, "") for r in rows] for k in ("kind", "item", "unit")}
    data["line_quantity"] = [r["quantity"] for r in rows]
    data["line_unit_price"] = [r["unit_price"] for r in rows]
    return data | extra


def test_panel_only_for_cost_roles(browsers, money, agent_a):
    t = money("requested")["ticket"]
    body = page(browsers["lead"], t)
    assert 'id="money-panel"' in body and "1,500.00" in body
    assert "副总工程师审核 · 待审批" in body
    assert 'id="money-panel"' not in page(signed_in(agent_a), t)


def test_spending_form_offered_while_the_repair_is_open(browsers, money):
    surveyed = money("requested")["ticket"]
    assert 'id="money-spending"' in page(browsers["lead"], surveyed)
    assert 'id="money-spending"' not in page(browsers["dce"], surveyed)  # cannot request
    done = money("done")["ticket"]
    body = page(browsers["lead"], done)
    assert 'id="money-spending"' not in body and 'id="money-account"' in body


def test_request_spending_from_the_panel(browsers, money):
    t = money("requested")["ticket"]
    url = reverse("costs:spending_new", args=[t.pk])
    r = browsers["lead"].post(url, {"amount": "800.5", "purpose": "管件"}, headers=HTMX)
    assert r.status_code == 204
    assert r["HX-Redirect"] == reverse("tickets:detail", args=[t.pk])
    req = SpendingRequest.objects.filter(ticket=t).order_by("-id").first()
    assert str(req.amount) == "800.50"
    assert [s.role for s in req.steps.all()] == ["service_manager"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [("12.345", "金额最多两位小数"), ("", "请填写金额"), ("abc", "金额应为数字")],
)
def test_bad_amount_is_shown_on_the_form(browsers, money, amount, message):
    t = money("requested")["ticket"]
    url = reverse("costs:spending_new", args=[t.pk])
    r = browsers["lead"].post(url, {"amount": amount, "purpose": "管件"}, headers=HTMX)
    assert r.status_code == 200 and message in r.content.decode()
    r = browsers["lead"].post(url, {"amount": amount, "purpose": "管件"})
    assert r.status_code == 422 and message in r.content.decode()


def test_spending_refused_after_the_work(browsers, money):
    t = money("done")["ticket"]
    r = browsers["lead"].post(
        reverse("costs:spending_new", args=[t.pk]), {"amount": "100", "purpose": "x"}
    )
    assert r.status_code == 409 and "不能申请维修费用" in r.content.decode()


def test_file_final_account_from_the_panel(browsers, money, contractor):
    t = money("done")["ticket"]
    url = reverse("costs:account_new", args=[t.pk])
    data = lines_post(LINES + [{"item": "", "quantity": "", "unit_price": ""}])
    data["contractor"] = str(contractor.pk)
    r = browsers["lead"].post(url, data, headers=HTMX)
    assert r.status_code == 204, r.content.decode()
    account = FinalAccount.objects.get(ticket=t)
    assert str(account.total) == "1200.00" and account.contractor == contractor
    assert [ln.kind for ln in account.lines.all()] == ["material", "labour"]
    body = page(browsers["lead"], t)
    assert account.number in body and "1,200.00" in body


def test_class_a_account_needs_the_contractor(browsers, money):
    t = money("done")["ticket"]
    r = browsers["lead"].post(
        reverse("costs:account_new", args=[t.pk]), lines_post(LINES), headers=HTMX
    )
    body = r.content.decode()
    assert r.status_code == 200 and "须指明责任施工单位" in body
    # what was typed comes back for correction
    assert "防水卷材" in body and "12.5" in body
    assert not FinalAccount.objects.filter(ticket=t).exists()


def test_bad_line_names_its_row(browsers, money, contractor):
    t = money("done")["ticket"]
    rows = [LINES[0], {"item": "人工", "quantity": "1.005", "unit_price": "10"}]
    data = lines_post(rows, contractor=str(contractor.pk))
    r = browsers["lead"].post(reverse("costs:account_new", args=[t.pk]), data)
    assert r.status_code == 422
    assert "第 2 行" in r.content.decode()


def test_accepted_transfer_is_preselected(browsers, money, people, contractor, contractor_user):
    t = money("done")["ticket"]
    item = contractors.transfer(people["engineer"], t.pk, contractor=contractor.pk)
    contractors.answer_transfer(contractor_user, item.pk, accept=True)
    body = page(browsers["lead"], t)
    assert f'<option value="{contractor.pk}" selected>' in body


def test_only_team_leads_file_and_only_in_scope(browsers, money, project_b, contractor):
    t = money("done")["ticket"]
    url = reverse("costs:account_new", args=[t.pk])
    data = lines_post(LINES, contractor=str(contractor.pk))
    assert browsers["technician"].post(url, data).status_code == 403
    lead_b = make_user("lead_b", ["team_lead"], [project_b])
    assert signed_in(lead_b).post(url, data).status_code == 404
    assert (
        signed_in(lead_b)
        .post(reverse("costs:spending_new", args=[t.pk]), {"amount": "1", "purpose": "x"})
        .status_code
        == 404
    )
