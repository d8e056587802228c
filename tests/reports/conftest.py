"""A small hand-built history of project A (and one ticket of B) in March 2026.

Every step goes through the ticket services (``perform``) with back-entered moments, so the
report facts are kept current the way they are in production. Times are Asia/Shanghai.

Project A, period 2026-03-01 … 2026-03-31 (now frozen at 2026-04-10 12:00):

* T1 repair: registered 03-02 09:00, dispatched 10:00 (1 h), surveyed 15:00 (1 trade → completion
  due at the end of Thu 03-05), repaired, check passed, signed off EXACTLY at the due moment,
  callback 03-06 10:00 satisfied → closed. Handling 97 h.
* T2 repair: registered 03-09 09:00, dispatched 03-10 10:00 (25 h: late response), surveyed,
  first completion check FAILED, repaired again, check passed, signed off 03-16 17:00 (late),
  callback 03-17 dissatisfied → reopened; started again 03-18 (completion restarted, due end of
  03-23), repaired, signed off 03-19 12:00 (on time), callback 03-20 10:00 satisfied → closed.
  Handling 265 h.
* T3 repair: registered 03-20 09:00, dispatched 11:00, surveyed 03-23 09:00 (due end of 03-26),
  repaired, signed off 03-30 10:00 (late), no callback yet: still open.
* T4 complaint (minor): registered 03-03 09:00, reply 15:00 (6 h), resolved 03-04, callback 03-05
  10:00 satisfied → closed. Handling 49 h.
* T5 inquiry: registered 03-10 09:00, answered 03-12 09:00 (48 h) → closed. Handling 48 h.
* T6 inquiry of project B (03-11), T7 repair of A registered 04-02: outside the cut / period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from tests.tickets.helpers import at

NOW = at(2026, 4, 10, 12)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class History:
    t1: object
    t2: object
    t3: object
    t4: object
    t5: object
    t6: object
    t7: object


def _register(actor, house, kind="repair", at_=None, **extra):
    from aftersales.tickets import services

    return services.register_ticket(
        actor,
        kind=kind,
        channel="hotline",
        description="测试报事",
        phone="13800000001",
        house=house.pk,
        category="civil" if kind in ("repair", "complaint") else "",
        occurred_at=at_,
        **extra,
    )


def _do(actor, ticket, action, moment, **payload):
    from aftersales.tickets import services

    return services.perform(actor, ticket, action, occurred_at=moment, **payload)


SURVEY = {
    "responsible_party": "contractor",
    "trades": 1,
    "estimate": "300",
    "work_class": "A",
}


def _due(ticket, name="completion") -> dt.datetime:
    from aftersales.tickets.models import Deadline

    return Deadline.objects.get(ticket=ticket, name=name).due


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.fixture
def history(frozen, manager, technician, house_a, house_b) -> History:
    boss, tech = manager, technician
    # T1 — everything on time; signed off exactly at the completion deadline.
    t1 = _register(boss, house_a, at_=at(2026, 3, 2, 9))
    _do(boss, t1, "dispatch", at(2026, 3, 2, 10), assignee=tech.pk)
    _do(tech, t1, "survey", at(2026, 3, 2, 15), **SURVEY)
    _do(tech, t1, "start", at(2026, 3, 3, 9))
    _do(tech, t1, "complete", at(2026, 3, 5, 10))
    _do(boss, t1, "check", at(2026, 3, 5, 11), passed=True)
    due = _due(t1)
    assert due.date() == dt.date(2026, 3, 5)
    _do(boss, t1, "sign_off", due, opinion="satisfied")
    _do(boss, t1, "callback", at(2026, 3, 6, 10), satisfied=True)
    # T2 — late response, failed first check, late sign-off, reopened, then satisfied.
    t2 = _register(boss, house_a, at_=at(2026, 3, 9, 9))
    _do(boss, t2, "dispatch", at(2026, 3, 10, 10), assignee=tech.pk)
    _do(tech, t2, "survey", at(2026, 3, 10, 14), **SURVEY)
    _do(tech, t2, "start", at(2026, 3, 11, 9))
    _do(tech, t2, "complete", at(2026, 3, 16, 9))
    _do(boss, t2, "check", at(2026, 3, 16, 10), passed=False)
    _do(tech, t2, "complete", at(2026, 3, 16, 15))
    _do(boss, t2, "check", at(2026, 3, 16, 16), passed=True)
    _do(boss, t2, "sign_off", at(2026, 3, 16, 17), opinion="basically_satisfied")
    _do(boss, t2, "callback", at(2026, 3, 17, 10), satisfied=False)
    _do(tech, t2, "start", at(2026, 3, 18, 9))
    _do(tech, t2, "complete", at(2026, 3, 19, 10))
    _do(boss, t2, "check", at(2026, 3, 19, 11), passed=True)
    _do(boss, t2, "sign_off", at(2026, 3, 19, 12), opinion="satisfied")
    _do(boss, t2, "callback", at(2026, 3, 20, 10), satisfied=True)
    # T3 — signed off late, not called back yet.
    t3 = _register(boss, house_a, at_=at(2026, 3, 20, 9))
    _do(boss, t3, "dispatch", at(2026, 3, 20, 11), assignee=tech.pk)
    _do(tech, t3, "survey", at(2026, 3, 23, 9), **SURVEY)
    _do(tech, t3, "start", at(2026, 3, 24, 9))
    _do(tech, t3, "complete", at(2026, 3, 27, 9))
    _do(boss, t3, "sign_off", at(2026, 3, 30, 10), opinion="satisfied")
    # T4 — a minor complaint answered in 6 h, resolved and called back.
    t4 = _register(boss, house_a, kind="complaint", at_=at(2026, 3, 3, 9), severity="minor")
    _do(boss, t4, "reply", at(2026, 3, 3, 15), content="已联系业主")
    _do(boss, t4, "resolve", at(2026, 3, 4, 10), content="已处理")
    _do(boss, t4, "callback", at(2026, 3, 5, 10), satisfied=True)
    # T5 — an inquiry answered after 48 h.
    t5 = _register(boss, house_a, kind="inquiry", at_=at(2026, 3, 10, 9))
    _do(boss, t5, "reply", at(2026, 3, 12, 9), content="已答复")
    # T6 — project B; T7 — after the period.
    t6 = _register(boss, house_b, kind="inquiry", at_=at(2026, 3, 11, 9))
    t7 = _register(boss, house_a, at_=at(2026, 4, 2, 9))
    return History(t1, t2, t3, t4, t5, t6, t7)


MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def make_scoped_supervisor(db):
    from tests.conftest import make_user

    def make(project, username="supervisor_a"):
        return make_user(username, ["supervisor"], [project], name="客服主管甲")

    return make
