"""验房检查项: the inspection checklist (rooms × items) configured on one page.

A form to add a line, then each room with its lines, each edited in place; a line is switched
off rather than deleted. The rules are :mod:`aftersales.handover.services.checklist`'s.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, need, show_error
from aftersales.handover import selectors
from aftersales.handover.forms import ChecklistItemForm, component_choices
from aftersales.handover.models import ChecklistItem
from aftersales.handover.services import checklist


def _edit_form(line: ChecklistItem, components: list[tuple[str, str]]) -> ChecklistItemForm:
    initial = {f: getattr(line, f) for f in checklist.AUDITED}
    return ChecklistItemForm(initial=initial, prefix=f"i{line.pk}", components=components)


def _page(request, new_form, failed: dict[int, ChecklistItemForm], status: int = 200):
    lines = selectors.checklist_all()
    components = component_choices()  # once for the page, not once per line's form
    for line in lines:  # each line carries its edit form (the failed one with its errors)
        line.form = failed.get(line.pk) or _edit_form(line, components)
    context = {"rooms": selectors.checklist_rooms(lines), "new_form": new_form}
    return render(request, "handover/checklist.html", context, status=status)


@login_required
def checklist_page(request):
    need(request, "handover.checklist")
    new_form = ChecklistItemForm(prefix="new", initial={"room": request.GET.get("room", "")})
    if request.method != "POST":
        return _page(request, new_form, {})
    pk = as_id(request.POST.get("item"))
    line = None
    if pk is not None:
        line = ChecklistItem.objects.filter(pk=pk).first()
        if line is None:
            raise Http404(_("验房检查项不存在"))
    form = ChecklistItemForm(request.POST, prefix=f"i{pk}" if line else "new")
    if form.is_valid():
        try:
            saved = checklist.save_item(request.user, line, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("验房检查项已保存"))
            return redirect(f"{reverse('handover:checklist')}#item-{saved.pk}")
    if line is None:
        return _page(request, form, {}, status=422)
    return _page(request, new_form, {line.pk: form}, status=422)
