"""Helpers of the handover screens: scoped records or 404, the service's error as a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404

from aftersales.core.errors import DomainError, NotFound


def or_404(read, *args):
    """A selector's record, or a 404 page (out of scope is "not found")."""
    try:
        return read(*args)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def attempt(request, action, success: str = "") -> bool:
    """Run a service; its domain error becomes a message on the next page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.detail)
        return False
    if success:
        messages.success(request, success)
    return True


def stored_file(stored, content_type: str = "image/png") -> FileResponse:
    if not stored:
        raise Http404("文件不存在")
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404("文件不存在") from exc
    return FileResponse(handle, content_type=content_type)


def printed(request, title: str, **context) -> dict:
    """The context of a printed form: its title, who printed it and when."""
    from django.utils import timezone

    user = request.user
    return {
        "title": title,
        "printed_by": user.display_name or user.username,
        "printed_at": timezone.now(),
        **context,
    }
