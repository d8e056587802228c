"""The handover desk (交付接待台): today's arrivals, document check, batches and booking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate
from aftersales.estates.models import House
from aftersales.estates.selectors import projects_for
from aftersales.handover import selectors
from aftersales.handover.choices import REQUIRED_DOCUMENTS, Document
from aftersales.handover.forms import BatchForm, BookForm, DocumentsForm
from aftersales.handover.selectors import Filters
from aftersales.handover.services import batches
from aftersales.handover.views._common import attempt, or_404


@login_required
def desk(request):
    need(request, "handover.view")
    day = parse_date(request.GET.get("day") or "") or timezone.localdate()
    project = int_param(request, "project")
    data = selectors.arrivals(request.user, day, project)
    ready = selectors.inspections_for(
        request.user, Filters(project=project, status="ready_for_reinspection")
    )
    return render(
        request,
        "handover/desk.html",
        {
            "data": data,
            "projects": projects_for(request.user),
            "project_id": project,
            "ready": list(ready[:10]),
            "can_manage": can(request.user, "handover.manage"),
            "can_inspect": can(request.user, "handover.inspect"),
        },
    )


@login_required
def appointment(request, pk: int):
    need(request, "handover.view")
    appt = or_404(selectors.get_appointment, request.user, pk)
    form = DocumentsForm(
        request.POST or None, initial={"party": appt.party, "documents": appt.documents}
    )
    if request.method == "POST":
        need(request, "handover.manage")
        if form.is_valid():
            done = attempt(
                request,
                lambda: batches.check_documents(
                    request.user,
                    appt,
                    documents=form.cleaned_data["documents"],
                    party=form.cleaned_data["party"],
                ),
            )
            if done:
                appt.refresh_from_db()
                if appt.missing:
                    names = "、".join(str(Document(d).label) for d in appt.missing)
                    messages.warning(request, _("资料不全，还缺少：%(names)s") % {"names": names})
                else:
                    messages.success(request, _("资料齐全，可以验房和办理入住"))
            return redirect("handover:appointment", pk=appt.pk)
    required = {
        party: [str(Document(d).label) for d in docs] for party, docs in REQUIRED_DOCUMENTS.items()
    }
    inspection = selectors.inspections_for(request.user, Filters(house=appt.house_id)).first()
    move_in = selectors.move_ins_for(request.user, Filters(house=appt.house_id)).first()
    return render(
        request,
        "handover/appointment.html",
        {
            "appt": appt,
            "form": form,
            "required": required,
            "inspection": inspection,
            "inspection_status": selectors.status_of(inspection) if inspection else "",
            "move_in": move_in,
            "can_manage": can(request.user, "handover.manage"),
            "can_inspect": can(request.user, "handover.inspect"),
        },
    )


@login_required
@require_POST
def arrive(request, pk: int):
    need(request, "handover.manage")
    appt = or_404(selectors.get_appointment, request.user, pk)
    attempt(request, lambda: batches.arrive(request.user, appt), _("已签到"))
    return redirect(request.POST.get("next") or "handover:desk")


@login_required
def batch_list(request):
    need(request, "handover.view")
    projects = projects_for(request.user)
    form = BatchForm(request.POST or None, projects=projects)
    if request.method == "POST":
        need(request, "handover.manage")
        if form.is_valid():
            made = []
            ok = attempt(
                request,
                lambda: made.append(batches.create_batch(request.user, **form.cleaned_data)),
                _("交付批次已创建"),
            )
            if ok:
                return redirect("handover:batch", pk=made[0].pk)
    page = paginate(request, selectors.batches_for(request.user))
    return render(
        request,
        "handover/batches.html",
        {"page": page, "form": form, "can_manage": can(request.user, "handover.manage")},
    )


@login_required
def batch(request, pk: int):
    need(request, "handover.view")
    found = or_404(selectors.get_batch, request.user, pk)
    houses = scoping.visible_to(House.objects.filter(project_id=found.project_id), request.user)
    form = BookForm(request.POST or None, houses=houses.order_by("label")[:500])
    if request.method == "POST":
        need(request, "handover.manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            house = houses.filter(pk=data["house"]).first()
            link = house.occupants.order_by("id").first() if house else None
            data["customer"] = data.get("customer") or (link.customer_id if link else 0)
            attempt(
                request, lambda: batches.book(request.user, found, **data), _("已预约，短信已发送")
            )
            return redirect("handover:batch", pk=found.pk)
    appointments = selectors.appointments_for(request.user, batch=found.pk)
    return render(
        request,
        "handover/batch.html",
        {
            "batch": found,
            "form": form,
            "page": paginate(request, appointments, 50),
            "can_manage": can(request.user, "handover.manage"),
        },
    )
