"""``/projects`` (api.md set-up resources)."""

from __future__ import annotations

import pytest

from aftersales.estates.models import Project
from tests.api.helpers import assert_chinese, assert_error, ids

pytestmark = pytest.mark.django_db


def test_create(api, admin):
    response = api(admin).post("projects", {"code": "LH01", "name": "绿湖", "city": "杭州"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert isinstance(data["id"], int)
    assert (data["code"], data["name"], data["city"]) == ("LH01", "绿湖", "杭州")
    assert data["created_at"].endswith("+08:00")
    assert Project.objects.get(pk=data["id"]).code == "LH01"


def test_duplicate_code(api, admin, project_a):
    err = assert_error(
        api(admin).post("projects", {"code": "pa", "name": "重复"}),
        409,
        code="duplicate",
        field="code",
    )
    assert_chinese(err)
    assert Project.objects.count() == 1


@pytest.mark.parametrize("delivered_on", ["2026-02-30", "2026-13-01", "not a date"])
def test_impossible_date(api, admin, delivered_on):
    response = api(admin).post(
        "projects", {"code": "LH01", "name": "绿湖", "delivered_on": delivered_on}
    )
    err = assert_error(response, (400, 422), field="delivered_on")
    assert_chinese(err)
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "绿湖"}, "code"),
        ({"code": "LH01"}, "name"),
        ({"code": "LH 01", "name": "绿湖"}, "code"),
        ({"code": "LH01", "name": ""}, "name"),
        ({"code": "LH01", "name": "x" * 101}, "name"),
    ],
)
def test_invalid(api, admin, payload, field):
    assert_error(api(admin).post("projects", payload), (400, 422), field=field)
    assert not Project.objects.exists()


def test_agent_may_not_create(api, agent_a):
    assert_error(api(agent_a).post("projects", {"code": "LH01", "name": "绿湖"}), 403)


def test_list_detail_patch(api, admin, project_a, project_b):
    client = api(admin)
    assert ids(client.get("projects")) == [project_a.pk, project_b.pk]
    assert ids(client.get("projects", {"q": "苏州"})) == [project_b.pk]
    detail = client.get(f"projects/{project_a.pk}")
    assert detail.status_code == 200 and detail.json()["code"] == "PA"
    patched = client.patch(f"projects/{project_a.pk}", {"name": "翠湖花园二期"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["name"] == "翠湖花园二期"
    assert patched.json()["code"] == "PA"
    project_a.refresh_from_db()
    assert project_a.name == "翠湖花园二期"


def test_patch_refusals(api, admin, agent_a, project_a):
    assert_error(
        api(admin).patch(f"projects/{project_a.pk}", {"name": ""}), (400, 422), field="name"
    )
    assert_error(
        api(admin).patch(f"projects/{project_a.pk}", {"delivered_on": "2026-02-30"}), (400, 422)
    )
    assert_error(api(agent_a).patch(f"projects/{project_a.pk}", {"name": "x"}), 403)
    assert_error(api(admin).patch("projects/987654", {"name": "x"}), 404)
    project_a.refresh_from_db()
    assert project_a.name == "翠湖花园"
