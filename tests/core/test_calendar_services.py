"""Administrators' changes to the working calendar, and the append-only audit trail (R-CAL-1,
R-ORG-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import audit
from aftersales.core.errors import Forbidden, Invalid
from aftersales.core.models import AuditEntry, WorkCalendarDay
from aftersales.core.services import Holiday, set_calendar_day, set_year_schedule
from aftersales.core.workcalendar import is_workday, year_is_scheduled

pytestmark = pytest.mark.django_db


def entries_for(day: dt.date):
    return AuditEntry.objects.filter(model="core.WorkCalendarDay", object_id=day.isoformat())


class TestSetCalendarDay:
    def test_correcting_a_seeded_day_is_audited_with_before_and_after(self, admin):
        day = dt.date(2026, 10, 9)
        assert is_workday(day)
        row = set_calendar_day(admin, day, False, "临时停工")
        assert row.workday is False
        assert row.source == WorkCalendarDay.Source.ADMIN
        assert not is_workday(day)
        entry = entries_for(day).get()
        assert entry.action == AuditEntry.Action.UPDATE
        assert entry.actor == admin
        assert entry.actor_name == "系统管理员"
        assert entry.before == {"date": "2026-10-09", "workday": True, "name": ""}
        assert entry.after == {"date": "2026-10-09", "workday": False, "name": "临时停工"}

    def test_a_new_day_is_a_creation(self, admin):
        day = dt.date(2027, 2, 6)  # a Saturday, made a working day
        set_calendar_day(admin, day, True, "春节调休上班")
        assert is_workday(day)
        entry = entries_for(day).get()
        assert entry.action == AuditEntry.Action.CREATE
        assert entry.before is None
        assert entry.after["workday"] is True

    def test_name_too_long_refused_and_nothing_changed(self, admin):
        day = dt.date(2026, 10, 9)
        with pytest.raises(Invalid) as exc:
            set_calendar_day(admin, day, False, "长" * 41)
        assert "name" in exc.value.fields
        assert is_workday(day)
        assert not entries_for(day).exists()

    def test_only_a_calendar_manager_may_change_a_day(self, agent_a):
        day = dt.date(2026, 10, 9)
        with pytest.raises(Forbidden):
            set_calendar_day(agent_a, day, False, "")
        assert is_workday(day)


class TestSetYearSchedule:
    def test_writes_every_day_of_the_year(self, admin):
        count = set_year_schedule(
            admin,
            2027,
            holidays=[
                Holiday("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3)),
                Holiday("春节", dt.date(2027, 2, 6), dt.date(2027, 2, 13)),
            ],
            makeup_days=[(dt.date(2027, 2, 14), ""), (dt.date(2027, 2, 20), "春节调休上班")],
        )
        assert count == 365
        assert WorkCalendarDay.objects.filter(date__year=2027).count() == 365
        assert year_is_scheduled(2027)
        rows = {r.date: r for r in WorkCalendarDay.objects.filter(date__year=2027)}
        assert (
            rows[dt.date(2027, 1, 1)].workday is False and rows[dt.date(2027, 1, 1)].name == "元旦"
        )
        assert (
            rows[dt.date(2027, 2, 10)].workday is False
            and rows[dt.date(2027, 2, 10)].name == "春节"
        )
        assert rows[dt.date(2027, 2, 14)].workday is True  # a Sunday made a working day
        assert rows[dt.date(2027, 2, 14)].name == "调休上班"
        assert rows[dt.date(2027, 2, 20)].name == "春节调休上班"
        assert rows[dt.date(2027, 3, 6)].workday is False  # an ordinary Saturday
        assert rows[dt.date(2027, 3, 8)].workday is True  # an ordinary Monday
        assert all(r.source == WorkCalendarDay.Source.ADMIN for r in rows.values())
        entry = AuditEntry.objects.get(model="core.WorkCalendarDay", object_id="2027")
        assert entry.actor == admin
        assert entry.after["holidays"][0] == ["元旦", "2027-01-01", "2027-01-03"]

    def test_leap_year(self, admin):
        assert set_year_schedule(admin, 2028, holidays=[], makeup_days=[]) == 366
        assert WorkCalendarDay.objects.filter(date__year=2028).count() == 366

    def test_replaces_the_earlier_rows(self, admin):
        set_calendar_day(admin, dt.date(2027, 5, 5), False, "旧的")
        set_year_schedule(admin, 2027, holidays=[], makeup_days=[])
        row = WorkCalendarDay.objects.get(date=dt.date(2027, 5, 5))
        assert row.workday is True and row.name == ""
        assert WorkCalendarDay.objects.filter(date__year=2027).count() == 365

    def test_holiday_running_into_the_next_year_only_writes_this_year(self, admin):
        set_year_schedule(
            admin,
            2027,
            holidays=[Holiday("元旦", dt.date(2027, 12, 31), dt.date(2028, 1, 2))],
            makeup_days=[],
        )
        assert WorkCalendarDay.objects.get(date=dt.date(2027, 12, 31)).workday is False
        assert not WorkCalendarDay.objects.filter(date__year=2028).exists()

    def test_holiday_ending_before_it_starts(self, admin):
        with pytest.raises(Invalid) as exc:
            set_year_schedule(
                admin,
                2027,
                holidays=[Holiday("春节", dt.date(2027, 2, 13), dt.date(2027, 2, 6))],
                makeup_days=[],
            )
        assert exc.value.code == "invalid_range"
        assert exc.value.status == 422
        assert not WorkCalendarDay.objects.filter(date__year=2027).exists()

    def test_make_up_day_outside_the_year(self, admin):
        with pytest.raises(Invalid) as exc:
            set_year_schedule(admin, 2027, holidays=[], makeup_days=[(dt.date(2026, 12, 27), "")])
        assert exc.value.code == "invalid_date"
        assert not WorkCalendarDay.objects.filter(date__year=2027).exists()

    def test_refusal_keeps_the_previous_schedule(self, admin):
        with pytest.raises(Invalid):
            set_year_schedule(
                admin,
                2026,
                holidays=[Holiday("坏", dt.date(2026, 5, 5), dt.date(2026, 5, 1))],
                makeup_days=[],
            )
        assert WorkCalendarDay.objects.filter(date__year=2026).count() == 365
        assert WorkCalendarDay.objects.get(date=dt.date(2026, 10, 10)).workday is True

    def test_names_longer_than_the_column_refused(self, admin):
        # WorkCalendarDay.name holds 40 characters; PostgreSQL would fail with a 500 otherwise.
        with pytest.raises(Invalid):
            set_year_schedule(
                admin,
                2027,
                holidays=[Holiday("长" * 41, dt.date(2027, 1, 1), dt.date(2027, 1, 1))],
                makeup_days=[],
            )
        with pytest.raises(Invalid):
            set_year_schedule(
                admin, 2027, holidays=[], makeup_days=[(dt.date(2027, 2, 6), "长" * 41)]
            )
        assert not WorkCalendarDay.objects.filter(date__year=2027).exists()

    @pytest.mark.parametrize("year", [1999, 2101])
    def test_year_out_of_range(self, admin, year):
        with pytest.raises(Invalid) as exc:
            set_year_schedule(admin, year, holidays=[], makeup_days=[])
        assert "year" in exc.value.fields

    def test_only_a_calendar_manager_may_enter_a_schedule(self, agent_a):
        with pytest.raises(Forbidden):
            set_year_schedule(agent_a, 2027, holidays=[], makeup_days=[])
        assert not WorkCalendarDay.objects.filter(date__year=2027).exists()


class TestAuditTrailIsAppendOnly:
    def test_record_and_snapshot(self, admin, project_a):
        entry = audit.record(
            admin, AuditEntry.Action.UPDATE, project_a, before={"a": 1}, after={"a": 2}
        )
        assert entry.model == "estates.Project"
        assert entry.object_id == str(project_a.pk)
        assert entry.object_repr == "翠湖花园"
        system = audit.record(None, AuditEntry.Action.LOGIN_FAILED, model="accounts.User")
        assert system.actor is None and system.actor_name == "系统"
        snap = audit.snapshot(project_a)
        assert snap["code"] == "PA"
        assert isinstance(snap["created_at"], str)

    def test_saving_an_existing_entry_is_refused(self, admin):
        entry = audit.record(admin, AuditEntry.Action.UPDATE, model="x", after={"v": 1})
        entry.after = {"v": 2}
        with pytest.raises(RuntimeError):
            entry.save()
        entry.refresh_from_db()
        assert entry.after == {"v": 1}

    def test_deleting_an_entry_is_refused(self, admin):
        entry = audit.record(admin, AuditEntry.Action.UPDATE, model="x")
        with pytest.raises(RuntimeError):
            entry.delete()
        assert AuditEntry.objects.filter(pk=entry.pk).exists()

    def test_bulk_update_and_delete_are_refused(self, admin):
        entry = audit.record(admin, AuditEntry.Action.UPDATE, model="x", note="原文")
        with pytest.raises(RuntimeError):
            AuditEntry.objects.filter(pk=entry.pk).update(note="改写")
        with pytest.raises(RuntimeError):
            AuditEntry.objects.filter(pk=entry.pk).delete()
        entry = AuditEntry.objects.get(pk=entry.pk)
        assert entry.note == "原文"
