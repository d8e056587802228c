"""The permission matrix, generated from the URL conf (R-ORG-3; issue 9 item 4).

Every API operation under /api/v1/ and every web URL that takes an id is read from the URL
conf when the tests are collected, and each must have a case in :mod:`tests.matrix.table`
(``test_every_route_is_in_the_table`` fails otherwise). For each route with an id:

* ``cross`` — a persona of the other scope asks for side A's record: 404 (staff of project B
  for project A's records, owner B for owner A's, contractor B for contractor A's); 403 is
  accepted only where that persona's role may not use the route at all;
* ``read`` — a GET of side A's record by side A's persona of each family that may read it: 2xx;
* ``deny`` — a write by a role that may not act (by default an analyst of project A): 403.

Routes without ids: ``list`` — a GET by each family's persona of side B holds none of side A's
records (their texts, see :data:`tests.matrix.world.MARKERS`); ``deny`` as above for creates.

The data is built once for the module inside a transaction that is rolled back at the end;
each check runs in a savepoint of its own, so a write that wrongly succeeds changes nothing
for the next check.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests.matrix.routes import ARGUMENT, SKIP_WEB, api_routes, body_for, walk_urls, web_routes
from tests.matrix.table import API, FAMILIES, PARAMS, WEB, Case
from tests.matrix.world import build, png

API_PREFIX = "/api/v1"
PATH_PARAM = re.compile(r"{(\w+)}")
WEB_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Check:
    surface: str  # api | web
    route: str  # "METHOD /path" or namespace:name
    check: str  # cross | read | deny | list | shared
    persona: str
    expected: tuple[int, ...]  # statuses; () means any 2xx
    family: str = ""

    @property
    def id(self) -> str:
        return f"{self.surface} {self.route} [{self.check} {self.persona}]"


def _persona(family: str, side: str) -> str:
    return f"{family}_{side}"


def _checks_for(surface: str, route: str, case: Case, method: str) -> list[Check]:
    out = []
    if case.record is not None:
        families = FAMILIES.get(case.record, frozenset())
        for family in sorted(families):
            expected = (404,) if family in case.who else (403, 404)
            out.append(Check(surface, route, "cross", _persona(family, "b"), expected, family))
        if method == "GET" and case.read:
            for family in sorted(case.who & (families or frozenset({"staff"}))):
                out.append(Check(surface, route, "read", _persona(family, "a"), (), family))
        if method == "GET" and case.read and "staff" in case.who and "staff" not in families:
            # shared with every office (a contractor company, a fund): what staff of project B
            # are shown of it holds nothing of project A
            out.append(Check(surface, route, "shared", "staff_b", (), "staff"))
    elif method == "GET":
        for family in sorted(case.who):
            out.append(Check(surface, route, "list", _persona(family, "b"), (), family))
    if method != "GET" and case.deny:
        out.append(Check(surface, route, "deny", case.deny, (403,)))
    return out


def _param(check: Check, case: Case):
    marks = []
    applies = {check.check, f"{check.check} {check.persona}"} & set(case.xfail_checks)
    if case.xfail and (not case.xfail_checks or applies):
        marks.append(pytest.mark.xfail(strict=False, reason=case.xfail))
    return pytest.param(check, id=check.id, marks=marks)


def all_checks() -> list:
    params = []
    for route in api_routes():
        case = API.get(route)
        if case is not None:
            params += [_param(c, case) for c in _checks_for("api", route, case, route.split()[0])]
    for name in web_routes():
        case = WEB.get(name)
        if case is not None:
            params += [_param(c, case) for c in _checks_for("web", name, case, case.method)]
    return params


CHECKS = all_checks()


# --- the data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    media = tempfile.TemporaryDirectory()
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        LANGUAGE_CODE="zh-hans",
        MEDIA_ROOT=media.name,
    )
    with overrides, django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
    media.cleanup()


# --- asking ---------------------------------------------------------------------------------------


def _value(world, kind, side: str):
    if isinstance(kind, str) and kind == "@file":
        return SimpleUploadedFile("a.png", png(), "image/png")
    if isinstance(kind, str) and kind.startswith("@"):
        kind, side = kind[1:].split(":")
    if isinstance(kind, str) and kind in world.records:
        value = world.ids(kind, side)
        return value.isoformat() if hasattr(value, "isoformat") else value
    return kind


def _refs(world, data: dict, side: str) -> dict:
    """``data`` with its ``"@kind:side"`` references replaced by ids."""
    return {k: _value(world, v, side) if isinstance(v, str) else v for k, v in data.items()}


def _own_records(world, body: dict | None, side: str) -> dict | None:
    """A generated body whose id fields (``house``, ``building``, ``contractor`` …) name real
    records of ``side`` rather than a made-up id, which would be refused as unknown before the
    scope or the role is checked (ids are not 1 on PostgreSQL, whose sequences run on)."""
    if not body:
        return body
    return {
        k: world.ids(k, side) if isinstance(v, int) and k in world.records else v
        for k, v in body.items()
    }


def _api_answer(world, check: Check, side: str):
    case = API[check.route]
    method, path = check.route.split(" ", 1)
    for name in PATH_PARAM.findall(path):
        kind = case.params.get(name, PARAMS.get(name, name))
        path = path.replace(f"{{{name}}}", str(_value(world, kind, side)))
    client = world.web[check.persona]  # a fresh session is not needed: the token decides
    headers = {"Authorization": f"Bearer {world.tokens[check.persona]}"}
    url = API_PREFIX + path
    if method == "GET":
        return client.get(url, data=_refs(world, case.query, side), headers=headers)
    if method == "DELETE":
        return client.delete(url, headers=headers)
    if case.body is not None:
        body = _refs(world, case.body, side)
    else:
        body = _own_records(world, body_for(check.route), side)
    if body is None and method == "POST" and path.endswith(("/attachments", "/imports")):
        upload = SimpleUploadedFile("a.png", png(), "image/png")
        return client.post(url, data={"file": upload}, headers=headers)
    send = getattr(client, method.lower())
    return send(url, data=json.dumps(body or {}), content_type="application/json", headers=headers)


def _web_answer(world, check: Check, side: str):
    case = WEB[check.route]
    kwargs = {}
    for name in WEB_PARAM.findall(web_routes()[check.route]):
        kind = case.params.get(name, case.record if name == "pk" else PARAMS.get(name, name))
        kwargs[name] = _value(world, kind, side)
    url = reverse(check.route, kwargs=kwargs)
    client = world.web[check.persona]
    if case.method == "POST":
        body = {k.format(**kwargs): v for k, v in (case.body or {}).items()}
        return client.post(url, data=_refs(world, body, side))
    return client.get(url, data=_refs(world, case.query, side))


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/json"):
        return json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return content.decode("utf-8", errors="replace")


# --- the tests ------------------------------------------------------------------------------------


def test_every_route_is_in_the_table(capsys):
    """A route of the URL conf without a case fails here: add it to tests/matrix/table.py."""
    api, web = api_routes(), web_routes()
    missing = [r for r in api if r not in API] + [n for n in web if n not in WEB]
    stale = [r for r in API if r not in api] + [n for n in WEB if n not in web]
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(api)} API routes + {len(web)} web URLs with an id "
            f"= {len(api) + len(web)} routes, {len(CHECKS)} checks; "
            f"{len({p.values[0] for p in PAGES})} web pages without an id, {len(PAGES)} checks"
        )
    assert not missing, f"routes with no case in tests/matrix/table.py: {missing}"
    assert not stale, f"cases of routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("check", CHECKS)
def test_matrix(world, check: Check):
    answer = (_api_answer if check.surface == "api" else _web_answer)(world, check, "a")
    status = answer.status_code
    if check.check in ("list", "shared"):
        assert 200 <= status < 300, (status, answer.content[:300])
        shown = [m for m in world.markers[check.family] if m in _text(answer)]
        assert not shown, f"{check.persona} is shown side A's records: {shown}"
    elif check.expected:
        assert status in check.expected, (status, answer.content[:300])
    else:
        assert 200 <= status < 300, (status, answer.content[:300])


# Pages of a namespace that other personas use too: the owner's portal is walked by owner B,
# and so are the portal pages other apps add (by their full URL name).
PAGE_PERSONAS = {
    "portal": ("owner_b",),
    "frontdesk:book": ("owner_b",),
    "frontdesk:my_services": ("owner_b",),
    "fees:my_bills": ("owner_b",),
}

# Pages with a known leak being fixed elsewhere: {url name: reason}. Empty now.
PAGES_XFAIL: dict[str, str] = {}


def _page_personas(name: str) -> tuple[str, ...]:
    return PAGE_PERSONAS.get(name, ()) or PAGE_PERSONAS.get(name.split(":")[0], ())


def _pages() -> list:
    """Every web page without an id (lists, dashboards, forms), for staff B and contractor B
    (and owner B for the owner's portal)."""
    names = sorted(
        name
        for route, name in walk_urls()
        if not name.endswith(":") and not ARGUMENT.search(route) and not route.startswith(SKIP_WEB)
    )
    params = []
    for name in names:
        for persona in ("staff_b", "contractor_b", *_page_personas(name)):
            marks = []
            if name in PAGES_XFAIL and persona == "staff_b":
                marks.append(pytest.mark.xfail(strict=False, reason=PAGES_XFAIL[name]))
            params.append(
                pytest.param(name, persona, id=f"web {name} [list {persona}]", marks=marks)
            )
    return params


PAGES = _pages()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), PAGES)
def test_web_pages_without_id(world, name, persona):
    """A page without an id shows another scope nothing of side A (or is refused)."""
    answer = world.web[persona].get(reverse(name))
    assert answer.status_code < 500
    text = _text(answer) if answer.status_code == 200 else ""
    shown = [m for m in world.markers[persona.split("_")[0]] if m in text]
    assert not shown, f"{persona} is shown side A's records on {name}: {shown}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url", "marker"),
    [
        ("staff_a", "/api/v1/tickets", "甲单渗水"),
        ("staff_a", "/api/v1/customers/export", "甲业主"),
        ("staff_a", "/api/v1/meetings", "甲例会"),
        ("owner_a", "/api/v1/tickets", "甲单投诉"),
        ("contractor_a", "/api/v1/spending-requests", "甲申请"),
        ("contractor_a", "/api/v1/final-accounts", "甲决算"),
        ("staff_a", "/estates/customers/", "甲业主"),
        ("staff_a", "/analysis/meetings/", "甲例会"),
        ("staff_a", "/costs/contractors/", "甲城花园"),
        ("owner_a", "/m/tickets/", "甲单渗水"),
    ],
)
def test_side_a_is_seen_by_its_own_scope(world, persona, url, marker):
    """The control: the texts the matrix looks for do show where they may, so their absence
    from another scope's answers means something."""
    headers = {"Authorization": f"Bearer {world.tokens[persona]}"} if "/api/" in url else {}
    answer = world.web[persona].get(url, headers=headers)
    assert answer.status_code == 200, answer.content[:300]
    assert marker in _text(answer)


@pytest.mark.django_db
def test_a_contractor_names_only_the_projects_in_scope(world):
    """A company is shared by every office, but the projects it built are named only within
    the reader's scope; its own contact sees them all."""
    url = f"/api/v1/contractors/{world.ids('contractor', 'a')}"
    project_a = world.ids("project", "a")
    seen = {}
    for persona in ("staff_a", "staff_b", "manager", "contractor_a"):
        headers = {"Authorization": f"Bearer {world.tokens[persona]}"}
        seen[persona] = world.web[persona].get(url, headers=headers).json()["projects"]
    assert seen == {
        "staff_a": [project_a],
        "staff_b": [],
        "manager": [project_a],
        "contractor_a": [project_a],
    }
    company = world.ids("contractor", "a")
    page = world.web["contractor_a"].get(reverse("costs:contractor_detail", args=[company]))
    assert "甲城花园" in page.content.decode()
