"""The handover step of ``gen-data`` (:mod:`aftersales.handover.scale`): the delivery of every
generated project as the services would have left it, and the screens, selectors and API
lists answering on it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from aftersales.core import generation
from aftersales.core.permissions import can
from aftersales.estates.models import CustomerHouse, House, WarrantyComponent
from aftersales.handover import selectors
from aftersales.handover.choices import (
    REQUIRED_DOCUMENTS,
    AppointmentStatus,
    BatchStatus,
    CustodyStatus,
    Document,
    InspectionStatus,
    PatrolStatus,
)
from aftersales.handover.models import (
    Appointment,
    Custody,
    DeliveryBatch,
    Inspection,
    InspectionItem,
    MoveIn,
    Patrol,
    UsageReport,
    UsageReportLine,
)
from aftersales.handover.selectors import Filters
from aftersales.handover.services import custody as custody_services
from aftersales.handover.services import inspections as inspection_services
from aftersales.handover.services.usage import first_delivery, period_of
from aftersales.tickets.choices import Category
from tests.api.helpers import ids
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover_only(monkeypatch):
    """Only this app's step runs (the other domains have their own tests)."""
    monkeypatch.setattr(generation, "STEPS", {"handover": generation.STEPS["handover"]})


@pytest.fixture
def generated(handover_only):
    from aftersales.reports.generator import Generator

    return Generator(400, projects=2, seed=3).generate()


def _stamped() -> bool:
    """Whether the rows keep the creation moments the step wrote: COPY on PostgreSQL does;
    elsewhere ``Loader`` goes through ``bulk_create``, which stamps ``auto_now_add`` fields
    with the current time."""
    return connection.vendor == "postgresql"


def _houses(result) -> dict[int, int]:
    """house id -> owner customer id of the run."""
    return dict(
        CustomerHouse.objects.filter(
            house__project__code__startswith=f"GD{result.run}-", role="owner"
        ).values_list("house_id", "customer_id")
    )


def test_counts_proportions_and_batches(generated):
    houses = _houses(generated)
    n = len(houses)
    assert n == 200
    counts = generated.domains
    assert counts["handover.appointments"] == counts["handover.inspections"] == n
    assert counts["handover.batch_houses"] == n
    for name, model in [
        ("handover.batches", DeliveryBatch),
        ("handover.appointments", Appointment),
        ("handover.inspections", Inspection),
        ("handover.inspection_items", InspectionItem),
        ("handover.move_ins", MoveIn),
        ("handover.custodies", Custody),
        ("handover.patrols", Patrol),
        ("handover.usage_reports", UsageReport),
        ("handover.usage_report_lines", UsageReportLine),
    ]:
        assert model.objects.count() == counts[name], name
    assert "handover" in generated.seconds
    # one appointment, one inspection per house, by its owner
    appts = list(Appointment.objects.values_list("house_id", "customer_id"))
    assert sorted(appts) == sorted(houses.items())
    insps = list(Inspection.objects.values_list("house_id", "customer_id"))
    assert sorted(insps) == sorted(houses.items())
    # proportions
    failed = Inspection.objects.filter(items__isnull=False).distinct().count()
    assert 0.08 * n <= failed <= 0.25 * n
    assert 0.75 * n <= MoveIn.objects.count() <= 0.93 * n
    assert 1 <= Custody.objects.count() <= 0.08 * n
    assert Patrol.objects.count() >= 2 * Custody.objects.count()
    # batches: closed, from the delivery, every appointment inside and within the capacity
    for batch in DeliveryBatch.objects.all():
        assert batch.status == BatchStatus.CLOSED
        assert batch.starts_on >= first_delivery(batch.project_id)
        assert batch.ends_on >= batch.starts_on and 1 <= batch.capacity <= 500
        rows = batch.appointments.all()
        assert all(
            a.project_id == batch.project_id and batch.starts_on <= a.day <= batch.ends_on
            for a in rows
        )
        per_slot = Counter((a.day, a.half) for a in rows)
        assert max(per_slot.values()) <= batch.capacity
        assert set(batch.houses.values_list("pk", flat=True)) == {a.house_id for a in rows}
        if _stamped():
            assert batch.created_at < min(a.created_at for a in rows)


