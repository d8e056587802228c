"""What each role may do: one table of capabilities (R-ORG-2), filled by the apps.

Views, API handlers and the menu ask :func:`can`; nothing else decides who may use a function.
Each app registers its own capabilities (name → role codes) in its ``AppConfig.ready()`` with
:func:`register_capabilities`; the core knows no role names. A user is read by duck typing
(``is_authenticated``, ``is_active``, ``is_superuser``, ``role_codes()``). Data scope (which
records) is :mod:`aftersales.core.scoping`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aftersales.core.errors import Forbidden

CAPABILITIES: dict[str, frozenset[str]] = {}


def register_capabilities(table: Mapping[str, Iterable[str]]) -> None:
    """Add an app's capabilities; a name registered twice must name the same roles."""
    for name, roles in table.items():
        codes = frozenset(str(r) for r in roles)
        if CAPABILITIES.get(name, codes) != codes:
            raise ValueError(f"capability {name!r} registered twice with different roles")
        CAPABILITIES[name] = codes


def can(user, capability: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = CAPABILITIES.get(capability)
    if roles is None:
        raise KeyError(f"unknown capability {capability!r}")
    return bool(user.role_codes() & roles)


def require(user, capability: str) -> None:
    if not can(user, capability):
        raise Forbidden("您没有执行此操作的权限", code="forbidden")
