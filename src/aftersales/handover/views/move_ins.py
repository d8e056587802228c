"""Move-in (入住登记): documents, keys, meters, the record and the printed 住户登记表."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, need, show_error, visible_or_404
from aftersales.estates.models import House
from aftersales.handover import selectors
from aftersales.handover.choices import Document
from aftersales.handover.forms import MoveInForm
from aftersales.handover.selectors import Filters
from aftersales.handover.services import move_ins
from aftersales.handover.views._common import or_404, printed


@login_required
def move_in_new(request, house_pk: int):
    need(request, "handover.manage")
    house = visible_or_404(House.objects.select_related("project"), request, pk=house_pk)
    customers = list(scoping.visible_to(house.customers.all(), request.user).order_by("pk"))
    appt = selectors.appointments_for(request.user, Filters(house=house.pk)).last()
    initial = {"party": appt.party, "documents": appt.documents} if appt else {}
    form = MoveInForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = as_id(request.POST.get("customer")) or (customers[0].pk if customers else 0)
        try:
            with transaction.atomic():
                record = move_ins.move_in(
                    request.user,
                    house=house.pk,
                    customer=customer,
                    party=data["party"],
                    documents=data["documents"],
                    keys=data["keys"],
                    meters_read={n: data[n] for n in ("water", "electricity", "gas")},
                    fees_collected=data["fees_collected"],
                    handbook=data["handbook"],
                    drawings=data["drawings"],
                    agreements_signed=data["agreements_signed"],
                )
                for upload in request.FILES.getlist("files"):
                    move_ins.archive_file(request.user, record, upload)
        except DomainError as exc:
            if exc.code == "documents_missing":
                names = "、".join(str(Document(d).label) for d in exc.fields["documents"])
                form.add_error("documents", _("还缺少：%(names)s") % {"names": names})
            else:
                show_error(form, exc, {f"meters.{n}": n for n in ("water", "electricity", "gas")})
        else:
            messages.success(request, _("入住手续已办结，房屋状态为已入住"))
            return redirect("handover:move_in", pk=record.pk)
    return render(
        request,
        "handover/move_in_form.html",
        {"house": house, "customers": customers, "form": form, "appt": appt},
    )


@login_required
def move_in(request, pk: int):
    need(request, "handover.view")
    record = or_404(selectors.get_move_in, request.user, pk)
    return render(
        request,
        "handover/move_in.html",
        {
            "record": record,
            "documents": [Document(d).label for d in record.documents],
            "files": list(record.files.all()),
        },
    )


@login_required
def print_move_in(request, pk: int):
    need(request, "handover.view")
    record = or_404(selectors.get_move_in, request.user, pk)
    return render(
        request,
        "handover/print/move_in.html",
        printed(
            request,
            "住户登记表",
            record=record,
            documents=[Document(d).label for d in record.documents],
            occupants=list(record.house.occupants.select_related("customer")),
        ),
    )
