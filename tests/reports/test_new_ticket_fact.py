"""Intake writes the new ticket's report fact from the ticket in hand, equal to a full build."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.reports import facts
from aftersales.reports.models import TicketFact
from aftersales.tickets.services import register_ticket

pytestmark = pytest.mark.django_db

FIELDS = [f.attname for f in TicketFact._meta.concrete_fields if f.attname != "id"]


@pytest.mark.parametrize(
    "extra",
    [
        {"kind": "repair", "category": "civil", "component": "leakage"},
        {"kind": "complaint", "severity": "major"},
        {"kind": "repair", "urgency": "emergency", "category": "civil", "component": "leakage"},
        {"kind": "complaint", "severity": "minor", "urgency": "emergency"},
        {"kind": "inquiry"},
    ],
)
def test_fact_of_a_new_ticket_equals_the_full_build(agent_a, customer_a, house_a, extra):
    ticket = register_ticket(
        agent_a,
        channel="hotline",
        customer=customer_a.pk,
        house=house_a.pk,
        description="卫生间渗水",
        **extra,
    )
    stored = TicketFact.objects.get(ticket=ticket)
    built = facts.build([ticket.pk])[0][0]
    assert {f: getattr(stored, f) for f in FIELDS} == {f: getattr(built, f) for f in FIELDS}


def test_the_new_fact_costs_no_reads(agent_a, customer_a, house_a):
    with CaptureQueriesContext(connection) as ctx:
        register_ticket(
            agent_a,
            kind="repair",
            channel="hotline",
            customer=customer_a.pk,
            house=house_a.pk,
            description="门窗漏风",
        )
    fact_sql = [q["sql"] for q in ctx.captured_queries if "reports_" in q["sql"]]
    assert len(fact_sql) == 1 and fact_sql[0].lstrip().upper().startswith("INSERT")


@pytest.mark.parametrize(
    "extra",
    [{"kind": "complaint", "severity": "major"}, {"kind": "repair", "urgency": "emergency"}],
)
def test_the_notices_after_registration_cost_no_fact_reads(agent_a, customer_a, house_a, extra):
    """The escalation and emergency notices change nothing a fact holds: no rebuild, no
    savepoint, and no projector of another app is called for them."""
    with CaptureQueriesContext(connection) as ctx:
        register_ticket(
            agent_a,
            channel="hotline",
            customer=customer_a.pk,
            house=house_a.pk,
            description="顶棚渗水",
            **extra,
        )
    fact_sql = [q["sql"] for q in ctx.captured_queries if "reports_" in q["sql"]]
    assert len(fact_sql) == 1 and fact_sql[0].lstrip().upper().startswith("INSERT")
    savepoints = [q for q in ctx.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) <= 2  # the intake's own and the registration's fact


def test_a_projector_is_not_called_for_events_it_does_not_want(agent_a, customer_a, house_a):
    from aftersales.core import projections

    seen = []
    projections.register(
        "test.only_dispatch",
        lambda ticket, events: seen.append([e.action for e in events]),
        on_failure=lambda ticket, error: None,
        wants=lambda events: any(e.action == "dispatch" for e in events),
    )
    try:
        register_ticket(
            agent_a,
            kind="repair",
            channel="hotline",
            customer=customer_a.pk,
            house=house_a.pk,
            description="门窗漏风",
            urgency="emergency",
        )
    finally:
        projections.unregister("test.only_dispatch")
    assert seen == []
