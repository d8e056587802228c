"""Token authentication (api.md conventions): 401 on bad credentials or without a token."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from aftersales.accounts.models import ApiToken
from tests.api.helpers import assert_chinese, assert_error
from tests.conftest import PASSWORD, ApiClient

pytestmark = pytest.mark.django_db


def test_token_for_good_credentials(api, agent_a):
    response = ApiClient().post("auth/token", {"username": "agent_a", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.filter(user=agent_a).count() == 1
    assert ApiClient(token).get("projects").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "agent_a", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "agent_a", "password": ""},
    ],
)
def test_bad_credentials_401(agent_a, body):
    response = ApiClient().post("auth/token", body)
    error = assert_error(response, 401)
    assert_chinese(error)
    assert "token" not in error
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(agent_a):
    agent_a.is_active = False
    agent_a.save()
    assert_error(ApiClient().post("auth/token", {"username": "agent_a", "password": PASSWORD}), 401)


def test_missing_fields(db):
    assert_error(
        ApiClient().post("auth/token", {"username": "agent_a"}), (400, 422), field="password"
    )


def test_locked_after_repeated_failures(agent_a, settings):
    client = ApiClient()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert (
            client.post("auth/token", {"username": "agent_a", "password": "bad"}).status_code == 401
        )
    response = client.post("auth/token", {"username": "agent_a", "password": PASSWORD})
    body = assert_error(response, 429, code="login_locked")
    assert_chinese(body)


@pytest.mark.parametrize(
    "path", ["projects", "houses", "customers", "users", "projects/1", "calendar/days/2026-10-01"]
)
def test_no_token_401(db, path):
    body = assert_error(ApiClient().get(path), 401)
    assert_chinese(body)


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Token abc", "nonsense"])
def test_bad_token_401(agent_a, header):
    response = ApiClient().get("projects", headers={"Authorization": header})
    assert_error(response, 401)


def test_no_token_on_writes_401(db):
    client = ApiClient()
    assert_error(client.post("projects", {"code": "X", "name": "x"}), 401)
    assert_error(client.put("calendar/days/2026-10-09", {"workday": False}), 401)


def test_expired_token_401(api, agent_a, settings):
    client = api(agent_a)
    assert client.get("projects").status_code == 200
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=settings.API_TOKEN_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        assert_error(client.get("projects"), 401)


def test_token_of_deactivated_user_401(api, agent_a):
    client = api(agent_a)
    agent_a.is_active = False
    agent_a.save()
    assert_error(client.get("projects"), 401)


def test_english_detail_on_request(agent_a):
    response = ApiClient(language="en").post(
        "auth/token", {"username": "agent_a", "password": "bad"}
    )
    err = assert_error(response, 401)
    assert err["detail"].isascii(), err["detail"]
