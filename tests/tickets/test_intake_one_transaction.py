"""Intake is one transaction and one commit (issue 15): the ticket, its first event, its
clocks, the report fact, the customer's SMS and the SMS's background task all commit together."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from aftersales.notify.models import Notification
from aftersales.tickets import services
from aftersales.tickets.models import Deadline

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _register(actor, **fields):
    """Register and return (ticket, commits, statements run outside a transaction)."""
    commits, outside = [], []
    real_commit = connection.commit

    def commit():
        commits.append(1)
        return real_commit()

    def watch(execute, sql, params, many, context):
        if not connection.in_atomic_block and not sql.startswith("BEGIN"):
            outside.append(sql)
        return execute(sql, params, many, context)

    connection.commit = commit
    try:
        with connection.execute_wrapper(watch):
            ticket = services.register_ticket(actor, channel="hotline", **fields)
    finally:
        del connection.commit
    return ticket, commits, outside


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "repair", "urgency": "emergency"},
        {"kind": "complaint", "severity": "major"},
        {"kind": "inquiry"},
    ],
)
def test_intake_commits_once_with_its_task_row(
    database_queue, agent_a, house_new, customer_a, fields
):
    ticket, commits, outside = _register(
        agent_a,
        house=house_new.pk,
        phone="13800000001",
        category="civil",
        description="卫生间渗漏",
        **fields,
    )
    assert commits == [1]
    assert outside == []
    sms = Notification.objects.get(ticket=ticket, channel="sms")
    assert DBTaskResult.objects.filter(args_kwargs__args=[sms.pk]).count() == 1
    expected = {"repair": 0, "complaint": 3, "inquiry": 1}[fields["kind"]]
    assert Deadline.objects.filter(ticket=ticket).count() == expected
    assert {d.name for d in ticket.started_deadlines} == set(
        Deadline.objects.filter(ticket=ticket).values_list("name", flat=True)
    )


def test_a_failed_intake_leaves_no_task(database_queue, agent_a, house_new, monkeypatch):
    from aftersales.tickets.services import intake

    real = intake._confirm

    def confirm_then_fail(ticket, at):
        real(ticket, at)
        raise RuntimeError("after the SMS")

    monkeypatch.setattr(intake, "_confirm", confirm_then_fail)
    with pytest.raises(RuntimeError):
        services.register_ticket(
            agent_a,
            kind="repair",
            channel="hotline",
            house=house_new.pk,
            phone="13800000001",
            description="卫生间渗漏",
        )
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()
