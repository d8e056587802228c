"""API bearer tokens: issued, looked up by hash, expiring."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from aftersales.accounts.models import ApiToken
from aftersales.accounts.services import issue_token, user_for_token

pytestmark = pytest.mark.django_db


def test_issued_token_identifies_its_user(agent_a, agent_b):
    raw_a, raw_b = issue_token(agent_a), issue_token(agent_b)
    assert raw_a != raw_b
    assert user_for_token(raw_a) == agent_a
    assert user_for_token(raw_b) == agent_b


def test_only_the_hash_is_stored(agent_a):
    raw = issue_token(agent_a)
    token = ApiToken.objects.get(user=agent_a)
    assert token.key_hash != raw
    assert raw not in token.key_hash
    assert token.prefix == raw[:8]
    assert len(raw) >= 32


@pytest.mark.parametrize("raw", ["", "not-a-token", "x" * 43])
def test_unknown_tokens_refused(agent_a, raw):
    issue_token(agent_a)
    assert user_for_token(raw) is None


def test_expired_token_refused(agent_a, settings):
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        raw = issue_token(agent_a)
        token = ApiToken.objects.get(user=agent_a)
        assert token.expires_at == start + dt.timedelta(days=settings.API_TOKEN_DAYS)
    with time_machine.travel(start + dt.timedelta(days=settings.API_TOKEN_DAYS - 1), tick=False):
        assert user_for_token(raw) == agent_a
    with time_machine.travel(
        start + dt.timedelta(days=settings.API_TOKEN_DAYS, seconds=1), tick=False
    ):
        assert user_for_token(raw) is None


def test_token_of_deactivated_user_refused(agent_a):
    raw = issue_token(agent_a)
    agent_a.is_active = False
    agent_a.save()
    assert user_for_token(raw) is None


def test_last_used_is_recorded(agent_a):
    raw = issue_token(agent_a)
    user_for_token(raw)
    token = ApiToken.objects.get(user=agent_a)
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < dt.timedelta(minutes=1)
