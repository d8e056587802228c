"""Domain errors that views and the API turn into clear answers.

Services raise these; the API maps them to the api.md error body and the web UI shows the
``detail`` next to the form. Never a 500 for bad input.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(
        self, detail: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None
    ):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.fields = fields or {}


class Invalid(DomainError):
    status = 422
    code = "invalid"


class Conflict(DomainError):
    """The action is not allowed in the record's current state, or a concurrent change won."""

    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


def field_error(field: str, message: str, code: str = "invalid") -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})
