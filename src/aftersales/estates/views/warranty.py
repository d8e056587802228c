"""The warranty catalogue and each project's own terms (保修目录, R-WAR-1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.estates import selectors, services
from aftersales.estates.forms import WarrantyComponentForm, WarrantyTermForm, show_error
from aftersales.estates.models import Project, ProjectWarrantyTerm, WarrantyComponent
from aftersales.estates.views._common import as_id, need, visible_or_404


def _months_text(months) -> str:
    return "" if months is None else str(months)


@login_required
def warranty(request):
    need(request, "warranty.view")
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    project_id = as_id(source.get("project"))
    project = visible_or_404(Project.objects.all(), request, pk=project_id) if project_id else None
    bound: dict[tuple[str, str], object] = {}
    if request.method == "POST":
        need(request, "warranty.manage")
        response = _save(request, project, bound)
        if response is not None:
            return response

    components = list(WarrantyComponent.objects.all())
    catalogue = [
        {
            "component": c,
            "form": bound.get(("component", c.code))
            or WarrantyComponentForm(initial={"months": _months_text(c.months), "basis": c.basis}),
        }
        for c in components
    ]
    terms = []
    if project is not None:
        own = set(
            scoping.visible_to(
                ProjectWarrantyTerm.objects.filter(project=project), user
            ).values_list("component_id", flat=True)
        )
        for c in components:
            months = services.warranty_months(project, c)
            terms.append(
                {
                    "component": c,
                    "months": months,
                    "own": c.id in own,
                    "form": bound.get(("term", c.code))
                    or WarrantyTermForm(initial={"months": _months_text(months)}),
                }
            )
    return render(
        request,
        "estates/warranty.html",
        {
            "catalogue": catalogue,
            "projects": selectors.projects_for(user),
            "project": project,
            "terms": terms,
            "can_manage": can(user, "warranty.manage"),
        },
    )


def _save(request, project: Project | None, bound: dict):
    """Save one row of either table; on a refused value keep the row's form with its error."""
    action = request.POST.get("action")
    code = request.POST.get("component", "")
    component = get_object_or_404(WarrantyComponent, code=code)
    url = reverse("estates:warranty") + (f"?project={project.pk}" if project else "")
    if action == "component":
        form = WarrantyComponentForm(request.POST)
        if form.is_valid():
            try:
                services.update_warranty_component(request.user, component, **form.cleaned_data)
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(
                    request, _("已保存“%(name)s”的默认保修期") % {"name": component.name}
                )
                return redirect(f"{url}#catalogue")
        bound[("component", code)] = form
    elif action == "term" and project is not None:
        form = WarrantyTermForm(request.POST)
        if form.is_valid():
            try:
                services.set_project_warranty_term(
                    request.user, project, component.code, form.cleaned_data["months"]
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(
                    request,
                    _("已保存%(project)s“%(name)s”的保修期")
                    % {"project": project.name, "name": component.name},
                )
                return redirect(f"{url}#terms")
        bound[("term", code)] = form
    else:
        messages.error(request, _("请选择项目后再修改项目保修期"))
        return redirect(url)
    return None
