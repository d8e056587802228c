"""Shared fixtures: fixed personas, two projects with houses and customers, an API client.

Personas (all share :data:`PASSWORD`):

* ``admin`` — role admin, every project;
* ``agent_a`` / ``agent_b`` — agents scoped to project A / project B;
* ``manager`` — service manager, every project;
* ``technician`` — technician, every project;
* ``owner`` — role owner, tied to the customer 张伟 who owns house 3-2-1201 of project A;
* ``outsider`` — an active account with no role at all.

Project A (``PA``) has houses 3-2-1201 (owner 张伟), 3-2-1202 (owner 李娜) and 5-1-301;
project B (``PB``) has house 1-1-101 (owner 王芳). ``house_a``/``customer_a`` are 3-2-1201 and
张伟, ``house_b``/``customer_b`` are 1-1-101 and 王芳.

``api(user)`` gives a JSON client for /api/v1/ holding a bearer token obtained through
``POST /api/v1/auth/token``; ``api()`` an anonymous one. Paths are relative to /api/v1/.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

PASSWORD = "Shouhou-Test-2026!"
API = "/api/v1"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # A fast hasher: personas are built for every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PAGE_CACHE_SECONDS = 0  # tests change data between two looks at a report
    return settings


# --- personas ---------------------------------------------------------------------------------


def make_user(username: str, roles: list[str], projects: list | None = None, **extra: Any):
    from aftersales.accounts.services import create_user

    return create_user(
        None,
        username=username,
        password=PASSWORD,
        roles=roles,
        projects=[p.pk for p in projects or []],
        check_password=False,
        **extra,
    )


@pytest.fixture
def admin(db):
    return make_user("admin", ["admin"], name="系统管理员")


@pytest.fixture
def superuser(db):
    from aftersales.accounts.models import User

    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def agent_a(project_a):
    return make_user("agent_a", ["agent"], [project_a], name="客服甲")


@pytest.fixture
def agent_b(project_b):
    return make_user("agent_b", ["agent"], [project_b], name="客服乙")


@pytest.fixture
def manager(db):
    return make_user("manager", ["service_manager"], name="售后经理")


@pytest.fixture
def technician(db):
    return make_user("technician", ["technician"], name="维修工")


@pytest.fixture
def owner(customer_a):
    return make_user("owner", ["owner"], customer=customer_a, name="张伟")


@pytest.fixture
def outsider(db):
    from aftersales.accounts.models import User

    return User.objects.create_user("outsider", password=PASSWORD)


@pytest.fixture
def anonymous():
    return AnonymousUser()


# --- estates ----------------------------------------------------------------------------------


def make_house(actor, project, label: str, delivered_on=dt.date(2021, 6, 30), **extra: Any):
    from aftersales.estates.services import create_house

    building, unit, room = label.split("-")
    return create_house(
        actor,
        project=project,
        building=building,
        unit=unit,
        room=room,
        delivered_on=delivered_on,
        **extra,
    )


def make_customer(actor, name: str, phone: str, houses=(), role: str = "owner", **extra: Any):
    from aftersales.estates.services import HouseLink, create_customer

    return create_customer(
        actor,
        name=name,
        phone=phone,
        houses=[HouseLink(house=h, role=role) for h in houses],
        **extra,
    )


def house(project, label: str):
    return project.houses.get(label=label)


@pytest.fixture
def project_a(admin):
    from aftersales.estates.services import create_project

    project = create_project(admin, code="PA", name="翠湖花园", city="杭州")
    h1 = make_house(admin, project, "3-2-1201", area="89.50", unit_type="三室两厅")
    h2 = make_house(admin, project, "3-2-1202", area="120")
    make_house(admin, project, "5-1-301")
    make_customer(admin, "张伟", "13800000001", [h1])
    make_customer(admin, "李娜", "13800000002", [h2])
    return project


@pytest.fixture
def project_b(admin):
    from aftersales.estates.services import create_project

    project = create_project(admin, code="PB", name="江南名邸", city="苏州")
    h = make_house(admin, project, "1-1-101", delivered_on=dt.date(2023, 1, 15))
    make_customer(admin, "王芳", "13900000003", [h])
    return project


@pytest.fixture
def house_a(project_a):
    return house(project_a, "3-2-1201")


@pytest.fixture
def house_b(project_b):
    return house(project_b, "1-1-101")


@pytest.fixture
def customer_a(project_a):
    from aftersales.estates.models import Customer

    return Customer.objects.get(name="张伟")


@pytest.fixture
def customer_b(project_b):
    from aftersales.estates.models import Customer

    return Customer.objects.get(name="王芳")


@pytest.fixture
def personas(admin, agent_a, agent_b, manager, technician, owner, outsider, anonymous):
    return {
        "admin": admin,
        "agent_a": agent_a,
        "agent_b": agent_b,
        "manager": manager,
        "technician": technician,
        "owner": owner,
        "outsider": outsider,
        "anonymous": anonymous,
    }


# --- API client -------------------------------------------------------------------------------


class ApiClient:
    """A JSON client for /api/v1/ that authenticates with a bearer token."""

    def __init__(self, token: str | None = None, language: str | None = None):
        self.client = Client()
        self.token = token
        self.language = language

    def headers(self, extra: dict | None = None) -> dict:
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["Accept-Language"] = self.language
        headers.update(extra or {})
        return headers

    @staticmethod
    def url(path: str) -> str:
        return path if path.startswith(API) else f"{API}/{path.lstrip('/')}"

    def get(self, path: str, params: dict | None = None, headers: dict | None = None):
        return self.client.get(self.url(path), data=params or {}, headers=self.headers(headers))

    def _send(self, method: str, path: str, body: Any, headers: dict | None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            self.url(path),
            data=data,
            content_type="application/json",
            headers=self.headers(headers),
        )

    def post(self, path: str, body: Any = None, headers: dict | None = None):
        return self._send("post", path, {} if body is None else body, headers)

    def put(self, path: str, body: Any = None, headers: dict | None = None):
        return self._send("put", path, {} if body is None else body, headers)

    def patch(self, path: str, body: Any = None, headers: dict | None = None):
        return self._send("patch", path, {} if body is None else body, headers)

    def delete(self, path: str, headers: dict | None = None):
        return self.client.delete(self.url(path), headers=self.headers(headers))


def obtain_token(username: str, password: str = PASSWORD) -> str:
    response = ApiClient().post("auth/token", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert token
    return token


@pytest.fixture
def api(db):
    """``api(user)`` → a client authenticated as ``user``; ``api()`` → an anonymous client."""

    def make(user=None, language: str | None = None) -> ApiClient:
        if user is None or not getattr(user, "is_authenticated", False):
            return ApiClient(language=language)
        return ApiClient(obtain_token(user.username), language=language)

    return make


def pytest_terminal_summary(terminalreporter):
    """The schemathesis figures (tests/test_api_fuzz.py), when that module ran."""
    import sys

    fuzz = sys.modules.get("tests.test_api_fuzz")
    if fuzz is not None and fuzz.TALLY["cases"]:
        terminalreporter.write_line(fuzz.summary())
