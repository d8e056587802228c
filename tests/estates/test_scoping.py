"""Data scope (R-ORG-3): ``visible_to`` for every scoped estates model and every persona."""

from __future__ import annotations

import pytest

from aftersales.core.errors import NotFound
from aftersales.core.scoping import get_visible_or_404, visible_to
from aftersales.estates.models import (
    Building,
    Customer,
    CustomerHouse,
    House,
    Project,
    ProjectWarrantyTerm,
    PublicArea,
)
from aftersales.estates.services import (
    HouseLink,
    create_public_area,
    link_house,
    set_project_warranty_term,
)
from tests.conftest import house, make_customer, make_user

pytestmark = pytest.mark.django_db

KEYS = {
    Project: lambda o: o.code,
    Building: lambda o: f"{o.project.code}/{o.name}",
    House: lambda o: f"{o.project.code}/{o.label}",
    PublicArea: lambda o: f"{o.project.code}/{o.name}",
    Customer: lambda o: o.name,
    CustomerHouse: lambda o: f"{o.customer.name}@{o.house.project.code}/{o.house.label}",
    ProjectWarrantyTerm: lambda o: f"{o.project.code}/{o.component.code}",
}

SEEN_BY_A = {
    Project: ["PA"],
    Building: ["PA/3", "PA/5"],
    House: ["PA/3-2-1201", "PA/3-2-1202", "PA/5-1-301"],
    PublicArea: ["PA/1号门岗"],
    Customer: ["孙悟", "张伟", "李娜", "陈晨"],
    CustomerHouse: ["张伟@PA/3-2-1201", "李娜@PA/3-2-1202", "陈晨@PA/5-1-301"],
    ProjectWarrantyTerm: ["PA/leakage"],
}
SEEN_BY_B = {
    Project: ["PB"],
    Building: ["PB/1"],
    House: ["PB/1-1-101"],
    PublicArea: ["PB/地下车库"],
    Customer: ["孙悟", "王芳", "陈晨"],
    CustomerHouse: ["王芳@PB/1-1-101", "陈晨@PB/1-1-101"],
    ProjectWarrantyTerm: ["PB/plumbing"],
}
SEEN_BY_ALL = {m: sorted(set(SEEN_BY_A[m]) | set(SEEN_BY_B[m])) for m in KEYS}
SEEN_BY_OWNER = {
    Project: [],
    Building: [],
    House: ["PA/3-2-1201"],
    PublicArea: [],
    Customer: ["张伟"],
    CustomerHouse: ["张伟@PA/3-2-1201"],
    ProjectWarrantyTerm: [],
}
NOTHING = {m: [] for m in KEYS}


@pytest.fixture
def estate(admin, project_a, project_b):
    """Both projects, plus a customer with houses in A and B, one with no house, public areas
    and project warranty terms."""
    cross = make_customer(admin, "陈晨", "13700000009", [house(project_a, "5-1-301")])
    link_house(admin, cross, HouseLink(house=house(project_b, "1-1-101"), role="co_owner"))
    make_customer(admin, "孙悟", "13700000010")
    create_public_area(admin, project=project_a, name="1号门岗")
    create_public_area(admin, project=project_b, name="地下车库")
    set_project_warranty_term(admin, project_a, "leakage", 96)
    set_project_warranty_term(admin, project_b, "plumbing", 36)
    return project_a, project_b


def seen(model, user) -> list[str]:
    return sorted(KEYS[model](o) for o in visible_to(model.objects.all(), user))


def test_the_data_set_is_complete(estate, admin):
    for model in KEYS:
        assert sorted(KEYS[model](o) for o in model.objects.all()) == SEEN_BY_ALL[model], model


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", SEEN_BY_ALL),
        ("superuser", SEEN_BY_ALL),
        ("manager", SEEN_BY_ALL),
        ("technician", SEEN_BY_ALL),
        ("agent_a", SEEN_BY_A),
        ("agent_b", SEEN_BY_B),
        ("owner", SEEN_BY_OWNER),
        ("outsider", NOTHING),
        ("anonymous", NOTHING),
    ],
)
def test_visible_to(request, estate, persona, expected):
    user = request.getfixturevalue(persona)
    assert {m.__name__: seen(m, user) for m in KEYS} == {m.__name__: expected[m] for m in KEYS}


def test_agent_of_both_projects_sees_each_record_once(estate):
    project_a, project_b = estate
    agent_ab = make_user("agent_ab", ["agent"], [project_a, project_b])
    for model in KEYS:
        assert seen(model, agent_ab) == SEEN_BY_ALL[model], model


@pytest.mark.parametrize("model", list(KEYS), ids=lambda m: m.__name__)
def test_nobody_else_sees_anything(estate, model):
    inactive = make_user("inactive_admin", ["admin"])
    inactive.is_active = False
    inactive.save()
    from aftersales.costs.models import Contractor

    company = Contractor.objects.create(name="某施工单位")
    contractor = make_user("contractor", ["contractor"], contractor=company.pk)
    owner_without_customer = make_user("owner2", ["owner"], customer=Customer.objects.first())
    # the customer record removed since (the link is set to NULL)
    type(owner_without_customer).objects.filter(pk=owner_without_customer.pk).update(customer=None)
    owner_without_customer.refresh_from_db()
    for user in (None, inactive, contractor, owner_without_customer):
        assert seen(model, user) == [], user


def test_scope_change_takes_effect_for_a_fresh_user_object(estate, agent_a, project_b):
    from aftersales.accounts.models import User
    from aftersales.accounts.services import update_user

    admin = User.objects.get(username="admin")
    update_user(admin, agent_a, projects=[project_b.pk])
    fresh = User.objects.get(pk=agent_a.pk)
    assert seen(Project, fresh) == ["PB"]


def test_get_visible_or_404(estate, agent_a, agent_b, admin):
    project_a, _ = estate
    target = house(project_a, "3-2-1201")
    assert get_visible_or_404(House.objects.all(), agent_a, pk=target.pk) == target
    assert get_visible_or_404(House.objects.all(), admin, pk=target.pk) == target
    with pytest.raises(NotFound) as exc:
        get_visible_or_404(House.objects.all(), agent_b, pk=target.pk)
    assert exc.value.status == 404
    with pytest.raises(NotFound):
        get_visible_or_404(House.objects.all(), agent_a, pk=987654)


def test_owner_detail(estate, owner):
    project_a, project_b = estate
    mine = house(project_a, "3-2-1201")
    assert get_visible_or_404(House.objects.all(), owner, pk=mine.pk) == mine
    for other in (house(project_a, "3-2-1202"), house(project_b, "1-1-101")):
        with pytest.raises(NotFound):
            get_visible_or_404(House.objects.all(), owner, pk=other.pk)
    with pytest.raises(NotFound):
        get_visible_or_404(Project.objects.all(), owner, pk=project_a.pk)
