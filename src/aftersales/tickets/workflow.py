"""The life of a ticket as one explicit transition table (R-DSP, R-CB, R-CMP).

Each row says: for tickets of these kinds, in these states, this action leads to that state
and may be taken by these roles. :func:`aftersales.tickets.services.perform` is the only way a
ticket changes state; it checks this table (403 for a role that may not act, 409 for a state
that does not allow it), locks the row, runs the action's own checks, records the event and
moves the deadlines, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Transition:
    action: str
    kinds: frozenset[str]
    sources: frozenset[str]
    target: str | None  # None: the action's handler decides (or the status stays)
    roles: frozenset[str]
    label: str


TABLE: tuple[Transition, ...] = (
    # repairs
    Transition(
        "dispatch",
        REPAIR,
        frozenset({S.REGISTERED, S.REOPENED}),
        S.DISPATCHED,
        DESK | {R.TEAM_LEAD, R.ENGINEER},
        "派工",
    ),
    Transition(
        "reassign",
        REPAIR,
        frozenset({S.DISPATCHED, S.SURVEYED, S.IN_PROGRESS}),
        None,
        DESK | {R.TEAM_LEAD, R.ENGINEER},
        "改派",
    ),
    Transition(
        "appointment",
        REPAIR,
        frozenset({S.DISPATCHED, S.SURVEYED, S.IN_PROGRESS}),
        None,
        FIELD | DESK,
        "预约上门",
    ),
    Transition("survey", REPAIR, frozenset({S.DISPATCHED}), S.SURVEYED, SURVEYORS, "现场勘察"),
    Transition("approve_plan", REPAIR, frozenset({S.SURVEYED}), None, MANAGERS, "批准维修方案"),
    Transition(
        "start",
        REPAIR,
        frozenset({S.SURVEYED, S.REOPENED}),
        S.IN_PROGRESS,
        FIELD | {R.CONTRACTOR},
        "开始维修",
    ),
    Transition(
        "complete", REPAIR, frozenset({S.IN_PROGRESS}), None, FIELD | {R.CONTRACTOR}, "完工"
    ),
    Transition(
        "check",
        REPAIR,
        frozenset({S.AWAITING_SIGNOFF}),
        None,
        DESK | {R.TEAM_LEAD, R.PROPERTY_LIAISON},
        "竣工检查",
    ),
    Transition(
        "sign_off",
        REPAIR,
        frozenset({S.AWAITING_SIGNOFF}),
        S.AWAITING_CALLBACK,
        FIELD | DESK | {R.PROPERTY_LIAISON},
        "客户签认",
    ),
    # complaints
    Transition(
        "route",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED}),
        S.ROUTED,
        DESK,
        "转责任部门",
    ),
    Transition(
        "feedback",
        COMPLAINT,
        frozenset({S.ROUTED, S.REPLIED}),
        None,
        DESK | {R.ENGINEER, R.TEAM_LEAD, R.PROPERTY_LIAISON},
        "部门反馈",
    ),
    Transition(
        "reply",
        COMPLAINT | SIMPLE,
        frozenset({S.REGISTERED, S.ROUTED, S.REOPENED}),
        None,
        DESK,
        "答复客户",
    ),
    Transition(
        "resolve",
        COMPLAINT,
        frozenset({S.REGISTERED, S.ROUTED, S.REPLIED, S.REOPENED}),
        S.AWAITING_CALLBACK,
        DESK,
        "处理完成",
    ),
    Transition(
        "invalidate",
        COMPLAINT,
        OPEN - {S.AWAITING_CALLBACK},
        S.CLOSED,
        frozenset({R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN}),
        "判定无效投诉",
    ),
    # every kind
    Transition(
        "callback", REPAIR | COMPLAINT, frozenset({S.AWAITING_CALLBACK}), None, DESK, "回访"
    ),
    Transition("pause", ALL_KINDS, OPEN - {S.AWAITING_CALLBACK}, None, DESK | FIELD, "暂停计时"),
    Transition("resume", ALL_KINDS, OPEN, None, DESK | FIELD, "恢复计时"),
    Transition("extend", ALL_KINDS, OPEN, None, DESK | {R.TEAM_LEAD}, "延期"),
    Transition("merge", ALL_KINDS, frozenset({S.REGISTERED}), S.CLOSED, DESK, "合并重复工单"),
    Transition("close", ALL_KINDS, OPEN, S.CLOSED, MANAGERS, "经理决定关闭"),
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
        if kind in t.kinds and status in t.sources and (superuser or t.roles & role_codes)
    ]
