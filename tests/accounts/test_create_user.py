"""Creating and changing users: validation, scope and the audit trail (R-ORG-2, R-ORG-3)."""

from __future__ import annotations

import pytest

from aftersales.accounts.models import User
from aftersales.accounts.services import create_user, update_user
from aftersales.core.errors import Conflict, Forbidden, Invalid
from aftersales.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "Kefu-Zhuanyuan-88"


def new_user(actor, **kwargs):
    data = {"username": "kefu01", "password": STRONG, "roles": ["agent"]}
    data.update(kwargs)
    return create_user(actor, **data)


class TestCreateUser:
    def test_creates_with_roles_scope_and_audit(self, admin, project_a):
        user = new_user(
            admin,
            roles=["agent", "clerk"],
            projects=[project_a.pk],
            name="王客服",
            phone="138 0013 8000",
            department="service_office",
        )
        assert user.role_codes() == {"agent", "clerk"}
        assert list(user.projects.all()) == [project_a]
        assert user.phone == "13800138000"
        assert user.department.code == "service_office"
        assert user.check_password(STRONG)
        assert user.password != STRONG
        entry = AuditEntry.objects.get(model="accounts.User", object_id=str(user.pk))
        assert entry.action == AuditEntry.Action.CREATE
        assert entry.actor == admin
        assert entry.after["roles"] == ["agent", "clerk"]
        assert entry.after["projects"] == [project_a.pk]
        assert STRONG not in str(entry.after)

    def test_unknown_role(self, admin):
        with pytest.raises(Invalid) as exc:
            new_user(admin, roles=["agent", "wizard"])
        assert exc.value.code == "unknown_role"
        assert "roles" in exc.value.fields
        assert "wizard" in exc.value.detail
        assert not User.objects.filter(username="kefu01").exists()

    def test_no_role(self, admin):
        with pytest.raises(Invalid) as exc:
            new_user(admin, roles=[])
        assert "roles" in exc.value.fields

    def test_duplicate_username_case_insensitive(self, admin):
        new_user(admin)
        with pytest.raises(Conflict) as exc:
            new_user(admin, username="KEFU01")
        assert exc.value.status == 409
        assert "username" in exc.value.fields
        assert User.objects.filter(username__iexact="kefu01").count() == 1

    @pytest.mark.parametrize("password", ["", "short1!", "12345678901", "password123", "kefu01!!"])
    def test_weak_password(self, admin, password):
        with pytest.raises(Invalid) as exc:
            new_user(admin, password=password)
        assert exc.value.code == "weak_password"
        assert exc.value.fields["password"]
        assert not User.objects.filter(username="kefu01").exists()

    @pytest.mark.parametrize("phone", ["12345", "1380013800", "23800138000", "abc", "138001380001"])
    def test_invalid_phone(self, admin, phone):
        with pytest.raises(Invalid) as exc:
            new_user(admin, phone=phone)
        assert "phone" in exc.value.fields
        assert not User.objects.filter(username="kefu01").exists()

    @pytest.mark.parametrize("username", ["", "a", "有中文", "with space", "x" * 151])
    def test_invalid_username(self, admin, username):
        with pytest.raises(Invalid) as exc:
            new_user(admin, username=username)
        assert exc.value.code == "invalid_username"

    def test_unknown_project(self, admin):
        with pytest.raises(Invalid) as exc:
            new_user(admin, projects=[987654])
        assert exc.value.code == "unknown_project"

    def test_unknown_department(self, admin):
        with pytest.raises(Invalid) as exc:
            new_user(admin, department="nowhere")
        assert exc.value.code == "unknown_department"

    @pytest.mark.parametrize("persona", ["agent_a", "manager", "technician", "owner", "outsider"])
    def test_only_admins_create_users(self, request, persona):
        actor = request.getfixturevalue(persona)
        with pytest.raises(Forbidden):
            new_user(actor)
        assert not User.objects.filter(username="kefu01").exists()

    def test_superuser_may(self, superuser):
        assert new_user(superuser).pk


class TestUpdateUser:
    def test_changes_are_audited_as_a_diff(self, admin, agent_a, project_b):
        update_user(admin, agent_a, name="新名字", projects=[project_b.pk], roles=["supervisor"])
        agent_a.refresh_from_db()
        assert agent_a.name == "新名字"
        assert agent_a.role_codes() == {"supervisor"}
        assert list(agent_a.projects.all()) == [project_b]
        entry = AuditEntry.objects.filter(
            model="accounts.User", object_id=str(agent_a.pk), action=AuditEntry.Action.UPDATE
        ).get()
        assert entry.before["name"] == "客服甲"
        assert entry.after["name"] == "新名字"
        assert entry.after["roles"] == ["supervisor"]

    def test_password_reset_checked_and_audited(self, admin, agent_a):
        with pytest.raises(Invalid) as exc:
            update_user(admin, agent_a, password="123")
        assert exc.value.code == "weak_password"
        update_user(admin, agent_a, password=STRONG)
        agent_a.refresh_from_db()
        assert agent_a.check_password(STRONG)
        assert AuditEntry.objects.filter(object_id=str(agent_a.pk), note="重置密码").exists()

    def test_cannot_deactivate_oneself(self, admin):
        with pytest.raises(Invalid):
            update_user(admin, admin, is_active=False)
        admin.refresh_from_db()
        assert admin.is_active

    def test_unknown_role_on_update(self, admin, agent_a):
        with pytest.raises(Invalid) as exc:
            update_user(admin, agent_a, roles=["nobody"])
        assert exc.value.code == "unknown_role"
        assert agent_a.role_codes() == {"agent"}

    def test_agent_cannot_update(self, agent_a, agent_b):
        with pytest.raises(Forbidden):
            update_user(agent_a, agent_b, name="x")

    def test_personas_log_in_with_the_shared_password(self, agent_a):
        assert agent_a.check_password(PASSWORD)
