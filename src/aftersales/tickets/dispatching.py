"""Who to send: dispatch suggestions by trade, load and project (R-DSP-1).

The suggestion is an order, not a rule: whoever dispatches may still pick anyone the dispatch
action accepts. Candidates are the active technicians, team leads and engineers whose data
scope covers the ticket's project (an empty scope covers every project). They are ranked

1. by trade: someone whose trades (``User.trades``, codes of ``TradeCode``) include a trade the
   ticket needs — from its warranty component when known, else from its category — comes
   first; a general handyman (``general``) next; anyone else last;
2. then by load: fewer open tickets assigned first;
3. then by name, so the order is stable.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from aftersales.accounts.choices import RoleCode, TradeCode
from aftersales.accounts.models import User
from aftersales.tickets.choices import OPEN_STATUSES, Category
from aftersales.tickets.models import Ticket

CANDIDATE_ROLES = [RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD, RoleCode.ENGINEER]
T = TradeCode
# The trades a category of report usually needs (R-TKT-4 categories).
CATEGORY_TRADES: dict[str, set[str]] = {
    Category.CIVIL: {T.MASONRY, T.WATERPROOFING, T.PAINTING},
    Category.WATER_ELECTRIC: {T.PLUMBING, T.ELECTRICAL},
    Category.HVAC: {T.HVAC, T.PLUMBING},
    Category.DOORS_WINDOWS: {T.DOORS_WINDOWS, T.CARPENTRY},
    Category.FITOUT: {T.CARPENTRY, T.PAINTING, T.MASONRY},
    Category.OTHER: {T.GENERAL},
}
# A known warranty component names the trade more precisely than the category.
COMPONENT_TRADES: dict[str, set[str]] = {
    "structure": {T.MASONRY},
    "roof_waterproofing": {T.WATERPROOFING},
    "leakage": {T.WATERPROOFING, T.PLUMBING},
    "heating_cooling": {T.HVAC},
    "electrical": {T.ELECTRICAL},
    "plumbing": {T.PLUMBING},
    "equipment": {T.ELECTRICAL, T.PLUMBING, T.GENERAL},
    "decoration": {T.PAINTING, T.CARPENTRY, T.MASONRY},
}
TRADE_LABELS = dict(TradeCode.choices)
# Match levels, best first.
MATCH, GENERAL, NONE = 2, 1, 0


def trades_needed(ticket) -> set[str]:
    """The trades that fit the ticket: by its component, else by its category."""
    if ticket.component in COMPONENT_TRADES:
        return set(COMPONENT_TRADES[ticket.component])
    return set(CATEGORY_TRADES.get(ticket.category, set()))


def candidates(ticket):
    """Active field staff whose data scope covers the ticket's project, with open-work load."""
    users = User.objects.filter(is_active=True, roles__code__in=CANDIDATE_ROLES)
    if ticket.project_id:
        users = users.filter(Q(projects=None) | Q(projects=ticket.project_id))
    ids = users.values("id")
    # The load is counted over open work only (index ticket (assignee, status)): a subquery
    # per candidate, so it grows with the open tickets, not with everything ever assigned.
    load = (
        Ticket.objects.filter(assignee=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("assignee")
        .annotate(n=Count("*"))  # COUNT(*): answered from the index alone
        .values("n")
    )
    return User.objects.filter(id__in=ids).annotate(
        open_count=Coalesce(Subquery(load, output_field=IntegerField()), 0)
    )


def suggest_technicians(ticket, limit: int | None = None) -> list[User]:
    """Candidates for ``ticket``, best first; each has ``open_count``, ``trade_match``
    (2 trade fits, 1 general handyman, 0 other), ``matched_trades`` (codes) and the labels
    ``matched_labels`` and ``trade_labels``."""
    needed = trades_needed(ticket)
    ranked = []
    for user in candidates(ticket):
        trades = [t for t in (user.trades or []) if isinstance(t, str)]
        matched = [t for t in trades if t in needed]
        if matched:
            level = MATCH
        elif T.GENERAL in trades:
            level = GENERAL
        else:
            level = NONE
        user.trade_match = level
        user.matched_trades = matched
        user.matched_labels = [str(TRADE_LABELS.get(t, t)) for t in matched]
        user.trade_labels = [str(TRADE_LABELS.get(t, t)) for t in trades]
        ranked.append(user)
    ranked.sort(key=lambda u: (-u.trade_match, u.open_count, u.display_name, u.username))
    return ranked[:limit] if limit else ranked
