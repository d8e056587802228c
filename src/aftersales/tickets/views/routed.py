"""Complaints routed to my department (R-CMP-3): the department's own feedback clock first.

Every member of a department (engineering, design, sales, property …) sees the open
complaints routed to it within his data scope, most urgent first, with the at-risk (amber)
and overdue (red) marks of the department's own clock.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import DepartmentCode
from aftersales.core.permissions import can
from aftersales.core.web import paginate
from aftersales.tickets import selectors
from aftersales.tickets.choices import DeadlineName
from aftersales.tickets.models import Deadline
from aftersales.tickets.views._common import clock, need_staff

FILTERS = [("waiting", _("待本部门反馈")), ("all", _("全部未关闭"))]


@login_required
def routed(request):
    need_staff(request)
    user = request.user
    if not can(user, "tickets.routed"):
        raise PermissionDenied
    code = user.department.code if user.department_id else ""
    current = request.GET.get("show", "waiting")
    if current not in dict(FILTERS):
        current = "waiting"
    qs = selectors.routed_to_department(user)
    waiting = qs.filter(
        deadlines__department=code,
        deadlines__name=DeadlineName.DEPARTMENT_FEEDBACK,
        deadlines__met_at__isnull=True,
    )
    counts = {"waiting": waiting.count(), "all": qs.count()}
    shown = (waiting if current == "waiting" else qs).order_by("-id")
    page_obj = paginate(request, shown)
    now = timezone.now()
    own = {
        d.ticket_id: d
        for d in Deadline.objects.filter(
            ticket__in=[t.pk for t in page_obj.object_list],
            department=code,
            name=DeadlineName.DEPARTMENT_FEEDBACK,
        ).select_related("ticket")
    }
    for ticket in page_obj.object_list:
        mine = own.get(ticket.pk)
        ticket.own_clock = clock(mine, now) if mine else None
    tabs = [{"code": c, "label": label, "count": counts[c]} for c, label in FILTERS]
    context = {
        "page_obj": page_obj,
        "tabs": tabs,
        "current": current,
        "department": dict(DepartmentCode.choices).get(code, ""),
    }
    return render(request, "tickets/routed.html", context)
