"""Projects (项目/小区): list, detail with buildings and public areas, create and edit (R-EST-1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import Length
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.estates import selectors, services
from aftersales.estates.choices import HouseStatus
from aftersales.estates.forms import ProjectForm, PublicAreaForm, show_error
from aftersales.estates.models import Building, House, Project, PublicArea
from aftersales.estates.views._common import need, paginate, visible_or_404


@login_required
def project_list(request):
    need(request, "estates.view")
    q = request.GET.get("q", "").strip()
    page_obj = paginate(request, selectors.projects_for(request.user, q=q))
    # Counted for the page's projects only, one grouped query each (a join of buildings and
    # houses with DISTINCT would multiply them: seconds at half a million houses).
    ids = [p.pk for p in page_obj.object_list]
    for name, model in (("building_count", Building), ("house_count", House)):
        counts = dict(
            model.objects.filter(project_id__in=ids)
            .order_by()
            .values_list("project_id")
            .annotate(n=Count("pk"))
        )
        for project in page_obj.object_list:
            setattr(project, name, counts.get(project.pk, 0))
    return render(
        request,
        "estates/project_list.html",
        {
            "page_obj": page_obj,
            "q": q,
            "can_manage": can(request.user, "estates.manage"),
        },
    )


@login_required
def project_detail(request, pk: int):
    need(request, "estates.view")
    project = visible_or_404(Project.objects.all(), request, pk=pk)
    return _render_detail(request, project, PublicAreaForm())


def _render_detail(request, project: Project, area_form: PublicAreaForm):
    user = request.user
    buildings = (
        scoping.visible_to(Building.objects.filter(project=project), user)
        .annotate(house_count=Count("houses"))
        .order_by(Length("name"), "name")
    )
    labels = dict(HouseStatus.choices)
    by_status = (
        selectors.houses_for(user, project=project.pk)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    status_counts = sorted(
        (
            {
                "code": row["status"],
                "label": labels.get(row["status"], row["status"]),
                "n": row["n"],
            }
            for row in by_status
        ),
        key=lambda row: list(labels).index(row["code"]) if row["code"] in labels else 99,
    )
    public_areas = scoping.visible_to(
        PublicArea.objects.filter(project=project).select_related("building"), user
    ).order_by("name")
    return render(
        request,
        "estates/project_detail.html",
        {
            "project": project,
            "buildings": buildings,
            "status_counts": status_counts,
            "house_total": sum(row["n"] for row in status_counts),
            "customer_total": selectors.customers_for(user, project=project.pk).count()
            if can(user, "customers.view")
            else None,
            "public_areas": public_areas,
            "area_form": area_form,
            "can_manage": can(user, "estates.manage"),
            "can_customers": can(user, "customers.view"),
            "can_warranty": can(user, "warranty.view"),
        },
    )


@login_required
def project_create(request):
    need(request, "estates.manage")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("项目“%(name)s”已创建") % {"name": project.name})
            return redirect("estates:project_detail", pk=project.pk)
    return render(request, "estates/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request, pk: int):
    need(request, "estates.manage")
    project = visible_or_404(Project.objects.all(), request, pk=pk)
    initial = {
        "code": project.code,
        "name": project.name,
        "city": project.city,
        "address": project.address,
        "delivered_on": project.delivered_on.isoformat() if project.delivered_on else "",
    }
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(request.user, project, **form.changes())
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("项目信息已保存"))
            return redirect("estates:project_detail", pk=project.pk)
    return render(request, "estates/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def public_area_create(request, pk: int):
    need(request, "estates.manage")
    project = visible_or_404(Project.objects.all(), request, pk=pk)
    form = PublicAreaForm(request.POST)
    if form.is_valid():
        try:
            area = services.create_public_area(
                request.user, project=project, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("公共区域“%(name)s”已添加") % {"name": area.name})
            url = reverse("estates:project_detail", args=[project.pk])
            return redirect(f"{url}#public-areas")
    return _render_detail(request, project, form)
