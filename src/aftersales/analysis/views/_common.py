"""Helpers of the analysis screens: query parameters and turning a domain error into a page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from aftersales.core.errors import DomainError, Forbidden, NotFound


def date_param(request, name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` query parameter; unreadable or empty is None (the default applies)."""
    value = (request.GET.get(name) or "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def run(request, template: str, build, context: dict):
    """Call a service; domain errors become the page's error alert (403/404 pass as such)."""
    try:
        return build(), None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        return None, render(request, template, context | {"error": exc.detail}, status=422)
