"""Users change their own password (issue 10, item 5): the current password is required,
Django's password validators apply, and the change ends every API token of the user. The web
page (user menu → 修改密码) and ``POST /me/password`` call the same service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.accounts.models import ApiToken, User
from aftersales.accounts.services import issue_token
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, ApiClient

pytestmark = pytest.mark.django_db

NEW = "Quiet-Harbour-2027"


def test_api_changes_the_password_and_ends_the_tokens(agent_a):
    api = ApiClient(issue_token(agent_a))
    other = ApiClient(issue_token(agent_a))
    response = api.post("me/password", {"current_password": PASSWORD, "new_password": NEW})
    assert response.status_code == 204, response.content
    agent_a.refresh_from_db()
    assert agent_a.check_password(NEW)
    assert not ApiToken.objects.filter(user=agent_a).exists()
    assert other.get("tickets").status_code == 401


def test_api_requires_the_current_password(agent_a):
    api = ApiClient(issue_token(agent_a))
    response = api.post("me/password", {"current_password": "wrong", "new_password": NEW})
    assert_error(response, 422, field="current_password")
    assert User.objects.get(pk=agent_a.pk).check_password(PASSWORD)


def test_api_applies_the_password_validators(agent_a):
    api = ApiClient(issue_token(agent_a))
    response = api.post("me/password", {"current_password": PASSWORD, "new_password": "123"})
    assert_error(response, 422, field="new_password")
    assert User.objects.get(pk=agent_a.pk).check_password(PASSWORD)


def test_api_needs_a_signed_in_user():
    response = ApiClient().post("me/password", {"current_password": "x", "new_password": NEW})
    assert response.status_code == 401


def test_web_page_changes_the_password_and_keeps_the_session(client, agent_a):
    client.force_login(agent_a)
    url = reverse("accounts:password")
    page = client.get(url)
    assert page.status_code == 200 and "当前密码" in page.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert url in home  # in the user menu
    wrong = client.post(url, {"current_password": "x", "new_password": NEW, "confirm": NEW})
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.content.decode()
    mismatch = client.post(
        url, {"current_password": PASSWORD, "new_password": NEW, "confirm": NEW + "x"}
    )
    assert mismatch.status_code == 422 and "两次输入的新密码不一致" in mismatch.content.decode()
    done = client.post(url, {"current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert User.objects.get(pk=agent_a.pk).check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # still signed in
