"""The care step of ``aftersales gen-data``: the rows the services would have written, in the
expected proportions and states, and every list, page and API of the domain working on them."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Count

from aftersales.care.models import (
    Activity,
    Answer,
    Campaign,
    CareMessage,
    CareRule,
    Question,
    Questionnaire,
    Response,
    Signup,
    Target,
    Visit,
    VisitIssue,
)
from aftersales.care.services.campaigns import OCCUPIED, sample_size, stratified_draw
from aftersales.core.permissions import can
from aftersales.estates.models import CustomerHouse, House

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _generate(tickets: int = 800, seed: int = 3, **options):
    from aftersales.reports.generator import Generator

    return Generator(tickets, projects=2, seed=seed, **options).generate()


def _campaigns(run: int):
    return Campaign.objects.filter(project__code__startswith=f"GD{run}-")


def test_rows_in_proportion_states_and_invariants(manager):
    result = _generate()
    d = result.domains
    for name in ("campaigns", "targets", "visits", "responses", "answers", "messages"):
        assert d[f"care.{name}"] > 0, name
    assert d["care.questionnaires"] == 2 and d["care.questions"] == 11
    assert CareRule.objects.count() == 5 and d["care.rules"] in (0, 5)  # the reference rules
    assert "care" in result.seconds
    campaigns = list(
        _campaigns(result.run).select_related("project").order_by("project_id", "created_at")
    )
    assert len(campaigns) == d["care.campaigns"] == 2 * 3  # a campaign a year and project
    now = dt.datetime.now(dt.UTC)
    forms = Questionnaire.objects.filter(title__endswith=f"（GD{result.run}）")
    sat = forms.get(kind="satisfaction")
    for c in campaigns:
        # drawn as the service draws: ceil(rate × occupied), stratified, seeded (reproducible)
        houses = House.objects.filter(project_id=c.project_id)
        assert c.houses == houses.count()
        by_building: dict[int, list[int]] = {}
        for house, building in houses.filter(status__in=OCCUPIED).values_list("id", "building_id"):
            by_building.setdefault(building, []).append(house)
        assert c.occupied == sum(len(h) for h in by_building.values())
        drawn = sorted(Target.objects.filter(campaign=c).values_list("house_id", flat=True))
        n = sample_size(c.sample_rate, c.occupied)
        assert drawn == stratified_draw(by_building, n, c.seed) and n == math.ceil(
            Decimal("0.05") * c.occupied
        )
        assert c.kind == "special" and c.goal == Decimal("1.000")
        assert c.questionnaire_id == sat.pk and c.created_by_id == manager.pk
        year = c.created_at.astimezone(SH).year
        assert c.title == f"{c.project.name} {year}年专项回访"
        # the targets are all assigned; visited exactly when a visit exists
        targets = Target.objects.filter(campaign=c)
        assert not targets.filter(assignee__isnull=True).exists()
        with_visit = set(Visit.objects.filter(campaign=c).values_list("target_id", flat=True))
        assert with_visit == set(targets.filter(visited=True).values_list("id", flat=True))
        for visit in Visit.objects.filter(campaign=c).select_related("target"):
            assert visit.target.house_id == visit.house_id and can(visit.visited_by, "care.visit")
            assert c.created_at < visit.visited_at <= now
            assert visit.repeat_done_at is None or visit.severely_dissatisfied
    # the past years' campaigns are closed, the current one open
    statuses = Counter(c.status for c in campaigns)
    assert statuses == {"closed": 4, "open": 2}
    assert all(c.created_at < now for c in campaigns)
    # proportions: ~5 % of the houses drawn, ~60 % of the targets visited, ~70 % answered
    targets, visits = d["care.targets"], d["care.visits"]
    assert 0.04 <= targets / (3 * result.houses) <= 0.07
    assert 0.45 <= visits / targets <= 0.8
    with_sheet = Response.objects.filter(campaign__in=campaigns).count()
    linked = Response.objects.filter(
        questionnaire=sat, source="link", project__code__startswith=f"GD{result.run}-"
    ).count()
    assert 0.55 <= (with_sheet + linked) / targets <= 0.9
    # a sheet of a visit: source after the method, same house, customer, time and visitor
    for visit in Visit.objects.filter(
        campaign__in=campaigns, response__isnull=False
    ).select_related("response"):
        r = visit.response
        assert r.source == ("visit" if visit.method == "in_person" else "phone")
        assert (r.house_id, r.customer_id, r.campaign_id, r.created_by_id) == (
            visit.house_id,
            visit.customer_id,
            visit.campaign_id,
            visit.visited_by_id,
        )
        assert r.submitted_at == visit.visited_at and r.project_id == visit.house.project_id
    # answers consistent with the question types, copied from their sheet
    questions = {q.pk: q for q in Question.objects.filter(questionnaire__in=forms)}
    responses = {
        r.pk: r for r in Response.objects.filter(questionnaire__in=forms).select_related("house")
    }
    assert len(responses) == d["care.responses"]
    answers = list(Answer.objects.filter(questionnaire__in=forms))
    assert len(answers) == d["care.answers"]
    per_sheet = Counter()
    for a in answers:
        q, r = questions[a.question_id], responses[a.response_id]
        per_sheet[a.response_id] += 1
        assert q.questionnaire_id == a.questionnaire_id == r.questionnaire_id
        assert (a.project_id, a.submitted_at) == (r.project_id, r.submitted_at)
        assert a.month == a.submitted_at.astimezone(SH).date().replace(day=1)
        if q.type == "score":
            assert 1 <= a.score <= 5 and a.value == str(a.score)
        elif q.type == "choice":
            assert a.score is None and a.value in q.options
        else:
            assert a.score is None and a.value
    assert set(per_sheet) == set(responses)  # no empty sheet
    for r in responses.values():
        assert r.house.project_id == r.project_id
        assert r.customer_id == CustomerHouse.objects.get(house=r.house, role="owner").customer_id
        if r.source == "link":
            assert r.campaign_id is None and r.created_by_id is None and len(r.link_key) == 64
        else:
            assert r.link_key is None and r.created_by_id
    scores = [a.score for a in answers if a.score]
    assert 3.0 < sum(scores) / len(scores) < 4.6 and len(set(scores)) >= 3
    assert Response.objects.filter(questionnaire__kind="opinion", questionnaire__in=forms).exists()
    # care messages: the rule's kind, channel and text, one per key, sent on or before now
    messages = CareMessage.objects.filter(project__code__startswith=f"GD{result.run}-")
    assert messages.count() == d["care.messages"]
    for m in messages.select_related("rule", "house", "customer"):
        assert m.rule.kind == m.kind and m.channel == m.rule.channel and m.sent_at <= now
        assert m.customer.name in m.text and m.house.label in m.text
        if m.kind == "delivery_anniversary":
            assert m.key == f"delivery:{m.house_id}:{m.rule.months}" and not m.component
            assert m.on == m.house.delivered_on + relativedelta(months=12)
        else:
            assert m.kind == "warranty_expiry" and m.key == (
                f"warranty_expiry:{m.house_id}:{m.component}:{m.on.isoformat()}"
            )
            assert m.on.isoformat() in m.text
    # activities: three held (done or archived, with a record), one planned ahead
    activities = Activity.objects.filter(project__code__startswith=f"GD{result.run}-")
    assert activities.count() == d["care.activities"] == 8
    for a in activities:
        people = Signup.objects.filter(activity=a)
        assert people.exists() and not people.exclude(status="signed_up").exists()
        assert not people.filter(signed_up_at__gt=now).exists()
        if a.status == "planned":
            assert a.starts_at > now and a.attendance is None and not a.record
        else:
            assert a.status in ("done", "archived") and a.starts_at < now
            assert a.attendance and a.record
            assert not people.filter(signed_up_at__gt=a.starts_at).exists()
        owners = CustomerHouse.objects.filter(house__project_id=a.project_id)
        assert set(people.values_list("customer_id", flat=True)) <= set(
            owners.values_list("customer_id", flat=True)
        )
    assert Signup.objects.filter(activity__in=activities).count() == d["care.signups"]


def test_visit_issues_are_the_tickets_registered_in_those_visits(manager):
    """Tickets of channel ``visit`` in a campaign's year at a target's house become that
    visit's issues (here every ticket is made a visit's, so that there are many)."""
    from aftersales.reports.generator import Generator
    from aftersales.tickets.models import Ticket

    result = _generate(600, domains=False)
    Ticket.objects.filter(number__startswith=f"GD{result.run}-").update(channel="visit")
    again = Generator(1, seed=4).domains_of(result.run)
    assert again.domains["care.visit_issues"] > 0
    issues = VisitIssue.objects.filter(visit__campaign__in=_campaigns(result.run))
    assert issues.count() == again.domains["care.visit_issues"]
    for issue in issues.select_related("ticket", "visit"):
        t, v = issue.ticket, issue.visit
        assert t.kind == issue.kind in ("complaint", "repair", "suggestion", "inquiry")
        assert (t.description, t.category) == (issue.description, issue.category)
        assert (t.house_id, t.customer_id) == (v.house_id, v.customer_id)
        assert t.occurred_at == v.visited_at and t.registered_by_id == v.visited_by_id
    # one ticket, one issue
    assert not issues.values("ticket").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_pages_and_api_answer_on_the_generated_rows(client, api, manager):
    result = _generate()
    campaign = _campaigns(result.run).filter(visits__isnull=False).first()
    visit = Visit.objects.filter(campaign=campaign).first()
    sat = campaign.questionnaire
    response = Response.objects.filter(questionnaire=sat).first()
    activity = Activity.objects.filter(project__code__startswith=f"GD{result.run}-").first()
    message = CareMessage.objects.filter(project__code__startswith=f"GD{result.run}-").first()
    client.force_login(manager)
    for url in [
        "/care/campaigns/",
        f"/care/campaigns/?project={campaign.project_id}&kind=special&status=closed",
        f"/care/campaigns/{campaign.pk}/",
        f"/care/visits/{visit.pk}/",
        "/care/my-visits/",
        "/care/spot-checks/",
        "/care/questionnaires/",
        f"/care/questionnaires/{sat.pk}/stats/",
        f"/care/questionnaires/{sat.pk}/export/",
        "/care/upcoming/",
        "/care/rules/",
        "/care/activities/",
        f"/care/activities/{activity.pk}/",
        "/care/notices/",
        f"/estates/customers/{visit.customer_id}/",
    ]:
        assert client.get(url).status_code == 200, url
    stats = client.get(f"/care/questionnaires/{sat.pk}/stats/").content.decode()
    assert sat.title in stats
    http = api(manager)
    for path in [
        "visits/campaigns",
        f"visits/campaigns/{campaign.pk}",
        f"visits/campaigns/{campaign.pk}/targets",
        "visits",
        f"visits/{visit.pk}",
        "questionnaires",
        f"questionnaires/{sat.pk}",
        f"questionnaires/{sat.pk}/responses",
        f"questionnaires/{sat.pk}/stats",
        "responses",
        f"responses/{response.pk}",
        "care/rules",
        "care/messages",
        f"care/messages/{message.pk}",
        "care/upcoming",
        "activities",
        f"activities/{activity.pk}",
        f"activities/{activity.pk}/signups",
    ]:
        got = http.get(path)
        assert got.status_code == 200, (path, got.content[:300])
    body = http.get(f"visits/campaigns/{campaign.pk}").json()
    targets = Target.objects.filter(campaign=campaign)
    assert body["coverage"] == round(targets.filter(visited=True).count() / targets.count(), 4)
    figures = http.get(f"questionnaires/{sat.pk}/stats").json()
    assert figures["responses"] == Response.objects.filter(questionnaire=sat).count()
    low, high = figures["overall"]["ci95"]
    assert 0 <= low <= figures["overall"]["satisfaction_rate"] <= high <= 1
    assert len(figures["trend"]) >= 12  # three years of months with answers
    listed = http.get("care/messages").json()
    assert listed["count"] == CareMessage.objects.count()


def test_two_runs_do_not_collide_and_a_rerun_is_skipped(manager):
    from aftersales.reports.generator import Generator

    one = _generate(300, seed=1)
    two = _generate(300, seed=1)
    assert one.run != two.run
    for name in ("campaigns", "targets", "responses", "answers", "messages", "signups"):
        key = f"care.{name}"
        assert one.domains[key] == two.domains[key] > 0, name
    assert Campaign.objects.count() == one.domains["care.campaigns"] * 2
    assert Questionnaire.objects.filter(title__startswith="客户满意度调查表").count() == 2
    keys = list(Response.objects.exclude(link_key=None).values_list("link_key", flat=True))
    assert len(keys) == len(set(keys)) > 0
    assert CareMessage.objects.count() == one.domains["care.messages"] * 2
    # rules are the reference set, written once at most
    assert CareRule.objects.count() == 5
    # the domains of a run done again: nothing written twice
    before = Campaign.objects.count()
    again = Generator(1, seed=2).domains_of(one.run)
    assert Campaign.objects.count() == before and not any(
        k.startswith("care.") for k in again.domains
    )
