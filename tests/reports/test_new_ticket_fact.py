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
