"""Sections that other apps add to the customer 360 page (R-EST-4) and the house page.

Estates stands below the domains that hold a customer's history (tickets, and later handover,
fees, care): it cannot import them. Each of those apps registers a section here in its
``AppConfig.ready()``; the page renders every section the reader may see, in ``order``.

A section is a template and a function ``data(request, record) -> dict | None`` that reads
through the data scope (``request.user``; the request also carries the page number); ``None`` leaves the section out (the reader may not see that kind of record). The
template gets the dict as ``data``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    data: Callable[[Any, Any], dict | None]
    order: int


_SECTIONS: dict[str, dict[str, Section]] = {"customer": {}, "house": {}}


def register_section(page: str, key: str, template: str, data, order: int = 50) -> None:
    """Add (or replace) section ``key`` of ``page`` (``"customer"`` or ``"house"``)."""
    if page not in _SECTIONS:
        raise ValueError(f"unknown page {page!r}: one of {sorted(_SECTIONS)}")
    _SECTIONS[page][key] = Section(key, template, data, order)


def sections_for(page: str, request, record) -> list[dict]:
    """The sections of ``page`` for ``record`` that the request's user may see, in order."""
    shown = []
    for section in sorted(_SECTIONS[page].values(), key=lambda s: (s.order, s.key)):
        data = section.data(request, record)
        if data is not None:
            shown.append({"key": section.key, "template": section.template, "data": data})
    return shown
