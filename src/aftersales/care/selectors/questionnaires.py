"""Questionnaires, answers and their statistics (R-VIS-2).

The statistics are SQL aggregates over the answers (count, mean, scores ≥ 4, scores of 1)
grouped by question, by project or by month; no row is read into Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone

from aftersales.care.choices import QuestionType
from aftersales.care.models import Answer, Question, Questionnaire, Response
from aftersales.care.stats import wilson
from aftersales.core import scoping
from aftersales.core.permissions import require
from aftersales.estates.models import Project

SATISFIED = 4  # a score of 4 or 5 is satisfied
VERY_DISSATISFIED = 1


def questionnaires_for(
    user, *, active: bool | None = None, kind: str = ""
) -> QuerySet[Questionnaire]:
    require(user, "care.view")
    qs = scoping.visible_to(Questionnaire.objects.all(), user)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.filter(kind=kind) if kind else qs


def get_questionnaire(user, pk: int) -> Questionnaire:
    require(user, "care.view")
    return scoping.get_visible_or_404(
        Questionnaire.objects.prefetch_related("questions"), user, pk=pk
    )


def responses_for(
    user,
    *,
    questionnaire=None,
    project=None,
    house=None,
    customer=None,
    campaign=None,
    source: str = "",
) -> QuerySet[Response]:
    require(user, "care.view")
    qs = scoping.visible_to(Response.objects.select_related("house", "customer"), user)
    for name, value in (
        ("questionnaire_id", questionnaire),
        ("project_id", project),
        ("house_id", house),
        ("customer_id", customer),
        ("campaign_id", campaign),
    ):
        if value:
            qs = qs.filter(**{name: value})
    return qs.filter(source=source) if source else qs


def get_response(user, pk: int) -> Response:
    require(user, "care.view")
    return scoping.get_visible_or_404(
        Response.objects.prefetch_related("answers__question"), user, pk=pk
    )


# --- statistics ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """count, mean, satisfaction rate (scores ≥ 4) with its 95 % Wilson interval, and the
    share of "very dissatisfied" (score 1), of the score answers of one group."""

    count: int
    mean: float | None
    satisfied: int
    very_dissatisfied: int
    satisfaction_rate: float | None = field(init=False)
    ci95: tuple[float, float] | None = field(init=False)
    very_dissatisfied_rate: float | None = field(init=False)

    def __post_init__(self):
        n = self.count
        self.mean = None if self.mean is None else round(float(self.mean), 4)
        self.satisfaction_rate = round(self.satisfied / n, 4) if n else None
        interval = wilson(self.satisfied, n)
        self.ci95 = (round(interval[0], 4), round(interval[1], 4)) if interval else None
        self.very_dissatisfied_rate = round(self.very_dissatisfied / n, 4) if n else None


@dataclass
class Stats:
    questionnaire: Questionnaire
    responses: int
    overall: Figures
    questions: list[dict]
    projects: list[dict]
    trend: list[dict]


def _window(qs, project, start, end):
    """The filters of the statistics, as ranges on the stored moment (an index can serve)."""
    if project:
        qs = qs.filter(project_id=project)
    zone = timezone.get_current_timezone()
    if start:
        qs = qs.filter(submitted_at__gte=dt.datetime.combine(start, dt.time.min, zone))
    if end:
        qs = qs.filter(
            submitted_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone)
        )
    return qs


class _Tally:
    """Counts of one group, added up from the grouped rows of the aggregate."""

    def __init__(self):
        self.total = self.n = self.sum = self.sat = self.low = 0

    def add(self, score: int | None, count: int) -> None:
        self.total += count
        if score is not None:
            self.n += count
            self.sum += score * count
            self.sat += count if score >= SATISFIED else 0
            self.low += count if score == VERY_DISSATISFIED else 0

    def figures(self) -> Figures:
        return Figures(self.n, self.sum / self.n if self.n else None, self.sat, self.low)


def statistics(
    user,
    questionnaire: Questionnaire,
    *,
    project: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Stats:
    """Per question, per project and per month (trend), plus the overall figures.

    One aggregate over the answers, grouped by question, project, month and score (the
    columns of ``care_answer_stats_idx``, so an index-only scan without a sort): a few hundred
    groups whatever the number of answers, then added up per question, per project and per
    month. One more aggregate counts the options of the choice questions, and one count gives
    the number of answer sheets.
    """
    require(user, "care.view")
    listed = list(questionnaire.questions.all())
    choice_ids = [q.pk for q in listed if q.type == QuestionType.CHOICE]
    answers = _window(
        scoping.visible_to(Answer.objects.filter(questionnaire=questionnaire), user),
        project,
        start,
        end,
    )
    responses = _window(
        scoping.visible_to(Response.objects.filter(questionnaire=questionnaire), user),
        project,
        start,
        end,
    )
    groups = (
        answers.order_by()
        .values("question_id", "project_id", "month", "score")
        .annotate(c=Count("id"))
    )
    by_question: dict[int, _Tally] = defaultdict(_Tally)
    by_project: dict[int | None, _Tally] = defaultdict(_Tally)
    by_month: dict[str, _Tally] = defaultdict(_Tally)
    overall = _Tally()
    choices: dict[int, dict[str, int]] = defaultdict(dict)
    for row in groups:
        score, count = row["score"], row["c"]
        by_question[row["question_id"]].add(score, count)
        if score is not None:
            overall.add(score, count)
            by_project[row["project_id"]].add(score, count)
            by_month[row["month"].strftime("%Y-%m")].add(score, count)
    if choice_ids:
        for row in (
            answers.filter(question_id__in=choice_ids)
            .order_by()
            .values("question_id", "value")
            .annotate(c=Count("id"))
        ):
            choices[row["question_id"]][row["value"]] = row["c"]
    questions = []
    for q in listed:
        tally = by_question.get(q.pk)
        item = {
            "index": q.index,
            "text": q.text,
            "section": q.section,
            "type": q.type,
            "count": tally.total if tally else 0,
            "figures": tally.figures() if tally and q.type == QuestionType.SCORE else None,
        }
        if q.type == QuestionType.CHOICE:
            item["choices"] = [{"option": o, "count": choices[q.pk].get(o, 0)} for o in q.options]
        questions.append(item)
    names = dict(
        Project.objects.filter(pk__in=[p for p in by_project if p]).values_list("id", "name")
    )
    projects = [
        {"project": pk, "name": names.get(pk, ""), "figures": tally.figures()}
        for pk, tally in sorted(by_project.items(), key=lambda item: item[0] or 0)
    ]
    trend = [
        {"month": month, "figures": tally.figures()} for month, tally in sorted(by_month.items())
    ]
    return Stats(questionnaire, responses.count(), overall.figures(), questions, projects, trend)


def _fig(f) -> dict:
    if f is None:
        return {
            "count": 0,
            "mean": None,
            "satisfaction_rate": None,
            "ci95": None,
            "very_dissatisfied_rate": None,
        }
    return {
        "count": f.count,
        "mean": f.mean,
        "satisfaction_rate": f.satisfaction_rate,
        "ci95": list(f.ci95) if f.ci95 else None,
        "very_dissatisfied_rate": f.very_dissatisfied_rate,
    }


def as_dict(stats: Stats) -> dict:
    """The statistics as plain data: the API's answer and the charts' data."""
    return {
        "responses": stats.responses,
        "overall": _fig(stats.overall),
        "questions": [
            {
                **_fig(q["figures"]),
                "count": q["count"],
                "index": q["index"],
                "text": q["text"],
                "type": q["type"],
                "choices": q.get("choices"),
            }
            for q in stats.questions
        ],
        "projects": [
            {**_fig(p["figures"]), "project": p["project"], "name": p["name"]}
            for p in stats.projects
        ],
        "trend": [{**_fig(m["figures"]), "month": m["month"]} for m in stats.trend],
    }


def question_of(questionnaire: Questionnaire, index: int) -> Question | None:
    return questionnaire.questions.filter(index=index).first()
