"""Questionnaire statistics (R-VIS-2): Wilson intervals against published values, and the
figures per question, per project and per month computed in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.care.models import Answer, Response
from aftersales.care.selectors import questionnaires as reads
from aftersales.care.services import questionnaires
from aftersales.care.stats import wilson
from aftersales.estates.models import House

# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
# method 3 (Wilson score interval without continuity correction), and the textbook 5/10.
KNOWN = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0000),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), KNOWN)
def test_wilson_interval_matches_published_values(successes, n, low, high):
    got = wilson(successes, n)
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_of_nothing_is_none_and_bad_input_is_refused():
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


QUESTIONS = [
    {"section": "维修服务", "text": "维修及时性", "type": "score"},
    {"section": "维修服务", "text": "维修质量", "type": "score"},
    {
        "section": "总体",
        "text": "您从哪里了解到客服热线",
        "type": "choice",
        "options": ["短信", "公告", "其他"],
    },
    {"section": "总体", "text": "其他意见", "type": "text"},
]


@pytest.fixture
def survey(admin):
    return questionnaires.create_questionnaire(admin, title="客户满意度调查表", questions=QUESTIONS)


def _answer(admin, survey, house, first: int, second: int, how="短信", when=None):
    response = questionnaires.record_response(
        admin,
        survey,
        house=house.pk,
        answers=[
            {"question": 0, "value": first},
            {"question": 1, "value": second},
            {"question": 2, "value": how},
            {"question": 3, "value": "无"},
        ],
    )
    if when:
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
        Answer.objects.filter(response=response).update(
            submitted_at=when, month=when.date().replace(day=1)
        )
    return response


@pytest.mark.django_db
def test_statistics_per_question_per_project_and_per_month(api, admin, survey, estate, project_b):
    houses = list(House.objects.filter(project=estate)[:10])
    other = House.objects.filter(project=project_b).first()
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 10))
    april = timezone.make_aware(dt.datetime(2026, 4, 10, 10))
    # question 0 scores: 5, 5, 4, 4, 4, 3, 2, 1 → 5 satisfied of 8, one very dissatisfied
    for i, score in enumerate([5, 5, 4, 4, 4, 3, 2, 1]):
        _answer(
            admin,
            survey,
            houses[i],
            score,
            4,
            how="公告" if i < 3 else "短信",
            when=march if i < 4 else april,
        )
    _answer(admin, survey, other, 5, 5, when=april)
    body = api(admin).get(f"questionnaires/{survey.pk}/stats").json()
    assert body["responses"] == 9
    q0, q1, q2, q3 = body["questions"]
    assert q0["count"] == 9 and q0["mean"] == pytest.approx(33 / 9, abs=1e-4)
    assert q0["satisfaction_rate"] == round(6 / 9, 4)
    low, high = wilson(6, 9)
    assert q0["ci95"] == [round(low, 4), round(high, 4)]
    assert q0["very_dissatisfied_rate"] == round(1 / 9, 4)
    assert (q1["satisfaction_rate"], q1["ci95"][1]) == (1.0, 1.0)
    assert {c["option"]: c["count"] for c in q2["choices"]} == {"短信": 6, "公告": 3, "其他": 0}
    assert q2["satisfaction_rate"] is None and q3["count"] == 9
    assert body["overall"]["count"] == 18 and body["overall"]["satisfaction_rate"] == round(
        15 / 18, 4
    )
    by_project = {p["project"]: p for p in body["projects"]}
    assert by_project[estate.pk]["count"] == 16 and by_project[project_b.pk]["count"] == 2
    assert [m["month"] for m in body["trend"]] == ["2026-03", "2026-04"]
    assert body["trend"][0]["satisfaction_rate"] == 1.0  # 5, 5, 4, 4 and four 4s
    only_b = api(admin).get(f"questionnaires/{survey.pk}/stats", {"project": project_b.pk}).json()
    assert only_b["responses"] == 1 and only_b["overall"]["count"] == 2
    april_only = (
        api(admin)
        .get(f"questionnaires/{survey.pk}/stats", {"start": "2026-04-01", "end": "2026-04-30"})
        .json()
    )
    assert april_only["responses"] == 5


@pytest.mark.django_db
def test_statistics_are_a_fixed_number_of_aggregate_queries(admin, survey, estate):
    houses = list(House.objects.filter(project=estate)[:30])
    for i, house in enumerate(houses):
        _answer(admin, survey, house, 1 + i % 5, 5)
    with CaptureQueriesContext(connection) as few:
        reads.statistics(admin, survey)
    for house in houses:
        _answer(admin, survey, house, 3, 3)
    with CaptureQueriesContext(connection) as more:
        stats = reads.statistics(admin, survey)
    assert len(more) == len(few) <= 8
    assert stats.responses == 60


@pytest.mark.django_db
def test_staff_of_another_project_see_only_their_answers(
    api, admin, agent_b, survey, estate, project_b
):
    _answer(admin, survey, House.objects.filter(project=estate).first(), 1, 1)
    _answer(admin, survey, House.objects.filter(project=project_b).first(), 5, 5)
    body = api(agent_b).get(f"questionnaires/{survey.pk}/stats").json()
    assert body["responses"] == 1 and body["overall"]["satisfaction_rate"] == 1.0


@pytest.mark.django_db
def test_stats_page_and_excel_export(client, admin, survey, estate):
    _answer(admin, survey, House.objects.filter(project=estate).first(), 4, 2)
    client.force_login(admin)
    page = client.get(f"/care/questionnaires/{survey.pk}/stats/")
    assert page.status_code == 200 and "维修及时性" in page.content.decode()
    export = client.get(f"/care/questionnaires/{survey.pk}/export/")
    assert export.status_code == 200 and export.content[:2] == b"PK"
