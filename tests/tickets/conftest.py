"""Fixtures of the ticket tests (the personas and estates come from tests/conftest.py).

``house_new`` is 6-1-101 of project A, delivered 2024-06-30 (its leakage warranty runs to
2029-06-29); ``house_a`` (3-2-1201) was delivered 2021-06-30, so its two-year components are out
of warranty. ``desk`` is an API client of ``agent_a``; ``boss`` one of ``manager``; ``field``
one of ``technician``; ``lead`` one of the team lead. Clients made here hold tokens issued at
the real time: tests that freeze the clock make their own with ``helpers.client_for``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_house, make_user
from tests.tickets.helpers import client_for


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def team_lead(db):
    return make_user("lead", ["team_lead"], name="维修队长")


@pytest.fixture
def house_new(admin, project_a):
    return make_house(admin, project_a, "6-1-101", delivered_on=dt.date(2024, 6, 30))


@pytest.fixture
def desk(agent_a):
    return client_for(agent_a)


@pytest.fixture
def boss(manager):
    return client_for(manager)


@pytest.fixture
def field(technician):
    return client_for(technician)


@pytest.fixture
def lead(team_lead):
    return client_for(team_lead)


@pytest.fixture
def repair_fields(house_new, customer_a):
    """An in-warranty leak in project A."""
    return {
        "house": house_new.pk,
        "customer": customer_a.pk,
        "category": "civil",
        "component": "leakage",
    }
