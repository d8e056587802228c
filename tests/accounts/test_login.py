"""Login throttling (R-ORG-4): too many failures lock the username, then the address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory

from aftersales.accounts.models import LoginFailure
from aftersales.accounts.services import LoginLocked, login_attempt
from aftersales.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def request(ip="10.0.0.1"):
    return RequestFactory().post("/login/", REMOTE_ADDR=ip)


def fail(username, times, ip="10.0.0.1"):
    for _ in range(times):
        assert login_attempt(request(ip), username, "wrong-password") is None


def test_right_password_logs_in(agent_a):
    assert login_attempt(request(), "agent_a", PASSWORD) == agent_a


def test_wrong_password_is_counted_and_audited(agent_a):
    assert login_attempt(request(), "agent_a", "nope") is None
    assert LoginFailure.objects.filter(username="agent_a").count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() == 1


def test_locked_after_max_failures_even_with_the_right_password(agent_a, settings):
    fail("agent_a", settings.LOGIN_MAX_FAILURES)
    with pytest.raises(LoginLocked) as exc:
        login_attempt(request(), "agent_a", PASSWORD)
    assert exc.value.status == 429
    assert exc.value.code == "login_locked"
    assert "锁定" in exc.value.detail


def test_one_failure_short_of_the_limit_still_logs_in(agent_a, settings):
    fail("agent_a", settings.LOGIN_MAX_FAILURES - 1)
    assert login_attempt(request(), "agent_a", PASSWORD) == agent_a


def test_lock_counts_the_username_case_insensitively(agent_a, settings):
    fail("AGENT_A", settings.LOGIN_MAX_FAILURES)
    with pytest.raises(LoginLocked):
        login_attempt(request(), "agent_a", PASSWORD)


def test_success_clears_the_failures(agent_a, settings):
    n = settings.LOGIN_MAX_FAILURES
    fail("agent_a", n - 1)
    assert login_attempt(request(), "agent_a", PASSWORD) == agent_a
    assert not LoginFailure.objects.filter(username="agent_a").exists()
    fail("agent_a", n - 1)
    assert login_attempt(request(), "agent_a", PASSWORD) == agent_a


def test_lock_expires(agent_a, settings):
    start = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail("agent_a", settings.LOGIN_MAX_FAILURES)
        with pytest.raises(LoginLocked):
            login_attempt(request(), "agent_a", PASSWORD)
    later = start + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES - 1)
    with time_machine.travel(later, tick=False), pytest.raises(LoginLocked):
        login_attempt(request(), "agent_a", PASSWORD)
    after = start + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES + 1)
    with time_machine.travel(after, tick=False):
        assert login_attempt(request(), "agent_a", PASSWORD) == agent_a


def test_the_lock_is_per_username(agent_a, agent_b, settings):
    fail("agent_a", settings.LOGIN_MAX_FAILURES, ip="10.0.0.1")
    assert login_attempt(request("10.0.0.2"), "agent_b", PASSWORD) == agent_b


def test_many_failures_from_one_address_lock_that_address_for_guessers(agent_b, settings):
    limit = settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    for i in range(limit):
        login_attempt(request("10.9.9.9"), f"guess{i}", "x")
    with pytest.raises(LoginLocked):
        login_attempt(request("10.9.9.9"), "guess-next", "x")  # an unknown username
    assert login_attempt(request("10.0.0.2"), "guess-next", "x") is None  # another address


def test_inactive_user_cannot_log_in(agent_a):
    agent_a.is_active = False
    agent_a.save()
    assert login_attempt(request(), "agent_a", PASSWORD) is None


def test_unknown_username(db):
    assert login_attempt(request(), "nobody", PASSWORD) is None
