"""``aftersales gen-data``: a realistic history whose report facts equal those the services'
events would give, with numbers that never collide with the live ones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


def _rows(model):
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[0]: row for row in model.objects.order_by("pk").values_list(*fields)}


def test_generated_facts_equal_the_derived_ones(db):
    from aftersales.reports import facts
    from aftersales.reports.generator import Generator
    from aftersales.reports.models import CallbackFact, TicketFact
    from aftersales.tickets.models import Callback, Ticket, TicketEvent

    result = Generator(600, projects=2, seed=3).generate()
    assert result.tickets == Ticket.objects.count() == 600
    assert TicketFact.objects.count() == 600
    assert CallbackFact.objects.count() == Callback.objects.count() > 0
    made, made_cb = _rows(TicketFact), _rows(CallbackFact)
    TicketFact.objects.all().delete()
    CallbackFact.objects.all().delete()
    facts.rebuild()
    assert _rows(TicketFact) == made
    assert _rows(CallbackFact) == made_cb
    # Every state and the unhappy paths are there.
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {"closed", "reopened"} & statuses
    assert "closed" in statuses and len(statuses) >= 4
    assert Ticket.objects.filter(reopen_count__gt=0).exists()
    assert TicketEvent.objects.filter(action="check", data__passed=False).exists()
    assert Callback.objects.filter(satisfied=False).exists()
    assert set(Ticket.objects.values_list("kind", flat=True)) == {
        "repair",
        "complaint",
        "inquiry",
        "suggestion",
        "praise",
    }
    assert set(Ticket.objects.filter(kind="complaint").values_list("severity", flat=True)) == {
        "major",
        "important",
        "minor",
    }
    assert all(
        n.startswith(f"GD{result.run}-") for n in Ticket.objects.values_list("number", flat=True)
    )


def test_two_runs_never_collide(db):
    call_command("gen-data", "--tickets", "50", "--projects", "1", "--seed", "1")
    call_command("gen-data", "--tickets", "50", "--projects", "1", "--seed", "1")
    from aftersales.tickets.models import Ticket

    assert Ticket.objects.count() == 100


def test_bad_arguments(db):
    with pytest.raises(CommandError):
        call_command("gen-data", "--tickets", "0")


def test_domains_step_gets_the_runs_estate_and_can_run_later(db, monkeypatch):
    """Each domain's registered step gets the run's houses and staff; ``--domains-of-run``
    runs only those steps over an earlier run's estate (here: one made with --tickets-only)."""
    from aftersales.core import generation
    from aftersales.estates.models import CustomerHouse, House
    from aftersales.reports.generator import Generator

    seen = []

    def step(run: generation.ScaleRun) -> None:
        seen.append(run)
        run.count("probe.houses", len(run.houses))

    monkeypatch.setattr(generation, "STEPS", {})
    generation.register_scale("probe", step, order=1)

    result = Generator(80, projects=2, seed=5, domains=False).generate()
    assert seen == [] and result.domains == {}
    houses = set(
        House.objects.filter(project__code__startswith=f"GD{result.run}-").values_list(
            "pk", flat=True
        )
    )

    again = Generator(1, seed=5).domains_of(result.run)
    (run,) = seen
    assert {h[0] for h in run.houses} == houses
    owners = dict(
        CustomerHouse.objects.filter(house__in=houses).values_list("house_id", "customer_id")
    )
    assert all(owners[h] == c for h, _p, _b, c in run.houses)
    assert len(run.projects) == 2 and run.staff["technician"] and run.staff["agent"]
    assert again.domains == {"probe.houses": len(houses)} and "probe" in again.seconds

    out = __import__("io").StringIO()
    call_command("gen-data", "--domains-of-run", str(result.run), stdout=out)
    assert f"gen_data_probe.houses_rows: {len(houses)}" in out.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("gen-data", "--domains-of-run", "999")
