"""``PUT /projects/{id}/warranty-terms/{component}`` (api.md, R-WAR-1)."""

from __future__ import annotations

import pytest

from aftersales.estates.models import ProjectWarrantyTerm
from tests.api.helpers import assert_chinese, assert_error
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def url(project, component="leakage"):
    return f"projects/{project.pk}/warranty-terms/{component}"


def test_longer_term(api, admin, project_a, house_a):
    response = api(admin).put(url(project_a), {"months": 96})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["months"] == 96
    assert data["component"] == "leakage"
    assert (
        ProjectWarrantyTerm.objects.get(project=project_a, component__code="leakage").months == 96
    )
    warranty = api(admin).get(
        f"houses/{house_a.pk}/warranty", {"component": "leakage", "on": "2029-06-29"}
    )
    assert warranty.status_code == 200
    assert warranty.json()[0]["in_warranty"] is True
    assert warranty.json()[0]["expires_on"] == "2029-06-29"


def test_put_again_replaces(api, admin, project_a):
    client = api(admin)
    client.put(url(project_a, "plumbing"), {"months": 36})
    response = client.put(url(project_a, "plumbing"), {"months": 48})
    assert response.json()["months"] == 48
    assert ProjectWarrantyTerm.objects.filter(project=project_a).count() == 1


def test_below_minimum(api, admin, project_a):
    err = assert_error(
        api(admin).put(url(project_a), {"months": 48}), 422, code="below_minimum", field="months"
    )
    assert_chinese(err)
    assert not ProjectWarrantyTerm.objects.exists()


@pytest.mark.parametrize("months", [0, -1, -60, "abc", None, 1.5])
def test_nonsense_months(api, admin, project_a, months):
    assert_error(
        api(admin).put(url(project_a, "decoration"), {"months": months}), 422, field="months"
    )
    assert not ProjectWarrantyTerm.objects.exists()


def test_missing_months(api, admin, project_a):
    assert_error(api(admin).put(url(project_a), {}), 422, field="months")


def test_unknown_component(api, admin, project_a):
    err = assert_error(
        api(admin).put(url(project_a, "chimney"), {"months": 60}),
        (400, 404, 422),
        code="unknown_component",
    )
    assert_chinese(err)


def test_agent_may_not(api, agent_a, project_a):
    assert_error(api(agent_a).put(url(project_a), {"months": 96}), 403)


def test_out_of_scope_project(api, project_a, project_b):
    engineer_b = make_user("engineer_b", ["engineer"], [project_b])
    assert_error(api(engineer_b).put(url(project_a), {"months": 96}), 404)
    assert api(engineer_b).put(url(project_b), {"months": 96}).status_code == 200
    assert not ProjectWarrantyTerm.objects.filter(project=project_a).exists()
