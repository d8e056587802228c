# ruff: noqa: F811 (fixtures imported from money_helpers are requested by name)
"""The home page counts what waits for the user's approval (issue 10, item 5) and links to the
approvals inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.core import menu
from tests.costs.web.money_helpers import browsers, money  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _card(user):
    return {str(c["label"]): c for c in menu.home_cards(user)}.get("待我审批")


def test_awaiting_my_approval_counts_the_inbox(people, money):
    money("requested")
    card = _card(people["dce"])
    assert card is not None and card["count"] == 1
    assert card["url"] == reverse("costs:approvals")
    assert _card(people["technician"]) is None
