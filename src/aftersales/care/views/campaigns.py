"""回访计划 screens (R-VIS-1, R-VIS-3): list and drawing, the campaign page with coverage
charts, the phone page to record a visit, the visit record, the yearly spot-check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.care import selectors, services
from aftersales.care.choices import CampaignKind, CampaignStatus, IssueKindChoices, VisitMethod
from aftersales.care.forms import CampaignForm, SpotCheckForm, VisitForm
from aftersales.care.models import Target
from aftersales.care.services.campaigns import owner_of
from aftersales.care.views._common import attempt, found
from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate
from aftersales.estates.selectors import projects_for


def _staff_for(user, campaign):
    """The staff a target may be assigned to, among the users ``user`` may see."""
    from django.db.models import Q

    from aftersales.accounts.models import User

    qs = User.objects.filter(
        is_active=True, roles__code__in=["agent", "supervisor", "clerk", "service_manager"]
    )
    qs = qs.filter(Q(projects__isnull=True) | Q(projects__id=campaign.project_id))
    return scoping.visible_to(qs, user).distinct().order_by("username")


@login_required
def campaign_list(request):
    need(request, "care.view")
    filters = {
        "project": int_param(request, "project"),
        "kind": request.GET.get("kind", "")
        if request.GET.get("kind") in CampaignKind.values
        else "",
        "status": request.GET.get("status", "")
        if request.GET.get("status") in CampaignStatus.values
        else "",
    }
    projects = projects_for(request.user)
    questionnaires = selectors.questionnaires.questionnaires_for(request.user, active=True)
    form = CampaignForm(request.POST or None, projects=projects, questionnaires=questionnaires)
    if request.method == "POST":
        need(request, "care.manage")
        if form.is_valid():
            data = form.cleaned_data
            campaign, ok = attempt(
                request,
                lambda: services.campaigns.create_campaign(
                    request.user,
                    project=data["project"],
                    kind=data["kind"],
                    sample_rate=data["sample_rate"],
                    questionnaire=data["questionnaire"],
                    title=data["title"],
                    seed=data["seed"],
                ),
                form=form,
            )
            if ok:
                messages.success(
                    request, _("已抽取 %(n)s 户回访对象") % {"n": campaign.target_count}
                )
                return redirect("care:campaign", campaign.pk)
    page = paginate(request, selectors.campaigns.campaigns_for(request.user, **filters))
    rows = [(c, selectors.campaigns.summary(c)) for c in page.object_list]
    return render(
        request,
        "care/campaigns.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "projects": projects,
            "kinds": CampaignKind.choices,
            "statuses": CampaignStatus.choices,
            "form": form,
            "can_manage": can(request.user, "care.manage"),
        },
    )


@login_required
def campaign_detail(request, pk: int):
    need(request, "care.view")
    campaign = found(selectors.campaigns.get_campaign, request.user, pk)
    visited = {"1": True, "0": False}.get(request.GET.get("visited", ""))
    mine = request.GET.get("mine") == "1"
    targets = selectors.campaigns.targets_of(
        request.user,
        campaign,
        visited=visited,
        assignee=request.user.pk if mine else None,
        building=int_param(request, "building"),
    )
    summary = selectors.campaigns.summary(campaign)
    charts = {
        "buildings": selectors.campaigns.by_building(campaign),
        "assignees": selectors.campaigns.by_assignee(campaign),
        "coverage": summary.coverage,
        "goal": float(campaign.goal),
        "handling_rate": summary.handling_rate,
    }
    return render(
        request,
        "care/campaign_detail.html",
        {
            "campaign": campaign,
            "summary": summary,
            "charts": charts,
            "page_obj": paginate(request, targets),
            "visited": request.GET.get("visited", ""),
            "mine": mine,
            "buildings": campaign.project.buildings.order_by("name"),
            "building": int_param(request, "building"),
            "issues": selectors.campaigns.issues_of(campaign)[:50],
            "flagged": selectors.campaigns.visits_for(
                request.user, campaign=campaign.pk, needs_repeat=True
            )[:50],
            "staff": _staff_for(request.user, campaign) if can(request.user, "care.manage") else [],
            "can_manage": can(request.user, "care.manage")
            and campaign.status == CampaignStatus.OPEN,
            "can_visit": can(request.user, "care.visit") and campaign.status == CampaignStatus.OPEN,
        },
    )


@login_required
@require_POST
def campaign_assign(request, pk: int):
    need(request, "care.manage")
    campaign = found(selectors.campaigns.get_campaign, request.user, pk)
    count, ok = attempt(
        request,
        lambda: services.campaigns.assign_targets(
            request.user,
            campaign,
            assignee=as_id(request.POST.get("assignee")),
            building=as_id(request.POST.get("building")),
        ),
    )
    if ok:
        messages.success(request, _("已分配 %(n)s 户") % {"n": count})
    return redirect("care:campaign", campaign.pk)


@login_required
@require_POST
def campaign_close(request, pk: int):
    need(request, "care.manage")
    campaign = found(selectors.campaigns.get_campaign, request.user, pk)
    __, ok = attempt(request, lambda: services.campaigns.close_campaign(request.user, campaign))
    if ok:
        messages.success(request, _("回访计划已结束"))
    return redirect("care:campaign", campaign.pk)


@login_required
def my_targets(request):
    """The visits given to me, on a phone."""
    need(request, "care.visit")
    qs = scoping.visible_to(
        Target.objects.filter(
            assignee=request.user, visited=False, campaign__status=CampaignStatus.OPEN
        ).select_related("house", "campaign"),
        request.user,
    ).order_by("campaign_id", "house__building__name", "house__unit", "house__room")
    return render(request, "care/my_targets.html", {"page_obj": paginate(request, qs)})


def _answers_from(post, questionnaire) -> list[dict]:
    answers = []
    if questionnaire is None:
        return answers
    for q in questionnaire.questions.all():
        value = (post.get(f"q{q.index}") or "").strip()
        if value:
            answers.append(
                {
                    "question": q.index,
                    "value": int(value) if q.type == "score" and value.isdigit() else value,
                }
            )
    return answers


def _issues_from(post) -> list[dict]:
    kinds, categories, texts = (
        post.getlist(n) for n in ("issue_kind", "issue_category", "issue_description")
    )
    issues = []
    for kind, category, text in zip(kinds, categories, texts, strict=False):
        if (text or "").strip():
            issues.append({"kind": kind, "category": category, "description": text})
    return issues


@login_required
def visit_new(request, pk: int, target_pk: int):
    """The phone page: answers, issues raised (each becomes a ticket), the dissatisfied flag."""
    need(request, "care.visit")
    campaign = found(selectors.campaigns.get_campaign, request.user, pk)
    target = selectors.campaigns.targets_of(request.user, campaign).filter(pk=target_pk).first()
    if target is None:
        from django.http import Http404

        raise Http404
    questionnaire = campaign.questionnaire
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        visit, ok = attempt(
            request,
            lambda: services.campaigns.record_visit(
                request.user,
                campaign,
                house=target.house_id,
                method=data["method"],
                answers=_answers_from(request.POST, questionnaire),
                issues=_issues_from(request.POST),
                severely_dissatisfied=data["severely_dissatisfied"],
                note=data["note"],
                phone=data["phone"],
            ),
            form=form,
        )
        if ok:
            count = visit.issues.count()
            messages.success(
                request,
                _("回访已登记，%(n)s 个问题已生成工单") % {"n": count}
                if count
                else _("回访已登记"),
            )
            return redirect("care:visit", visit.pk)
    return render(
        request,
        "care/visit_form.html",
        {
            "campaign": campaign,
            "target": target,
            "customer": owner_of(target.house),
            "questions": list(questionnaire.questions.all()) if questionnaire else [],
            "posted": request.POST,
            "form": form,
            "issue_kinds": IssueKindChoices.choices,
            "methods": VisitMethod.choices,
            "scores": [1, 2, 3, 4, 5],
        },
    )


@login_required
def visit_detail(request, pk: int):
    need(request, "care.view")
    visit = found(selectors.campaigns.get_visit, request.user, pk)
    if request.method == "POST":
        need(request, "care.spot_check")
        __, ok = attempt(
            request,
            lambda: services.campaigns.record_repeat_visit(
                request.user, visit, note=request.POST.get("note", "")
            ),
        )
        if ok:
            messages.success(request, _("经理复访已记录"))
        return redirect("care:visit", visit.pk)
    return render(
        request,
        "care/visit_detail.html",
        {"visit": visit, "can_repeat": can(request.user, "care.spot_check") and visit.needs_repeat},
    )


@login_required
def spot_checks(request):
    need(request, "care.view")
    projects = projects_for(request.user)
    form = SpotCheckForm(request.POST or None, projects=projects)
    if request.method == "POST":
        need(request, "care.spot_check")
        if form.is_valid():
            __, ok = attempt(
                request,
                lambda: services.campaigns.record_spot_check(request.user, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("年度抽查已记录"))
                return redirect("care:spot_checks")
    return render(
        request,
        "care/spot_checks.html",
        {
            "page_obj": paginate(request, selectors.campaigns.spot_checks_for(request.user)),
            "repeat": selectors.campaigns.visits_for(request.user, needs_repeat=True)[:50],
            "form": form,
            "can_check": can(request.user, "care.spot_check"),
        },
    )
