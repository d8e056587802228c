"""Lists: ``?page=`` and ``?page_size=`` (max 200) → ``{"count", "results"}`` (api.md)."""

from __future__ import annotations

import pytest

from aftersales.estates.models import Building, House
from tests.api.helpers import assert_error, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_houses(project_a):
    building = Building.objects.create(project=project_a, name="99")
    House.objects.bulk_create(
        [
            House(
                project=project_a,
                building=building,
                unit="1",
                room=f"{n:04d}",
                label=f"99-1-{n:04d}",
            )
            for n in range(1, 211)
        ]
    )
    return project_a.houses.count()  # 3 + 210


def test_default_page(api, admin, many_houses):
    response = api(admin).get("houses")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == many_houses
    assert 1 <= len(body["results"]) <= 200


def test_pages_partition_the_list(api, admin, project_a, project_b):
    client = api(admin)
    everything = ids(client.get("houses", {"page_size": 200}))
    assert len(everything) == 4
    pages = [ids(client.get("houses", {"page": p, "page_size": 3})) for p in (1, 2)]
    assert [len(p) for p in pages] == [3, 1]
    assert pages[0] + pages[1] == everything
    beyond = client.get("houses", {"page": 3, "page_size": 3}).json()
    assert beyond == {"count": 4, "results": []}


def test_page_size_200(api, admin, many_houses):
    body = api(admin).get("houses", {"page_size": 200}).json()
    assert body["count"] == many_houses
    assert len(body["results"]) == 200


@pytest.mark.parametrize("size", [201, 500, 100000])
def test_page_size_over_200_refused_or_capped(api, admin, many_houses, size):
    response = api(admin).get("houses", {"page_size": size})
    if response.status_code == 200:
        assert len(response.json()["results"]) == 200
        assert response.json()["count"] == many_houses
    else:
        assert_error(response, (400, 422), field="page_size")


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": -1},
        {"page_size": 0},
        {"page_size": -5},
        {"page": "x"},
        {"page_size": "all"},
    ],
)
def test_bad_paging(api, admin, project_a, params):
    assert_error(api(admin).get("houses", params), (400, 422))


@pytest.mark.parametrize("path", ["projects", "houses", "customers", "users", "public-areas"])
def test_every_list_is_paginated(api, admin, project_a, path):
    from aftersales.estates.services import create_public_area

    create_public_area(admin, project=project_a, name="1号门岗")
    body = api(admin).get(path, {"page": 1, "page_size": 1}).json()
    assert set(body) == {"count", "results"}
    assert body["count"] >= 1
    assert len(body["results"]) == 1
