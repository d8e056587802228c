"""The deadline monitor and notifications (R-NTF-1/2), with a frozen clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from aftersales.notify.models import Notification
from aftersales.tickets import monitor, services
from aftersales.tickets.models import Deadline
from tests.conftest import make_user

TZ = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def tech(project_a):
    return make_user("mon-tech", ["technician"], [project_a])


@pytest.fixture
def supervisor(project_a):
    return make_user("mon-sup", ["supervisor"], [project_a])


@pytest.fixture
def gm(db):
    return make_user("mon-gm", ["gm"])


@pytest.fixture
def repair(admin, house_a, tech, supervisor):
    with time_machine.travel(at(2026, 9, 30, 10, 0), tick=False):
        ticket = services.register_ticket(
            admin,
            kind="repair",
            channel="hotline",
            phone="13900001111",
            house=house_a.pk,
            category="civil",
            description="墙面开裂",
        )
        services.perform(admin, ticket.pk, "dispatch", assignee=tech.pk)
    return ticket


@pytest.mark.django_db
def test_registration_confirms_to_the_customer_and_dispatch_tells_the_assignee(repair, tech):
    sms = Notification.objects.get(ticket=repair, channel="sms")
    assert sms.address == "13900001111"
    assert repair.number in sms.body
    assert sms.state == Notification.State.SENT or sms.state == Notification.State.PENDING
    assert Notification.objects.filter(recipient=tech, template="ticket_assigned").exists()


@pytest.mark.django_db
def test_at_risk_then_breached_each_notified_once(repair, tech, supervisor):
    survey = Deadline.objects.get(ticket=repair, name="survey")
    assert survey.due == at(2026, 10, 8, 23, 59, 59, 999999)  # across National Day
    # 75 % of the span from 09-30 10:00 to 10-08 24:00 is used on 10-06 afternoon.
    assert monitor.sweep(at(2026, 10, 5, 12, 0)).at_risk == 0
    assert monitor.sweep(at(2026, 10, 7, 12, 0)).at_risk == 1
    assert monitor.sweep(at(2026, 10, 7, 13, 0)).at_risk == 0  # idempotent
    assert (
        Notification.objects.filter(recipient=supervisor, template="deadline_at_risk").count() == 1
    )
    assert monitor.sweep(at(2026, 10, 9, 9, 0)).breached == 1
    assert monitor.sweep(at(2026, 10, 9, 10, 0)).breached == 0
    told = set(
        Notification.objects.filter(template="deadline_breached").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"mon-tech", "mon-sup"} <= told


@pytest.mark.django_db
def test_paused_and_met_clocks_are_left_alone(admin, repair):
    with time_machine.travel(at(2026, 10, 8, 9, 0), tick=False):
        services.perform(admin, repair.pk, "pause", reason="客户不在家")
    assert monitor.sweep(at(2026, 10, 20, 9, 0)).breached == 0


@pytest.mark.django_db
def test_major_complaint_breach_escalates_to_the_gm(admin, gm, project_a):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False):
        ticket = services.register_ticket(
            admin,
            kind="complaint",
            channel="letter",
            phone="13900002222",
            project=project_a.pk,
            severity="major",
            description="媒体曝光 漏水",
        )
    # told at once on registration (R-CMP-1) …
    assert Notification.objects.filter(recipient=gm, template="complaint_escalated").count() == 1
    # … and again when the 48 h reply deadline is breached
    monitor.sweep(at(2026, 11, 4, 10, 0))
    assert Notification.objects.filter(
        recipient=gm, template="deadline_breached", ticket=ticket
    ).exists()


@pytest.mark.django_db
def test_inbox_api_and_mark_read(api, tech, repair):
    client = api(tech)
    inbox = client.get("notifications", {"unread": "true"}).json()
    assert inbox["count"] >= 1
    assert client.post("notifications/read", {}).json()["marked"] == inbox["count"]
    assert client.get("notifications", {"unread": "true"}).json()["count"] == 0


@pytest.mark.django_db
def test_scheduler_once_runs_the_sweep(capsys):
    call_command("scheduler", "--once")
    assert "deadline_sweep" in capsys.readouterr().out
