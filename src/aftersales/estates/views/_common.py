"""Small helpers shared by the estates screens: capability checks, scope, paging."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from aftersales.accounts import scoping
from aftersales.accounts.permissions import can
from aftersales.core.errors import NotFound
from aftersales.estates.choices import HouseRole, HouseStatus

PER_PAGE = 25


def need(request, capability: str) -> None:
    """403 unless the user holds ``capability``."""
    if not can(request.user, capability):
        raise PermissionDenied


def visible_or_404(queryset: QuerySet, request, **lookup):
    """One record within the user's data scope; a record out of scope is simply not found."""
    try:
        return scoping.get_visible_or_404(queryset, request.user, **lookup)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def paginate(request, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def as_id(value) -> int | None:
    """A record id typed in a URL or form, or None unless it is a plain number that fits a
    database integer (a longer one would overflow in the query instead of finding nothing)."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def int_param(request, name: str) -> int | None:
    return as_id(request.GET.get(name))


def role_rank(field: str = "role") -> Case:
    """Order of customer roles at a house: owner first, then co-owner, tenant, family, agent."""
    whens = [When(**{field: role}, then=Value(i)) for i, role in enumerate(HouseRole.values)]
    return Case(*whens, default=Value(99), output_field=IntegerField())


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel download; the Chinese file name is sent the RFC 5987 way."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
