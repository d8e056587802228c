"""Helpers of the care screens: calling a service and showing its error."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from aftersales.core.errors import DomainError, Forbidden, NotFound


def date_param(request, name: str) -> dt.date | None:
    value = (request.GET.get(name) or "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def attempt(request, action, *, form=None):
    """Run ``action()``; 403/404 pass as such, other domain errors become a message (or the
    form's errors). Returns (result, ok)."""
    try:
        return action(), True
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        if form is not None:
            from aftersales.core.web import show_error

            show_error(form, exc)
        else:
            messages.error(request, exc.detail)
        return None, False


def found(getter, *args):
    """A selector's record; out of scope (or unknown) is 404, a role without the right 403."""
    try:
        return getter(*args)
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc
