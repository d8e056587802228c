"""The handover lists run a bounded number of statements that does not grow with their rows
(measured with a few rows, then with three times as many), and their per-row figures (a batch's
bookings, a custody's last weekly patrol) come from subqueries that give the same answers as the
joins they replaced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.handover import selectors
from aftersales.handover.models import (
    Appointment,
    ChecklistItem,
    Custody,
    DeliveryBatch,
    Inspection,
    Patrol,
)
from aftersales.handover.selectors import Filters

pytestmark = pytest.mark.django_db

METERS = {"start_water": 10, "start_electricity": 20}

BUDGET = {
    "/handover/batches/": 12,
    "/handover/inspections/": 12,
    "/handover/custodies/": 12,
    "/handover/custodies/?status=ended": 12,
    "/handover/checklist/": 12,
}


@pytest.fixture
def web(manager):
    """The service manager: every list, the checklist configuration too."""
    client = Client()
    client.force_login(manager)
    return client


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def _grow(project, desk, house, customer, n: int) -> None:
    """``n`` more rows on each list: batches with bookings, inspections, custodies with
    patrols, checklist lines."""
    today = timezone.localdate()
    now = timezone.now()
    for i in range(n):
        batch = DeliveryBatch.objects.create(
            project=project, name=f"批次{i}", starts_on=today, ends_on=today
        )
        Appointment.objects.create(
            batch=batch, project=project, house=house, customer=customer, day=today, half="am"
        )
        Inspection.objects.create(
            project=project,
            house=house,
            customer=customer,
            status="passed",
            occurred_at=now,
            inspected_by=desk,
        )
        custody = Custody.objects.create(
            project=project,
            house=house,
            customer=customer,
            status="ended",
            starts_on=today,
            ended_on=today,
            **METERS,
        )
        Patrol.objects.create(
            custody=custody, project=project, kind="weekly", status="done", occurred_at=now
        )
        ChecklistItem.objects.create(
            room="阳台",
            name=f"检查{n}-{i}",
            category="civil",
            component="decoration",
            order=900 + i,
        )


def test_handover_lists_keep_their_query_count_as_rows_grow(
    web, desk, project_a, house, customer, django_assert_max_num_queries
):
    _grow(project_a, desk, house, customer, 3)
    first = {}
    for path in BUDGET:
        _queries(web, path)  # warm: session, caches of the process
        first[path] = _queries(web, path)
    _grow(project_a, desk, house, customer, 9)
    for path, budget in BUDGET.items():
        assert _queries(web, path) == first[path], path
        with django_assert_max_num_queries(budget, info=path):
            web.get(path)


def test_checklist_reads_the_warranty_components_once(web, django_assert_max_num_queries):
    """Each line's edit form listed the components with its own statement (37 at 30 lines)."""
    assert ChecklistItem.objects.count() >= 30
    with django_assert_max_num_queries(BUDGET["/handover/checklist/"]):
        page = web.get("/handover/checklist/")
    assert page.status_code == 200


def test_batch_bookings_are_counted_per_batch_and_per_customer(
    desk, project_a, house, customer, admin
):
    from tests.conftest import make_customer

    today = timezone.localdate()
    other = make_customer(admin, "周敏", "13800000099", [house])
    full, empty = (
        DeliveryBatch.objects.create(
            project=project_a, name=name, starts_on=today + dt.timedelta(days=i), ends_on=today
        )
        for i, name in enumerate(["一期", "二期"])
    )
    for who in (customer, customer, other):
        Appointment.objects.create(
            batch=full, project=project_a, house=house, customer=who, day=today, half="am"
        )
    rows = {b.pk: b.booked for b in selectors.batches_for(desk)}
    assert rows == {full.pk: 3, empty.pk: 0}
    assert [b.pk for b in selectors.batches_for(desk)] == [empty.pk, full.pk]
    # under the customer filter, his batches only, with his bookings (as the join counted)
    mine = [(b.pk, b.booked) for b in selectors.batches_for(desk, Filters(customer=other.pk))]
    assert mine == [(full.pk, 1)]
    assert selectors.batches_for(desk, Filters(house=house.pk)).count() == 0


def test_custody_list_reads_the_last_weekly_patrol(desk, project_a, house, customer):
    today = timezone.localdate()
    custody = Custody.objects.create(
        project=project_a,
        house=house,
        customer=customer,
        starts_on=today - dt.timedelta(days=30),
        **METERS,
    )
    bare = selectors.custodies_for(desk).get(pk=custody.pk)
    assert bare.last_weekly is None and not bare.late_planned
    assert selectors.next_patrol_due(bare) == custody.starts_on + dt.timedelta(days=7)
    assert selectors.patrol_overdue(bare)
    last = timezone.now() - dt.timedelta(days=2)
    for kind, status, when in [
        ("weekly", "done", last - dt.timedelta(days=7)),
        ("weekly", "done", last),
        ("after_rain", "done", timezone.now()),  # not weekly: does not count
    ]:
        Patrol.objects.create(
            custody=custody, project=project_a, kind=kind, status=status, occurred_at=when
        )
    row = selectors.custodies_for(desk).get(pk=custody.pk)
    assert row.last_weekly == last
    assert selectors.next_patrol_due(row) == timezone.localdate(last) + dt.timedelta(days=7)
    assert not selectors.patrol_overdue(row)
    Patrol.objects.create(
        custody=custody,
        project=project_a,
        kind="before_rain",
        status="planned",
        due_on=today - dt.timedelta(days=1),
    )
    assert selectors.patrol_overdue(selectors.custodies_for(desk).get(pk=custody.pk))
