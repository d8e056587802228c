"""Fixtures of the owner portal tests: an SMS outbox, a clean rate-limit cache, a repair of the
owner's house taken to sign-off by staff (through the ticket services)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from aftersales.notify.backends import Backend

SENT: list = []


class Outbox(Backend):
    """An SMS backend that keeps what it is given (the tests read the code from it)."""

    def send(self, notification) -> None:
        SENT.append(notification)


def last_code(phone: str) -> str:
    for message in reversed(SENT):
        if message.address == phone:
            return re.search(r"\d{6}", message.body).group(0)
    raise AssertionError(f"no code sent to {phone}")


@pytest.fixture(autouse=True)
def _portal(settings, tmp_path):
    settings.NOTIFY_SMS_BACKEND = "tests.portal.conftest.Outbox"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    SENT.clear()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def outbox():
    return SENT


def take_to_signoff(staff, technician, ticket_id: int) -> None:
    """Staff dispatch, survey, start and complete the repair (the ticket services)."""
    from aftersales.tickets import services as tickets

    tickets.perform(staff, ticket_id, "dispatch", assignee=technician.pk)
    tickets.perform(
        technician,
        ticket_id,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate="80",
        work_class="A",
        cause="防水层破损，内部备注",
    )
    tickets.perform(technician, ticket_id, "start")
    tickets.perform(technician, ticket_id, "complete", result="已修复")


def other_owners_ticket(agent_b, customer_b, house_b):
    """A repair of owner B's house (王芳, project B), registered by the desk of project B."""
    from aftersales.tickets import services as tickets

    return tickets.register_ticket(
        agent_b,
        kind="repair",
        channel="hotline",
        customer=customer_b,
        house=house_b,
        description="乙的漏水",
    )
