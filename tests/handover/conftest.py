"""Fixtures of the handover tests: a desk clerk (supervisor), the property liaison, houses
delivered in 2026 and a helper that takes a defect ticket to ``closed`` through the tickets'
own services."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.tickets.helpers import client_for


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desk(project_a):
    return make_user("desk_a", ["supervisor"], [project_a], name="交付客服")


@pytest.fixture
def liaison(project_a):
    return make_user("liaison_a", ["property_liaison"], [project_a], name="物业接口人")


@pytest.fixture
def api(desk):
    return client_for(desk)


@pytest.fixture
def house(project_a):
    return project_a.houses.get(label="3-2-1201")


@pytest.fixture
def customer(house):
    return house.customers.get()


def items(n: int = 4, failed: tuple[int, ...] = ()) -> list[dict]:
    rows = [
        {"item": "墙面无空鼓", "location": "客厅", "category": "civil", "component": "decoration"},
        {"item": "防水闭水试验", "location": "卫生间", "category": "civil", "component": "leakage"},
        {
            "item": "插座通电",
            "location": "卧室",
            "category": "water_electric",
            "component": "electrical",
        },
        {
            "item": "窗户密封",
            "location": "卧室",
            "category": "doors_windows",
            "component": "leakage",
        },
    ]
    out = []
    for i in range(n):
        row = dict(rows[i % len(rows)], passed=i not in failed, note="")
        if i in failed:
            row["note"] = "有问题"
        out.append(row)
    return out


def close_ticket(ticket_id: int) -> None:
    """Dispatch, survey, repair, sign-off and a satisfied callback, through the services."""
    from aftersales.accounts.models import User
    from aftersales.tickets import services

    boss = User.objects.get(username="admin")
    tech, _ = User.objects.get_or_create(username="ho_tech")
    if not tech.roles.exists():
        tech.delete()
        tech = make_user("ho_tech", ["technician"], name="技工")
    services.perform(boss, ticket_id, "dispatch", assignee=tech.pk)
    services.perform(
        tech,
        ticket_id,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate="200",
        work_class="B",
        cause="施工质量",
    )
    services.perform(tech, ticket_id, "start")
    services.perform(tech, ticket_id, "complete", result="已修复")
    services.perform(boss, ticket_id, "sign_off", opinion="satisfied")
    services.perform(boss, ticket_id, "callback", satisfied=True)
