"""The request parser of the API: every text that comes in — JSON body (whatever the content
type says), form fields, multipart fields and query strings — is checked once for what the
database, Excel and PDF cannot hold (:func:`aftersales.core.bounds.text_problem`: NUL, other
control characters, lone surrogates), so no handler ever sees such a text."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from aftersales.core import bounds
from aftersales.core.errors import field_error


class BadText(Exception):
    """A text in the request that cannot be stored; carries the field and the message."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _check(value: Any, where: str) -> None:
    if isinstance(value, str):
        problem = bounds.text_problem(value)
        if problem:
            raise BadText(where or "non_field", problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(str(key), where)
            _check(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{where}.{index}" if where else str(index))


class CheckedParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _check(data, "")
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            try:
                _check(key, key)
                _check([v for v in values if isinstance(v, str)], key)
            except BadText as exc:
                raise field_error(key, exc.message) from exc
        return super().parse_querydict(data, list_fields, request)
