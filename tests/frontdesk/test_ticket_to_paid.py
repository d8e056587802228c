"""A repair ticket judged ``paid`` at survey (R-WAR-2) becomes a paid-service request with its
quote: one flow, not two (through the ticket trail's projection hook)."""

from __future__ import annotations

import pytest

from aftersales.frontdesk.models import PaidService
from tests.tickets.helpers import client_for, new_ticket, ok

pytestmark = pytest.mark.django_db


def _survey(agent_a, technician, house_a, customer_a, work_class, party):
    desk, field = client_for(agent_a), client_for(technician)
    t = new_ticket(
        desk, house=house_a.pk, customer=customer_a.pk, category="civil", component="leakage"
    )
    t = ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
    return ok(
        field,
        t["id"],
        "survey",
        {
            "responsible_party": party,
            "trades": 1,
            "estimate": "350.00",
            "work_class": work_class,
            "contractor_present": False,
        },
    )


def test_survey_judged_paid_opens_a_quoted_paid_service(agent_a, technician, house_a, customer_a):
    t = _survey(agent_a, technician, house_a, customer_a, "paid", "owner")
    service = PaidService.objects.get(ticket_id=t["id"])
    assert service.status == "quoted" and str(service.amount) == "350.00"
    assert service.house_id == house_a.pk and service.customer_id == customer_a.pk
    assert service.item.code == "repair_paid"
    # the desk sees it in the same list and takes it on from there
    desk = client_for(agent_a)
    got = desk.get(f"services/paid/{service.pk}").json()
    assert got["ticket"] == t["id"]
    assert desk.post(f"services/paid/{service.pk}/accept", {}).status_code == 200


def test_survey_judged_warranty_opens_nothing(agent_a, technician, house_a, customer_a):
    _survey(agent_a, technician, house_a, customer_a, "B", "property")
    assert not PaidService.objects.exists()


def test_tickets_do_not_import_the_front_desk():
    import pathlib

    import aftersales.tickets as tickets

    root = pathlib.Path(tickets.__file__).parent
    assert not [p for p in root.rglob("*.py") if "frontdesk" in p.read_text()]
