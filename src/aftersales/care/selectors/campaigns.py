"""Campaigns, targets and visits, read through the data scope, with the campaign's coverage
and handling rate (R-VIS-1, R-VIS-3)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from aftersales.care.models import Campaign, SpotCheck, Target, Visit, VisitIssue
from aftersales.core import scoping
from aftersales.core.permissions import require

CLOSED = "closed"  # the tickets' closed status


def campaigns_for(user, *, project=None, kind: str = "", status: str = "") -> QuerySet[Campaign]:
    """The campaigns ``user`` may see, each carrying the counts of its :func:`summary` (one
    statement for the whole list instead of three per campaign)."""
    require(user, "care.view")
    qs = scoping.visible_to(Campaign.objects.select_related("project", "questionnaire"), user)
    if project:
        qs = qs.filter(project_id=project)
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.filter(status=status) if status else qs
    return with_summary(qs)


def _count(qs: QuerySet, group: str, **counted) -> Coalesce:
    """``COUNT`` of ``qs`` (rows of the outer campaign), as a correlated subquery; 0 when none."""
    ((name, expression),) = counted.items()
    sub = qs.order_by().values(group).annotate(**{name: expression}).values(name)
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def with_summary(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Annotate each campaign with the counts :func:`summary` reads (``sum_*``)."""
    targets = Target.objects.filter(campaign=OuterRef("pk"))
    visits = Visit.objects.filter(campaign=OuterRef("pk"))
    issues = VisitIssue.objects.filter(visit__campaign=OuterRef("pk"))
    return qs.annotate(
        sum_targets=_count(targets, "campaign", n=Count("id")),
        sum_visited=_count(targets.filter(visited=True), "campaign", n=Count("id")),
        sum_in_person=_count(
            visits.filter(method="in_person"), "campaign", n=Count("target", distinct=True)
        ),
        sum_needs_repeat=_count(
            visits.filter(severely_dissatisfied=True, repeat_done_at__isnull=True),
            "campaign",
            n=Count("id"),
        ),
        sum_issues=_count(issues, "visit__campaign", n=Count("id")),
        sum_handled=_count(issues.filter(ticket__status=CLOSED), "visit__campaign", n=Count("id")),
    )


def get_campaign(user, pk: int) -> Campaign:
    require(user, "care.view")
    return scoping.get_visible_or_404(
        Campaign.objects.select_related("project", "questionnaire"), user, pk=pk
    )


def targets_of(
    user,
    campaign: Campaign,
    *,
    visited: bool | None = None,
    assignee=None,
    building=None,
    house=None,
) -> QuerySet[Target]:
    require(user, "care.view")
    qs = scoping.visible_to(
        Target.objects.filter(campaign=campaign).select_related(
            "house", "house__building", "assignee"
        ),
        user,
    )
    if visited is not None:
        qs = qs.filter(visited=visited)
    if assignee:
        qs = qs.filter(assignee_id=assignee)
    if building:
        qs = qs.filter(house__building_id=building)
    if house:
        qs = qs.filter(house_id=house)
    return qs.order_by("house__building__name", "house__unit", "house__room")


def visits_for(
    user,
    *,
    campaign=None,
    project=None,
    house=None,
    customer=None,
    method: str = "",
    needs_repeat: bool | None = None,
) -> QuerySet[Visit]:
    require(user, "care.view")
    qs = scoping.visible_to(
        Visit.objects.select_related("house", "customer", "visited_by", "campaign"), user
    )
    for name, value in (
        ("campaign_id", campaign),
        ("campaign__project_id", project),
        ("house_id", house),
        ("customer_id", customer),
    ):
        if value:
            qs = qs.filter(**{name: value})
    if method:
        qs = qs.filter(method=method)
    if needs_repeat is not None:
        flagged = Q(severely_dissatisfied=True, repeat_done_at__isnull=True)
        qs = qs.filter(flagged) if needs_repeat else qs.exclude(flagged)
    return qs


def get_visit(user, pk: int) -> Visit:
    require(user, "care.view")
    return scoping.get_visible_or_404(
        Visit.objects.select_related(
            "house", "customer", "campaign", "visited_by"
        ).prefetch_related("issues__ticket", "response__answers__question"),
        user,
        pk=pk,
    )


def spot_checks_for(user, *, project=None) -> QuerySet[SpotCheck]:
    require(user, "care.view")
    qs = scoping.visible_to(SpotCheck.objects.select_related("project", "checked_by"), user)
    return qs.filter(project_id=project) if project else qs


def get_spot_check(user, pk: int) -> SpotCheck:
    require(user, "care.view")
    return scoping.get_visible_or_404(SpotCheck.objects.all(), user, pk=pk)


@dataclass
class Summary:
    targets: int
    visited: int
    in_person: int
    issues: int
    issues_handled: int
    needs_repeat: int

    @property
    def coverage(self) -> float:
        return round(self.visited / self.targets, 4) if self.targets else 0.0

    @property
    def handling_rate(self) -> float:
        """Issues whose tickets are closed, out of all the issues raised (1 when none)."""
        return round(self.issues_handled / self.issues, 4) if self.issues else 1.0


def summary(campaign: Campaign) -> Summary:
    """Coverage (visited targets / targets) and handling rate, as SQL counts (read from the
    campaign itself when it comes from :func:`campaigns_for`, annotated by :func:`with_summary`)."""
    if hasattr(campaign, "sum_targets"):
        c = campaign
        return Summary(
            c.sum_targets,
            c.sum_visited,
            c.sum_in_person,
            c.sum_issues,
            c.sum_handled,
            c.sum_needs_repeat,
        )
    t = Target.objects.filter(campaign=campaign).aggregate(
        targets=Count("id"), visited=Count("id", filter=Q(visited=True))
    )
    v = Visit.objects.filter(campaign=campaign).aggregate(
        in_person=Count("target", filter=Q(method="in_person"), distinct=True),
        needs_repeat=Count("id", filter=Q(severely_dissatisfied=True, repeat_done_at__isnull=True)),
    )
    i = VisitIssue.objects.filter(visit__campaign=campaign).aggregate(
        issues=Count("id"), handled=Count("id", filter=Q(ticket__status=CLOSED))
    )
    return Summary(
        t["targets"], t["visited"], v["in_person"], i["issues"], i["handled"], v["needs_repeat"]
    )


def by_building(campaign: Campaign) -> list[dict]:
    """Targets and visited targets per building (the coverage chart)."""
    rows = (
        Target.objects.filter(campaign=campaign)
        .order_by()
        .values("house__building__name")
        .annotate(targets=Count("id"), visited=Count("id", filter=Q(visited=True)))
        .order_by("house__building__name")
    )
    return [
        {"label": r["house__building__name"], "targets": r["targets"], "visited": r["visited"]}
        for r in rows
    ]


def by_assignee(campaign: Campaign) -> list[dict]:
    rows = (
        Target.objects.filter(campaign=campaign)
        .order_by()
        .values("assignee__name", "assignee__username")
        .annotate(targets=Count("id"), visited=Count("id", filter=Q(visited=True)))
        .order_by("assignee__username")
    )
    return [
        {
            "label": r["assignee__name"] or r["assignee__username"] or "",
            "targets": r["targets"],
            "visited": r["visited"],
        }
        for r in rows
    ]


def issues_of(campaign: Campaign) -> QuerySet[VisitIssue]:
    return VisitIssue.objects.filter(visit__campaign=campaign).select_related(
        "ticket", "visit__house"
    )
