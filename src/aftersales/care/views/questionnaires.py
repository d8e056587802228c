"""问卷 screens (R-VIS-2): list, the editor, statistics with charts and Excel, the owner's
link and the page he fills in on his phone."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.care import exports, selectors, services
from aftersales.care.choices import QuestionnaireKind, QuestionType
from aftersales.care.views._common import attempt, date_param, found
from aftersales.core.errors import DomainError
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate
from aftersales.estates.selectors import projects_for


@login_required
def questionnaire_list(request):
    need(request, "care.view")
    qs = selectors.questionnaires.questionnaires_for(request.user).prefetch_related("questions")
    return render(
        request,
        "care/questionnaires.html",
        {"page_obj": paginate(request, qs), "can_manage": can(request.user, "care.manage")},
    )


def _editor(request, questionnaire=None):
    need(request, "care.manage")
    if questionnaire is not None:
        data = {
            "title": questionnaire.title,
            "kind": questionnaire.kind,
            "intro": questionnaire.intro,
            "questions": [
                {"section": q.section, "text": q.text, "type": q.type, "options": q.options}
                for q in questionnaire.questions.all()
            ],
        }
    else:
        data = {
            "title": "",
            "kind": QuestionnaireKind.SATISFACTION,
            "intro": "",
            "questions": [{"section": "", "text": "", "type": QuestionType.SCORE, "options": []}],
        }
    error = ""
    if request.method == "POST":
        try:
            data = json.loads(request.POST.get("payload") or "{}")
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            data, error = data, _("问卷内容无法读取，请重试")
        if not error:

            def save():
                if questionnaire is None:
                    return services.questionnaires.create_questionnaire(
                        request.user, **_fields(data)
                    )
                return services.questionnaires.update_questionnaire(
                    request.user, questionnaire, **_fields(data)
                )

            try:
                saved = save()
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                error = exc.detail
            else:
                messages.success(request, _("问卷已保存"))
                return redirect("care:questionnaire_stats", saved.pk)
    return render(
        request,
        "care/questionnaire_editor.html",
        {
            "questionnaire": questionnaire,
            "data": data,
            "error": error,
            "kinds": QuestionnaireKind.choices,
            "types": QuestionType.choices,
        },
    )


def _fields(data: dict) -> dict:
    return {k: data.get(k) for k in ("title", "kind", "intro", "questions")}


@login_required
def questionnaire_new(request):
    return _editor(request)


@login_required
def questionnaire_edit(request, pk: int):
    need(request, "care.manage")
    return _editor(request, found(selectors.questionnaires.get_questionnaire, request.user, pk))


def _stats_filters(request) -> dict:
    return {
        "project": int_param(request, "project"),
        "start": date_param(request, "start"),
        "end": date_param(request, "end"),
    }


@login_required
def questionnaire_stats(request, pk: int):
    need(request, "care.view")
    questionnaire = found(selectors.questionnaires.get_questionnaire, request.user, pk)
    filters = _stats_filters(request)
    stats = selectors.questionnaires.statistics(request.user, questionnaire, **filters)
    return render(
        request,
        "care/questionnaire_stats.html",
        {
            "questionnaire": questionnaire,
            "stats": stats,
            "charts": selectors.questionnaires.as_dict(stats),
            "filters": filters,
            "projects": projects_for(request.user),
            "can_manage": can(request.user, "care.manage"),
            "can_link": can(request.user, "care.visit"),
            "link": request.session.pop(f"care-link-{pk}", ""),
        },
    )


@login_required
@data_language()
def questionnaire_export(request, pk: int):
    need(request, "care.view")
    questionnaire = found(selectors.questionnaires.get_questionnaire, request.user, pk)
    stats = selectors.questionnaires.statistics(
        request.user, questionnaire, **_stats_filters(request)
    )
    return xlsx_response(exports.stats_xlsx(stats), dated_name(f"问卷统计-{questionnaire.title}"))


@login_required
@require_POST
def questionnaire_link(request, pk: int):
    need(request, "care.visit")
    questionnaire = found(selectors.questionnaires.get_questionnaire, request.user, pk)
    token, ok = attempt(
        request,
        lambda: services.questionnaires.issue_link(
            request.user,
            questionnaire,
            house=as_id(request.POST.get("house")),
            customer=as_id(request.POST.get("customer")),
        ),
    )
    if ok:
        request.session[f"care-link-{pk}"] = request.build_absolute_uri(
            reverse("care:survey", args=[token])
        )
    return redirect("care:questionnaire_stats", pk)


def survey(request, token: str):
    """The owner's page on his phone (no sign-in: the signed token is the key)."""
    context = {"token": token, "done": False, "error": ""}
    try:
        data = services.questionnaires.read_link_token(token)
    except DomainError as exc:
        return render(request, "care/survey.html", context | {"error": exc.detail}, status=404)
    from aftersales.care.models import Questionnaire

    questionnaire = (
        Questionnaire.objects.filter(pk=data.get("q"), active=True)
        .prefetch_related("questions")
        .first()
    )
    if questionnaire is None:
        return render(request, "care/survey.html", context | {"error": _("问卷已停用")}, status=404)
    context |= {
        "questionnaire": questionnaire,
        "questions": list(questionnaire.questions.all()),
        "scores": [1, 2, 3, 4, 5],
    }
    if request.method == "POST":
        answers = []
        for q in context["questions"]:
            value = (request.POST.get(f"q{q.index}") or "").strip()
            if value:
                answers.append(
                    {
                        "question": q.index,
                        "value": int(value)
                        if q.type == QuestionType.SCORE and value.isdigit()
                        else value,
                    }
                )
        try:
            services.questionnaires.submit_by_link(token, answers=answers)
        except DomainError as exc:
            context["error"] = exc.detail
            context["done"] = exc.code == "already_answered"
        else:
            context["done"] = True
    return render(request, "care/survey.html", context)
