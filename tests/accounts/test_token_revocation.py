"""A password change or a deactivation ends the user's API tokens (issue 16, defect 9).

The old token then answers 401 with the JSON error, never 500; a reactivated account does not
get its old tokens back.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aftersales.accounts.models import ApiToken, User
from aftersales.accounts.services import update_user
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, ApiClient, obtain_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-Secret-2027!"


def _works(token: str) -> bool:
    response = ApiClient(token).get("projects")
    if response.status_code == 200:
        return True
    assert_error(response, 401)
    return False


def test_password_reset_by_an_admin_revokes_tokens(admin, agent_a):
    token = obtain_token("agent_a")
    assert _works(token)
    update_user(admin, agent_a, password=NEW_PASSWORD)
    assert not _works(token)
    assert not ApiToken.objects.filter(user=agent_a).exists()
    assert _works(obtain_token("agent_a", NEW_PASSWORD))


def test_password_reset_through_the_api_revokes_tokens(admin, agent_a):
    token = obtain_token("agent_a")
    admin_api = ApiClient(obtain_token("admin"))
    response = admin_api.patch(f"users/{agent_a.pk}", {"password": NEW_PASSWORD})
    assert response.status_code == 200, response.content
    assert not _works(token)
    assert _works(admin_api.token)  # the admin's own token is untouched


def test_the_users_own_password_change_revokes_tokens(agent_a):
    """A change outside the services (Django's set_password + save) is caught too."""
    token = obtain_token("agent_a")
    user = User.objects.get(pk=agent_a.pk)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert not _works(token)


def test_changepassword_command_revokes_tokens(agent_a, monkeypatch):
    token = obtain_token("agent_a")
    monkeypatch.setattr("getpass.getpass", lambda *a, **k: NEW_PASSWORD)
    call_command("changepassword", "agent_a")
    assert not _works(token)


def test_deactivation_revokes_tokens_and_reactivation_does_not_revive_them(admin, agent_a):
    token = obtain_token("agent_a")
    update_user(admin, agent_a, is_active=False)
    assert not _works(token)
    assert not ApiToken.objects.filter(user=agent_a).exists()
    update_user(admin, agent_a, is_active=True)
    assert not _works(token)
    assert _works(obtain_token("agent_a"))


def test_other_changes_keep_tokens(admin, agent_a):
    token = obtain_token("agent_a")
    update_user(admin, agent_a, name="新名字", phone="13800000009")
    assert _works(token)
    agent_a.refresh_from_db()
    agent_a.save()  # a plain save (last_login and the like) does not end tokens
    assert _works(token)


def test_other_users_tokens_survive(admin, agent_a, agent_b):
    token_b = obtain_token("agent_b")
    update_user(admin, agent_a, password=NEW_PASSWORD, is_active=False)
    assert _works(token_b)


def test_a_password_login_keeps_the_token(agent_a):
    """Logging in again (last_login is saved) must not end the tokens already issued."""
    token = obtain_token("agent_a")
    obtain_token("agent_a", PASSWORD)
    assert _works(token)


def test_the_audit_says_tokens_were_revoked(admin, agent_a):
    from aftersales.core.models import AuditEntry

    obtain_token("agent_a")
    update_user(admin, agent_a, password=NEW_PASSWORD)
    entries = AuditEntry.objects.filter(model="accounts.User", object_id=str(agent_a.pk))
    entry = entries.order_by("pk").last()
    assert "重置密码" in entry.note
    assert "吊销 1 个 API 令牌" in entry.note


@pytest.mark.parametrize(("redis", "delay_shown"), [("", True), ("redis://cache:6379/0", False)])
def test_the_user_screen_says_how_soon_a_change_applies(
    client, admin, agent_a, settings, redis, delay_shown
):
    from django.urls import reverse

    settings.REDIS_URL = redis
    settings.API_AUTH_CACHE_SECONDS = 10
    client.force_login(admin)
    page = client.get(reverse("accounts:user_edit", args=[agent_a.pk])).content.decode()
    assert "立即吊销该用户的全部接口令牌" in page
    assert ("最多在 10 秒后" in page) is delay_shown


def test_a_web_password_reset_ends_the_token(client, admin, agent_a):
    from django.urls import reverse

    from aftersales.accounts.forms import UserForm

    token = obtain_token("agent_a")
    client.force_login(admin)
    data = {k: v for k, v in UserForm.initial_for(agent_a).items() if v is not None}
    data["password"] = NEW_PASSWORD
    response = client.post(reverse("accounts:user_edit", args=[agent_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not _works(token)


def test_changing_ones_own_password_with_the_token_answers_then_ends_it(admin):
    admin_api = ApiClient(obtain_token("admin"))
    response = admin_api.patch(f"users/{admin.pk}", {"password": NEW_PASSWORD})
    assert response.status_code == 200, response.content
    assert not _works(admin_api.token)
    assert _works(obtain_token("admin", NEW_PASSWORD))
