"""Web screens of contractors and their deposit ledger (R-CST-3, R-ORG-3): list, create, edit,
the company page, deposits and releases with errors on the form, and the Excel ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales.costs.models import Contractor, DepositEntry
from aftersales.costs.services import ledgers
from tests.conftest import make_user
from tests.costs.web.helpers import HX, text, workbook

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"costs:{name}", args=args)


@pytest.fixture
def funded(people, contractor, project_a):
    """The contractor holds 5,000.00 on project A."""
    ledgers.deposit(people["finance"], contractor.pk, project=project_a.pk, amount="5000.00")
    return contractor


# --- list -----------------------------------------------------------------------------------


def test_list_search_kind_and_active_filters(web, people, contractor, other_contractor):
    from aftersales.costs.services.contractors import create_contractor, update_contractor

    supplier = create_contractor(people["admin"], name="某某建材供应商", kind="supplier")
    update_contractor(people["admin"], other_contractor, active=False)
    client = web(people["engineer"])
    page = text(client.get(_url("contractor_list")))
    assert contractor.name in page and supplier.name in page and other_contractor.name in page
    page = text(client.get(_url("contractor_list"), {"q": "中建"}))
    assert contractor.name in page and supplier.name not in page
    page = text(client.get(_url("contractor_list"), {"kind": "supplier"}))
    assert supplier.name in page and contractor.name not in page
    page = text(client.get(_url("contractor_list"), {"active": "0"}))
    assert other_contractor.name in page and contractor.name not in page


def test_list_is_paginated(web, people):
    for i in range(30):
        Contractor.objects.create(name=f"测试单位{i:02d}")
    client = web(people["engineer"])
    first = text(client.get(_url("contractor_list")))
    assert "共 <span>30</span> 条" in first and "测试单位24" in first and "测试单位25" not in first
    assert "测试单位25" in text(client.get(_url("contractor_list"), {"page": 2}))


def test_list_shows_deposit_balance_only_to_money_roles(web, people, funded):
    assert "5,000.00" in text(web(people["finance"]).get(_url("contractor_list")))
    page = text(web(people["agent"]).get(_url("contractor_list")))
    assert funded.name in page and "5,000.00" not in page and "保证金余额" not in page


def test_list_needs_a_login_and_a_role(web, people, owner, outsider):
    assert web().get(_url("contractor_list")).status_code == 302
    assert web(owner).get(_url("contractor_list")).status_code == 403
    assert web(outsider).get(_url("contractor_list")).status_code == 403


def test_contractor_user_is_sent_to_his_own_company(web, contractor, contractor_user):
    r = web(contractor_user).get(_url("contractor_list"))
    assert r.status_code == 302 and r["Location"] == _url("contractor_detail", contractor.pk)


# --- create and edit ------------------------------------------------------------------------


def _form(project, **extra):
    data = {
        "name": "恒远防水工程有限公司",
        "kind": "contractor",
        "trades": ["waterproofing", "masonry"],
        "contact_name": "赵工",
        "contact_phone": "13900000009",
        "address": "杭州市西湖区",
        "projects": [project.pk],
        "agreement": "保修五年",
    }
    data.update(extra)
    return data


def test_create_calls_the_service(web, people, project_a):
    r = web(people["engineer"]).post(_url("contractor_create"), _form(project_a))
    company = Contractor.objects.get(name="恒远防水工程有限公司")
    assert r.status_code == 302 and r["Location"] == _url("contractor_detail", company.pk)
    assert company.trades == ["waterproofing", "masonry"]
    assert list(company.projects.all()) == [project_a]
    assert (company.contact_name, company.agreement) == ("赵工", "保修五年")
    from aftersales.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="create", object_id=str(company.pk)).exists()


def test_create_shows_service_errors_on_the_form(web, people, project_a, contractor):
    client = web(people["engineer"])
    r = client.post(_url("contractor_create"), _form(project_a, name=""))
    assert r.status_code == 200 and "请填写单位名称" in text(r)
    r = client.post(_url("contractor_create"), _form(project_a, name=contractor.name))
    assert "已有同名的施工单位" in text(r)
    assert Contractor.objects.count() == 1


def test_create_form_offers_every_trade(web, people):
    page = text(web(people["engineer"]).get(_url("contractor_create")))
    for label in ("泥瓦", "水暖", "电工", "防水", "门窗"):
        assert label in page


def test_create_and_edit_need_contractors_manage(web, people, contractor, project_a):
    for who in ("finance", "agent", "technician"):
        client = web(people[who])
        assert client.get(_url("contractor_create")).status_code == 403
        assert client.post(_url("contractor_create"), _form(project_a)).status_code == 403
        assert client.get(_url("contractor_edit", contractor.pk)).status_code == 403
    assert not Contractor.objects.filter(name="恒远防水工程有限公司").exists()


def test_edit_and_stop_working_with(web, people, contractor, project_a, project_b):
    client = web(people["engineer"])
    page = text(client.get(_url("contractor_edit", contractor.pk)))
    assert contractor.name in page and 'value="waterproofing"' in page
    data = _form(project_b, name=contractor.name, trades=["painting"])  # no "active": stopped
    r = client.post(_url("contractor_edit", contractor.pk), data)
    assert r.status_code == 302
    contractor.refresh_from_db()
    assert contractor.trades == ["painting"] and contractor.active is False
    assert list(contractor.projects.all()) == [project_b]


def test_edit_by_a_scoped_editor_keeps_projects_he_cannot_see(
    web, people, contractor, project_a, project_b
):
    contractor.projects.add(project_b)
    editor = make_user("eng_b", ["engineer"], [project_b], name="乙工程师")
    client = web(editor)
    page = text(client.get(_url("contractor_edit", contractor.pk)))
    assert "数据范围以外的项目" in page
    r = client.post(
        _url("contractor_edit", contractor.pk),
        {"name": contractor.name, "kind": "contractor", "contact_name": "新联系人", "active": "on"},
    )
    assert r.status_code == 302
    contractor.refresh_from_db()
    assert contractor.contact_name == "新联系人"
    assert set(contractor.projects.all()) == {project_a, project_b}


# --- the company page and its ledger --------------------------------------------------------


def test_detail_shows_company_projects_users_and_ledger(web, people, funded, contractor_user):
    page = text(web(people["finance"]).get(_url("contractor_detail", funded.pk)))
    assert funded.name in page and "翠湖花园" in page
    assert contractor_user.display_name in page
    assert 'data-testid="ledger-balance">5,000.00<' in page
    assert "缴存保证金" in page and "退还保证金" in page  # finance may book


def test_detail_hides_the_ledger_from_roles_without_costs_view(web, people, funded):
    r = web(people["agent"]).get(_url("contractor_detail", funded.pk))
    assert r.status_code == 200
    assert "工程质量保证金台账" not in text(r) and "5,000.00" not in text(r)


def test_detail_without_deposits_manage_has_no_forms(web, people, funded):
    page = text(web(people["manager"]).get(_url("contractor_detail", funded.pk)))
    assert "工程质量保证金台账" in page and "确认缴存" not in page


def test_owed_is_red_when_above_zero(web, people, funded, project_a):
    from aftersales.costs.models import DepositAccount

    DepositAccount.objects.filter(contractor=funded).update(balance=0, owed=Decimal("120.00"))
    page = text(web(people["finance"]).get(_url("contractor_detail", funded.pk)))
    assert 'text-danger" data-testid="ledger-owed">120.00<' in page


def test_ledger_per_project(web, people, funded, project_a, project_b):
    ledgers.deposit(people["finance"], funded.pk, project=project_b.pk, amount="700.00")
    client = web(people["finance"])
    page = text(client.get(_url("contractor_detail", funded.pk)))
    assert 'data-testid="ledger-balance">5,700.00<' in page
    page = text(client.get(_url("contractor_detail", funded.pk), {"project": project_b.pk}))
    assert 'data-testid="ledger-balance">700.00<' in page


def test_detail_scope(web, people, contractor, other_contractor, contractor_user, agent_b):
    client = web(contractor_user)
    assert client.get(_url("contractor_detail", contractor.pk)).status_code == 200
    assert client.get(_url("contractor_detail", other_contractor.pk)).status_code == 404
    assert client.get(_url("contractor_detail", 999999)).status_code == 404


def test_project_out_of_scope_is_404(web, people, funded, project_b, agent_b):
    """The manager of project B asks for the contractor's ledger of project A."""
    lead_b = make_user("mgr_b", ["service_manager"], [project_b], name="乙经理")
    from aftersales.costs.models import DepositAccount

    a_project = DepositAccount.objects.get(contractor=funded).project_id
    r = web(lead_b).get(_url("contractor_detail", funded.pk), {"project": a_project})
    assert r.status_code == 404


