"""The ticket list: filters, full-text search and the user's saved views (tickets/search.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from aftersales.accounts.models import User
from aftersales.core import scoping
from aftersales.core.errors import DomainError, NotFound
from aftersales.core.web import need, paginate
from aftersales.estates.models import Project
from aftersales.tickets import search
from aftersales.tickets.choices import Category, Kind, Status
from aftersales.tickets.services import saved_views
from aftersales.tickets.views._common import with_clocks


def _assignees(user):
    """Whom the list can be filtered by: the users of the viewer's projects who hold tickets."""
    staff = User.objects.filter(is_active=True, customer__isnull=True, contractor__isnull=True)
    return scoping.visible_to(staff, user).distinct().order_by("username")[:200]


@login_required
def ticket_list(request):
    need(request, "tickets.search")
    user = request.user
    error = ""
    try:
        filters = search.parse(request.GET)
    except DomainError as exc:
        error = exc.detail
        filters = search.TicketSearch()
    page_obj = found = None
    if not error:
        found = search.counted(user, filters)
        page_obj = paginate(request, found)
        with_clocks(page_obj.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tickets/list.html",
        {
            "filters": filters,
            "raw": request.GET,
            "error": error,
            "page_obj": page_obj,
            "capped": found is not None and found.capped,
            "count_limit": search.COUNT_LIMIT,
            "filtered": not filters.is_empty(),
            "query": query.urlencode(),
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "categories": Category.choices,
            "projects": scoping.visible_to(Project.objects.all(), user),
            "assignees": _assignees(user),
            "saved": search.saved_views(user),
        },
    )


@login_required
@require_POST
def saved_view_create(request):
    need(request, "tickets.search")
    query = request.POST.get("query", "")
    try:
        view = saved_views.save_view(
            request.user, name=request.POST.get("name", ""), params=QueryDict(query)
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(reverse("tickets:list") + (f"?{query}" if query else ""))
    messages.success(request, gettext("已保存查询“%(name)s”。") % {"name": view.name})
    return redirect(reverse("tickets:list") + f"?{view.query}")


@login_required
@require_POST
def saved_view_delete(request, pk: int):
    need(request, "tickets.search")
    try:
        saved_views.delete_view(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from None
    messages.success(request, gettext("已删除保存的查询。"))
    return redirect("tickets:list")
