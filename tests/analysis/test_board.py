"""The early-warning board (R-CMP-5): the rules of tickets/warnings.py counted per project."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.analysis.selectors import board
from aftersales.core.errors import Forbidden
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def test_counts_per_project_and_rule(history, manager, project_b):
    data = board.warnings_board(manager)
    rows = {r["project"].code: r["counts"] for r in data.rows}
    # Overdue (any running clock, the rule's own definition): A — c2, c8, c9, and c1 and c4
    # whose callbacks are late; B — cb.
    assert rows["PA"]["overdue"] == 5
    assert rows["PA"]["reopened"] == 1  # c3
    assert rows["PA"]["sensitive_words"] == 1  # c2 names the media
    assert rows["PB"] == {
        "repeat_reports": 0,
        "reopened": 0,
        "overdue": 1,
        "group_complaint": 0,
        "sensitive_words": 0,
        "patrol_overdue": 0,  # registered by the handover app
    }
    assert data.total == sum(data.totals.values())
    assert [r["project"].code for r in data.rows] == ["PA", "PB"]
    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    assert [r["project"].code for r in board.warnings_board(sup_b).rows] == ["PB"]


def test_refused_without_the_warnings_capability(history, agent_a):
    with pytest.raises(Forbidden):
        board.warnings_board(agent_a)
    client = Client()
    client.login(username=agent_a.username, password=PASSWORD)
    assert client.get(reverse("analysis:warnings_board")).status_code == 403
    assert_error(client_for(agent_a).get("reports/warnings-board"), 403)


def test_screen_and_api(history, manager):
    client = Client()
    client.login(username=manager.username, password=PASSWORD)
    page = client.get(reverse("analysis:warnings_board"))
    assert page.status_code == 200
    assert reverse("tickets:warnings") in page.content.decode()
    body = client_for(manager).get("reports/warnings-board").json()
    assert body["rules"]["overdue"] == "超时未处理"
    assert body["totals"]["overdue"] == 6
