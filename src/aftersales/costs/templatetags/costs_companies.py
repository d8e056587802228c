"""``{% load costs_companies %}``: the contractor panel of the ticket page (R-DSP-8) and
the ``yuan`` money filter.

``{% transfer_panel ticket %}`` lists the ticket's transfers to contractors and, for those who
may hand work over, a small form to do so; it renders nothing on tickets other than repairs.
"""

from __future__ import annotations

from django import template

from aftersales.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """``1234.5`` → ``1,234.50`` (money on screens; empty for None)."""
    return _yuan(amount)


@register.inclusion_tag("costs/companies/_ticket_transfer.html", takes_context=True)
def transfer_panel(context, ticket):
    from aftersales.costs.views.companies.transfers import panel_context

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"visible": False}
    return panel_context(user, ticket) | {
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
