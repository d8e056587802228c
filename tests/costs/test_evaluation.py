"""Quarterly and yearly evaluation of technicians and team leads (R-CST-5), over the API.

A small history is built by hand through the ticket API with the clock moved step by step,
and every score is computed here from the rule (opinion mean 40 %, satisfied callbacks 30 %,
completion on time 30 %, 5 points off per reopen, a part with nothing to count drops out
and the other weights are scaled up):

* 孙师傅 (``technician``), signed off in 2026-Q3: satisfied + satisfied callback; basically
  satisfied + dissatisfied callback (reopened once); dissatisfied, no callback yet —
  opinion (100 + 80 + 0) / 3 = 60.0, callbacks 1/2 = 50.0 %, on time 3/3 = 100.0 %,
  score 0.4·60 + 0.3·50 + 0.3·100 − 5 = 64.0;
* 钱师傅 (``tech2``), Q3: satisfied, finished two weeks late, no callback — the callback part
  drops out: (0.4·100 + 0.3·0) / 0.7 = 57.142… → 57.1;
* 李师傅 (``tech3``): nothing signed off — counted with no score, ranked last;
* one more repair of 孙师傅 signed off in Q2 counts for the year 2026 only;
* a repair is on time when its completion deadline is met, i.e. at the customer's sign-off
  (R-DSP-7), not when the technician reports the work done;
* the team lead (every project) is judged on all four Q3 repairs: opinion 70.0, callbacks
  50.0 %, on time 75.0 %, one reopen: 28 + 15 + 22.5 − 5 = 60.5.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import at, client_for, new_ticket, ok

pytestmark = pytest.mark.django_db

SURVEY = {
    "responsible_party": "contractor",
    "trades": 1,
    "estimate": "300",
    "work_class": "A",
    "contractor_present": True,
}


def _repair(clock, start: dt.datetime, desk, field, house, customer, *, late=False):
    """Registered, dispatched, surveyed, started and completed from ``start`` on (a Monday).

    ``desk`` and ``field`` are users; each step gets a token issued at its own moment."""
    clock.move_to(start)
    t = new_ticket(
        client_for(desk),
        house=house.pk,
        customer=customer.pk,
        category="civil",
        component="leakage",
    )
    clock.move_to(start + dt.timedelta(hours=1))
    ok(client_for(desk), t["id"], "dispatch", {"assignee": field.pk})
    clock.move_to(start + dt.timedelta(hours=2))
    ok(client_for(field), t["id"], "survey", SURVEY)
    clock.move_to(start + dt.timedelta(hours=3))
    ok(client_for(field), t["id"], "start")
    clock.move_to(start + dt.timedelta(days=14 if late else 0, hours=4))
    ok(client_for(field), t["id"], "complete", {"result": "重做防水层"})
    return t


def _sign(clock, moment, desk, t, opinion: str):
    clock.move_to(moment)
    return ok(client_for(desk), t["id"], "sign_off", {"opinion": opinion})


def _callback(clock, moment, desk, t, satisfied: bool):
    clock.move_to(moment)
    return ok(client_for(desk), t["id"], "callback", {"satisfied": satisfied, "method": "phone"})


@pytest.fixture
def team(people):
    return {
        "sun": people["technician"],
        "qian": make_user("tech2", ["technician"], name="钱师傅"),
        "li": make_user("tech3", ["technician"], name="李师傅"),
        "lead": people["lead"],
    }


@pytest.fixture
def history(people, team, house_new, customer_a):
    """The repairs of the module docstring; the clock ends on 2026-10-15 (Q4)."""
    sun, qian = team["sun"], team["qian"]
    with time_machine.travel(at(2026, 6, 1, 9), tick=False) as clock:
        desk = people["agent"]
        args = (desk, sun, house_new, customer_a)
        # Q2: counts for the year only
        t0 = _repair(clock, at(2026, 6, 1, 9), *args)
        _sign(clock, at(2026, 6, 2, 10), desk, t0, "satisfied")
        # Q3
        t1 = _repair(clock, at(2026, 7, 6, 9), *args)
        _sign(clock, at(2026, 7, 7, 10), desk, t1, "satisfied")
        _callback(clock, at(2026, 7, 8, 10), desk, t1, True)
        t2 = _repair(clock, at(2026, 7, 13, 9), *args)
        _sign(clock, at(2026, 7, 14, 10), desk, t2, "basically_satisfied")
        reopened = _callback(clock, at(2026, 7, 15, 10), desk, t2, False)
        assert reopened["reopen_count"] == 1
        t3 = _repair(clock, at(2026, 8, 3, 9), *args)
        _sign(clock, at(2026, 8, 4, 10), desk, t3, "dissatisfied")
        t4 = _repair(clock, at(2026, 9, 7, 9), desk, qian, house_new, customer_a, late=True)
        _sign(clock, at(2026, 9, 22, 10), desk, t4, "satisfied")
        # signed off on 8 October (the first working day after the National Day holiday,
        # the last day of its completion deadline): Q4, not Q3, and on time
        t5 = _repair(clock, at(2026, 9, 28, 9), desk, qian, house_new, customer_a)
        _sign(clock, at(2026, 10, 8, 10), desk, t5, "dissatisfied")
        clock.move_to(at(2026, 10, 15, 10))
        yield {"clock": clock, "tickets": [t0, t1, t2, t3, t4, t5]}


def _get(user, **params):
    return client_for(user).get("evaluations", params)


def _by_user(body) -> dict[int, dict]:
    return {row["user"]: row for row in body["results"]}


def test_technician_scores_computed_by_hand(history, people, team):
    r = _get(people["manager"], period="2026-Q3", role="technician")
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["period"], body["label"]) == ("2026-Q3", "2026年第3季度")
    assert (body["start"], body["end"], body["role"]) == ("2026-07-01", "2026-09-30", "technician")
    rows = _by_user(body)
    sun, qian, li = rows[team["sun"].pk], rows[team["qian"].pk], rows[team["li"].pk]
    assert (sun["repairs"], sun["opinion"], sun["callback_rate"], sun["on_time_rate"]) == (
        3,
        60.0,
        50.0,
        100.0,
    )
    assert (sun["reopens"], sun["score"]) == (1, 64.0)
    # no callback yet: that part drops out, the late completion counts fully
    assert (qian["repairs"], qian["opinion"], qian["callback_rate"]) == (1, 100.0, None)
    assert (qian["on_time_rate"], qian["score"]) == (0.0, 57.1)
    assert (li["repairs"], li["score"], li["lines"]) == (0, None, [])
    # ranked best first; nobody without a score above anybody with one
    order = [row["user"] for row in body["results"]]
    assert order.index(team["sun"].pk) < order.index(team["qian"].pk) < order.index(team["li"].pk)


def test_lines_name_the_repairs_behind_the_score(history, people, team):
    t1, t2, t3 = history["tickets"][1:4]
    sun = _by_user(_get(people["manager"], period="2026-Q3").json())[team["sun"].pk]
    lines = {ln["number"]: ln for ln in sun["lines"]}
    assert set(lines) == {t1["number"], t2["number"], t3["number"]}
    assert lines[t1["number"]] | {"signed_off_at": None} == {
        "ticket": t1["id"],
        "number": t1["number"],
        "signed_off_at": None,
        "opinion": "satisfied",
        "callbacks": 1,
        "satisfied_callbacks": 1,
        "on_time": True,
        "reopens": 0,
    }
    assert lines[t1["number"]]["signed_off_at"] == "2026-07-07T10:00:00+08:00"
    assert (lines[t2["number"]]["callbacks"], lines[t2["number"]]["reopens"]) == (1, 1)
    assert lines[t3["number"]]["opinion"] == "dissatisfied"


def test_team_lead_is_judged_on_every_repair_in_his_scope(history, people, team):
    body = _get(people["manager"], period="2026-Q3", role="team_lead").json()
    lead = _by_user(body)[team["lead"].pk]
    assert (lead["repairs"], lead["opinion"], lead["callback_rate"]) == (4, 70.0, 50.0)
    assert (lead["on_time_rate"], lead["reopens"], lead["score"]) == (75.0, 1, 60.5)
    assert team["sun"].pk not in _by_user(body)  # technicians are not on the team-lead list


def test_year_and_other_quarters(history, people, team):
    year = _by_user(_get(people["manager"], period="2026").json())
    # + the Q2 repair (satisfied, no callback, on time): opinion 280/4 = 70.0
    assert (year[team["sun"].pk]["repairs"], year[team["sun"].pk]["opinion"]) == (4, 70.0)
    assert year[team["qian"].pk]["repairs"] == 2
    q4 = _by_user(_get(people["manager"], period="2026-Q4").json())
    # dissatisfied (0), on time, no callback: 0.4·0 + 0.3·100 over 0.7 = 42.857… → 42.9
    assert (q4[team["qian"].pk]["repairs"], q4[team["qian"].pk]["score"]) == (1, 42.9)
    q1 = _get(people["manager"], period="2026-Q1").json()
    assert all(row["repairs"] == 0 and row["score"] is None for row in q1["results"])


def test_default_period_is_the_current_quarter(history, people):
    with time_machine.travel(at(2026, 10, 15, 10), tick=False):
        body = client_for(people["manager"]).get("evaluations").json()
    assert (body["period"], body["role"]) == ("2026-Q4", "technician")


def test_scope_limits_what_a_scoped_team_lead_sees(history, people, project_b):
    """A team lead of project B only: the repairs are in project A, so he sees none."""
    lead_b = make_user("lead_b", ["team_lead"], [project_b], name="乙队长")
    body = _get(lead_b, period="2026-Q3", role="team_lead").json()
    assert _by_user(body)[lead_b.pk]["repairs"] == 0
    assert all(row["repairs"] == 0 for row in body["results"])


@pytest.mark.parametrize(
    "period", ["2026-Q5", "2026-Q0", "26-Q3", "2026Q3", "abc", "1999", "2026-q3x", "2026-Q3-1"]
)
def test_bad_period_is_422(people, period):
    r = _get(people["manager"], period=period)
    assert_error(r, 422, field="period")


def test_bad_role_is_422(people):
    assert_error(_get(people["manager"], period="2026-Q3", role="gm"), 422, field="role")


@pytest.mark.parametrize("who", ["technician", "agent", "finance"])
def test_roles_without_evaluation_view_get_403(people, who):
    assert_error(_get(people[who], period="2026-Q3"), 403)


def test_anonymous_gets_401(api):
    assert api().get("evaluations", {"period": "2026-Q3"}).status_code == 401


@pytest.mark.parametrize("who", ["manager", "lead", "dgm", "gm", "admin"])
def test_roles_with_evaluation_view_get_200(people, who):
    assert _get(people[who], period="2026").status_code == 200


def test_a_screen_reads_only_the_newest_lines_the_score_counts_them_all(history, people, team):
    """``evaluate(lines=N)``: the scores are the same; each lists its N newest repairs."""
    from aftersales.costs import evaluation

    t1, t2, t3 = history["tickets"][1:4]
    for role, person in (("technician", team["sun"]), ("team_lead", team["lead"])):
        _span, full = evaluation.evaluate(people["manager"], "2026-Q3", role)
        _span, short = evaluation.evaluate(people["manager"], "2026-Q3", role, lines=2)
        assert [s.score for s in short] == [s.score for s in full]
        mine = next(s for s in short if s.user.pk == person.pk)
        everything = next(s for s in full if s.user.pk == person.pk)
        assert mine.repairs == everything.repairs >= 3
        assert len(mine.lines) == 2
        assert mine.lines == everything.lines[:2]  # newest signed off first
    sun = next(s for s in short if s.user.pk == team["lead"].pk)
    assert sun.lines[0].signed_off_at >= sun.lines[1].signed_off_at
    _span, full = evaluation.evaluate(people["manager"], "2026-Q3", "technician")
    sun = next(s for s in full if s.user.pk == team["sun"].pk)
    assert [ln.ticket_id for ln in sun.lines] == [t3["id"], t2["id"], t1["id"]]
