"""``PUT /calendar/days/{date}`` (api.md, R-CAL-1)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from aftersales.core import workcalendar
from aftersales.core.models import AuditEntry, WorkCalendarDay
from tests.api.helpers import assert_chinese, assert_error

pytestmark = pytest.mark.django_db


def test_admin_corrects_a_day(api, admin):
    response = api(admin).put("calendar/days/2026-10-09", {"workday": False, "name": "停电停工"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["date"] == "2026-10-09"
    assert data["workday"] is False
    assert data["name"] == "停电停工"
    assert WorkCalendarDay.objects.get(date="2026-10-09").workday is False
    assert (
        AuditEntry.objects.filter(model="core.WorkCalendarDay", object_id="2026-10-09").count() == 1
    )
    shown = api(admin).get("calendar/days/2026-10-09")
    assert shown.status_code == 200 and shown.json()["workday"] is False


def test_correction_moves_deadlines(api, admin):
    client = api(admin)
    before = client.get(
        "calendar/due", {"start": "2026-09-30T10:00:00+08:00", "amount": 1, "unit": "working_days"}
    )
    assert before.status_code == 200, before.content
    assert before.json()["due"].startswith("2026-10-08T23:59:59")
    client.put("calendar/days/2026-10-08", {"workday": False, "name": "延长假期"})
    after = client.get(
        "calendar/due", {"start": "2026-09-30T10:00:00+08:00", "amount": 1, "unit": "working_days"}
    )
    assert after.json()["due"].startswith("2026-10-09T23:59:59")


def test_a_day_of_an_unscheduled_year(api, admin):
    response = api(admin).put("calendar/days/2027-02-06", {"workday": True, "name": "春节调休上班"})
    assert response.status_code == 200
    assert response.json()["workday"] is True


@pytest.mark.parametrize("persona", ["agent_a", "manager", "technician", "owner", "outsider"])
def test_others_may_not(api, request, persona):
    err = assert_error(
        api(request.getfixturevalue(persona)).put("calendar/days/2026-10-09", {"workday": False}),
        403,
    )
    assert_chinese(err)
    assert WorkCalendarDay.objects.get(date="2026-10-09").workday is True


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "today"])
def test_impossible_date(api, admin, day):
    assert_error(api(admin).put(f"calendar/days/{day}", {"workday": False}), (400, 404, 422))


@pytest.mark.parametrize(
    "payload", [{}, {"workday": "maybe"}, {"workday": True, "name": "长" * 41}]
)
def test_invalid_body(api, admin, payload):
    assert_error(api(admin).put("calendar/days/2026-10-09", payload), (400, 422))
    assert WorkCalendarDay.objects.get(date="2026-10-09").workday is True


DUE = {"start": "2026-09-30T10:00:00+08:00", "amount": 3, "unit": "working_days"}


def test_due_follows_the_r_cal_4_examples(api, agent_a):
    client = api(agent_a)
    assert client.get("calendar/due", DUE).json()["due"].startswith("2026-10-10T23:59:59")
    hours = client.get(
        "calendar/due",
        {**DUE, "amount": 4, "unit": "working_hours", "start": "2026-09-30T16:00:00+08:00"},
    )
    assert hours.json()["due"] == "2026-10-08T11:00:00+08:00"


@pytest.mark.parametrize(
    "params",
    [
        {"amount": -1},
        {"unit": "fortnights"},
        {"amount": 1.5},
        {"start": "2026-09-30T10:00:00"},
        {"start": "2026-02-30T10:00:00+08:00"},
        {"amount": "many"},
    ],
)
def test_due_refusals(api, agent_a, params):
    assert_error(api(agent_a).get("calendar/due", {**DUE, **params}), (400, 422))


def test_enter_a_year(api, admin):
    payload = {
        "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"}],
        "makeup_days": [],
    }
    response = api(admin).put("calendar/years/2027", payload)
    assert response.status_code == 200, response.content
    assert response.json()["days_written"] == 365
    assert response.json()["scheduled"] is True
    assert api(admin).get("calendar/days/2027-01-01").json()["workday"] is False


def test_enter_a_year_refusals(api, admin, agent_a):
    bad_range = {"holidays": [{"name": "春节", "start": "2027-02-13", "end": "2027-02-06"}]}
    assert_error(api(admin).put("calendar/years/2027", bad_range), 422)
    outside = {"holidays": [], "makeup_days": [{"date": "2026-12-27"}]}
    assert_error(api(admin).put("calendar/years/2027", outside), 422)
    assert_error(api(agent_a).put("calendar/years/2027", {"holidays": []}), 403)
    assert not WorkCalendarDay.objects.filter(date__year=2027).exists()


# --- bounded arithmetic (issue 16, defect 8) ---------------------------------------------------


@pytest.mark.parametrize(
    "amount, unit",
    [
        ("100000", "working_days"),
        ("1e9", "working_days"),
        ("1e9", "natural_hours"),
        ("inf", "natural_days"),
        ("nan", "working_hours"),
        ("-inf", "natural_hours"),
        ("3651", "natural_days"),
        ("2001", "working_days"),
        ("87601", "natural_hours"),
        ("20001", "working_hours"),
    ],
)
def test_due_refuses_huge_and_non_finite_amounts_quickly(api, admin, amount, unit):
    started = time.monotonic()
    response = api(admin).get(
        "calendar/due", {"start": "2026-09-30T10:00:00+08:00", "amount": amount, "unit": unit}
    )
    assert_error(response, 422, field="amount")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "start",
    ["9999-12-31T10:00:00+08:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1"],
)
def test_due_refuses_a_start_outside_its_window(api, admin, start):
    response = api(admin).get("calendar/due", {"start": start, "amount": 1, "unit": "natural_days"})
    assert_error(response, 422, field="start")


def test_the_largest_amounts_still_answer(api, admin):
    for unit, amount in workcalendar.Unit.MAXIMUM.items():
        response = api(admin).get(
            "calendar/due", {"start": "2026-09-30T10:00:00+08:00", "amount": amount, "unit": unit}
        )
        assert response.status_code == 200, (unit, response.content)


def test_the_arithmetic_itself_refuses_results_beyond_its_range(db):
    start = dt.datetime(2199, 12, 1, tzinfo=dt.UTC)
    with pytest.raises(workcalendar.OutOfRange):
        workcalendar.compute_due(start, 2000, workcalendar.Unit.WORKING_DAYS)
    with pytest.raises(workcalendar.OutOfRange):
        workcalendar.workdays_after(dt.date(9999, 12, 1), 100)
    with pytest.raises(workcalendar.OutOfRange):
        workcalendar.add_working_hours(start, 20000)
    with pytest.raises(ValueError):
        workcalendar.compute_due(start, float("inf"), workcalendar.Unit.NATURAL_HOURS)
