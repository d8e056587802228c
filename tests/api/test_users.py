"""``/users`` (api.md set-up resources): administrators only."""

from __future__ import annotations

import pytest

from aftersales.accounts.models import User
from tests.api.helpers import CJK, assert_chinese, assert_error, ids
from tests.conftest import ApiClient, obtain_token

pytestmark = pytest.mark.django_db

STRONG = "Kefu-Zhuanyuan-88"


def body(**extra):
    data = {
        "username": "kefu01",
        "password": STRONG,
        "roles": ["agent"],
        "name": "王客服",
        "phone": "13800138000",
    }
    data.update(extra)
    return data


def test_admin_creates_a_user(api, admin, project_a):
    response = api(admin).post("users", body(projects=[project_a.pk], roles=["agent", "clerk"]))
    assert response.status_code == 201, response.content
    data = response.json()
    assert isinstance(data["id"], int)
    assert data["username"] == "kefu01"
    assert sorted(data["roles"]) == ["agent", "clerk"]
    assert data["projects"] == [project_a.pk]
    assert "password" not in data
    assert STRONG not in response.content.decode()
    user = User.objects.get(pk=data["id"])
    assert user.check_password(STRONG)
    assert ApiClient(obtain_token("kefu01", STRONG)).get("projects").status_code == 200


@pytest.mark.parametrize("persona", ["agent_a", "manager", "technician", "owner", "outsider"])
def test_others_may_not_create_users(api, request, persona):
    response = api(request.getfixturevalue(persona)).post("users", body())
    err = assert_error(response, 403)
    assert_chinese(err)
    assert not User.objects.filter(username="kefu01").exists()


def test_unknown_role(api, admin):
    err = assert_error(
        api(admin).post("users", body(roles=["wizard"])),
        (400, 422),
        code="unknown_role",
        field="roles",
    )
    assert_chinese(err)
    assert not User.objects.filter(username="kefu01").exists()


def test_duplicate_username(api, admin, agent_a):
    assert_error(api(admin).post("users", body(username="AGENT_A")), 409, field="username")


def test_weak_password(api, admin):
    err = assert_error(api(admin).post("users", body(password="123")), (400, 422), field="password")
    assert_chinese(err)
    assert all(CJK.search(m) for m in err["fields"]["password"]), err
    assert not User.objects.filter(username="kefu01").exists()


def test_invalid_phone(api, admin):
    assert_error(api(admin).post("users", body(phone="12345")), (400, 422), field="phone")


def test_missing_required_fields(api, admin):
    assert_error(api(admin).post("users", {"username": "kefu01"}), (400, 422), field="password")


def test_unknown_project(api, admin):
    assert_error(api(admin).post("users", body(projects=[987654])), (400, 404, 422))


def test_list_and_detail(api, admin, agent_a, manager):
    client = api(admin)
    listed = ids(client.get("users"))
    assert {admin.pk, agent_a.pk, manager.pk} <= set(listed)
    detail = client.get(f"users/{agent_a.pk}")
    assert detail.status_code == 200
    assert detail.json()["roles"] == ["agent"]
    assert detail.json()["username"] == "agent_a"
    assert_error(client.get("users/987654"), 404)


def test_list_filter_by_role(api, admin, agent_a, agent_b, manager):
    assert sorted(ids(api(admin).get("users", {"role": "agent"}))) == sorted(
        [agent_a.pk, agent_b.pk]
    )


def test_agent_may_not_list_users(api, agent_a, admin):
    assert_error(api(agent_a).get("users"), 403)
    assert_error(api(agent_a).get(f"users/{admin.pk}"), 403)


def test_patch(api, admin, agent_a, project_b):
    response = api(admin).patch(
        f"users/{agent_a.pk}", {"name": "新名字", "projects": [project_b.pk]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "新名字"
    assert response.json()["projects"] == [project_b.pk]
    agent_a.refresh_from_db()
    assert agent_a.name == "新名字"


def test_patch_refusals(api, admin, agent_a):
    client = api(admin)
    assert_error(
        client.patch(f"users/{agent_a.pk}", {"roles": ["wizard"]}), (400, 422), code="unknown_role"
    )
    assert_error(client.patch(f"users/{agent_a.pk}", {"phone": "999"}), (400, 422), field="phone")
    assert_error(client.patch(f"users/{admin.pk}", {"is_active": False}), (400, 409, 422))
    assert_error(api(agent_a).patch(f"users/{admin.pk}", {"name": "x"}), 403)
    admin.refresh_from_db()
    assert admin.is_active and admin.name == "系统管理员"


def test_empty_projects_means_every_project(api, admin, project_a, project_b):
    created = api(admin).post("users", body(projects=[]))
    assert created.status_code == 201
    assert created.json()["projects"] == []
    assert created.json()["date_joined"].endswith("+08:00")
    client = ApiClient(obtain_token("kefu01", STRONG))
    assert sorted(ids(client.get("projects"))) == sorted([project_a.pk, project_b.pk])


def test_new_scoped_user_sees_only_its_project(api, admin, project_a, project_b):
    api(admin).post("users", body(projects=[project_b.pk]))
    client = ApiClient(obtain_token("kefu01", STRONG))
    assert ids(client.get("projects")) == [project_b.pk]
    assert_error(client.get(f"projects/{project_a.pk}"), 404)
