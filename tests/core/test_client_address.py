"""The client's address: REMOTE_ADDR unless proxies are trusted, then counted from the right."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aftersales.core.client_address import client_address


def _request(remote="10.0.0.5", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, None, "10.0.0.5"),
        (0, "1.2.3.4", "10.0.0.5"),  # nobody trusted: the header is ignored
        (1, None, "10.0.0.5"),  # no header (direct to the app): the connection
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # what the client wrote is to the left
        (2, "1.2.3.4, 203.0.113.9, 192.168.0.2", "203.0.113.9"),  # balancer + nginx
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the leftmost
        (1, "1.2.3.4, not-an-address", "10.0.0.5"),  # never a non-address
        (1, "2001:db8::1", "2001:db8::1"),
        (1, " , ", "10.0.0.5"),
    ],
)
def test_client_address(settings, trusted, forwarded, expected):
    settings.AFTERSALES_TRUSTED_PROXIES = trusted
    assert client_address(_request(forwarded=forwarded)) == expected


def test_without_a_request_or_an_address(settings):
    assert client_address(None) is None
    assert client_address(_request(remote="")) is None


def test_a_negative_proxy_count_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from aftersales.core.env import env_int

    monkeypatch.setenv("AFTERSALES_TRUSTED_PROXIES", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("AFTERSALES_TRUSTED_PROXIES", 0, minimum=0)
    monkeypatch.setenv("AFTERSALES_TRUSTED_PROXIES", "2")
    assert env_int("AFTERSALES_TRUSTED_PROXIES", 0, minimum=0) == 2