def test_contractor_user_sees_his_ledger_per_project(web, funded, contractor_user, project_a):
    client = web(contractor_user)
    page = text(client.get(_url("contractor_detail", funded.pk), {"project": project_a.pk}))
    assert 'data-testid="ledger-balance">5,000.00<' in page
    assert "确认缴存" not in page and "编辑" not in page
    wb = workbook(client.get(_url("ledger_export", funded.pk), {"project": project_a.pk}))
    assert float(wb["汇总"]["C2"].value) == 5000


# --- deposit and release --------------------------------------------------------------------


def test_deposit_calls_the_service_and_lands_on_the_ledger(web, people, contractor, project_a):
    r = web(people["finance"]).post(
        _url("contractor_deposit", contractor.pk),
        {"deposit-project": project_a.pk, "deposit-amount": "1234.50", "deposit-note": "首期"},
    )
    assert r.status_code == 302
    assert r["Location"].endswith(f"?project={project_a.pk}#ledger")
    entry = DepositEntry.objects.get()
    assert (entry.kind, entry.amount, entry.balance_after, entry.note) == (
        "deposit",
        Decimal("1234.50"),
        Decimal("1234.50"),
        "首期",
    )
    assert entry.created_by == people["finance"]


def test_deposit_over_htmx_redirects(web, people, contractor, project_a):
    r = web(people["finance"]).post(
        _url("contractor_deposit", contractor.pk),
        {"deposit-project": project_a.pk, "deposit-amount": "10"},
        headers=HX,
    )
    assert r.status_code == 204
    assert r["HX-Redirect"].startswith(_url("contractor_detail", contractor.pk))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "请填写金额"),
        ("abc", "金额应为数字"),
        ("1.234", "最多两位小数"),
        ("-5", "大于 0"),
        ("1e40", "不超过 1 亿元"),
    ],
)
def test_deposit_errors_inline_over_htmx(web, people, contractor, project_a, amount, message):
    r = web(people["finance"]).post(
        _url("contractor_deposit", contractor.pk),
        {"deposit-project": project_a.pk, "deposit-amount": amount},
        headers=HX,
    )
    assert r.status_code == 200
    page = text(r)
    assert message in page and 'id="money-deposit"' in page and "<html" not in page
    assert not DepositEntry.objects.exists()


