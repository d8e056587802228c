"""The life of a ticket as one explicit transition table (R-DSP, R-CB, R-CMP).

Each row says: for tickets of these kinds, in these states, this action may be taken by these
roles and ends in one of these states (its outcomes; an action that changes no state names its
source). The whole state machine is drawn from this table into
``docs/tickets-state-machine.md`` (``aftersales state-diagram --write``).

:func:`aftersales.tickets.services.perform` is the only way a ticket changes state; it checks
this table (403 for a role that may not act, 409 for a state that does not allow it), locks the
row, runs the action's own checks, holds the outcome to the row's outcomes, records the event
and moves the deadlines, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aftersales.accounts.choices import RoleCode as R
from aftersales.tickets.choices import Kind as K
from aftersales.tickets.choices import Status as S

REPAIR = frozenset({K.REPAIR})
COMPLAINT = frozenset({K.COMPLAINT})
SIMPLE = frozenset({K.INQUIRY, K.SUGGESTION, K.PRAISE})
ALL_KINDS = REPAIR | COMPLAINT | SIMPLE
OPEN = frozenset(s for s in S.values if s != S.CLOSED)

DESK = frozenset({R.AGENT, R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN})
FIELD = frozenset({R.TECHNICIAN, R.TEAM_LEAD, R.ENGINEER, R.ADMIN})
SURVEYORS = frozenset({R.ENGINEER, R.TEAM_LEAD, R.TECHNICIAN, R.PROPERTY_LIAISON}) | DESK
MANAGERS = frozenset({R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN})
# Who sets the measures of a major complaint (R-CMP-1): the GM or a deputy GM.
EXECUTIVES = frozenset({R.DEPUTY_GM, R.GM, R.ADMIN})
# A routed department answers through its members (R-CMP-3); the desk may record an answer
# given by telephone for a routed department.
DEPARTMENT_ROLES = frozenset(
    {R.ENGINEER, R.TEAM_LEAD, R.PROPERTY_LIAISON, R.DEPUTY_CHIEF_ENGINEER, R.CLERK, R.FINANCE}
)
# The complaint states in which it is being handled (before the callback).
HANDLING = frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED})


@dataclass(frozen=True)
class Transition:
    """One row: for ``kinds`` in ``sources``, ``action`` by ``roles`` ends in one of ``outcomes``.

    ``outcomes`` names every state the action can leave the ticket in; an action that leaves
    the state as it was names its source (see :func:`stays`). With one outcome ``perform`` sets
    it; with several the handler chooses (a callback closes or reopens) and ``perform`` checks
    the choice is one of them. ``linked``: the action belongs to another domain's step, which
    keeps its own record and calls ``perform`` (a transfer to a contractor, R-DSP-8); it is
    not offered as a button on the ticket page nor as a generic ticket action of the API.
    """

    action: str
    kinds: frozenset[str]
    sources: frozenset[str]
    outcomes: frozenset[str]
    roles: frozenset[str]
    label: str
    linked: bool = False


def moves(
    action: str,
    kinds: frozenset[str],
    sources: frozenset[str],
    outcomes: set[str] | frozenset[str],
    roles: frozenset[str],
    label: str,
    *,
    linked: bool = False,
) -> tuple[Transition, ...]:
    """One row whose outcomes are the same whatever the source."""
    return (Transition(action, kinds, sources, frozenset(outcomes), roles, label, linked),)


def stays(
    action: str,
    kinds: frozenset[str],
    sources: frozenset[str],
    roles: frozenset[str],
    label: str,
    *,
    also: set[str] | frozenset[str] = frozenset(),
    linked: bool = False,
) -> tuple[Transition, ...]:
    """One row per source whose outcome is that source (the status stays), plus ``also``."""
    return tuple(
        Transition(action, kinds, frozenset({s}), frozenset({s}) | also, roles, label, linked)
        for s in sorted(sources, key=ORDER.index)
    )


ORDER = list(S.values)
# The states of a repair after dispatch and before close: when it may be handed to a contractor.
TRANSFERABLE = frozenset(
    {S.DISPATCHED, S.SURVEYED, S.IN_PROGRESS, S.AWAITING_SIGNOFF, S.AWAITING_CALLBACK, S.REOPENED}
)
TRANSFER_ROLES = frozenset({R.ENGINEER, R.TEAM_LEAD, R.SERVICE_MANAGER, R.ADMIN})

TABLE: tuple[Transition, ...] = (
    # repairs
    *moves(
        "dispatch",
        REPAIR,
        frozenset({S.REGISTERED, S.REOPENED}),
        {S.DISPATCHED},
        DESK | {R.TEAM_LEAD, R.ENGINEER},
        "派工",
    ),
    *stays(
        "reassign",
        REPAIR,
        frozenset({S.DISPATCHED, S.SURVEYED, S.IN_PROGRESS}),
        DESK | {R.TEAM_LEAD, R.ENGINEER},
        "改派",
    ),
    *stays(
        "appointment",
        REPAIR,
        frozenset({S.DISPATCHED, S.SURVEYED, S.IN_PROGRESS}),
        FIELD | DESK,
        "预约上门",
    ),
    *moves("survey", REPAIR, frozenset({S.DISPATCHED}), {S.SURVEYED}, SURVEYORS, "现场勘察"),
    *stays("approve_plan", REPAIR, frozenset({S.SURVEYED}), MANAGERS, "批准维修方案"),
    *moves(
        "start",
        REPAIR,
        frozenset({S.SURVEYED, S.REOPENED}),
        {S.IN_PROGRESS},
        FIELD | {R.CONTRACTOR},
        "开始维修",
    ),
    # With several trades the repair waits for the last work order (R-DSP-4).
    *moves(
        "complete",
        REPAIR,
        frozenset({S.IN_PROGRESS}),
        {S.AWAITING_SIGNOFF, S.IN_PROGRESS},
        FIELD | {R.CONTRACTOR},
        "完工",
    ),
    # A failed completion check sends the work back (R-DSP-7).
    *moves(
        "check",
        REPAIR,
        frozenset({S.AWAITING_SIGNOFF}),
        {S.AWAITING_SIGNOFF, S.IN_PROGRESS},
        DESK | {R.TEAM_LEAD, R.PROPERTY_LIAISON},
        "竣工检查",
    ),
    # The owner may sign on his own phone (R-SS-1): the data scope limits him to his tickets.
    *moves(
        "sign_off",
        REPAIR,
        frozenset({S.AWAITING_SIGNOFF}),
        {S.AWAITING_CALLBACK},
        FIELD | DESK | {R.PROPERTY_LIAISON, R.OWNER},
        "客户签认",
    ),
    # Transfer to a contractor through 工程材料部 (R-DSP-8): the state stays; accepting makes
    # the contractor's user the handler. An answer may come after the ticket closed.
    *stays(
        "transfer",
        REPAIR,
        TRANSFERABLE,
        TRANSFER_ROLES,
        "转交施工单位",
        linked=True,
    ),
    *stays(
        "transfer_accept",
        REPAIR,
        TRANSFERABLE | {S.CLOSED},
        frozenset({R.CONTRACTOR}),
        "施工单位接收",
        linked=True,
    ),
    *stays(
        "transfer_decline",
        REPAIR,
        TRANSFERABLE | {S.CLOSED},
        frozenset({R.CONTRACTOR}),
        "施工单位拒绝",
        linked=True,
    ),
    # complaints
    *moves(
        "route",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED}),
        {S.ROUTED},
        DESK,
        "转责任部门",
    ),
    *stays(
        "feedback",
        COMPLAINT,
        frozenset({S.ROUTED, S.REPLIED}),
        DESK | DEPARTMENT_ROLES,
        "部门反馈",
    ),
    # R-CMP-1: a major complaint waits for the measures set by the GM or a deputy GM.
    *stays("instruct", COMPLAINT, HANDLING, EXECUTIVES, "总经理确定处理措施"),
    # R-CMP-1: an important complaint's handling is signed off by the service manager.
    *stays(
        "approve_resolution",
        COMPLAINT,
        HANDLING,
        frozenset({R.SERVICE_MANAGER, R.ADMIN}),
        "审批处理结果",
    ),
    *moves(
        "reply",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REOPENED}),
        {S.REPLIED},
        DESK,
        "答复客户",
    ),
    # Answering an inquiry, a suggestion or praise closes it.
    *moves(
        "reply",
        SIMPLE,
        frozenset({S.REGISTERED, S.ROUTED, S.REOPENED}),
        {S.CLOSED},
        DESK,
        "答复客户",
    ),
    *moves(
        "resolve",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED}),
        {S.AWAITING_CALLBACK},
        DESK,
        "处理完成",
    ),
    *moves(
        "invalidate",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED}),
        {S.CLOSED},
        frozenset({R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN}),
        "判定无效投诉",
    ),
    # every kind
    # R-CB-2: satisfied closes; not satisfied reopens.
    *moves(
        "callback",
        REPAIR | COMPLAINT,
        frozenset({S.AWAITING_CALLBACK}),
        {S.CLOSED, S.REOPENED},
        DESK,
        "回访",
    ),
    *stays("pause", ALL_KINDS, OPEN - {S.AWAITING_CALLBACK}, DESK | FIELD, "暂停计时"),
    *stays("resume", ALL_KINDS, OPEN, DESK | FIELD, "恢复计时"),
    *stays("extend", ALL_KINDS, OPEN, DESK | {R.TEAM_LEAD}, "延期"),
    *moves("merge", ALL_KINDS, frozenset({S.REGISTERED}), {S.CLOSED}, DESK, "合并重复工单"),
    *moves("close", ALL_KINDS, OPEN, {S.CLOSED}, MANAGERS, "经理决定关闭"),
    # R-SS-1: the owner rates his own ticket once it is done (stars and a comment); counted in
    # the satisfaction reports as a callback through the app. The status stays.
    *stays(
        "rate",
        ALL_KINDS,
        frozenset({S.AWAITING_CALLBACK, S.CLOSED}),
        frozenset({R.OWNER}),
        "业主评价",
    ),
)

BY_ACTION: dict[str, list[Transition]] = {}
for _t in TABLE:
    BY_ACTION.setdefault(_t.action, []).append(_t)

ACTIONS = tuple(BY_ACTION)
LABELS = {t.action: t.label for t in TABLE}


def find(action: str, kind: str, status: str) -> Transition | None:
    for t in BY_ACTION.get(action, ()):
        if kind in t.kinds and status in t.sources:
            return t
    return None


def roles_for(action: str, kind: str) -> frozenset[str]:
    roles: set[str] = set()
    for t in BY_ACTION.get(action, ()):
        if kind in t.kinds:
            roles |= t.roles
    return frozenset(roles)


def available(
    kind: str, status: str, role_codes: set[str], superuser: bool = False
) -> list[Transition]:
    """The actions a user holding ``role_codes`` may take now (for the ticket page's buttons)."""
    return [
        t
        for t in TABLE
        if kind in t.kinds
        and status in t.sources
        and not t.linked
        and (superuser or t.roles & role_codes)
    ]


def may(user, action: str, kind: str) -> bool:
    """Whether ``user``'s roles may take ``action`` on a ticket of ``kind`` (in some state)."""
    return bool(user.is_superuser or user.role_codes() & roles_for(action, kind))


# --- guards that other apps add to an action -------------------------------------------------
# An app above tickets may hold an action back with a rule of its own (R-CST-1: costs refuses
# ``start`` while the repair's spending is not approved). It registers the check here in its
# ``AppConfig.ready()``; the action's handler runs every check of its action, in the order they
# were registered. A check raises a domain error (Conflict, Forbidden …) to refuse.
_GUARDS: dict[str, list[Callable[[Any], None]]] = {}


def register_guard(action: str, guard: Callable[[Any], None]) -> None:
    """Run ``guard(ticket)`` whenever ``action`` is taken (once per guard)."""
    if action not in LABELS:
        raise ValueError(f"unknown action {action!r}")
    checks = _GUARDS.setdefault(action, [])
    if guard not in checks:
        checks.append(guard)


def run_guards(action: str, ticket) -> None:
    for guard in _GUARDS.get(action, ()):
        guard(ticket)
