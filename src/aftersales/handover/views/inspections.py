"""The inspection on a phone, its page (defect tickets and their status), re-inspection, the
owner's signature and the printed 房屋质量验收登记表."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate, visible_or_404
from aftersales.estates.models import House
from aftersales.handover import selectors
from aftersales.handover.choices import InspectionStatus
from aftersales.handover.models import ItemPhoto
from aftersales.handover.selectors import Filters
from aftersales.handover.services import inspections
from aftersales.handover.views._common import attempt, or_404, printed, stored_file


@login_required
def inspection_list(request):
    need(request, "handover.view")
    status = request.GET.get("status", "")
    f = Filters(project=int_param(request, "project"), status=status)
    rows = paginate(request, selectors.inspections_for(request.user, f))
    for i in rows:
        i.state = selectors.status_of(i)
    return render(
        request,
        "handover/inspections.html",
        {"page": rows, "status": status, "statuses": InspectionStatus.choices},
    )


def _rows_from(request, lines) -> tuple[list[dict], dict]:
    """The checked lines of the phone form, and the photos per line index."""
    rows, photos = [], {}
    for i, line in enumerate(lines):
        verdict = request.POST.get(f"r{line.pk}", "pass")
        rows.append(
            {
                "item": line.name,
                "location": line.room,
                "category": line.category,
                "component": line.component,
                "passed": verdict != "fail",
                "note": request.POST.get(f"n{line.pk}", ""),
            }
        )
        files = request.FILES.getlist(f"p{line.pk}")
        if files:
            photos[i] = files
    return rows, photos


@login_required
def inspect(request, house_pk: int):
    """The checklist room by room on a phone; failed items open their repair tickets."""
    need(request, "handover.inspect")
    house = visible_or_404(House.objects.select_related("project"), request, pk=house_pk)
    customers = list(scoping.visible_to(house.customers.all(), request.user).order_by("pk"))
    rooms = selectors.checklist_rooms()
    error = ""
    if request.method == "POST":
        lines = [line for room in rooms for line in room["lines"]]
        rows, photos = _rows_from(request, lines)
        customer = request.POST.get("customer") or (customers[0].pk if customers else 0)
        try:
            with transaction.atomic():
                made = inspections.create_inspection(
                    request.user,
                    house=house.pk,
                    customer=int(customer),
                    items=rows,
                    appointment=as_id(request.POST.get("appointment")),
                )
                items = list(made.items.order_by("order"))
                for index, files in photos.items():
                    for upload in files:
                        inspections.add_photo(request.user, items[index], upload)
        except (DomainError, ValueError) as exc:
            error = getattr(exc, "detail", str(exc))
        else:
            failed = sum(not r["passed"] for r in rows)
            if failed:
                messages.warning(
                    request, _("验房完成：%(n)d 项不合格，已生成整改工单") % {"n": failed}
                )
            else:
                messages.success(request, _("验房完成：全部合格"))
            return redirect("handover:inspection", pk=made.pk)
    return render(
        request,
        "handover/inspect.html",
        {
            "house": house,
            "customers": customers,
            "rooms": rooms,
            "error": error,
            "appointment": request.GET.get("appointment", ""),
        },
    )


@login_required
def inspection(request, pk: int):
    need(request, "handover.view")
    found = or_404(selectors.get_inspection, request.user, pk)
    items = selectors.items_of(found)
    return render(
        request,
        "handover/inspection.html",
        {
            "inspection": found,
            "state": selectors.status_of(found),
            "items": items,
            "failed": [i for i in items if not i.passed],
            "can_inspect": can(request.user, "handover.inspect"),
            "can_manage": can(request.user, "handover.manage"),
            "moved_in": selectors.move_ins_for(request.user, Filters(house=found.house_id)).first(),
        },
    )


@login_required
@require_POST
def reinspect(request, pk: int):
    need(request, "handover.inspect")
    found = or_404(selectors.get_inspection, request.user, pk)
    attempt(
        request,
        lambda: inspections.reinspect(request.user, found, note=request.POST.get("note", "")),
        _("已记录复验"),
    )
    return redirect("handover:inspection", pk=pk)


@login_required
@require_POST
def accept(request, pk: int):
    need(request, "handover.inspect")
    found = or_404(selectors.get_inspection, request.user, pk)
    attempt(
        request,
        lambda: inspections.accept(
            request.user, found, signature=request.POST.get("signature", "")
        ),
        _("业主已签收"),
    )
    return redirect("handover:inspection", pk=pk)


@login_required
def print_inspection(request, pk: int):
    need(request, "handover.view")
    found = or_404(selectors.get_inspection, request.user, pk)
    return render(
        request,
        "handover/print/inspection.html",
        printed(
            request,
            "房屋质量验收登记表",
            inspection=found,
            state=selectors.status_of(found),
            items=selectors.items_of(found),
        ),
    )


@login_required
def signature(request, pk: int):
    need(request, "handover.view")
    found = or_404(selectors.get_inspection, request.user, pk)
    return stored_file(found.signature)


@login_required
def item_photo(request, pk: int):
    need(request, "handover.view")
    photo = visible_or_404(ItemPhoto.objects.all(), request, pk=pk)
    return stored_file(photo.file, photo.content_type)
