"""What the fees screens share: the project filter and the Excel answer of a list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.web import int_param
from aftersales.fees import selectors


def project_filter(request, *, default_first: bool = False):
    """The visible projects and the chosen one (``?project=``); optionally the first."""
    projects = list(selectors.projects(request.user))
    chosen = int_param(request, "project")
    if chosen not in {p.pk for p in projects}:
        chosen = projects[0].pk if default_first and projects else None
    return projects, chosen


def wants_xlsx(request) -> bool:
    return request.GET.get("export") == "xlsx"


def xlsx(content: bytes, stem: str):
    return xlsx_response(content, dated_name(stem))


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, exc.detail)


def house_or_404(request, pk):
    """The house ``pk`` within the user's scope (None without one); out of scope: 404."""
    if not pk:
        return None
    try:
        return selectors.house(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
