# ruff: noqa: F811 (fixtures imported from money_helpers are requested by name)
"""决算与结算, the detail pages, the payment queue and the two prints (R-CST-2, R-CST-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales.costs.models import Settlement
from aftersales.costs.services import ledgers
from tests.conftest import make_user
from tests.costs.web.money_helpers import HTMX, browsers, money, signed_in  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LIST = reverse("costs:settlements")
PAYMENTS = reverse("costs:payments")


def pay(client, s, htmx=True, **data):
    return client.post(
        reverse("costs:settlement_step", args=[s.pk, "pay"]),
        data | {"next": PAYMENTS},
        headers=HTMX if htmx else {},
    )


def test_list_with_filters_and_tabs(browsers, money, contractor):
    a = money("reviewed")["settlement"]
    b = money("certified", work_class="B", total="800.00")["settlement"]
    body = browsers["manager"].get(LIST).content.decode()
    assert a.number in body and b.number in body
    body = browsers["manager"].get(LIST, {"work_class": "B"}).content.decode()
    assert b.number in body and a.number not in body
    body = browsers["manager"].get(LIST, {"status": "certified"}).content.decode()
    assert b.number in body and a.number not in body
    body = browsers["manager"].get(LIST, {"contractor": contractor.pk}).content.decode()
    assert a.number in body and b.number not in body
    body = browsers["manager"].get(LIST, {"tab": "accounts"}).content.decode()
    assert a.account.number in body and b.account.number in body
    body = browsers["manager"].get(LIST, {"tab": "accounts", "status": "bogus"}).content.decode()
    assert a.account.number in body  # an unknown filter value is ignored, not an error


def test_list_is_paginated(browsers, money, monkeypatch):
    from aftersales.core import web as core_web

    first = money("reviewed")["settlement"]
    money("reviewed")
    monkeypatch.setattr(core_web.paginate, "__defaults__", (1,))  # one per page
    body = browsers["manager"].get(LIST).content.decode()
    assert "共 <span>2</span> 条" in body and first.number not in body
    body = browsers["manager"].get(LIST, {"page": 2}).content.decode()
    assert first.number in body


def test_list_scope_and_capability(browsers, money, other_contractor_user, agent_a, project_b):
    s = money("reviewed")["settlement"]
    assert s.number in browsers["contractor"].get(LIST).content.decode()
    assert s.number not in signed_in(other_contractor_user).get(LIST).content.decode()
    assert signed_in(agent_a).get(LIST).status_code == 403
    eng_b = make_user("eng_b", ["engineer"], [project_b])
    assert s.number not in signed_in(eng_b).get(LIST).content.decode()


def test_account_detail_reviews_in_place(browsers, money):
    account = money("filed")["account"]
    url = reverse("costs:account_detail", args=[account.pk])
    body = browsers["manager"].get(url).content.decode()
    assert "维修" in body and "1,200.00" in body and "壹仟贰佰元整" in body
    assert 'id="review-' in body
    assert 'id="review-' not in browsers["auditor"].get(url).content.decode()
    review = reverse("costs:account_review", args=[account.pk])
    r = browsers["manager"].post(review, {"approved_total": "1300.00"}, headers=HTMX)
    assert r.status_code == 200 and "审定金额不能超过决算金额" in r.content.decode()
    r = browsers["auditor"].post(review, {"approved_total": "1000.00"})
    assert r.status_code == 403 and "应由客户服务部审核" in r.content.decode()
    r = browsers["manager"].post(review, {"approved_total": "1100.00", "comment": "核减"})
    assert r.status_code == 302 and r["Location"] == url
    body = browsers["manager"].get(url).content.decode()
    assert "核减" in body and "1,100.00" in body


def test_detail_pages_answer_404_out_of_scope_and_403_without_capability(
    browsers, money, other_contractor_user, agent_a
):
    s = money("reviewed")["settlement"]
    pages = [
        reverse("costs:settlement_detail", args=[s.pk]),
        reverse("costs:account_detail", args=[s.account_id]),
        reverse("costs:print_settlement", args=[s.pk]),
        reverse("costs:print_account", args=[s.account_id]),
    ]
    for url in pages:
        assert browsers["contractor"].get(url).status_code == 200, url
        assert signed_in(other_contractor_user).get(url).status_code == 404, url
        assert signed_in(agent_a).get(url).status_code == 403, url
    assert (
        browsers["manager"].get(reverse("costs:settlement_detail", args=[999999])).status_code
        == 404
    )


def test_settlement_detail_history_and_the_contractor_confirms(
    browsers, money, other_contractor_user
):
    s = money("reviewed")["settlement"]
    url = reverse("costs:settlement_detail", args=[s.pk])
    body = browsers["contractor"].get(url).content.decode()
    assert "施工单位确认" in body and 'id="confirm-' in body and "待办理" in body
    assert 'id="confirm-' not in browsers["manager"].get(url).content.decode()
    step = reverse("costs:settlement_step", args=[s.pk, "confirm"])
    assert signed_in(other_contractor_user).post(step).status_code == 404
    assert browsers["finance"].post(step).status_code == 403
    r = browsers["contractor"].post(step, {"comment": "无异议"})
    assert r.status_code == 302
    body = browsers["dce"].get(url).content.decode()
    assert "施工单位联系人" in body and "无异议" in body and 'id="certify-' in body
    # certify before confirm is refused on another settlement: 409 on the form
    other = money("reviewed")["settlement"]
    r = browsers["dce"].post(reverse("costs:settlement_step", args=[other.pk, "certify"]))
    assert r.status_code == 409 and "不能进行“副总工程师签认”" in r.content.decode()
    assert (
        browsers["dce"].post(reverse("costs:settlement_step", args=[s.pk, "bogus"])).status_code
        == 404
    )


def test_payment_queue_pays_and_deducts_the_deposit(browsers, money, people, contractor, project_a):
    ledgers.deposit(people["finance"], contractor.pk, project=project_a.pk, amount="50000.00")
    s = money("certified", total="1234.56")["settlement"]
    body = browsers["finance"].get(PAYMENTS).content.decode()
    assert s.number in body and "1,234.56" in body and "客户服务部周转金" in body
    assert browsers["manager"].get(PAYMENTS).status_code == 403
    r = pay(browsers["finance"], s, payment_ref="PZ-9")
    assert r.status_code == 204 and r["HX-Redirect"] == PAYMENTS
    s.refresh_from_db()
    assert (s.status, s.payment_ref) == (Settlement.Status.PAID, "PZ-9")
    book = ledgers.ledger(people["finance"], contractor.pk, project_a.pk)
    assert book.balance == Decimal("50000.00") - Decimal("1234.56")
    body = browsers["finance"].get(PAYMENTS).content.decode()
    assert "最近付款" in body and "PZ-9" in body
    detail = browsers["finance"].get(reverse("costs:settlement_detail", args=[s.pk]))
    assert "已从责任施工单位质量保证金扣除 1,234.56 元" in detail.content.decode()


def test_second_payment_shows_409_on_the_form(browsers, money):
    s = money("certified", work_class="B", total="800.00")["settlement"]
    assert pay(browsers["finance"], s, payment_ref="PZ-1").status_code == 204
    r = pay(browsers["finance2"], s, payment_ref="PZ-2")
    assert r.status_code == 200
    assert "结算书当前状态为“已付款”，不能进行“财务付款”" in r.content.decode()
    assert pay(browsers["finance2"], s, htmx=False, payment_ref="PZ-2").status_code == 409


def test_pay_from_a_fund_and_refusal_when_it_is_short(browsers, money):
    from aftersales.costs.models import Fund

    ledgers.ensure_funds()
    fund = Fund.objects.order_by("id").first()
    s = money("certified", work_class="B", total="800.00")["settlement"]
    assert pay(browsers["finance"], s, fund=str(fund.pk), payment_ref="PZ-3").status_code == 204
    fund.refresh_from_db()
    assert fund.balance == fund.quota - Decimal("800.00")
    big = money("certified", work_class="B", total="200000.00")["settlement"]
    r = pay(browsers["finance"], big, fund=str(fund.pk), payment_ref="PZ-4")
    assert r.status_code == 200 and "周转金余额不足" in r.content.decode()
    big.refresh_from_db()
    assert big.status == Settlement.Status.CERTIFIED


def test_prints_show_totals_in_words_and_signatures(browsers, money, people):
    s = money("paid", total="1200.00")["settlement"]
    body = browsers["manager"].get(reverse("costs:print_settlement", args=[s.pk])).content.decode()
    assert "维修工程结算书" in body and s.number in body
    assert "人民币壹仟贰佰元整" in body and "1,200.00" in body
    for who in ("维修队长", "售后经理", "施工单位联系人", "副总工", "财务甲"):
        assert who in body, who
    assert "PZ-1" in body
    body = (
        browsers["manager"]
        .get(reverse("costs:print_account", args=[s.account_id]))
        .content.decode()
    )
    assert "维修工程决算书" in body and s.account.number in body and "人民币壹仟贰佰元整" in body


def test_print_of_a_filed_account_leaves_the_review_blank(browsers, money):
    account = money("filed", total="1500.00")["account"]
    body = browsers["lead"].get(reverse("costs:print_account", args=[account.pk])).content.decode()
    assert "人民币壹仟伍佰元整" in body
    assert '客户服务部审核：</span><span class="who"></span>' in body
