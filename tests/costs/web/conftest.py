"""Fixtures of the web tests of contractors, ledgers, transfers, funds and evaluation."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def web():
    """``web(user)`` → a browser-like client signed in as ``user``."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
