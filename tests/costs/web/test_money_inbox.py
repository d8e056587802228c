# ruff: noqa: F811 (fixtures imported from money_helpers are requested by name)
"""待我审批 (R-CST-1..3): what waits for each role, the decisions posted through the
services, refusals shown on the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.costs.models import ApprovalStep, Settlement
from tests.conftest import make_user
from tests.costs.web.money_helpers import HTMX, browsers, money, signed_in  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

INBOX = reverse("costs:approvals")


def decide(client, req, decision="approve", comment="", htmx=True, next_=""):
    data = {"decision": decision, "comment": comment}
    if next_:
        data["next"] = next_
    return client.post(
        reverse("costs:spending_decide", args=[req.pk]), data, headers=HTMX if htmx else {}
    )


def test_inbox_lists_the_step_with_the_whole_chain(browsers, money):
    req = money("requested")["request"]
    body = browsers["dce"].get(INBOX).content.decode()
    assert req.ticket.number in body and "1,500.00" in body and "更换防水卷材" in body
    assert "副总工程师审核 · 待审批" in body and "副总经理审批 · 未到" in body
    # the deputy GM's turn has not come: nothing waits for him yet
    assert req.ticket.number not in browsers["dgm"].get(INBOX).content.decode()


@pytest.mark.parametrize("who", ["technician", "agent", "engineer"])
def test_inbox_is_forbidden_without_a_deciding_role(browsers, who):
    assert browsers[who].get(INBOX).status_code == 403


def test_two_step_approval_through_the_inbox(browsers, money):
    req = money("requested")["request"]
    r = decide(browsers["dce"], req, comment="审核通过")
    assert r.status_code == 204 and r["HX-Redirect"] == INBOX
    steps = list(req.steps.order_by("order").values_list("status", flat=True))
    assert steps == [ApprovalStep.Status.APPROVED, ApprovalStep.Status.PENDING]
    body = browsers["dgm"].get(INBOX).content.decode()
    assert "副总工程师审核 · 已同意" in body and "审核通过" in body
    r = decide(browsers["dgm"], req, htmx=False)
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == "approved"


def test_out_of_order_is_shown_on_the_form(browsers, money):
    req = money("requested")["request"]
    r = decide(browsers["dgm"], req)
    assert r.status_code == 200  # HTMX: the form comes back with the message
    assert "请等待上一环节：副总工程师审核" in r.content.decode()
    r = decide(browsers["dgm"], req, htmx=False)
    assert r.status_code == 409
    assert "请等待上一环节" in r.content.decode()


def test_reject_needs_a_comment(browsers, money):
    req = money("requested")["request"]
    r = decide(browsers["dce"], req, "reject", htmx=False)
    assert r.status_code == 422
    assert "驳回时请填写意见" in r.content.decode()
    r = decide(browsers["dce"], req, "reject", "预算偏高")
    assert r.status_code == 204
    req.refresh_from_db()
    assert req.status == "rejected"


def test_role_outside_the_chain_is_refused(browsers, money):
    req = money("requested")["request"]
    r = decide(browsers["manager"], req, htmx=False)
    assert r.status_code == 403
    assert "不由您的角色审批" in r.content.decode()


def test_decisions_out_of_scope_are_404(money, project_b):
    req = money("requested")["request"]
    elsewhere = make_user("dce_b", ["deputy_chief_engineer"], [project_b])
    client = signed_in(elsewhere)
    assert req.ticket.number not in client.get(INBOX).content.decode()
    assert decide(client, req).status_code == 404


def test_foreign_next_address_is_ignored(browsers, money):
    req = money("requested")["request"]
    r = decide(browsers["dce"], req, next_="https://evil.example/")
    assert r["HX-Redirect"] == INBOX


def test_reviewer_sees_the_accounts_of_his_amount(browsers, money):
    small = money("filed", total="1200.00")["account"]
    large = money("filed", total="25000.00")["account"]
    body = browsers["manager"].get(INBOX).content.decode()
    assert small.number in body and large.number not in body
    body = browsers["auditor"].get(INBOX).content.decode()
    assert large.number in body and small.number not in body
    r = browsers["auditor"].post(
        reverse("costs:account_review", args=[large.pk]),
        {"approved_total": "24000.00", "comment": "核减", "next": INBOX},
        headers=HTMX,
    )
    assert r.status_code == 204
    large.refresh_from_db()
    assert large.settlement.amount == 24000


def test_settlements_wait_for_the_contractor_then_the_deputy_chief_engineer(
    browsers, money, other_contractor_user
):
    s = money("reviewed")["settlement"]
    assert s.number in browsers["contractor"].get(INBOX).content.decode()
    assert s.number not in signed_in(other_contractor_user).get(INBOX).content.decode()
    assert s.number not in browsers["dce"].get(INBOX).content.decode()
    r = browsers["contractor"].post(
        reverse("costs:settlement_step", args=[s.pk, "confirm"]), {"next": INBOX}, headers=HTMX
    )
    assert r.status_code == 204
    assert s.number in browsers["dce"].get(INBOX).content.decode()
    r = browsers["dce"].post(
        reverse("costs:settlement_step", args=[s.pk, "certify"]),
        {"comment": "同意", "next": INBOX},
        headers=HTMX,
    )
    assert r.status_code == 204
    s.refresh_from_db()
    assert s.status == Settlement.Status.CERTIFIED
