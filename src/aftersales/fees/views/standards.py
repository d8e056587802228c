"""收费标准 and 导入缴费记录: the price per m² of each project; payments from bank or finance
statements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import need, show_error
from aftersales.fees import exports, imports, selectors, services
from aftersales.fees.forms import ImportForm, StandardForm
from aftersales.fees.views._common import wants_xlsx, xlsx


@login_required
def standard_list(request):
    need(request, "fees.view")
    error_for, error = None, ""
    if request.method == "POST":
        need(request, "fees.standard")
        form = StandardForm(request.POST)
        if form.is_valid():
            try:
                project = selectors.project(request.user, form.cleaned_data["project"])
                services.set_fee_standard(
                    request.user, project, price_per_sqm=form.cleaned_data["price_per_sqm"]
                )
            except NotFound as exc:
                raise Http404(exc.detail) from exc
            except DomainError as exc:
                error_for, error = form.cleaned_data["project"], exc.detail
            else:
                done = _("%(project)s 的收费标准已设为 %(price)s 元/㎡·月")
                price = project.fee_standard.price_per_sqm
                messages.success(request, done % {"project": project.name, "price": price})
                return redirect("fees:standards")
    standards = {s.project_id: s for s in selectors.standards(request.user)}
    rows = [
        {"project": p, "standard": standards.get(p.pk), "error": error if p.pk == error_for else ""}
        for p in selectors.projects(request.user)
    ]
    if wants_xlsx(request):
        return xlsx(exports.standards(rows), "收费标准")
    return render(
        request,
        "fees/standards.html",
        {"rows": rows, "may_edit": can(request.user, "fees.standard")},
    )


@login_required
def payment_import(request):
    need(request, "fees.collect")
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = imports.import_payments(
                    request.user,
                    form.cleaned_data["file"].read(),
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as exc:
                show_error(form, exc)
    else:
        form = ImportForm()
    return render(request, "fees/import.html", {"form": form, "result": result})


@login_required
def payment_template(request) -> HttpResponse:
    need(request, "fees.collect")
    return xlsx(imports.template(), "缴费记录导入模板")


urlpatterns = [
    path("standards/", standard_list, name="standards"),
    path("payments/import/", payment_import, name="payment_import"),
    path("payments/template/", payment_template, name="payment_template"),
]
