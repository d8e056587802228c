"""Fixtures of the care tests: an estate with occupied and empty houses over several buildings."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.estates.models import Building, House
from aftersales.estates.services import create_project
from tests.conftest import make_customer, make_user


def fill(project, plan: dict[str, tuple[int, int]], delivered_on=dt.date(2024, 6, 30)) -> None:
    """``plan``: building name → (occupied houses, other houses)."""
    rows = []
    for name, (occupied, empty) in plan.items():
        building, _ = Building.objects.get_or_create(project=project, name=name)
        for i in range(occupied + empty):
            status = "occupied" if i < occupied else "delivered"
            if status == "occupied" and i % 5 == 4:
                status = "renovating"  # counts as occupied
            room = f"{100 + i}"
            rows.append(
                House(
                    project=project,
                    building=building,
                    unit="1",
                    room=room,
                    label=House.make_label(name, "1", room),
                    status=status,
                    delivered_on=delivered_on,
                )
            )
    House.objects.bulk_create(rows)


@pytest.fixture
def estate(admin):
    """60 % occupied: 120 houses in 3 buildings, 72 occupied (40 / 20 / 12)."""
    project = create_project(admin, code="CARE", name="翠湖花园", city="杭州")
    fill(project, {"1": (40, 10), "2": (20, 20), "3": (12, 18)})
    return project


@pytest.fixture
def half_empty(admin):
    """49 % occupied: 49 of 100."""
    project = create_project(admin, code="NEW", name="新社区", city="杭州")
    fill(project, {"1": (49, 51)})
    return project


@pytest.fixture
def supervisor(estate):
    return make_user("care_sup", ["supervisor"], [estate], name="回访主管")


@pytest.fixture
def agent(estate):
    return make_user("care_agent", ["agent"], [estate], name="回访专员")


@pytest.fixture
def analyst(estate):
    return make_user("care_analyst", ["analyst"], [estate], name="分析员")


@pytest.fixture
def owner_of(admin):
    def make(house, name="业主", phone="13700000000", **extra):
        return make_customer(admin, name, phone, [house], **extra)

    return make
