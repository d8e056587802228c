"""The campaign list reads its coverage and handling figures in the list's own statement, not
three statements per campaign (85 statements for a manager on a page of 25); the activity page
lists the project's customers for the sign-up picker. Both keep their query count as rows grow,
and the figures are those :func:`summary` computes for a single campaign."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aftersales.care.models import Campaign, Target
from aftersales.care.selectors import activities as activity_reads
from aftersales.care.selectors import campaigns as reads
from aftersales.care.services import campaigns
from aftersales.estates.models import Customer
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CAMPAIGNS_BUDGET = 14
ACTIVITY_BUDGET = 14


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def _campaigns(admin, estate, agent, n: int) -> list[Campaign]:
    """``n`` yearly campaigns, each with two visits (one flagged) and an issue."""
    made = []
    for i in range(n):
        campaign = campaigns.create_campaign(
            admin, project=estate.pk, kind="yearly", sample_rate="0.1", seed=i
        )
        houses = list(Target.objects.filter(campaign=campaign).values_list("house_id", flat=True))
        campaigns.record_visit(
            agent,
            campaign,
            house=houses[0],
            method="in_person",
            phone="13700000001",
            issues=[{"kind": "suggestion", "description": "建议增加路灯"}],
        )
        campaigns.record_visit(
            agent,
            campaign,
            house=houses[1],
            method="phone",
            phone="13700000002",
            severely_dissatisfied=True,
        )
        made.append(campaign)
    return made


@pytest.mark.parametrize("persona", ["manager", "agent"])
def test_campaign_list_keeps_its_query_count_as_campaigns_grow(
    persona, admin, estate, agent, django_assert_max_num_queries
):
    user = {"agent": agent, "manager": make_user("care_boss", ["service_manager"])}[persona]
    client = Client()
    client.force_login(user)
    _campaigns(admin, estate, agent, 2)
    _queries(client, "/care/campaigns/")  # warm: session, caches of the process
    before = _queries(client, "/care/campaigns/")
    _campaigns(admin, estate, agent, 6)
    assert _queries(client, "/care/campaigns/") == before
    with django_assert_max_num_queries(CAMPAIGNS_BUDGET, info=persona):
        page = client.get("/care/campaigns/")
    assert page.content.decode().count("/care/campaigns/") >= 8


def test_listed_campaigns_carry_the_summary_of_each(admin, estate, agent, supervisor):
    made = _campaigns(admin, estate, agent, 3)
    campaigns.create_campaign(admin, project=estate.pk, kind="first")  # nothing recorded yet
    listed = list(reads.campaigns_for(supervisor))
    assert len(listed) == 4
    for campaign in listed:
        assert reads.summary(campaign) == reads.summary(Campaign.objects.get(pk=campaign.pk))
    first = next(c for c in listed if c.pk == made[0].pk)
    s = reads.summary(first)
    assert (s.targets, s.visited, s.in_person, s.needs_repeat, s.issues, s.issues_handled) == (
        8,
        2,
        1,
        1,
        1,
        0,
    )
    assert reads.campaigns_for(supervisor, kind="first").count() == 1


def test_activity_page_lists_the_project_customers_in_a_bounded_number_of_queries(
    admin, estate, agent, owner_of, django_assert_max_num_queries
):
    import datetime as dt

    from aftersales.care.services import activities
    from aftersales.estates.models import House

    activity = activities.create_activity(
        admin,
        project=estate.pk,
        theme="植树节",
        place="北门",
        starts_at=dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC),
    )
    houses = list(House.objects.filter(project=estate).order_by("id"))
    for i, house in enumerate(houses[:3]):
        owner_of(house, f"业主{i}", f"1370000{i:04d}")
    owner_of(houses[3], "业主1", "13711110000")  # a namesake: ordered by name, then id
    Customer.objects.create(name="无房客户", phone="13799999999")  # no house: not listed
    client = Client()
    client.force_login(agent)
    path = f"/care/activities/{activity.pk}/"
    _queries(client, path)
    before = _queries(client, path)
    for i, house in enumerate(houses[4:12]):
        owner_of(house, f"新业主{i}", f"1371000{i:04d}")
    assert _queries(client, path) == before
    with django_assert_max_num_queries(ACTIVITY_BUDGET):
        client.get(path)
    listed = [(c.pk, c.name) for c in activity_reads.customers_of(agent, activity)]
    expected = [
        (c.pk, c.name)
        for c in Customer.objects.filter(houses__project=estate).distinct().order_by("name", "id")
    ]
    assert listed == expected and len(listed) == 12
