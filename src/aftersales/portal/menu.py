"""The portal's home menu: entries registered by apps (R-SS-1).

The portal offers its own pages here, and any app above it can add one (paid-service
booking, fee bills …) in its ``AppConfig.ready()``::

    from aftersales.portal import menu
    menu.register_entry("fees.bills", _("我的账单"), "fees:my_bills", icon="receipt", order=60)

An entry shows when the URL name resolves and, if a capability is given, the owner holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from aftersales.core.permissions import can


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    icon: str
    order: int
    capability: str | None
    hint: str


_ENTRIES: dict[str, Entry] = {}


def register_entry(
    key: str,
    label,
    url_name: str,
    *,
    icon: str = "",
    order: int = 50,
    capability: str | None = None,
    hint="",
) -> None:
    """Add (or replace, by ``key``) an entry of the portal's home menu."""
    _ENTRIES[key] = Entry(key, label, url_name, icon, order, capability, hint)


def _url(user, entry: Entry) -> str | None:
    """The entry's address, or None when the owner may not use it or it is not installed."""
    if entry.capability and not can(user, entry.capability):
        return None
    try:
        return reverse(entry.url_name)
    except NoReverseMatch:
        return None


def entries(user) -> list[dict]:
    out = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key)):
        url = _url(user, entry)
        if url is not None:
            out.append(
                {
                    "key": entry.key,
                    "label": entry.label,
                    "url": url,
                    "icon": entry.icon,
                    "hint": entry.hint,
                }
            )
    return out
