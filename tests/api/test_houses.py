"""``/houses`` (api.md set-up resources): labels like 3-2-1201."""

from __future__ import annotations

import pytest

from aftersales.estates.models import House
from tests.api.helpers import assert_chinese, assert_error, ids
from tests.conftest import house, make_user

pytestmark = pytest.mark.django_db


def body(project, **extra):
    data = {
        "project": project.pk,
        "building": "3",
        "unit": "2",
        "room": "1501",
        "delivered_on": "2021-06-30",
        "area": "89.50",
        "unit_type": "三室两厅",
    }
    data.update(extra)
    return data


def test_create(api, admin, project_a):
    response = api(admin).post("houses", body(project_a))
    assert response.status_code == 201, response.content
    data = response.json()
    assert isinstance(data["id"], int)
    assert data["label"] == "3-2-1501"
    assert data["project"] == project_a.pk
    assert data["delivered_on"] == "2021-06-30"
    assert data["area"] == "89.50"
    assert House.objects.get(pk=data["id"]).label == "3-2-1501"


def test_parts_as_numbers(api, admin, project_a):
    response = api(admin).post("houses", body(project_a, building=7, unit=1, room=302))
    assert response.status_code == 201, response.content
    assert response.json()["label"] == "7-1-302"


def test_duplicate(api, admin, project_a):
    response = api(admin).post("houses", body(project_a, room="1201"))
    err = assert_error(response, 409, code="duplicate")
    assert_chinese(err)
    assert project_a.houses.filter(label="3-2-1201").count() == 1


@pytest.mark.parametrize("delivered_on", ["2026-02-30", "2021-06-31", "30/06/2021", ""])
def test_impossible_date(api, admin, project_a, delivered_on):
    assert_error(
        api(admin).post("houses", body(project_a, delivered_on=delivered_on)),
        (400, 422),
        field="delivered_on",
    )
    assert not House.objects.filter(label="3-2-1501").exists()


@pytest.mark.parametrize("area", ["abc", "-5", "0", "NaN", "Infinity", "1e9"])
def test_bad_area(api, admin, project_a, area):
    assert_error(api(admin).post("houses", body(project_a, area=area)), (400, 422), field="area")
    assert not House.objects.filter(label="3-2-1501").exists()


@pytest.mark.parametrize("missing", ["project", "building", "unit", "room", "delivered_on"])
def test_required(api, admin, project_a, missing):
    data = body(project_a)
    del data[missing]
    assert_error(api(admin).post("houses", data), (400, 422), field=missing)


def test_unknown_or_out_of_scope_project_look_the_same(api, project_a, project_b):
    clerk_b = make_user("clerk_b", ["clerk"], [project_b])
    client = api(clerk_b)
    out_of_scope = client.post("houses", body(project_a))
    unknown = client.post("houses", {**body(project_a), "project": 987654})
    assert_error(out_of_scope, (404, 422))
    assert (out_of_scope.status_code, out_of_scope.json()) == (unknown.status_code, unknown.json())
    assert client.post("houses", body(project_b)).status_code == 201


def test_agent_may_not_create(api, agent_a, project_a):
    assert_error(api(agent_a).post("houses", body(project_a)), 403)


def test_list_detail_patch(api, admin, project_a, project_b, customer_a):
    client = api(admin)
    everything = ids(client.get("houses", {"page_size": 50}))
    assert len(everything) == 4
    only_a = ids(client.get("houses", {"project": project_a.pk}))
    assert sorted(only_a) == sorted(project_a.houses.values_list("id", flat=True))
    target = house(project_a, "3-2-1201")
    assert ids(client.get("houses", {"q": "3-2-1201"})) == [target.pk]
    assert ids(client.get("houses", {"customer": customer_a.pk})) == [target.pk]
    detail = client.get(f"houses/{target.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["label"] == "3-2-1201"
    assert data["occupants"] == [{"customer": customer_a.pk, "name": "张伟", "role": "owner"}]
    patched = client.patch(f"houses/{target.pk}", {"status": "occupied", "area": "100.5"})
    assert patched.status_code == 200, patched.content
    assert (patched.json()["status"], patched.json()["area"]) == ("occupied", "100.50")


def test_patch_refusals(api, admin, agent_a, house_a):
    client = api(admin)
    assert_error(client.patch(f"houses/{house_a.pk}", {"area": "-1"}), (400, 422), field="area")
    assert_error(
        client.patch(f"houses/{house_a.pk}", {"status": "demolished"}), (400, 422), field="status"
    )
    assert_error(client.patch(f"houses/{house_a.pk}", {"delivered_on": "2026-02-30"}), (400, 422))
    assert_error(api(agent_a).patch(f"houses/{house_a.pk}", {"status": "occupied"}), 403)
    house_a.refresh_from_db()
    assert house_a.status == "delivered"
