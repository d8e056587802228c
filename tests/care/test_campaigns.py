"""Visit campaigns (R-VIS-1, R-VIS-3): the 50 % gate, the 10–25 % range, the sample (size,
seeded randomness, stratified by building), coverage, handling rate as tickets close, the
severely dissatisfied flag, scope and roles."""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal

import pytest

from aftersales.care.models import Campaign, Target, VisitIssue
from aftersales.care.selectors import campaigns as reads
from aftersales.care.services import campaigns
from aftersales.core.errors import Conflict, Forbidden, Invalid
from aftersales.estates.models import House
from aftersales.tickets import services as tickets
from tests.care.conftest import fill
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_first_visit_is_refused_under_half_occupied(api, supervisor, half_empty, admin):
    response = api(admin).post("visits/campaigns", {"project": half_empty.pk, "kind": "first"})
    assert response.status_code == 409
    assert response.json()["error"] == "occupancy_below_half"
    assert not Campaign.objects.exists()


def test_first_visit_at_exactly_half_targets_every_occupied_house(admin, half_empty):
    House.objects.filter(project=half_empty, status="delivered").order_by("id").first()
    first_empty = House.objects.filter(project=half_empty, status="delivered").order_by("id")[0]
    first_empty.status = "renovating"  # renovating counts as occupied: 50 of 100
    first_empty.save()
    campaign = campaigns.create_campaign(admin, project=half_empty.pk, kind="first")
    assert campaign.occupied == 50 and campaign.houses == 100
    assert Target.objects.filter(campaign=campaign).count() == 50
    assert campaign.goal == Decimal("0.90")


def test_first_visit_api_answers_counts(api, admin, estate):
    response = api(admin).post("visits/campaigns", {"project": estate.pk, "kind": "first"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["occupied"], body["targets"], body["goal"]) == (72, 72, 0.9)
    again = api(admin).post("visits/campaigns", {"project": estate.pk, "kind": "first"})
    assert again.status_code == 409 and again.json()["error"] == "first_visit_exists"


@pytest.mark.parametrize("rate", ["0.09", "0.26", "0", "1.5"])
def test_yearly_rate_outside_ten_to_twenty_five_percent_is_422(api, admin, estate, rate):
    response = api(admin).post(
        "visits/campaigns", {"project": estate.pk, "kind": "yearly", "sample_rate": rate}
    )
    assert response.status_code == 422
    assert "sample_rate" in response.json()["fields"]


def test_yearly_without_rate_is_422(api, admin, estate):
    response = api(admin).post("visits/campaigns", {"project": estate.pk, "kind": "yearly"})
    assert response.status_code == 422 and "sample_rate" in response.json()["fields"]


@pytest.mark.parametrize("rate", ["0.10", "0.25", "0.17"])
def test_yearly_sample_size_is_ceiling_of_rate_times_occupied(api, admin, estate, rate):
    response = api(admin).post(
        "visits/campaigns", {"project": estate.pk, "kind": "yearly", "sample_rate": rate}
    )
    assert response.status_code == 201, response.content
    assert response.json()["targets"] == math.ceil(Decimal(rate) * 72)  # 8, 18, 13


def test_sample_takes_only_occupied_houses(admin, estate):
    campaign = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.25"
    )
    statuses = set(Target.objects.filter(campaign=campaign).values_list("house__status", flat=True))
    assert statuses <= {"occupied", "renovating"}


def _drawn(campaign) -> list[int]:
    return sorted(Target.objects.filter(campaign=campaign).values_list("house_id", flat=True))


def test_same_seed_draws_the_same_sample_and_other_seeds_differ(admin, estate):
    first = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.25", seed=42
    )
    same = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.25", seed=42
    )
    assert _drawn(first) == _drawn(same)
    others = {
        tuple(
            _drawn(
                campaigns.create_campaign(
                    admin, project=estate.pk, kind="yearly", sample_rate="0.25", seed=s
                )
            )
        )
        for s in range(1, 6)
    }
    assert len(others) >= 4  # random: different seeds, different samples


def test_a_seed_is_chosen_and_kept_when_none_is_given(admin, estate):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="yearly", sample_rate="0.2")
    assert campaign.seed > 0
    again = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.2", seed=campaign.seed
    )
    assert _drawn(again) == _drawn(campaign)


