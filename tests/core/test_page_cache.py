"""Page results shared per data scope (``core.cached.per_scope``): kept a minute, then served
stale once and computed afresh after the response has been sent, never twice at a time."""

from __future__ import annotations

import itertools

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from aftersales.core import cached
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

START = "2026-12-07 09:00:00 +0800"


@pytest.fixture
def manager(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield make_user("cache_manager", ["service_manager"])
    cache.clear()


def counter():
    numbers = itertools.count(1)
    return lambda: next(numbers)


def through_request(view):
    """Run ``view`` inside the middleware as a request would; return (answer, response)."""
    answer = {}

    def get_response(request):
        answer["value"] = view()
        return HttpResponse("ok")

    response = cached.RefreshAfterResponseMiddleware(get_response)(RequestFactory().get("/"))
    return answer["value"], response


def test_a_result_is_shared_for_the_minute(manager):
    compute = counter()
    with time_machine.travel(START, tick=False) as clock:
        assert cached.per_scope(manager, "t", "", compute) == 1
        clock.shift(59)
        assert cached.per_scope(manager, "t", "", compute) == 1


def test_no_sharing_without_a_scope_or_with_the_setting_off(manager, settings):
    compute = counter()
    assert cached.per_scope(None, "t", "", compute) == 1
    assert cached.per_scope(None, "t", "", compute) == 2
    settings.PAGE_CACHE_SECONDS = 0
    assert cached.per_scope(manager, "t", "", compute) == 3
    assert cached.per_scope(manager, "t", "", compute) == 4


def test_a_stale_result_is_served_and_computed_afresh_after_the_response(manager):
    compute = counter()
    with time_machine.travel(START, tick=False) as clock:
        cached.per_scope(manager, "t", "", compute)
        clock.shift(61)
        value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        assert value == 1  # at once, without waiting for the computation
        # A second request before the first one's response is out: still the stale result,
        # and no second computation queued.
        value, second = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        assert value == 1
        second.close()  # nothing queued by the second request
        value, third = through_request(
            lambda: cached.per_scope(manager, "t", "", lambda: pytest.fail("computed twice"))
        )
        third.close()
        assert value == 1
        response.close()  # the server has sent the response: now it is computed
        assert cached.per_scope(manager, "t", "", compute) == 2
        clock.shift(61)  # and the next refresh may start again
        value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        response.close()
        assert value == 2
        assert cached.per_scope(manager, "t", "", compute) == 3


def test_outside_a_request_a_stale_result_is_computed_at_once(manager):
    compute = counter()
    with time_machine.travel(START, tick=False) as clock:
        cached.per_scope(manager, "t", "", compute)
        clock.shift(61)
        assert cached.per_scope(manager, "t", "", compute) == 2


def test_long_unseen_results_are_computed_in_the_request(manager):
    compute = counter()
    with time_machine.travel(START, tick=False) as clock:
        cached.per_scope(manager, "t", "", compute)
        clock.shift(60 * cached.STALE_FOR + 1)
        value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        response.close()
        assert value == 2


def test_the_refresh_speaks_the_language_of_the_request_and_a_failure_keeps_the_result(
    manager, caplog
):
    seen = []

    def compute():
        seen.append(translation.get_language())
        if len(seen) == 3:
            raise RuntimeError("database gone")
        return len(seen)

    with time_machine.travel(START, tick=False) as clock:
        cached.per_scope(manager, "t", "", compute)
        clock.shift(61)
        with translation.override("en"):
            _value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        response.close()
        assert seen[-1] == "en"
        clock.shift(61)
        _value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        response.close()  # the refresh fails: logged, the response was already out
        assert "refreshing page:t:" in caplog.text
        value, response = through_request(lambda: cached.per_scope(manager, "t", "", compute))
        response.close()
        assert value == 2  # kept, stale; tried again once the refresh's minute is over
