"""Photos on the ticket screens (R-TKT-4), supplied by the attachments app.

The attachments app stands above tickets (it files its photos on a ticket through
``tickets.services.link``), so the ticket screens cannot import it. They call this module
instead; ``attachments`` installs its implementation with :func:`use` in its
``AppConfig.ready()``. Without it the screens simply offer no photos.
"""

from __future__ import annotations

from typing import Any, Protocol


class PhotoSupport(Protocol):
    def photo_inputs(self, action: str) -> list[dict]: ...

    def action_uploads(self, request, ticket, action: str) -> dict[str, list]: ...

    def intake_uploads(self, request) -> list: ...

    def attach_intake(self, request, ticket, uploads: list) -> int: ...

    def attach_checked(self, request, ticket, by_stage: dict[str, list]) -> int: ...

    def panel_context(self, user, ticket, error: str = "") -> dict: ...

    def default_stage(self, ticket) -> str | None: ...


class NoPhotos:
    """The screens without the attachments app: no inputs, nothing stored."""

    def photo_inputs(self, action: str) -> list[dict]:
        return []

    def action_uploads(self, request, ticket, action: str) -> dict[str, list]:
        return {}

    def intake_uploads(self, request) -> list:
        return []

    def attach_intake(self, request, ticket, uploads: list) -> int:
        return 0

    def attach_checked(self, request, ticket, by_stage: dict[str, list]) -> int:
        return 0

    def panel_context(self, user, ticket, error: str = "") -> dict:
        return {}

    def default_stage(self, ticket) -> str | None:
        return None


_support: Any = NoPhotos()


def use(support: PhotoSupport) -> None:
    """Install the photo support of the ticket screens (called once, by attachments)."""
    global _support
    _support = support


def support() -> PhotoSupport:
    return _support
