"""预约上门收费: book a visit to collect at the owner's home, then mark it done or cancelled."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate, show_error
from aftersales.fees import exports, selectors, services
from aftersales.fees.choices import CollectionStatus
from aftersales.fees.forms import CollectionForm, DoneForm
from aftersales.fees.views._common import house_or_404, project_filter, wants_xlsx, xlsx


def _page(request, form=None):
    projects, project = project_filter(request)
    status = request.GET.get("status", "")
    status = status if status in CollectionStatus.values else ""
    qs = selectors.collections(request.user, project=project, status=status).order_by(
        "-scheduled_at", "-id"
    )
    if wants_xlsx(request):
        return xlsx(exports.collections(qs), "预约上门收费")
    house = int_param(request, "house")
    return render(
        request,
        "fees/collections.html",
        {
            "page_obj": paginate(request, qs),
            "projects": projects,
            "filters": {"project": project, "status": status},
            "statuses": CollectionStatus.choices,
            "form": form or CollectionForm(initial={"house": house}),
            "picked": house_or_404(request, house),
            "may_book": can(request.user, "fees.collect"),
            "done_form": DoneForm(),
        },
    )


@login_required
def collection_list(request):
    need(request, "fees.view")
    if request.method != "POST":
        return _page(request)
    need(request, "fees.collect")
    form = CollectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            house = selectors.house(request.user, data.pop("house"))
            services.book_collection(request.user, house, **data)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已预约 %(house)s 上门收费") % {"house": house.label})
            return redirect("fees:collections")
    return _page(request, form)


@login_required
@require_POST
def collection_done(request, pk: int):
    need(request, "fees.collect")
    try:
        visit = selectors.collection(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    form = DoneForm(request.POST)
    form.is_valid()
    try:
        services.finish_collection(
            request.user,
            visit,
            outcome=form.cleaned_data.get("outcome", ""),
            cancel=form.cleaned_data.get("cancel", False),
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect("fees:collections")


urlpatterns = [
    path("collections/", collection_list, name="collections"),
    path("collections/<int:pk>/done/", collection_done, name="collection_done"),
]