def test_appointments_inspections_and_move_ins_are_consistent(generated):
    now = timezone.now()
    moved = dict(MoveIn.objects.values_list("house_id", "occurred_at"))
    for a in Appointment.objects.all():
        assert a.status == (
            AppointmentStatus.DONE if a.house_id in moved else AppointmentStatus.ARRIVED
        )
        assert set(a.documents) <= set(Document.values)
        assert a.missing == [d for d in REQUIRED_DOCUMENTS[a.party] if d not in a.documents]
        assert a.arrived_at < now
        assert a.created_at < a.arrived_at or not _stamped()
        assert a.arrived_at.astimezone(timezone.get_current_timezone()).date() == a.day
    assert Appointment.objects.exclude(missing=[]).exists()
    components = set(WarrantyComponent.objects.values_list("code", flat=True))
    statuses = Counter()
    for insp in Inspection.objects.select_related("appointment"):
        items = list(insp.items.all())
        statuses[insp.status] += 1
        assert insp.appointment.house_id == insp.house_id
        assert insp.occurred_at > insp.appointment.arrived_at
        assert can(insp.inspected_by, "handover.inspect")
        assert not insp.signature
        if items:  # failed items only, each with its checklist line's codes and no ticket
            assert all(not i.passed and i.ticket_id is None for i in items)
            assert all(i.category in Category.values and i.component in components for i in items)
            assert len({i.order for i in items}) == len(items)
            assert insp.status in (InspectionStatus.DEFECTS_OPEN, InspectionStatus.ACCEPTED)
            assert insp.reinspection_booked_at > insp.occurred_at
            if insp.status == InspectionStatus.ACCEPTED:
                assert insp.reinspection_booked_at < insp.reinspected_at < insp.accepted_at < now
                assert insp.reinspection_note
            else:  # every defect repaired, the owner asked: read as ready for re-inspection
                assert insp.reinspected_at is None and insp.accepted_at is None
                assert selectors.status_of(insp) == InspectionStatus.READY
        else:
            assert insp.status in (InspectionStatus.PASSED, InspectionStatus.ACCEPTED)
            assert insp.reinspection_booked_at is None and insp.reinspected_at is None
            if insp.status == InspectionStatus.ACCEPTED:
                assert insp.occurred_at < insp.accepted_at < now
            else:
                assert insp.accepted_at is None and insp.house_id not in moved
        if insp.house_id in moved:
            assert moved[insp.house_id] > insp.occurred_at
    assert statuses[InspectionStatus.ACCEPTED] > statuses[InspectionStatus.PASSED]
    # nothing left for the periodic re-inspection job to text
    assert inspection_services.book_reinspections() == 0
    for m in MoveIn.objects.select_related("house"):
        appt = Appointment.objects.get(house_id=m.house_id)
        assert m.party == appt.party and m.customer_id == appt.customer_id
        assert set(REQUIRED_DOCUMENTS[m.party]) <= set(m.documents)
        assert m.project_id == m.house.project_id and 0 <= m.keys <= 50
        assert m.water >= 0 and m.electricity >= 0 and m.fees_collected >= 0
        assert can(m.handled_by, "handover.manage")
        assert m.occurred_at < now


def test_custodies_and_patrols_follow_the_rules(generated):
    today = timezone.localdate()
    statuses = Counter()
    for c in Custody.objects.select_related("house"):
        statuses[c.status] += 1
        moved = MoveIn.objects.get(house_id=c.house_id)
        assert c.starts_on > timezone.localdate(moved.occurred_at)
        assert c.previous_status and c.previous_status != "custodial"
        assert c.fee_rate == custody_services.Custody._meta.get_field("fee_rate").default
        if c.status == CustodyStatus.ACTIVE:
            assert c.ended_on is None and c.end_water is None
            assert c.house.status == "custodial"
        else:
            assert c.starts_on <= c.ended_on < today
            assert c.end_water >= c.start_water and c.end_electricity >= c.start_electricity
            assert c.house.status == c.previous_status
        patrols = list(c.patrols.all())
        assert patrols
        for p in patrols:
            assert p.status == PatrolStatus.DONE and p.project_id == c.project_id
            day = timezone.localdate(p.occurred_at)
            assert c.starts_on <= day <= (c.ended_on or today)
            readings = {"water": p.water, "electricity": p.electricity}
            assert p.over_limit == custody_services.over_limit(c, readings)
            assert p.owner_notified == bool(p.over_limit or p.findings)
            assert can(p.patrolled_by, "handover.patrol")
            assert p.created_at <= p.occurred_at or not _stamped()
    assert statuses[CustodyStatus.ACTIVE] and statuses[CustodyStatus.ENDED]
    active = Custody.objects.filter(status=CustodyStatus.ACTIVE)
    rates = selectors.custody_fee_rates(House.objects.values_list("pk", flat=True), today)
    assert set(rates) == set(active.values_list("house_id", flat=True))


