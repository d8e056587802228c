"""The estates cards of the home page (registered in EstatesConfig.ready)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext

from aftersales.core.permissions import can
from aftersales.estates.selectors import customer_count, houses_for, projects_for


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def projects_card(user) -> dict | None:
    if not can(user, "estates.view"):
        return None
    return {
        "label": pgettext("plural", "项目"),
        "icon": "building-community",
        "color": "blue",
        "count": projects_for(user).count(),
        "url": _url_or_none("estates:project_list"),
    }


def houses_card(user) -> dict | None:
    if not can(user, "estates.view"):
        return None
    return {
        "label": pgettext("plural", "房屋"),
        "icon": "home-2",
        "color": "green",
        "count": houses_for(user).order_by().count(),
        "url": _url_or_none("estates:house_list"),
    }


def customers_card(user) -> dict | None:
    if not can(user, "customers.view"):
        return None
    return {
        "label": pgettext("plural", "客户"),
        "icon": "users",
        "color": "orange",
        "count": customer_count(user),
        "url": _url_or_none("estates:customer_list"),
    }
