"""Each main page runs a bounded number of queries that does not grow with the rows it shows
(issue 15): measured with a few tickets and again with three times as many, and held to its
budget with ``django_assert_max_num_queries``. The page benchmark (``tests/bench/bench_pages.py``)
times the same pages on a million tickets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.tickets import selectors, services
from aftersales.tickets.models import Deadline, Ticket
from tests.conftest import make_user
from tests.web.test_ticket_views import client_for

pytestmark = pytest.mark.django_db

# The most statements each page may run (the figure measured, plus a little room).
BUDGET = {
    "/": 16,
    "/tickets/": 14,
    "/tickets/list/": 16,
    "/tickets/warnings/": 26,
    "/tickets/field/": 12,
    "/tickets/phenomena/": 10,
    "/reports/": 24,
    "/reports/drill/?metric=overdue&part=all": 14,
    "/reports/drill/?metric=open&part=all": 14,
    "/analysis/recurring/": 16,
    "/analysis/warnings-board/": 16,
    "/costs/evaluation/": 16,
    "/estates/projects/": 12,
    "/estates/houses/": 14,
    "/estates/customers/": 14,
    "ticket": 30,
}
QUEUES = [f"/tickets/?queue={q}" for q in selectors.QUEUE_NAMES]
PAGES = {
    "agent": [
        "/",
        "/tickets/",
        *QUEUES,
        "/tickets/list/",
        "/estates/houses/",
        "/estates/customers/",
    ],
    "technician": ["/", "/tickets/field/"],
    "manager": [
        "/",
        "/tickets/",
        "/tickets/warnings/",
        "/tickets/phenomena/",
        "/reports/",
        "/reports/drill/?metric=overdue&part=all",
        "/reports/drill/?metric=open&part=all",
        "/analysis/recurring/",
        "/analysis/warnings-board/",
        "/costs/evaluation/",
        "/estates/projects/",
    ],
    "analyst": ["/reports/", "/analysis/recurring/"],
}


def _budget(path: str) -> int:
    return BUDGET.get(path.split("?queue=")[0], BUDGET.get(path, 0))


@pytest.fixture
def people(agent_a, technician, manager, project_a):
    return {
        "agent": agent_a,
        "technician": technician,
        "manager": manager,
        "analyst": make_user("analyst_q", ["analyst"], name="分析员"),
    }


def _add(agent, customer, house, technician, n: int) -> list[Ticket]:
    """``n`` reports of every kind, some dispatched to ``technician``, some overdue."""
    made = []
    kinds = ["repair", "complaint", "inquiry"]
    for i in range(n):
        kind = kinds[i % 3]
        ticket = services.register_ticket(
            agent,
            kind=kind,
            channel="hotline",
            description=f"第 {i} 次报事：卫生间渗漏，已联系媒体",
            customer=customer.pk,
            house=house.pk,
            category="civil",
            **({"severity": "important"} if kind == "complaint" else {}),
        )
        if kind == "repair" and i % 2 == 0:
            services.perform(agent, ticket, "dispatch", assignee=technician.pk)
        made.append(ticket)
    late = timezone.now() - dt.timedelta(hours=2)
    Deadline.objects.filter(ticket__in=made[::2], met_at__isnull=True).update(due=late)
    return made


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def test_main_pages_keep_their_query_count_as_rows_grow(
    people, agent_a, customer_a, house_a, technician, django_assert_max_num_queries
):
    tickets = _add(agent_a, customer_a, house_a, technician, 6)
    clients = {name: client_for(user) for name, user in people.items()}
    first = {}
    for persona, paths in PAGES.items():
        for path in [*paths, f"/tickets/{tickets[0].pk}/", f"/tickets/{tickets[1].pk}/"]:
            _queries(clients[persona], path)  # warm: session, caches of the process
            first[persona, path] = _queries(clients[persona], path)
    more = _add(agent_a, customer_a, house_a, technician, 18)
    for (persona, path), before in first.items():
        if path.startswith("/tickets/") and path[9:-1].isdigit():
            path = f"/tickets/{more[int(path == f'/tickets/{tickets[1].pk}/')].pk}/"
            budget = BUDGET["ticket"]
        else:
            budget = _budget(path)
        after = _queries(clients[persona], path)
        assert after == before, f"{persona} {path}: {before} queries, then {after}"
        with django_assert_max_num_queries(budget, info=f"{persona} {path}"):
            clients[persona].get(path)


def test_care_occasions_do_not_grow_with_the_projects(manager, django_assert_max_num_queries):
    """The upcoming-occasions page reads each warranty term once, not once per project and
    component (it ran 298 statements for a manager at 40 projects)."""
    from aftersales.estates import services as estates

    admin = make_user("admin_q", ["admin"])
    client = client_for(manager)

    def add_projects(codes):
        for code in codes:
            project = estates.create_project(admin, code=code, name=f"项目{code}")
            estates.create_house(
                admin, project=project, building=1, unit=1, room=101, delivered_on="2024-06-30"
            )

    add_projects(["QC0"])
    _queries(client, "/care/upcoming/")
    before = _queries(client, "/care/upcoming/")
    add_projects(["QC1", "QC2", "QC3"])
    assert _queries(client, "/care/upcoming/") == before
    with django_assert_max_num_queries(24):
        client.get("/care/upcoming/")
