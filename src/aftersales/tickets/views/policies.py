"""Deadline policies (时限规则, R-CAL-2): every rule by kind, each row edited in place."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, is_htmx, need, show_error
from aftersales.tickets import policies
from aftersales.tickets.choices import DeadlineName, Kind
from aftersales.tickets.models import DeadlinePolicy


class PolicyForm(forms.Form):
    amount = forms.CharField(label=_("数量"), max_length=20)
    unit = forms.ChoiceField(label=_("单位"), choices=policies.UNIT_LABELS.items())


def _row(policy: DeadlinePolicy, form: PolicyForm | None = None) -> dict:
    return {
        "policy": policy,
        "level_label": policies.level_label(policy.kind, policy.level),
        "name_label": DeadlineName(policy.name).label,
        "unit_label": policies.UNIT_LABELS.get(policy.unit, policy.unit),
        "form": form
        or PolicyForm(
            initial={"amount": policy.amount.normalize(), "unit": policy.unit},
            prefix=f"p{policy.pk}",
        ),
    }


def _groups(failed: dict[int, PolicyForm]) -> list[dict]:
    names, levels = DeadlineName.values, policies.levels()

    def order(p: DeadlinePolicy) -> tuple:
        return (
            names.index(p.name) if p.name in names else len(names),
            levels.index(p.level) if p.level in levels else len(levels),
            p.pk,
        )

    rows: dict[str, list[dict]] = {}
    for policy in sorted(DeadlinePolicy.objects.all(), key=order):
        rows.setdefault(policy.kind, []).append(_row(policy, failed.get(policy.pk)))
    return [
        {"kind": code, "label": label, "rows": rows[code]}
        for code, label in Kind.choices
        if code in rows
    ]


@login_required
def policy_list(request):
    need(request, "policies.manage")
    failed: dict[int, PolicyForm] = {}
    if request.method == "POST":
        pk = as_id(request.POST.get("policy"))
        policy = DeadlinePolicy.objects.filter(pk=pk).first() if pk else None
        if policy is None:
            raise Http404(gettext("时限规则不存在"))
        form = PolicyForm(request.POST, prefix=f"p{policy.pk}")
        if form.is_valid():
            try:
                policy = policies.update_policy(
                    request.user, policy, form.cleaned_data["amount"], form.cleaned_data["unit"]
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                if is_htmx(request):
                    row = _row(policy) | {"saved": True}
                    return render(request, "tickets/_policy_row.html", {"row": row})
                messages.success(request, gettext("时限规则已保存，新开始的计时按新规则计算"))
                return redirect(f"{reverse('tickets:policies')}#policy-{policy.pk}")
        if is_htmx(request):
            row = _row(policy, form)
            return render(request, "tickets/_policy_row.html", {"row": row})
        failed[policy.pk] = form
    return render(
        request,
        "tickets/policies.html",
        {"groups": _groups(failed)},
        status=422 if failed else 200,
    )
