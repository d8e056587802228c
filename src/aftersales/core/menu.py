"""The sidebar menu: sections and entries registered by the apps.

Each app registers its sections and entries in its ``AppConfig.ready()``; the context
processor :func:`aftersales.core.context.menu` shows each user the entries whose capability he
holds (:func:`aftersales.core.permissions.can`), sections and entries sorted by their
``order``. An entry whose URL name does not resolve is left out. The cards of the home page
(a count and a link each) are registered the same way (:func:`register_home_card`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: object  # a lazily translated string
    order: int


@dataclass(frozen=True)
class Entry:
    section: str
    label: object
    url_name: str
    capability: str | None
    icon: str
    order: int


SECTIONS: dict[str, Section] = {}
ENTRIES: dict[str, Entry] = {}  # by URL name


def register_section(key: str, label, order: int) -> None:
    SECTIONS[key] = Section(key, label, order)


def register_entry(
    section: str, label, url_name: str, capability: str | None, icon: str, order: int
) -> None:
    """One menu entry; ``capability`` None means every signed-in user."""
    ENTRIES[url_name] = Entry(section, label, url_name, capability, icon, order)


def entries() -> list[tuple[Section, Entry]]:
    """Every entry with its section, in menu order (unknown sections are a programming error)."""
    rows = [(SECTIONS[e.section], e) for e in ENTRIES.values()]
    return sorted(rows, key=lambda row: (row[0].order, row[1].order))


# --- cards of the home page ------------------------------------------------------------------

# Each card function takes the user and returns a card (label, icon, color, count, url) or None
# when the user may not see it.
HOME_CARDS: dict[str, tuple[int, Callable[[object], dict | None]]] = {}


def register_home_card(name: str, card: Callable[[object], dict | None], order: int) -> None:
    HOME_CARDS[name] = (order, card)


def home_cards(user) -> list[dict]:
    cards = []
    for _, card in sorted(HOME_CARDS.values(), key=lambda row: row[0]):
        found = card(user)
        if found is not None:
            cards.append(found)
    return cards
