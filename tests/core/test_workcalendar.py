"""Deadline arithmetic on the mainland China working calendar (R-CAL-1, R-CAL-2, R-CAL-4).

The calendar rows come from the seeding migration (2004–2026 from ``chinesecalendar``); 2027
has no rows until an administrator enters its schedule, so Monday–Friday is the fallback.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from aftersales.core.models import WorkCalendarDay
from aftersales.core.services import Holiday, set_year_schedule
from aftersales.core.workcalendar import (
    BusinessHours,
    Unit,
    add_working_hours,
    compute_due,
    end_of_day,
    is_workday,
    missing_schedule_years,
    next_workday_on_or_after,
    workdays_after,
    working_days_between,
    working_hours_between,
    year_is_scheduled,
)

SH = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def at(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


def end_of(y, m, d) -> dt.datetime:
    return dt.datetime.combine(dt.date(y, m, d), dt.time.max, tzinfo=SH)


def enter_2027(actor):
    return set_year_schedule(
        actor,
        2027,
        holidays=[Holiday("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3))],
        makeup_days=[],
    )


# --- the seeded calendar ---------------------------------------------------------------------


@pytest.mark.django_db
class TestSeededCalendar:
    def test_national_day_2026(self):
        rest = [dt.date(2026, 10, d) for d in range(1, 8)]
        for day in rest:
            assert not is_workday(day), day
        assert is_workday(dt.date(2026, 9, 30))
        assert is_workday(dt.date(2026, 10, 8))
        make_up = WorkCalendarDay.objects.get(date=dt.date(2026, 10, 10))
        assert make_up.workday and dt.date(2026, 10, 10).weekday() == 5
        assert "调休" in make_up.name

    def test_spring_festival_2026(self):
        for day in range(15, 24):
            row = WorkCalendarDay.objects.get(date=dt.date(2026, 2, day))
            assert row.workday is False, row
            assert row.name == "春节"
        for day in (dt.date(2026, 2, 14), dt.date(2026, 2, 28)):
            row = WorkCalendarDay.objects.get(date=day)
            assert day.weekday() == 5
            assert row.workday is True
            assert row.name == "春节调休上班"
        assert is_workday(dt.date(2026, 2, 13))
        assert is_workday(dt.date(2026, 2, 24))

    def test_every_year_seeded_in_full(self):
        for year in (2004, 2020, 2024, 2026):
            assert year_is_scheduled(year), year
        assert WorkCalendarDay.objects.filter(date__year=2026).count() == 365
        assert not WorkCalendarDay.objects.filter(date__year=2027).exists()

    def test_weekday_fallback_without_rows(self):
        assert is_workday(dt.date(2027, 1, 1))  # a Friday, no 2027 rows yet
        assert not is_workday(dt.date(2027, 1, 2))  # Saturday
        assert not is_workday(dt.date(2027, 1, 3))  # Sunday


# --- working days (R-CAL-4) -------------------------------------------------------------------


@pytest.mark.django_db
class TestWorkingDays:
    def test_survey_one_working_day_over_national_day(self):
        due = compute_due(at(2026, 9, 30, 10), 1, Unit.WORKING_DAYS)
        assert due.date() == dt.date(2026, 10, 8)
        assert due.time() == dt.time.max
        assert due.tzinfo is not None and due.utcoffset() == dt.timedelta(hours=8)
        assert due == end_of(2026, 10, 8)

    def test_repair_three_working_days_ends_on_make_up_saturday(self):
        due = compute_due(at(2026, 9, 30, 10), 3, Unit.WORKING_DAYS)
        assert due.date() == dt.date(2026, 10, 10)
        assert due.time() == dt.time.max

    def test_start_day_never_counts_even_early_in_the_morning(self):
        due = compute_due(at(2026, 9, 29, 0, 1), 1, Unit.WORKING_DAYS)
        assert due == end_of(2026, 9, 30)

    def test_start_on_a_holiday(self):
        assert compute_due(at(2026, 10, 3, 9), 1, Unit.WORKING_DAYS) == end_of(2026, 10, 8)
        assert compute_due(at(2026, 10, 3, 9), 4, Unit.WORKING_DAYS) == end_of(2026, 10, 12)

    def test_zero_working_days_is_end_of_the_start_day(self):
        assert compute_due(at(2026, 9, 30, 10), 0, Unit.WORKING_DAYS) == end_of(2026, 9, 30)

    def test_start_given_in_utc_counts_from_the_local_date(self):
        # 2026-10-09 16:30 UTC is already 2026-10-10 00:30 in Shanghai: the make-up Saturday
        # itself does not count, the next working day is Monday 10-12.
        start = dt.datetime(2026, 10, 9, 16, 30, tzinfo=UTC)
        due = compute_due(start, 1, Unit.WORKING_DAYS)
        assert due == end_of(2026, 10, 12)
        assert compute_due(
            dt.datetime(2026, 9, 30, 2, 0, tzinfo=UTC), 1, Unit.WORKING_DAYS
        ) == end_of(2026, 10, 8)

    def test_spring_festival(self):
        friday = at(2026, 2, 13, 10)
        assert compute_due(friday, 1, Unit.WORKING_DAYS) == end_of(2026, 2, 14)  # make-up Sat
        assert compute_due(friday, 2, Unit.WORKING_DAYS) == end_of(2026, 2, 24)
        assert compute_due(at(2026, 2, 14, 9), 1, Unit.WORKING_DAYS) == end_of(2026, 2, 24)
        assert compute_due(at(2026, 2, 24, 9), 4, Unit.WORKING_DAYS) == end_of(2026, 2, 28)
        assert compute_due(at(2026, 2, 24, 9), 5, Unit.WORKING_DAYS) == end_of(2026, 3, 2)

    def test_year_end_into_unscheduled_2027_uses_weekdays(self):
        # 12-31 (Thu), 2027-01-01 (Fri: a weekday, counted until the 2027 schedule exists), 01-04.
        assert compute_due(at(2026, 12, 30, 15), 3, Unit.WORKING_DAYS) == end_of(2027, 1, 4)
        assert compute_due(at(2026, 12, 31, 15), 1, Unit.WORKING_DAYS) == end_of(2027, 1, 1)

    def test_year_end_after_2027_schedule_entered(self, admin):
        enter_2027(admin)
        assert not is_workday(dt.date(2027, 1, 1))
        assert compute_due(at(2026, 12, 30, 15), 3, Unit.WORKING_DAYS) == end_of(2027, 1, 5)
        assert compute_due(at(2026, 12, 31, 15), 1, Unit.WORKING_DAYS) == end_of(2027, 1, 4)

    def test_workdays_after_and_next_workday(self):
        assert workdays_after(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
        assert workdays_after(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)
        assert next_workday_on_or_after(dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)
        assert next_workday_on_or_after(dt.date(2026, 9, 30)) == dt.date(2026, 9, 30)
        with pytest.raises(ValueError):
            workdays_after(dt.date(2026, 9, 30), 0)

    def test_working_days_between(self):
        assert working_days_between(at(2026, 9, 30, 10), at(2026, 10, 10, 8)) == 3
        assert working_days_between(at(2026, 9, 30, 10), at(2026, 9, 30, 18)) == 0
        assert working_days_between(at(2026, 10, 1), at(2026, 10, 7)) == 0

    def test_a_long_run_of_working_days(self):
        # 2026-11-02 (Mon) + 40 working days: no holiday until the end of the year, so 8 weeks.
        assert compute_due(at(2026, 11, 2, 9), 40, Unit.WORKING_DAYS) == end_of(2026, 12, 28)


# --- natural units (R-CAL-2) -----------------------------------------------------------------


@pytest.mark.django_db
class TestNaturalUnits:
    def test_natural_hours_ignore_holidays(self):
        assert compute_due(at(2026, 9, 30, 10), 24, Unit.NATURAL_HOURS) == at(2026, 10, 1, 10)
        assert compute_due(at(2026, 9, 30, 10), 1.5, Unit.NATURAL_HOURS) == at(2026, 9, 30, 11, 30)
        assert compute_due(at(2026, 9, 30, 10), 0, Unit.NATURAL_HOURS) == at(2026, 9, 30, 10)

    def test_natural_days(self):
        assert compute_due(at(2026, 9, 30, 10), 3, Unit.NATURAL_DAYS) == at(2026, 10, 3, 10)
        assert compute_due(at(2026, 12, 31, 23, 30), 1, Unit.NATURAL_DAYS) == at(2027, 1, 1, 23, 30)

    def test_natural_answers_are_in_local_time(self):
        due = compute_due(dt.datetime(2026, 9, 30, 2, 0, tzinfo=UTC), 2, Unit.NATURAL_HOURS)
        assert due == at(2026, 9, 30, 12)
        assert due.utcoffset() == dt.timedelta(hours=8)


# --- working hours ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestWorkingHours:
    def test_over_national_day(self):
        # 16:00–17:30 on 09-30 is 1.5 h; the other 2.5 h run from 08:30 on 10-08.
        due = compute_due(at(2026, 9, 30, 16), 4, Unit.WORKING_HOURS)
        assert due == at(2026, 10, 8, 11, 0)

    def test_across_lunch(self):
        assert compute_due(at(2026, 9, 30, 11), 2, Unit.WORKING_HOURS) == at(2026, 9, 30, 14, 30)

    def test_start_inside_lunch(self):
        assert compute_due(at(2026, 9, 30, 12, 30), 1, Unit.WORKING_HOURS) == at(
            2026, 9, 30, 14, 30
        )

    def test_start_before_opening(self):
        assert compute_due(at(2026, 9, 30, 7), 1, Unit.WORKING_HOURS) == at(2026, 9, 30, 9, 30)

    def test_start_after_closing(self):
        assert compute_due(at(2026, 9, 29, 18), 1, Unit.WORKING_HOURS) == at(2026, 9, 30, 9, 30)

    def test_start_on_a_rest_day(self):
        assert compute_due(at(2026, 10, 3, 10), 1, Unit.WORKING_HOURS) == at(2026, 10, 8, 9, 30)
        # a make-up Saturday is a working day
        assert compute_due(at(2026, 10, 10, 7), 1, Unit.WORKING_HOURS) == at(2026, 10, 10, 9, 30)

    def test_span_boundaries(self):
        assert compute_due(at(2026, 9, 29, 8, 30), 3.5, Unit.WORKING_HOURS) == at(2026, 9, 29, 12)
        assert compute_due(at(2026, 9, 29, 8, 30), 7.5, Unit.WORKING_HOURS) == at(
            2026, 9, 29, 17, 30
        )
        assert compute_due(at(2026, 9, 29, 8, 30), 8, Unit.WORKING_HOURS) == at(2026, 9, 30, 9)
        assert compute_due(at(2026, 9, 30, 12), 0.5, Unit.WORKING_HOURS) == at(2026, 9, 30, 14)

    def test_custom_business_hours(self):
        bh = BusinessHours.parse(["09:00-18:00"])
        assert add_working_hours(at(2026, 9, 30, 17), 2, bh) == at(2026, 10, 8, 10)

    def test_business_hours_from_settings(self, settings):
        settings.BUSINESS_HOURS = ["09:00-12:00", "14:00-18:00"]
        assert compute_due(at(2026, 9, 29, 11), 2, Unit.WORKING_HOURS) == at(2026, 9, 29, 15)

    def test_working_hours_between(self):
        assert working_hours_between(at(2026, 9, 30, 16), at(2026, 10, 8, 11)) == dt.timedelta(
            hours=4
        )
        assert working_hours_between(at(2026, 9, 29, 9), at(2026, 9, 29, 14)) == dt.timedelta(
            hours=3.5
        )
        assert working_hours_between(at(2026, 10, 1), at(2026, 10, 7, 23)) == dt.timedelta(0)
        assert working_hours_between(at(2026, 9, 30, 10), at(2026, 9, 30, 9)) == dt.timedelta(0)
        assert working_hours_between(at(2026, 9, 29, 0), at(2026, 9, 30, 0)) == dt.timedelta(
            hours=7.5
        )


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestRefusals:
    @pytest.mark.parametrize("unit", sorted(Unit.ALL))
    def test_negative_amount(self, unit):
        with pytest.raises(ValueError):
            compute_due(at(2026, 9, 30, 10), -1, unit)

    @pytest.mark.parametrize("unit", ["days", "", "WORKING_DAYS", "weeks"])
    def test_unknown_unit(self, unit):
        with pytest.raises(ValueError):
            compute_due(at(2026, 9, 30, 10), 1, unit)

    def test_fractional_working_days(self):
        with pytest.raises(ValueError):
            compute_due(at(2026, 9, 30, 10), 1.5, Unit.WORKING_DAYS)

    def test_naive_start(self):
        with pytest.raises(ValueError):
            compute_due(dt.datetime(2026, 9, 30, 10), 1, Unit.WORKING_DAYS)

    def test_negative_working_hours(self):
        with pytest.raises(ValueError):
            add_working_hours(at(2026, 9, 30, 10), -0.5)


class TestBusinessHoursParse:
    def test_parses_and_sorts(self):
        bh = BusinessHours.parse([" 13:30 - 17:30", "08:30-12:00"])
        assert bh.spans == (
            (dt.time(8, 30), dt.time(12, 0)),
            (dt.time(13, 30), dt.time(17, 30)),
        )

    @pytest.mark.parametrize(
        "ranges",
        [
            ["nonsense"],
            ["8:30-12:00"],
            ["08:30"],
            ["08:30-12:00-13:00"],
            ["25:00-26:00"],
            ["12:00-08:30"],
            ["09:00-09:00"],
            ["08:00-12:00", "11:00-13:00"],
            [],
        ],
    )
    def test_refused(self, ranges):
        with pytest.raises(ValueError):
            BusinessHours.parse(ranges)


def test_end_of_day_is_the_last_instant_of_the_local_day():
    moment = end_of_day(dt.date(2026, 10, 8))
    assert moment.date() == dt.date(2026, 10, 8)
    assert moment.time() == dt.time.max
    assert moment + dt.timedelta(microseconds=1) == at(2026, 10, 9)


# --- schedule coverage -----------------------------------------------------------------------


@pytest.mark.django_db
class TestScheduleCoverage:
    def test_november_asks_for_next_year(self):
        with time_machine.travel(at(2026, 11, 23, 9), tick=False):
            assert missing_schedule_years() == [2027]
        assert missing_schedule_years(dt.date(2026, 11, 23)) == [2027]

    def test_before_november_only_the_current_year(self):
        with time_machine.travel(at(2026, 10, 31, 23, 59), tick=False):
            assert missing_schedule_years() == []

    def test_unscheduled_current_year(self):
        with time_machine.travel(at(2027, 1, 10, 9), tick=False):
            assert missing_schedule_years() == [2027]

    def test_after_entering_2027(self, admin):
        enter_2027(admin)
        assert year_is_scheduled(2027)
        with time_machine.travel(at(2026, 11, 23, 9), tick=False):
            assert missing_schedule_years() == []

    def test_a_few_corrected_days_do_not_make_a_schedule(self, admin):
        from aftersales.core.services import set_calendar_day

        set_calendar_day(admin, dt.date(2027, 1, 1), False, "元旦")
        assert not year_is_scheduled(2027)
        assert missing_schedule_years(dt.date(2026, 11, 23)) == [2027]


# --- properties ------------------------------------------------------------------------------


def official_workday(day: dt.date) -> bool:
    """An oracle independent of the product: chinesecalendar to 2026, Monday–Friday after."""
    if day.year <= 2026:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


starts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59)
).map(lambda d: d.replace(tzinfo=SH))
PROPS = hsettings(
    max_examples=60,
    deadline=None,
    database=None,  # no example database written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.mark.django_db
@PROPS
@given(start=starts, days=st.integers(min_value=1, max_value=30))
def test_working_day_due_is_a_working_day_after_the_start(start, days):
    due = compute_due(start, days, Unit.WORKING_DAYS)
    assert due > start
    assert due.time() == dt.time.max
    assert official_workday(due.date())
    between = [
        start.date() + dt.timedelta(days=i) for i in range(1, (due.date() - start.date()).days + 1)
    ]
    assert sum(official_workday(d) for d in between) == days


@pytest.mark.django_db
@PROPS
@given(
    start=starts, a=st.integers(min_value=0, max_value=25), b=st.integers(min_value=0, max_value=25)
)
def test_working_days_are_monotonic(start, a, b):
    lo, hi = sorted((a, b))
    assert compute_due(start, lo, Unit.WORKING_DAYS) <= compute_due(start, hi, Unit.WORKING_DAYS)
    if lo < hi:
        assert compute_due(start, lo, Unit.WORKING_DAYS) < compute_due(start, hi, Unit.WORKING_DAYS)


@pytest.mark.django_db
@PROPS
@given(start=starts, halves=st.integers(min_value=1, max_value=120))
def test_working_hours_due_falls_inside_business_hours(start, halves):
    hours = halves / 2
    due = compute_due(start, hours, Unit.WORKING_HOURS)
    assert due > start
    assert official_workday(due.date())
    spans = BusinessHours.default().spans
    assert any(a < due.timetz().replace(tzinfo=None) <= b for a, b in spans), due
    assert working_hours_between(start, due) == dt.timedelta(hours=hours)


@pytest.mark.django_db
@PROPS
@given(
    start=starts, a=st.integers(min_value=0, max_value=60), b=st.integers(min_value=0, max_value=60)
)
def test_working_hours_are_monotonic(start, a, b):
    lo, hi = sorted((a, b))
    assert compute_due(start, lo / 2, Unit.WORKING_HOURS) <= compute_due(
        start, hi / 2, Unit.WORKING_HOURS
    )