def test_sample_is_stratified_by_building(admin, estate):
    campaign = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.25", seed=7
    )
    per_building = Counter(
        Target.objects.filter(campaign=campaign).values_list("house__building__name", flat=True)
    )
    # 18 of 72: exact shares 10, 5, 3 (40, 20 and 12 occupied houses)
    assert per_building == {"1": 10, "2": 5, "3": 3}


def test_stratified_draw_gives_the_remainder_to_the_largest_fractions():
    groups = {1: list(range(0, 7)), 2: list(range(100, 107)), 3: list(range(200, 206))}
    drawn = campaigns.stratified_draw(groups, 5, seed=1)
    sizes = Counter(1 if h < 100 else 2 if h < 200 else 3 for h in drawn)
    # exact shares 1.75, 1.75, 1.5 → 1, 1, 1 and two left for buildings 1 and 2
    assert sizes == {1: 2, 2: 2, 3: 1}
    assert len(set(drawn)) == 5


def test_within_a_building_every_house_can_be_drawn(admin, admin_project_factory=None):
    groups = {1: list(range(20))}
    seen = set()
    for seed in range(200):
        seen.update(campaigns.stratified_draw(groups, 2, seed))
    assert seen == set(range(20))


def _visit(actor, campaign, house_id, **extra):
    return campaigns.record_visit(actor, campaign, house=house_id, method="in_person", **extra)


def test_coverage_counts_visited_targets(admin, estate, agent):
    campaign = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.1", seed=3
    )
    targets = list(Target.objects.filter(campaign=campaign).values_list("house_id", flat=True))
    assert len(targets) == 8
    for house_id in targets[:3]:
        _visit(agent, campaign, house_id)
    _visit(agent, campaign, targets[0], note="第二次")  # a second visit to the same house
    summary = reads.summary(campaign)
    assert (summary.visited, summary.targets, summary.coverage) == (3, 8, 0.375)


def test_visit_to_a_house_not_drawn_is_422(admin, estate, agent):
    campaign = campaigns.create_campaign(
        admin, project=estate.pk, kind="yearly", sample_rate="0.1", seed=3
    )
    drawn = set(Target.objects.filter(campaign=campaign).values_list("house_id", flat=True))
    other = House.objects.filter(project=estate).exclude(pk__in=drawn).first()
    with pytest.raises(Invalid) as caught:
        _visit(agent, campaign, other.pk)
    assert caught.value.code == "not_a_target"


