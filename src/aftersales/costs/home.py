"""The costs card of the home page: what waits for the user's approval, linking to the
approvals inbox (registered in CostsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.core.permissions import can


def approvals_card(user) -> dict | None:
    if not can(user, "costs.inbox"):
        return None
    from aftersales.costs.views.money.inbox import waiting_count

    return {
        "label": _("待我审批"),
        "icon": "checklist",
        "color": "yellow",
        "count": waiting_count(user),
        "url": reverse("costs:approvals"),
    }
