"""Questionnaires, answers and their statistics (R-VIS-2).

The statistics are SQL aggregates over the answers (count, mean, scores ≥ 4, scores of 1)
grouped by question, by project or by month; no row is read into Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth

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


_AGGREGATES = {
    "n": Count("score"),
    "mean": Avg("score"),
    "sat": Count("id", filter=Q(score__gte=SATISFIED)),
    "low": Count("id", filter=Q(score=VERY_DISSATISFIED)),
}


def _figures(row: dict) -> Figures:
    return Figures(row["n"], row["mean"], row["sat"], row["low"])


@dataclass
class Stats:
    questionnaire: Questionnaire
    responses: int
    overall: Figures
    questions: list[dict]
    projects: list[dict]
    trend: list[dict]


def _answers(user, questionnaire: Questionnaire, project, start, end) -> QuerySet[Answer]:
    qs = scoping.visible_to(Answer.objects.filter(questionnaire=questionnaire), user)
    if project:
        qs = qs.filter(project_id=project)
    if start:
        qs = qs.filter(submitted_at__date__gte=start)
    if end:
        qs = qs.filter(submitted_at__date__lte=end)
    return qs


def statistics(
    user,
    questionnaire: Questionnaire,
    *,
    project: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Stats:
    """Per question, per project and per month (trend), plus the overall figures."""
    require(user, "care.view")
    answers = _answers(user, questionnaire, project, start, end)
    scores = answers.filter(score__isnull=False)
    responses = scoping.visible_to(Response.objects.filter(questionnaire=questionnaire), user)
    if project:
        responses = responses.filter(project_id=project)
    if start:
        responses = responses.filter(submitted_at__date__gte=start)
    if end:
        responses = responses.filter(submitted_at__date__lte=end)
    # One grouped pass over the answers gives every question's figures (and the overall ones).
    by_question = {
        row["question_id"]: row
        for row in answers.order_by()
        .values("question_id")
        .annotate(
            total=Count("id"),
            n=Count("score"),
            mean=Avg("score"),
            sat=Count("id", filter=Q(score__gte=SATISFIED)),
            low=Count("id", filter=Q(score=VERY_DISSATISFIED)),
        )
    }
    listed = list(questionnaire.questions.all())
    choice_ids = [q.pk for q in listed if q.type == QuestionType.CHOICE]
    choices: dict[int, dict[str, int]] = {}
    if choice_ids:
        for row in (
            answers.filter(question_id__in=choice_ids)
            .order_by()
            .values("question_id", "value")
            .annotate(c=Count("id"))
        ):
            choices.setdefault(row["question_id"], {})[row["value"]] = row["c"]
    questions = []
    for q in listed:
        row = by_question.get(q.pk)
        item = {
            "index": q.index,
            "text": q.text,
            "section": q.section,
            "type": q.type,
            "count": row["total"] if row else 0,
            "figures": _figures(row) if row and q.type == QuestionType.SCORE else None,
        }
        if q.type == QuestionType.CHOICE:
            item["choices"] = [
                {"option": o, "count": choices.get(q.pk, {}).get(o, 0)} for o in q.options
            ]
        questions.append(item)
    scored = [r for r in by_question.values() if r["n"]]
    n_all = sum(r["n"] for r in scored)
    overall = Figures(
        n_all,
        sum(r["mean"] * r["n"] for r in scored) / n_all if n_all else None,
        sum(r["sat"] for r in scored),
        sum(r["low"] for r in scored),
    )
    names = dict(Project.objects.values_list("id", "name"))
    projects = [
        {
            "project": row["project_id"],
            "name": names.get(row["project_id"], ""),
            "figures": _figures(row),
        }
        for row in scores.order_by()
        .values("project_id")
        .annotate(**_AGGREGATES)
        .order_by("project_id")
    ]
    trend = [
        {"month": row["month"].strftime("%Y-%m"), "figures": _figures(row)}
        for row in scores.order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(**_AGGREGATES)
        .order_by("month")
    ]
    return Stats(questionnaire, responses.count(), overall, questions, projects, trend)


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
