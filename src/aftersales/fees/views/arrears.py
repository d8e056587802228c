"""欠费催缴: the arrears list of a project with the next step and the action form, and the
recorded steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate
from aftersales.fees import exports, selectors, services
from aftersales.fees.choices import ArrearsStep
from aftersales.fees.forms import ActionForm
from aftersales.fees.views._common import project_filter, wants_xlsx, xlsx

MIN_MONTHS = services.DEMAND_LETTER_MONTHS


@login_required
def arrears_list(request):
    need(request, "fees.arrears")
    projects, project = project_filter(request, default_first=True)
    found = selectors.arrears(request.user, project=project) if project else []
    months = int_param(request, "months")
    if months:
        found = [a for a in found if a.months_overdue >= months]
    if wants_xlsx(request):
        ids = [a.house for a in found]
        owners = selectors.owners_of(ids)
        last = selectors.last_steps(request.user, ids)
        return xlsx(exports.arrears(found, owners, last), "欠费清单")
    # The counts and sums above the list are over every house in arrears; the owners, the last
    # steps and the forms only for the page shown (a project has hundreds of such houses).
    page = paginate(request, found, per_page=50)
    ids = [a.house for a in page.object_list]
    owners = selectors.owners_of(ids)
    last = selectors.last_steps(request.user, ids)
    may_act = can(request.user, "fees.dun")
    rows = [
        {
            "a": a,
            "owner": owners.get(a.house, ""),
            "last": last.get(a.house),
            "form": ActionForm(
                initial={"house": a.house, "step": a.next_step}, auto_id=f"h{a.house}_%s"
            )
            if may_act
            else None,
        }
        for a in page.object_list
    ]
    return render(
        request,
        "fees/arrears.html",
        {
            "rows": rows,
            "page_obj": page,
            "count": len(found),
            "projects": projects,
            "project": project,
            "months": months,
            "total": sum((a.amount for a in found), 0),
            "letters_due": sum(1 for a in found if a.months_overdue >= MIN_MONTHS),
            "today": timezone.localdate(),
            "min_months": MIN_MONTHS,
        },
    )


@login_required
@require_POST
def action_create(request):
    need(request, "fees.dun")
    form = ActionForm(request.POST)
    back = request.POST.get("next") or reverse("fees:arrears")
    if not back.startswith("/"):
        back = reverse("fees:arrears")
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        house = selectors.house(request.user, form.cleaned_data["house"])
        action = services.record_arrears_action(
            request.user,
            house,
            step=form.cleaned_data["step"],
            tracking_number=form.cleaned_data["tracking_number"],
            note=form.cleaned_data["note"],
        )
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    done = _("已登记 %(house)s 的%(step)s（欠费 %(amount)s 元）")
    messages.success(
        request,
        done % {"house": house.label, "step": action.get_step_display(), "amount": action.amount},
    )
    return redirect(back)


@login_required
def action_list(request):
    need(request, "fees.arrears")
    projects, project = project_filter(request)
    step = request.GET.get("step", "")
    step = step if step in ArrearsStep.values else ""
    house = int_param(request, "house")
    qs = selectors.actions(request.user, project=project, house=house, step=step)
    qs = qs.order_by("-recorded_at", "-id")
    if wants_xlsx(request):
        return xlsx(exports.actions(qs), "催缴记录")
    return render(
        request,
        "fees/actions.html",
        {
            "page_obj": paginate(request, qs),
            "projects": projects,
            "filters": {"project": project, "step": step, "house": house},
            "steps": ArrearsStep.choices,
        },
    )


urlpatterns = [
    path("arrears/", arrears_list, name="arrears"),
    path("arrears/actions/", action_list, name="actions"),
    path("arrears/actions/new/", action_create, name="action_create"),
]
