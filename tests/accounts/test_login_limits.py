"""Login limits cannot lock out an office, and count exactly (issue 16, defects 4 and 11).

Per username from anywhere (``LOGIN_MAX_FAILURES``), plus a much higher per-address limit that
only holds back usernames that are unknown or have failed themselves: one person guessing behind
an office's NAT address never locks out a colleague who has not failed.
"""

from __future__ import annotations

import contextlib

import pytest
from django.test import RequestFactory

from aftersales.accounts.models import LoginFailure
from aftersales.accounts.services import LoginLocked, login_attempt
from tests.api.helpers import assert_error
from tests.concurrency import parallel
from tests.conftest import PASSWORD, ApiClient

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"


def request(ip=OFFICE, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/login/", REMOTE_ADDR=ip, **extra)


def test_twenty_failures_for_others_do_not_lock_manager(manager, agent_a, settings):
    for i in range(20):
        login_attempt(request(), f"colleague{i % 4}", "wrong")
    assert login_attempt(request(), "manager", PASSWORD) == manager


def test_even_past_the_address_limit_a_user_who_has_not_failed_logs_in(manager, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 10
    for i in range(30):
        with contextlib.suppress(LoginLocked):
            login_attempt(request(), f"nobody{i}", "wrong")
    with pytest.raises(LoginLocked):
        login_attempt(request(), "nobody-else", "wrong")
    assert login_attempt(request(), "manager", PASSWORD) == manager


def test_past_the_address_limit_a_real_username_gets_one_try_from_there(agent_a, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 10
    for i in range(10):
        login_attempt(request(), f"nobody{i}", "wrong")
    assert login_attempt(request(), "agent_a", "wrong") is None
    with pytest.raises(LoginLocked):
        login_attempt(request(), "agent_a", PASSWORD)
    # from elsewhere agent_a (one failure, under the per-user limit) still logs in
    assert login_attempt(request("198.51.100.7"), "agent_a", PASSWORD) == agent_a


def test_the_per_user_limit_counts_failures_from_every_address(agent_a, settings):
    for i in range(settings.LOGIN_MAX_FAILURES):
        login_attempt(request(f"198.51.100.{i + 1}"), "agent_a", "wrong")
    with pytest.raises(LoginLocked):
        login_attempt(request("198.51.100.99"), "agent_a", PASSWORD)


def test_spoofed_forwarded_for_is_ignored_without_trusted_proxies(agent_a, settings):
    settings.AFTERSALES_TRUSTED_PROXIES = 0
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    login_attempt(request(forwarded="1.2.3.4"), "agent_a", "wrong")
    assert list(LoginFailure.objects.values_list("ip", flat=True)) == [OFFICE]


def test_with_one_trusted_proxy_the_entry_nginx_appended_counts(agent_a, settings):
    """nginx's $proxy_add_x_forwarded_for appends the address it saw to what the client sent."""
    settings.AFTERSALES_TRUSTED_PROXIES = 1
    proxied = request(ip="127.0.0.1", forwarded="1.2.3.4, 203.0.113.77")
    login_attempt(proxied, "agent_a", "wrong")
    assert list(LoginFailure.objects.values_list("ip", flat=True)) == ["203.0.113.77"]


def test_a_client_cannot_dodge_the_address_limit_by_rotating_forwarded_for(db, settings):
    settings.AFTERSALES_TRUSTED_PROXIES = 1
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    for i in range(5):
        login_attempt(request("127.0.0.1", f"10.0.0.{i}, 203.0.113.77"), f"x{i}", "wrong")
    with pytest.raises(LoginLocked):
        login_attempt(request("127.0.0.1", "10.0.0.99, 203.0.113.77"), "x9", "wrong")


def test_the_api_token_endpoint_uses_the_same_address(agent_a, settings):
    settings.AFTERSALES_TRUSTED_PROXIES = 0
    response = ApiClient().post(
        "auth/token",
        {"username": "agent_a", "password": "wrong"},
        headers={"X-Forwarded-For": "1.2.3.4"},
    )
    assert_error(response, 401)
    assert list(LoginFailure.objects.values_list("ip", flat=True)) == ["127.0.0.1"]


def test_the_audit_trail_records_the_client_address(agent_a, settings):
    from aftersales.core.models import AuditEntry

    settings.AFTERSALES_TRUSTED_PROXIES = 1
    ApiClient().post(
        "auth/token",
        {"username": "agent_a", "password": "wrong"},
        headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.5"},
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.ip == "203.0.113.5"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_get_exactly_the_limit(agent_a, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL")
    limit = settings.LOGIN_MAX_FAILURES

    def attempt(_i):
        try:
            login_attempt(request(), "agent_a", "wrong")
        except LoginLocked:
            return "locked"
        return "tried"

    results = parallel(20, attempt)
    assert results.count("tried") == limit, results
    assert results.count("locked") == 20 - limit
    assert LoginFailure.objects.filter(username="agent_a").count() == limit
