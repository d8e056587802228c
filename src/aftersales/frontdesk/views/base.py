"""What every front-desk list shares: the filters (project, house, customer, status), the
table, the Excel export of the same rows, and turning a service's error into a message."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from aftersales.core import excel, scoping
from aftersales.core.errors import DomainError, NotFound
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate
from aftersales.estates.models import House
from aftersales.estates.selectors import projects_for
from aftersales.frontdesk import selectors

EXPORT_LIMIT = 20_000


@dataclass
class Listing:
    """One list screen: which records, which columns, which links."""

    kind: str  # key of selectors.KINDS
    title: Any
    columns: list[tuple[Any, Callable[[Any], Any]]]
    detail: str
    statuses: list
    export: str
    create: str = ""
    create_capability: str = "frontdesk.manage"
    print_list: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def model(self) -> type[Model]:
        return selectors.KINDS[self.kind]


def filters(request) -> dict:
    return {
        "project": int_param(request, "project"),
        "house": int_param(request, "house"),
        "customer": int_param(request, "customer"),
        "status": (request.GET.get("status") or "")[:20],
    }


def rows(request, listing: Listing):
    return selectors.records(request.user, listing.model, **filters(request))


def list_page(request, listing: Listing, *, template: str = "frontdesk/list.html", **context):
    need(request, "frontdesk.view")
    page = paginate(request, rows(request, listing))
    table = [
        {"pk": obj.pk, "cells": [fn(obj) for _, fn in listing.columns], "obj": obj}
        for obj in page.object_list
    ]
    chosen = filters(request)
    return render(
        request,
        template,
        {
            "listing": listing,
            "page_obj": page,
            "table": table,
            "headers": [label for label, _ in listing.columns],
            "filters": chosen,
            "filtered": any(chosen.values()),
            "projects": projects_for(request.user),
            "can_create": bool(listing.create) and can(request.user, listing.create_capability),
            "can_export": can(request.user, "frontdesk.export"),
            **context,
        },
    )


def export(request, listing: Listing):
    """The rows of the list as filtered, in an Excel file (at most EXPORT_LIMIT rows)."""
    need(request, "frontdesk.export")
    with data_language():
        book = Workbook(write_only=True)
        sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", "、", str(listing.title))[:31])
        sheet.append(excel.row([str(label) for label, _ in listing.columns] + ["状态"]))
        for obj in rows(request, listing)[:EXPORT_LIMIT]:
            sheet.append(
                excel.row(
                    [_plain(fn(obj)) for _, fn in listing.columns] + [obj.get_status_display()]
                )
            )
        out = io.BytesIO()
        book.save(out)
        name = dated_name(str(listing.title).replace("/", "、"))
    return xlsx_response(out.getvalue(), name)


def _plain(value):
    if hasattr(value, "tzinfo") and value is not None and getattr(value, "hour", None) is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value if isinstance(value, int | float) or value is None else str(value)


def record(request, model: type[Model], pk: int):
    """One record within the user's scope; out of scope or unknown: 404."""
    try:
        return selectors.record(request.user, model, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def picked_house(request):
    """The house a form was opened for (``?house=``) or posted with, if the user may see it."""
    pk = as_id(request.POST.get("house") or request.GET.get("house"))
    if pk is None:
        return None
    return (
        scoping.visible_to(House.objects.select_related("project"), request.user)
        .filter(pk=pk)
        .first()
    )


def form_errors_to_messages(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, errors[0])


def act(request, fn, *args, done: str = "", back: str, **kwargs):
    """Call a service; a domain error becomes a message. Then back to ``back`` (a URL)."""
    try:
        fn(request.user, *args, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        if done:
            messages.success(request, done)
    return redirect(back)


def moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def print_context(request, title) -> dict:
    return {
        "title": title,
        "printed_by": request.user.display_name,
        "printed_at": timezone.now(),
    }
