"""Helpers shared by the contractor, transfer, fund and evaluation screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from aftersales.accounts.choices import RoleCode
from aftersales.core import scoping
from aftersales.core.errors import DomainError, Forbidden, NotFound
from aftersales.core.web import is_htmx, show_error

FAILED = object()


def attempt(form: forms.Form, call: Callable[[], Any], aliases: dict | None = None):
    """Call one service; a refusal lands on ``form`` (and :data:`FAILED` is returned).

    Out of scope stays "not found" and a missing capability stays "forbidden", as on every
    other screen; only the errors a person can fix are shown on the form.
    """
    try:
        return call()
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except Forbidden as exc:
        raise PermissionDenied(exc.detail) from exc
    except DomainError as exc:
        show_error(form, exc, aliases)
        return FAILED


def done(request, url: str):
    """After a successful post: HTMX follows ``HX-Redirect``, a plain form a 302."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def url_or_none(name: str, *args) -> str | None:
    """The address of ``name`` if that screen exists (another team may not have built it yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def is_contractor_user(user) -> bool:
    """A contractor's own user (not staff, not a superuser): he sees his company only."""
    return (
        not user.is_superuser
        and not scoping.is_staff_user(user)
        and user.has_role(RoleCode.CONTRACTOR)
        and bool(user.contractor_id)
    )


def ticket_links(user) -> bool:
    """Whether ticket numbers link to the ticket page (staff only; see tickets.views)."""
    return scoping.is_staff_user(user)
