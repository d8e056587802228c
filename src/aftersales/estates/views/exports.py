"""Excel exports of the house and customer lists as filtered on screen (R-EST-3, R-EST-5).

The exporter writes the audit entry (借阅登记); the rows come from the same scoped selectors
as the lists, so an export never holds more than the user may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from aftersales.core.errors import DomainError
from aftersales.core.http import dated_name, xlsx_response
from aftersales.estates import exporter, selectors
from aftersales.estates.views._common import (
    customer_filters,
    house_filters,
    need,
)


def _back(request, url_name: str):
    query = request.GET.urlencode()
    return redirect(reverse(url_name) + (f"?{query}" if query else ""))


@login_required
@require_GET
def export_houses(request):
    need(request, "estates.export")
    houses = selectors.houses_for(request.user, **house_filters(request))
    try:
        data = exporter.export_houses(request.user, houses)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return _back(request, "estates:house_list")
    return xlsx_response(data, dated_name("房屋清单"))


@login_required
@require_GET
def export_customers(request):
    need(request, "estates.export")
    need(request, "customers.view")
    customers = selectors.customers_for(request.user, **customer_filters(request))
    try:
        data = exporter.export_customers(request.user, customers)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return _back(request, "estates:customer_list")
    return xlsx_response(data, dated_name("客户清单"))
