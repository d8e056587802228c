"""Template helpers of the money screens.

* ``{% costs_panel ticket request.user %}`` — the cost panel of the ticket page (spending
  requests, final accounts, settlements and the forms the user may use); renders nothing for
  users without ``costs.view``;
* ``{{ amount|yuan }}`` — ``1,234.50``; ``{{ amount|capital }}`` — 壹仟贰佰叁拾肆元伍角;
* ``{{ obj|money_colour }}`` — the badge colour of a request, account or settlement state.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from aftersales.core.money import yuan as _yuan
from aftersales.costs.money_words import capital_amount

register = template.Library()


@register.inclusion_tag("costs/money/_ticket_panel.html", takes_context=True)
def costs_panel(context, ticket, user):
    from aftersales.costs.views.money.panel import panel_context

    request = context.get("request")
    return panel_context(request, user, ticket) | {
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.filter
def yuan(amount) -> str:
    """``1,234.50`` (thousands separated, two places); empty for None."""
    if amount in (None, ""):
        return ""
    return _yuan(amount if isinstance(amount, Decimal) else Decimal(str(amount)))


@register.filter
def capital(amount) -> str:
    """人民币大写金额, e.g. 壹仟贰佰元整."""
    if amount in (None, ""):
        return ""
    return capital_amount(amount)


@register.filter
def money_colour(obj) -> str:
    from aftersales.costs.models import FinalAccount, Settlement, SpendingRequest
    from aftersales.costs.views.money import _common

    if isinstance(obj, Settlement):
        return _common.SETTLEMENT_COLOURS.get(obj.status, "secondary")
    if isinstance(obj, FinalAccount):
        return _common.ACCOUNT_COLOURS.get(obj.status, "secondary")
    if isinstance(obj, SpendingRequest):
        return _common.REQUEST_COLOURS.get(obj.status, "secondary")
    return "secondary"
