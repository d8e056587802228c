"""Helpers shared by every web screen: capability checks, data scope, paging, form errors.

One place for each, so the accounts, core and estates screens behave the same way.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from aftersales.core import scoping
from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can

PER_PAGE = 25


def need(request, capability: str) -> None:
    """403 unless the signed-in user holds ``capability``."""
    if not can(request.user, capability):
        raise PermissionDenied


def visible_or_404(queryset: QuerySet, request, **lookup):
    """One record within the user's data scope; out of scope is simply "not found"."""
    try:
        return scoping.get_visible_or_404(queryset, request.user, **lookup)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def paginate(
    request, queryset: QuerySet, per_page: int = PER_PAGE, *, count: int | None = None
) -> Page:
    """One page of ``queryset``; ``count``, when the caller already knows it (a queue's tab
    shows it), spares the page its own ``COUNT``."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))


def as_id(value) -> int | None:
    """A record id typed in a URL or form, or None unless it is a plain number that fits a
    database integer (a longer one would overflow in the query instead of finding nothing)."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def int_param(request, name: str) -> int | None:
    return as_id(request.GET.get(name))


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def show_error(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's error next to the fields it names, or above the form."""
    aliases = aliases or {}
    placed = False
    for field, messages in (exc.fields or {}).items():
        name = aliases.get(field, field)
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.detail)