def test_usage_reports(generated):
    projects = set(
        House.objects.filter(project__code__startswith=f"GD{generated.run}-").values_list(
            "project_id", flat=True
        )
    )
    reports = list(UsageReport.objects.all())
    assert {r.project_id for r in reports} == projects and len(reports) == len(projects)
    for r in reports:
        assert (r.period_start, r.period_end) == period_of(first_delivery(r.project_id))
        if _stamped():  # filed a year after the delivery
            assert r.period_end < timezone.localdate(r.filed_at) < timezone.localdate()
        assert r.status == "filed" and r.summary and can(r.filed_by, "handover.report")
        lines = list(r.lines.all())
        assert lines and all(line.problems >= 0 and line.equipment for line in lines)


def test_pages_selectors_and_api_answer_for_a_manager(generated, manager):
    web = Client()
    web.force_login(manager)
    failed = Inspection.objects.filter(items__isnull=False).order_by("pk").first()
    ready = Inspection.objects.filter(status=InspectionStatus.DEFECTS_OPEN).first()
    batch = DeliveryBatch.objects.order_by("pk").first()
    custody = Custody.objects.order_by("pk").first()
    report = UsageReport.objects.order_by("pk").first()
    appt = Appointment.objects.order_by("pk").first()
    move_in = MoveIn.objects.order_by("pk").first()
    pages = [
        "/handover/",
        f"/handover/?day={appt.day}",
        "/handover/batches/",
        f"/handover/batches/{batch.pk}/",
        f"/handover/appointments/{appt.pk}/",
        "/handover/inspections/",
        "/handover/inspections/?status=ready_for_reinspection",
        "/handover/inspections/?status=accepted",
        f"/handover/inspections/{failed.pk}/",
        f"/handover/inspections/{failed.pk}/print/",
        f"/handover/move-ins/{move_in.pk}/",
        "/handover/custodies/",
        "/handover/custodies/?status=ended",
        f"/handover/custodies/{custody.pk}/",
        "/handover/reports/",
        f"/handover/reports/{report.pk}/",
        f"/estates/houses/{custody.house_id}/",
        f"/estates/customers/{custody.customer_id}/",
    ]
    for url in pages:
        r = web.get(url)
        assert r.status_code == 200, (url, r.status_code)
    assert (
        failed.items.first().item in web.get(f"/handover/inspections/{failed.pk}/").content.decode()
    )
    # selectors
    f = Filters()
    if ready is not None:
        assert ready in selectors.inspections_for(manager, Filters(status="ready_for_reinspection"))
    assert not selectors.inspections_for(manager, Filters(status="defects_open")).exists()
    assert selectors.batches_for(manager, f).count() == DeliveryBatch.objects.count()
    assert selectors.history(manager, house=custody.house_id)["custodies"]
    overdue = selectors.overdue_custodies(manager)
    assert all(c.status == CustodyStatus.ACTIVE for c in overdue)
    start, end = report.period_start, report.period_end
    assert selectors.usage_problems(manager, report.project_id, start, end)
    # the API lists
    api = client_for(manager)
    n = Appointment.objects.count()
    for path, total in [
        ("handover/batches", DeliveryBatch.objects.count()),
        ("handover/appointments", n),
        ("handover/inspections", n),
        ("handover/move-ins", MoveIn.objects.count()),
        ("handover/custodies", Custody.objects.count()),
        ("handover/patrols", Patrol.objects.count()),
        ("handover/usage-reports", UsageReport.objects.count()),
    ]:
        r = api.get(path, {"page_size": 200})
        assert len(ids(r)) == min(200, total) and r.json()["count"] == total, path
    r = api.get("handover/inspections", {"house": failed.house_id})
    assert ids(r) == [failed.pk]
    assert api.get(f"handover/inspections/{failed.pk}").json()["items"]
    assert api.get(f"handover/custodies/{custody.pk}").status_code == 200
    r = api.get("handover/batches", {"house": appt.house_id})
    assert ids(r) == [appt.batch_id]
    r = api.get("warnings", {"rule": "patrol_overdue"})
    assert r.status_code == 200
    assert {w["house"] for w in r.json()["results"]} == {c.house_id for c in overdue}


def test_two_runs_do_not_collide_and_a_rerun_adds_nothing(handover_only):
    from aftersales.reports.generator import Generator

    first = Generator(100, projects=1, seed=1).generate()
    second = Generator(100, projects=1, seed=1).generate()
    assert first.run != second.run
    assert first.domains == second.domains  # the same seed, the same delivery
    assert Inspection.objects.count() == 2 * first.domains["handover.inspections"]
    assert MoveIn.objects.values("house_id").distinct().count() == MoveIn.objects.count()
    assert DeliveryBatch.objects.values("project_id").distinct().count() == 2
    # --domains-of-run over a run that has its delivery: nothing more
    again = Generator(1, seed=1).domains_of(first.run)
    assert again.domains == {}
    assert Inspection.objects.count() == 2 * first.domains["handover.inspections"]
    assert dt.date.today() >= max(DeliveryBatch.objects.values_list("ends_on", flat=True))