def test_deposit_without_project_is_refused_on_the_full_page(web, people, contractor):
    r = web(people["finance"]).post(
        _url("contractor_deposit", contractor.pk), {"deposit-amount": "10"}
    )
    assert r.status_code == 422 and "请选择项目" in text(r) and "<html" in text(r)


def test_release_beyond_balance_and_with_debt(web, people, funded, project_a):
    client = web(people["finance"])
    url = _url("contractor_release", funded.pk)
    r = client.post(url, {"release-project": project_a.pk, "release-amount": "6000"}, headers=HX)
    assert "退还金额超过余额 5000.00 元" in text(r)
    r = client.post(url, {"release-project": project_a.pk, "release-amount": "1000"})
    assert r.status_code == 302
    assert ledgers.ledger(people["finance"], funded.pk, project_a.pk).balance == Decimal("4000.00")
    from aftersales.costs.models import DepositAccount

    DepositAccount.objects.filter(contractor=funded).update(owed=Decimal("1.00"))
    r = client.post(url, {"release-project": project_a.pk, "release-amount": "1"}, headers=HX)
    assert "尚欠缴保证金 1.00 元" in text(r)


def test_deposit_needs_deposits_manage_and_scope(
    web, people, contractor, project_a, contractor_user
):
    body = {"deposit-project": project_a.pk, "deposit-amount": "10"}
    for user in (people["manager"], people["engineer"], contractor_user):
        assert web(user).post(_url("contractor_deposit", contractor.pk), body).status_code == 403
    assert web(people["finance"]).post(_url("contractor_deposit", 999999), body).status_code == 404
    assert not DepositEntry.objects.exists()


def test_deposit_is_post_only(web, people, contractor):
    assert web(people["finance"]).get(_url("contractor_deposit", contractor.pk)).status_code == 405


# --- Excel ----------------------------------------------------------------------------------


def test_export_opens_and_holds_the_same_balance(web, people, funded, project_a, project_b):
    ledgers.deposit(people["finance"], funded.pk, project=project_b.pk, amount="700.00")
    ledgers.release(people["finance"], funded.pk, project=project_a.pk, amount="250.25")
    client = web(people["finance"])
    page = text(client.get(_url("contractor_detail", funded.pk)))
    assert 'data-testid="ledger-balance">5,449.75<' in page
    wb = workbook(client.get(_url("ledger_export", funded.pk)))
    assert [c.value for c in wb["汇总"][1]] == ["施工单位", "项目", "余额", "欠缴"]
    assert wb["台账明细"]["A1"].value == "日期"
    summary = list(wb["汇总"].iter_rows(min_row=2, values_only=True))
    assert summary[-1][1] == "合计"
    assert (float(summary[-1][2]), float(summary[-1][3])) == (5449.75, 0)
    assert wb["汇总"]["C3"].number_format == "#,##0.00"
    entries = list(wb["台账明细"].iter_rows(min_row=2, values_only=True))
    assert [e[2] for e in entries] == ["缴存", "缴存", "退还"]
    per_project = workbook(client.get(_url("ledger_export", funded.pk), {"project": project_b.pk}))
    assert float(list(per_project["汇总"].iter_rows(min_row=2, values_only=True))[-1][2]) == 700


def test_export_needs_costs_view_and_scope(web, people, funded, other_contractor_user):
    assert web(people["agent"]).get(_url("ledger_export", funded.pk)).status_code == 403
    assert web(other_contractor_user).get(_url("ledger_export", funded.pk)).status_code == 404
