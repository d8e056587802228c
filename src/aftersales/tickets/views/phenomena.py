"""报事现象: the category → phenomenon tree of intake, configured here (R-TKT-4).

One page: a form to add a phenomenon, then each category with its phenomena, each row edited
in place (HTMX swaps the row; without JavaScript the whole page comes back).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, is_htmx, need, show_error
from aftersales.estates.models import WarrantyComponent
from aftersales.tickets import phenomena
from aftersales.tickets.choices import Category
from aftersales.tickets.models import Phenomenon


def _components() -> list[tuple[str, str]]:
    return [("", gettext("（不指定）"))] + list(
        WarrantyComponent.objects.values_list("code", "name")
    )


class PhenomenonForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    name = forms.CharField(label=_("现象"), max_length=60, required=False)
    component = forms.ChoiceField(label=_("默认保修部位"), required=False)
    sort = forms.IntegerField(label=_("排序"), required=False, min_value=0, max_value=32767)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, components=None, **kwargs):
        super().__init__(*args, **kwargs)
        # One list for every row of the page (passed in), not one query per form.
        self.fields["component"].choices = components if components is not None else _components()

    def payload(self) -> dict:
        return dict(self.cleaned_data)


def _row(
    p: Phenomenon, form: PhenomenonForm | None = None, saved: bool = False, components=None
) -> dict:
    initial = {
        "category": p.category,
        "name": p.name,
        "component": p.component,
        "sort": p.sort,
        "active": p.active,
    }
    return {
        "p": p,
        "form": form or PhenomenonForm(initial=initial, prefix=f"p{p.pk}", components=components),
        "saved": saved,
    }


def _page(request, new_form: PhenomenonForm, failed: dict[int, PhenomenonForm], status=200):
    groups = phenomena.tree()
    components = _components()
    for group in groups:
        group["rows"] = [_row(p, failed.get(p.pk), components=components) for p in group["items"]]
    return render(
        request,
        "tickets/phenomena.html",
        {"groups": groups, "new_form": new_form},
        status=status,
    )


@login_required
def phenomenon_list(request):
    need(request, "policies.manage")
    new_form = PhenomenonForm(prefix="new", initial={"category": request.GET.get("category")})
    failed: dict[int, PhenomenonForm] = {}
    if request.method != "POST":
        return _page(request, new_form, failed)
    pk = as_id(request.POST.get("phenomenon"))
    if pk is None:  # the "add" form
        new_form = PhenomenonForm(request.POST, prefix="new")
        if new_form.is_valid():
            try:
                created = phenomena.create_phenomenon(request.user, **new_form.payload())
            except DomainError as exc:
                show_error(new_form, exc)
            else:
                messages.success(
                    request,
                    gettext("已添加报事现象“%(name)s”") % {"name": str(created)},
                )
                return redirect(f"{reverse('tickets:phenomena')}#phenomenon-{created.pk}")
        return _page(request, new_form, failed, status=422)
    p = Phenomenon.objects.filter(pk=pk).first()
    if p is None:
        raise Http404(gettext("报事现象不存在"))
    form = PhenomenonForm(request.POST, prefix=f"p{p.pk}")
    if form.is_valid():
        try:
            phenomena.update_phenomenon(request.user, p, **form.payload())
        except DomainError as exc:
            show_error(form, exc)
        else:
            p = Phenomenon.objects.annotate(tickets=Count("ticket")).get(pk=p.pk)
            if is_htmx(request):
                return render(request, "tickets/phenomena.html#row", {"row": _row(p, saved=True)})
            messages.success(request, gettext("报事现象已保存"))
            return redirect(f"{reverse('tickets:phenomena')}#phenomenon-{p.pk}")
    if is_htmx(request):
        p = Phenomenon.objects.annotate(tickets=Count("ticket")).get(pk=p.pk)
        return render(request, "tickets/phenomena.html#row", {"row": _row(p, form)})
    failed[p.pk] = form
    return _page(request, new_form, failed, status=422)