def test_each_issue_becomes_a_visit_ticket_and_handling_rate_follows_closing(
    api, admin, estate, agent, owner_of
):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    house = Target.objects.filter(campaign=campaign).first().house
    owner_of(house, "陈静", "13700000011")
    response = api(agent).post(
        f"visits/campaigns/{campaign.pk}/visits",
        {
            "house": house.pk,
            "method": "in_person",
            "issues": [
                {"kind": "suggestion", "description": "建议增加儿童游乐设施"},
                {"kind": "inquiry", "description": "咨询车位租赁"},
                {"kind": "complaint", "description": "夜间施工噪音扰民"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    issues = response.json()["issues"]
    assert len(issues) == 3
    ids = [i["ticket"] for i in issues]
    detail = api(agent).get(f"tickets/{ids[0]}").json()
    assert detail["channel"] == "visit" and detail["house"] == house.pk
    body = api(admin).get(f"visits/campaigns/{campaign.pk}").json()
    assert (body["issues"], body["issues_handled"], body["handling_rate"]) == (3, 0, 0.0)

    tickets.perform(agent, ids[0], "reply", content="已反馈物业")
    body = api(admin).get(f"visits/campaigns/{campaign.pk}").json()
    assert (body["issues_handled"], body["handling_rate"]) == (1, round(1 / 3, 4))

    tickets.perform(agent, ids[1], "reply", content="已答复")
    manager = make_user("care_mgr", ["service_manager"], [estate], name="经理")
    tickets.perform(manager, ids[2], "close", reason="已协调施工方调整作业时间")
    body = api(admin).get(f"visits/campaigns/{campaign.pk}").json()
    assert (body["issues_handled"], body["handling_rate"]) == (3, 1.0)
    assert body["visited"] == 1 and body["coverage"] == round(1 / 72, 4)


def test_handling_rate_is_one_without_issues(admin, estate):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    assert reads.summary(campaign).handling_rate == 1.0


def test_severely_dissatisfied_is_flagged_for_a_repeat_visit(admin, estate, agent):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    house_id = Target.objects.filter(campaign=campaign).first().house_id
    manager = make_user("care_mgr2", ["service_manager"], [estate], name="经理")
    visit = _visit(agent, campaign, house_id, severely_dissatisfied=True)
    assert visit.needs_repeat
    assert reads.summary(campaign).needs_repeat == 1
    assert manager.notifications.filter(template="care_repeat_visit").count() == 1
    with pytest.raises(Forbidden):
        campaigns.record_repeat_visit(agent, visit, note="复访")
    campaigns.record_repeat_visit(manager, visit, note="经理上门致歉并安排整改")
    visit.refresh_from_db()
    assert not visit.needs_repeat and reads.summary(campaign).needs_repeat == 0
    with pytest.raises(Conflict):
        campaigns.record_repeat_visit(manager, visit, note="再次")


def test_yearly_spot_check_is_recorded_once_per_year(api, admin, estate):
    body = {"project": estate.pk, "year": 2026, "visits_checked": 20, "findings": "问题均已闭环"}
    assert api(admin).post("visit-spot-checks", body).status_code == 201
    again = api(admin).post("visit-spot-checks", body)
    assert again.status_code == 409 and again.json()["error"] == "spot_check_done"


def test_visits_with_answers_fill_the_questionnaire(admin, estate, agent):
    from aftersales.care.services import questionnaires

    q = questionnaires.create_questionnaire(
        admin, title="满意度", questions=[{"text": "总体满意度", "type": "score"}]
    )
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first", questionnaire=q.pk)
    house_id = Target.objects.filter(campaign=campaign).first().house_id
    visit = _visit(agent, campaign, house_id, answers=[{"question": 0, "value": 4}])
    assert visit.response.source == "visit"
    assert visit.response.answers.get().score == 4


def test_closed_campaign_takes_no_visit(admin, estate, agent):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    campaigns.close_campaign(admin, campaign)
    with pytest.raises(Conflict):
        _visit(agent, campaign, Target.objects.filter(campaign=campaign).first().house_id)


def test_scope_and_roles(api, admin, estate, agent, analyst):
    other = make_user("care_other", ["supervisor"], [], name="别的项目")
    from aftersales.estates.services import create_project

    elsewhere = create_project(admin, code="ELSE", name="别处", city="苏州")
    other.projects.set([elsewhere])
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    assert api(other).get(f"visits/campaigns/{campaign.pk}").status_code == 404
    assert api(other).get(f"visits/campaigns/{campaign.pk}/targets").status_code == 404
    assert api(other).get("visits/campaigns").json()["count"] == 0
    assert api(analyst).get(f"visits/campaigns/{campaign.pk}").status_code == 200
    denied = api(analyst).post(
        "visits/campaigns", {"project": estate.pk, "kind": "yearly", "sample_rate": "0.1"}
    )
    assert denied.status_code == 403
    house = Target.objects.filter(campaign=campaign).first().house_id
    visit = api(analyst).post(
        f"visits/campaigns/{campaign.pk}/visits", {"house": house, "method": "phone"}
    )
    assert visit.status_code == 403
    targets = api(agent).get(f"visits/campaigns/{campaign.pk}/targets", {"page_size": 200}).json()
    assert targets["count"] == 72 and {"house", "house_label", "building"} <= set(
        targets["results"][0]
    )


def test_assigning_targets_to_staff(admin, estate, agent, supervisor):
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    building = estate.buildings.get(name="2")
    assert (
        campaigns.assign_targets(supervisor, campaign, assignee=agent.pk, building=building.pk)
        == 20
    )
    assert campaigns.assign_targets(supervisor, campaign, assignee=supervisor.pk) == 52
    with pytest.raises(Invalid):
        campaigns.assign_targets(
            supervisor, campaign, assignee=make_user("tech", ["technician"], [estate]).pk
        )


def test_special_campaign_without_rate_takes_every_occupied_house(admin, estate):
    fill(estate, {"9": (3, 0)})
    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="special")
    assert Target.objects.filter(campaign=campaign).count() == 75
    quarterly = campaigns.create_campaign(
        admin, project=estate.pk, kind="quarterly", sample_rate="0.5", seed=1
    )
    assert Target.objects.filter(campaign=quarterly).count() == math.ceil(0.5 * 75)
    assert not VisitIssue.objects.exists()
