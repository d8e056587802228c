"""Fixtures of the money screens' tests: signed-in browsers (Django's test client) and the
money flow brought to the step a test needs, through the cost services.

The test modules import the fixtures from here (``from tests.costs.web.money_helpers import
browsers, money``); the package's conftest belongs to the contractor screens' tests.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from aftersales.costs.services import accounts, approvals

LINES = [
    {"item": "防水卷材", "quantity": "12.5", "unit_price": "48.00", "unit": "m²"},
    {"item": "防水施工", "quantity": "2", "unit_price": "300.00", "kind": "labour"},
]  # 600.00 + 600.00
HTMX = {"HX-Request": "true"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def browsers(people, contractor_user):
    return {k: signed_in(u) for k, u in people.items()} | {"contractor": signed_in(contractor_user)}


@pytest.fixture
def money(people, repair, contractor, contractor_user):
    """A factory: a class A (or B) repair with its money flow taken up to ``stage``.

    stages: requested (1,500 yuan, at the deputy chief engineer), done (work finished, no
    account), filed, reviewed, confirmed, certified, paid. Returns a dict with the ticket
    and the records made so far.
    """

    def make(stage: str, work_class: str = "A", total: str = "1200.00") -> dict:
        from aftersales.tickets.models import Ticket

        out: dict = {}
        if stage == "requested":
            t = repair("surveyed", work_class=work_class)
            out["ticket"] = Ticket.objects.get(pk=t["id"])
            out["request"] = approvals.request_spending(
                people["lead"], t["id"], amount="1500.00", purpose="更换防水卷材"
            )
            return out
        t = repair("done", work_class=work_class)
        out["ticket"] = Ticket.objects.get(pk=t["id"])
        if stage == "done":
            return out
        out["account"] = accounts.file_final_account(
            people["lead"],
            t["id"],
            lines=[{"item": "维修", "quantity": "1", "unit_price": total}],
            contractor=contractor.pk if work_class == "A" else None,
        )
        if stage == "filed":
            return out
        reviewer = people["auditor" if Decimal(total) > Decimal("20000") else "manager"]
        s = accounts.review(reviewer, out["account"].pk, approved_total=total)
        out["settlement"] = s
        if stage == "reviewed":
            return out
        if work_class == "A":
            accounts.confirm(contractor_user, s.pk)
        if stage == "confirmed":
            return out
        accounts.certify(people["dce"], s.pk)
        if stage == "certified":
            return out
        accounts.pay(people["finance"], s.pk, payment_ref="PZ-1")
        return out

    return make
