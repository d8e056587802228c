"""A ticket's spending requests are read only within the caller's scope (issue 16, defect 11)."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def test_spending_requests_of_a_ticket_out_of_scope_is_404(clients, repair, project_b):
    t = repair("surveyed")
    made = clients["engineer"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": "300.00", "purpose": "防水卷材"}
    )
    assert made.status_code == 201, made.content
    own = clients["engineer"].get(f"tickets/{t['id']}/spending-requests")
    assert own.status_code == 200 and len(own.json()) == 1
    other = client_for(make_user("eng_b", ["engineer"], [project_b], name="乙项目工程师"))
    assert_error(other.get(f"tickets/{t['id']}/spending-requests"), 404)
    assert_error(other.get("tickets/999999/spending-requests"), 404)
