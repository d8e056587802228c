"""The transition table names every outcome, ``perform`` holds handlers to it, and the diagram
in the docs is the table (issue 9, item 1)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from aftersales.tickets import diagram, workflow
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket, TicketEvent
from aftersales.tickets.services import actions
from tests.tickets.helpers import new_ticket, ok

DOC = Path(__file__).resolve().parents[2] / diagram.DOC_PATH


def test_the_doc_is_generated_from_the_table():
    assert DOC.read_text(encoding="utf-8") == diagram.document(), (
        "docs/tickets-state-machine.md is out of date: run `aftersales state-diagram --write`"
    )


def test_the_command_prints_the_document():
    out = StringIO()
    call_command("state-diagram", stdout=out)
    assert out.getvalue() == diagram.document()
    assert "stateDiagram-v2" in out.getvalue()


def test_every_row_names_its_outcomes():
    for row in workflow.TABLE:
        assert row.outcomes, row
        assert row.outcomes <= set(Status.values), row
    callback = workflow.find("callback", "repair", Status.AWAITING_CALLBACK)
    assert callback.outcomes == {Status.CLOSED, Status.REOPENED}
    reassign = workflow.find("reassign", "repair", Status.SURVEYED)
    assert reassign.outcomes == {Status.SURVEYED}  # "stays" is the source itself
    # one row per (action, kind, state): the table is unambiguous
    seen = set()
    for row in workflow.TABLE:
        for kind in row.kinds:
            for source in row.sources:
                assert (row.action, kind, source) not in seen, row
                seen.add((row.action, kind, source))


def test_transfer_rows_are_not_offered_on_the_ticket_page():
    offered = {t.action for t in workflow.available("repair", Status.DISPATCHED, set(), True)}
    assert "dispatch" not in offered and "reassign" in offered
    assert not offered & {"transfer", "transfer_accept", "transfer_decline"}


@pytest.mark.django_db
def test_perform_refuses_an_outcome_outside_the_row(
    monkeypatch, desk, agent_a, repair_fields, technician
):
    t = new_ticket(desk, **repair_fields)
    ok(desk, t["id"], "dispatch", {"assignee": technician.pk})

    def wrong(actor, ticket, at, tr, **payload):
        ticket.status = Status.CLOSED  # an appointment never closes a ticket
        return {"visit_at": at, "note": ""}

    monkeypatch.setitem(actions._HANDLERS, "appointment", wrong)
    from aftersales.tickets.services import perform

    with pytest.raises(AssertionError, match="not an outcome"):
        perform(agent_a, t["id"], "appointment", visit_at="2026-12-30T10:00:00+08:00")
    ticket = Ticket.objects.get(pk=t["id"])
    assert ticket.status == Status.DISPATCHED
    assert not TicketEvent.objects.filter(ticket=ticket, action="appointment").exists()


@pytest.mark.django_db
def test_perform_saves_only_the_changed_fields(desk, repair_fields, technician):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aftersales.accounts.models import User
    from aftersales.tickets.services import perform

    t = new_ticket(desk, **repair_fields)
    agent = User.objects.get(username="agent_a")
    with CaptureQueriesContext(connection) as queries:
        perform(agent, t["id"], "dispatch", assignee=technician.pk)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "tickets_ticket"')]
    assert len(updates) == 1
    assert '"description"' not in updates[0] and '"assignee_id"' in updates[0]
