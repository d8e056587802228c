"""Report facts follow the ticket trail explicitly, and a failure is never lost (issue 9, item 2).

The ticket services hand each event to the projections of ``core.projections`` in their own
transaction. When the report projector raises, the ticket's step still succeeds, the error is
logged, the ticket is marked (``StaleFact``), and the periodic job rebuilds it.
"""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save

from aftersales.core import projections, schedule
from aftersales.reports import facts
from aftersales.reports.models import StaleFact, TicketFact
from aftersales.reports.tasks import rebuild_stale_facts
from aftersales.tickets.models import Ticket, TicketEvent
from tests.tickets.helpers import client_for, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(agent_a):
    return client_for(agent_a)


@pytest.fixture
def repair_fields(house_a, customer_a):
    return {"house": house_a.pk, "customer": customer_a.pk, "category": "civil"}


def test_the_facts_are_not_kept_by_a_signal():
    assert not post_save.has_listeners(TicketEvent)
    assert "report_facts" in {p.name for p in projections.registered()}


def test_each_event_refreshes_the_ticket_fact(desk, repair_fields, technician):
    t = new_ticket(desk, **repair_fields)
    assert TicketFact.objects.get(ticket_id=t["id"]).response_seconds is None
    ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
    fact = TicketFact.objects.get(ticket_id=t["id"])
    assert fact.response_seconds is not None and fact.assignee_id == technician.pk


@pytest.fixture
def failing_refresh(monkeypatch):
    def boom(ticket_ids):
        raise RuntimeError("facts table unavailable")

    monkeypatch.setattr(facts, "refresh", boom)
    return monkeypatch


def test_a_failing_projection_is_logged_marked_and_rebuilt(
    desk, repair_fields, technician, failing_refresh, caplog
):
    t = new_ticket(desk, **repair_fields)
    with caplog.at_level(logging.ERROR, logger="aftersales.core.projections"):
        answer = ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
    # the ticket's step went through …
    assert answer["status"] == "dispatched"
    assert Ticket.objects.get(pk=t["id"]).assignee_id == technician.pk
    # … the error was logged, and the ticket marked for rebuild (its fact is behind)
    assert "report_facts" in caplog.text and "facts table unavailable" in caplog.text
    mark = StaleFact.objects.get(ticket_id=t["id"])
    assert "RuntimeError" in mark.error
    assert TicketFact.objects.get(ticket_id=t["id"]).response_seconds is None

    failing_refresh.undo()  # the cause is gone; the periodic job catches up
    assert "aftersales.reports.tasks.rebuild_stale_facts" in {p for _, _, p in schedule.PERIODIC}
    assert rebuild_stale_facts.call() == 1
    assert not StaleFact.objects.exists()
    fact = TicketFact.objects.get(ticket_id=t["id"])
    assert fact.response_seconds is not None and fact.assignee_id == technician.pk


def test_rebuild_command_rebuilds_what_is_marked(desk, repair_fields, technician, failing_refresh):
    t = new_ticket(desk, **repair_fields)
    ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
    failing_refresh.undo()
    assert StaleFact.objects.filter(ticket_id=t["id"]).exists()
    out = StringIO()
    call_command("rebuild-report-facts", "--marked", stdout=out)
    assert "1 张待重算工单" in out.getvalue()
    assert not StaleFact.objects.exists()
    assert TicketFact.objects.get(ticket_id=t["id"]).assignee_id == technician.pk


def test_a_projector_error_never_undoes_the_step(desk, repair_fields, technician, monkeypatch):
    """Any projector, not only the report facts: its savepoint is rolled back, the step stays."""
    calls = []

    def broken(ticket, events):
        TicketFact.objects.filter(ticket_id=ticket.pk).delete()  # undone with its savepoint
        raise ValueError("broken projector")

    monkeypatch.setitem(
        projections._PROJECTORS,
        "broken",
        projections.Projector("broken", broken, lambda s, e: calls.append(s.pk)),
    )
    t = new_ticket(desk, **repair_fields)
    ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
    assert calls == [t["id"], t["id"]]
    assert TicketFact.objects.filter(ticket_id=t["id"]).exists()
    assert Ticket.objects.get(pk=t["id"]).status == "dispatched"
