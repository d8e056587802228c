"""Transfer to a contractor (R-DSP-8): what the contractor sees, accept and decline."""

from __future__ import annotations

import pytest

from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def test_contractor_sees_a_transferred_ticket_until_it_declines(
    clients, repair, contractor, contractor_user, other_contractor_user, people
):
    t = repair("surveyed")
    mine, other = client_for(contractor_user), client_for(other_contractor_user)
    assert mine.get(f"tickets/{t['id']}").status_code == 404
    r = clients["engineer"].post(
        f"tickets/{t['id']}/transfer", {"contractor": contractor.pk, "reason": "防水层质量问题"}
    )
    assert r.status_code == 201, r.content
    transfer = r.json()
    # a second transfer while one is live is a 409; an agent may not transfer
    again = clients["engineer"].post(f"tickets/{t['id']}/transfer", {"contractor": contractor.pk})
    assert again.status_code == 409
    assert (
        clients["agent"].post(f"tickets/{t['id']}/transfer", {"contractor": 1}).status_code == 403
    )
    assert mine.get(f"tickets/{t['id']}").status_code == 200
    assert other.get(f"tickets/{t['id']}").status_code == 404
    assert other.post(f"transfers/{transfer['id']}/accept").status_code == 404
    # declining needs a reason, then the ticket is out of the contractor's sight
    assert mine.post(f"transfers/{transfer['id']}/decline", {"reason": ""}).status_code == 422
    r = mine.post(f"transfers/{transfer['id']}/decline", {"reason": "不属于本单位施工范围"})
    assert r.json()["status"] == "declined"
    assert mine.get(f"tickets/{t['id']}").status_code == 404
    # its own transfer record stays in its history, decided
    assert mine.post(f"transfers/{transfer['id']}/accept").status_code == 409


def test_accepting_makes_the_contractor_the_handler(clients, repair, contractor, contractor_user):
    t = repair("surveyed")
    transfer = (
        clients["engineer"]
        .post(f"tickets/{t['id']}/transfer", {"contractor": contractor.pk})
        .json()
    )
    mine = client_for(contractor_user)
    r = mine.post(f"transfers/{transfer['id']}/accept")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
    assert mine.post(f"transfers/{transfer['id']}/accept").status_code == 409
    # the contractor now carries the repair on the same deadlines
    assert mine.post(f"tickets/{t['id']}/start").status_code == 200
    events = [e["action"] for e in clients["agent"].get(f"tickets/{t['id']}/events").json()]
    assert events[-3:] == ["transfer", "transfer_accept", "start"]
