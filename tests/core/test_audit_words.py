"""The audit trail in words (issue 10): actions, field names and choice values are shown as
words from one mapping (``core.audit`` words: the model's own field names and choice labels,
plus the words each app registers), never as raw codes (pay, certify, approved_total)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aftersales.core import audit

pytestmark = pytest.mark.django_db


def _page(client, admin) -> str:
    client.force_login(admin)
    response = client.get(reverse("core:audit"))
    assert response.status_code == 200
    return response.content.decode()


def _cells(page: str) -> str:
    """The text of the table body, tags stripped."""
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_settlement_steps_and_review_read_as_words(client, admin):
    audit.record(admin, "pay", model="costs.settlement", object_id=7, after={"status": "paid"})
    audit.record(
        admin, "certify", model="costs.settlement", object_id=7, after={"status": "certified"}
    )
    audit.record(
        admin,
        "review",
        model="costs.finalaccount",
        object_id=3,
        after={"approved_total": "1200.00", "comment": "同意"},
    )
    text = _cells(_page(client, admin))
    for word in ("付款", "签认", "审核", "核定金额", "意见", "已付款", "状态"):
        assert word in text, word
    for code in ("pay", "certify", "review", "approved_total", "comment", "status", "paid"):
        assert not re.search(rf"\b{code}\b", text), code


def test_every_action_written_by_the_code_has_words():
    for code in (
        "create", "update", "delete", "pay", "certify", "confirm", "review",
        "deposit", "release", "draw", "replenish",
    ):  # fmt: skip
        assert audit.action_words(code) != code, code


def test_the_filter_offers_the_registered_actions(client, admin):
    page = _page(client, admin)
    assert 'value="pay"' in page and "付款" in page
