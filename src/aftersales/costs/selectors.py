"""Reads of the money side, each passed through the caller's data scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from aftersales.core.scoping import is_staff_user, project_ids, visible_to
from aftersales.costs.models import (
    ApprovalStep,
    Contractor,
    FinalAccount,
    Fund,
    Settlement,
    SpendingRequest,
    Transfer,
)


def contractors_for(user, q: str = "", active: bool | None = None) -> QuerySet[Contractor]:
    qs = visible_to(Contractor.objects.prefetch_related("projects"), user).order_by("name", "id")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(contact_name__icontains=q) | Q(contact_phone=q))
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def contractor_projects(user, company: Contractor) -> list:
    """The projects ``company`` built that ``user`` may know of (R-ORG-3).

    The company's own contact sees all of them; staff see those within their data scope (a
    project out of scope is neither named nor numbered); anyone else sees none. Uses the
    prefetched ``projects`` when there is one.
    """
    projects = list(company.projects.all())
    if getattr(user, "contractor_id", None) == company.pk:
        return projects
    if not is_staff_user(user):
        return []
    seen = project_ids(user)
    return projects if seen is None else [p for p in projects if p.pk in seen]


def spending_requests_for(
    user, *, status: str = "", ticket: int | None = None, awaiting_me: bool = False
) -> QuerySet[SpendingRequest]:
    qs = visible_to(
        SpendingRequest.objects.select_related("ticket__house", "requested_by").prefetch_related(
            "steps"
        ),
        user,
    ).order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if ticket:
        qs = qs.filter(ticket_id=ticket)
    if awaiting_me:
        qs = qs.filter(
            steps__status=ApprovalStep.Status.PENDING, steps__role__in=user.role_codes()
        ).distinct()
    return qs


def final_accounts_for(
    user, *, status: str = "", ticket: int | None = None, reviewable: bool = False
) -> QuerySet[FinalAccount]:
    qs = visible_to(
        FinalAccount.objects.select_related("ticket__house", "contractor", "filed_by"), user
    ).order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if ticket:
        qs = qs.filter(ticket_id=ticket)
    if reviewable:
        from aftersales.costs.services.accounts import REVIEWERS

        roles = user.role_codes()
        mine = [r for r, holders in REVIEWERS.items() if holders & roles or user.is_superuser]
        qs = qs.filter(status=FinalAccount.Status.FILED, reviewer_role__in=mine)
    return qs


def settlements_for(
    user,
    *,
    status: str = "",
    contractor: int | None = None,
    work_class: str = "",
    ticket: int | None = None,
) -> QuerySet[Settlement]:
    qs = visible_to(
        Settlement.objects.select_related("ticket__house", "contractor", "account"), user
    ).order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if contractor:
        qs = qs.filter(contractor_id=contractor)
    if work_class:
        qs = qs.filter(work_class=work_class)
    if ticket:
        qs = qs.filter(ticket_id=ticket)
    return qs


def transfers_for(user, *, status: str = "", ticket: int | None = None) -> QuerySet[Transfer]:
    qs = visible_to(
        Transfer.objects.select_related("ticket__house", "contractor", "created_by"), user
    ).order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if ticket:
        qs = qs.filter(ticket_id=ticket)
    return qs


def funds() -> QuerySet[Fund]:
    return Fund.objects.order_by("id")
