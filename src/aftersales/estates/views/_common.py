"""Small helpers shared by the estates screens: capability checks, scope, paging."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from aftersales.core.http import xlsx_response  # noqa: F401
from aftersales.core.web import as_id, int_param, is_htmx, need, paginate, visible_or_404  # noqa: F401
from aftersales.estates.choices import HouseRole, HouseStatus


def role_rank(field: str = "role") -> Case:
    """Order of customer roles at a house: owner first, then co-owner, tenant, family, agent."""
    whens = [When(**{field: role}, then=Value(i)) for i, role in enumerate(HouseRole.values)]
    return Case(*whens, default=Value(99), output_field=IntegerField())


def house_filters(request) -> dict:
    """The house list's search and filters, as the selector takes them (list and export)."""
    status = request.GET.get("status", "")
    return {
        "q": request.GET.get("q", "").strip(),
        "project": int_param(request, "project"),
        "building": request.GET.get("building", "").strip(),
        "status": status if status in HouseStatus.values else "",
    }


def customer_filters(request) -> dict:
    """The customer list's search and filters, as the selector takes them (list and export)."""
    return {
        "q": request.GET.get("q", "").strip(),
        "project": int_param(request, "project"),
    }
