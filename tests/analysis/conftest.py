"""The complaint history of the weekly-report tests, built at 2026-11-20 12:00 (Friday).

Project A (翠湖花园), week 2026-11-09 (Mon) – 11-15 (Sun), as of 11-16 00:00:

====  ========  ===========  =====================================================================
 id   level     accepted     history
====  ========  ===========  =====================================================================
 c1   minor     11-03 10:00  resolved 11-10 09:00                      → resolved in the week
 c2   major     11-10 10:00  routed 11-11 (no reply; reply due 11-12)  → new, pending, overdue
 c3   important 11-11 09:00  replied 11-11 10:00, resolved 11-12 10:00, dissatisfied callback
                             11-17 10:00 (reopened after the week)     → new, resolved
 c4   minor     11-14 10:00  replied 11-14 12:00 (resolution due 11-16 10:00), resolved 11-17
                                                                       → new, pending
 c5   minor     11-05 10:00  invalidated 11-13 10:00                   → resolved in the week
 c8   minor     11-16 09:00  nothing (after the week)                  → not in the week
 c9   minor     11-02 10:00  nothing                                   → pending, overdue
 c10  minor     11-12 11:00  merged into c2 11-12 12:00                → left out everywhere
 cb   minor     11-10 10:00  project B                                 → not project A
 r1   (repair)  11-10 10:00                                            → not a complaint
====  ========  ===========  =====================================================================

Week figures: new 3 (major 1, important 1, minor 1); resolved 3 (important 1, minor 2);
pending 3 (major 1, minor 2); overdue 2 (major 1, minor 1).
This week (11-16 – 11-20 12:00): new 1 (c8); resolved 1 (c4 on 11-17); pending 4 (c2, c3, c8,
c9); overdue 3 (c2, c8 — reply due 11-17 09:00 —, c9).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftersales.tickets import services
from tests.conftest import make_user

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=SH)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SH)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def supervisor_a(project_a):
    return make_user("supervisor_a", ["supervisor"], [project_a], name="主管甲")


@pytest.fixture
def engineer(db):
    return make_user("engineer", ["engineer"], name="工程师")


def complaint(actor, house, when, severity="minor", text="投诉物业服务态度差"):
    return services.register_ticket(
        actor,
        kind="complaint",
        channel="hotline",
        description=text,
        phone="13800000001",
        house=house.pk,
        severity=severity,
        occurred_at=when,
    )


def act(actor, ticket, action, when, **payload):
    return services.perform(actor, ticket, action, occurred_at=when, **payload)


@pytest.fixture
def history(clock, agent_a, agent_b, manager, house_a, house_b, project_a):
    """The complaints of the table above, by name."""
    h2 = project_a.houses.get(label="3-2-1202")
    t = {}
    t["c1"] = complaint(agent_a, house_a, at(11, 3, 10))
    act(agent_a, t["c1"], "resolve", at(11, 10, 9), content="已为业主更换门禁卡")
    t["c2"] = complaint(agent_a, h2, at(11, 10, 10), "major", "地下室渗水严重，业主称要找媒体")
    act(agent_a, t["c2"], "route", at(11, 11, 9), departments=["engineering"])
    t["c3"] = complaint(agent_a, house_a, at(11, 11, 9), "important", "维修人员态度恶劣")
    act(agent_a, t["c3"], "reply", at(11, 11, 10), content="已致歉")
    # An important complaint's handling is signed off by the service manager (R-CMP-1).
    act(manager, t["c3"], "approve_resolution", at(11, 12, 9), comment="同意")
    act(agent_a, t["c3"], "resolve", at(11, 12, 10), content="维修工已调岗")
    act(agent_a, t["c3"], "callback", at(11, 17, 10), satisfied=False, method="phone")
    t["c4"] = complaint(agent_a, h2, at(11, 14, 10), "minor", "电梯噪音大")
    act(agent_a, t["c4"], "reply", at(11, 14, 12), content="已通知物业检修")
    act(agent_a, t["c4"], "resolve", at(11, 17, 9), content="已更换电梯导靴")
    t["c5"] = complaint(agent_a, house_a, at(11, 5, 10))
    act(manager, t["c5"], "invalidate", at(11, 13, 10), reason="非本公司责任")
    t["c8"] = complaint(agent_a, house_a, at(11, 16, 9), "minor", "快递柜故障")
    t["c9"] = complaint(agent_a, h2, at(11, 2, 10), "minor", "绿化带积水")
    t["c10"] = complaint(agent_a, h2, at(11, 12, 11), "minor", "地下室渗水")
    act(agent_a, t["c10"], "merge", at(11, 12, 12), into=t["c2"].pk)
    t["cb"] = complaint(agent_b, house_b, at(11, 10, 10))
    t["r1"] = services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间渗水",
        phone="13800000001",
        house=house_a.pk,
        category="civil",
        occurred_at=at(11, 10, 10),
    )
    return t
