"""Data scope over the API (R-ORG-3): every list and detail endpoint × every persona.

Out-of-scope records answer 404 (never revealing that they exist) and are absent from lists;
anonymous callers get 401; an account without any role gets 403 or nothing.
"""

from __future__ import annotations

import pytest

from aftersales.estates.services import create_public_area
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db

STAFF_ALL = ("admin", "manager", "technician")
PERSONAS = (
    "admin",
    "manager",
    "technician",
    "agent_a",
    "agent_b",
    "owner",
    "outsider",
    "anonymous",
)


@pytest.fixture
def records(personas, admin, project_a, project_b, house_a, house_b, customer_a, customer_b):
    area_a = create_public_area(admin, project=project_a, name="1号门岗")
    area_b = create_public_area(admin, project=project_b, name="地下车库")
    return {
        "projects": (project_a.pk, project_b.pk),
        "houses": (house_a.pk, house_b.pk),
        "customers": (customer_a.pk, customer_b.pk),
        "public-areas": (area_a.pk, area_b.pk),
    }


DETAIL = {
    "projects": "projects/{id}",
    "project-terms": "projects/{id}/warranty-terms",
    "houses": "houses/{id}",
    "house-warranty": "houses/{id}/warranty",
    "customers": "customers/{id}",
    "public-areas": "public-areas/{id}",
}
RECORD_OF = {"project-terms": "projects", "house-warranty": "houses"}
OWNERS_OWN = {
    "houses",
    "house-warranty",
    "customers",
}  # the owner's house and customer record are in A


def expected_detail(persona: str, kind: str, side: str) -> tuple[int, ...]:
    if persona == "anonymous":
        return (401,)
    if persona in STAFF_ALL:
        return (200,)
    if persona in ("agent_a", "agent_b"):
        return (200,) if persona[-1] == side else (404,)
    if persona == "owner":
        return (200, 403) if (kind in OWNERS_OWN and side == "a") else (403, 404)
    return (403, 404)  # outsider


def check_answer(response, allowed: tuple[int, ...]) -> str | None:
    """None when ``response`` is one of the ``allowed`` answers, else what went wrong."""
    if response.status_code not in allowed:
        return f"{response.status_code} not in {allowed}"
    if response.status_code != 200:
        try:
            assert_error(response, allowed)
        except AssertionError as exc:
            return f"bad error body: {exc}"
    return None


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail(api, request, records, persona):
    """Every detail endpoint, for a record of project A and one of project B."""
    client = api(request.getfixturevalue(persona))
    wrong = []
    for kind, template in DETAIL.items():
        record_a, record_b = records[RECORD_OF.get(kind, kind)]
        for side, record in (("a", record_a), ("b", record_b)):
            path = template.format(id=record)
            problem = check_answer(client.get(path), expected_detail(persona, kind, side))
            if problem:
                wrong.append(f"{persona} GET {path} ({kind}, project {side.upper()}): {problem}")
    assert not wrong, "\n".join(wrong)


def test_unknown_and_out_of_scope_look_the_same(api, agent_b, records):
    client = api(agent_b)
    for kind, (record_a, _) in records.items():
        hidden = client.get(DETAIL[kind].format(id=record_a))
        missing = client.get(DETAIL[kind].format(id=987654))
        assert hidden.status_code == missing.status_code == 404, kind
        assert hidden.json() == missing.json(), kind


def expected_list(persona: str, kind: str) -> tuple[set[str], set[str]] | None:
    """(sides that must be listed, sides that must not be), or None when 401/403 is the answer."""
    if persona in STAFF_ALL:
        return {"a", "b"}, set()
    if persona == "agent_a":
        return {"a"}, {"b"}
    if persona == "agent_b":
        return {"b"}, {"a"}
    if persona == "owner":
        return ({"a"} if kind in OWNERS_OWN else set()), {"b"} | (
            set() if kind in OWNERS_OWN else {"a"}
        )
    return set(), {"a", "b"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list(api, request, records, persona):
    """Every list endpoint: in-scope records listed, out-of-scope ones absent."""
    client = api(request.getfixturevalue(persona))
    wrong = []
    for kind in ("projects", "houses", "customers", "public-areas"):
        response = client.get(kind, {"page_size": 200})
        if persona == "anonymous":
            wrong.append(check_answer(response, (401,)))
            continue
        if response.status_code == 403 and persona in ("owner", "outsider"):
            wrong.append(check_answer(response, (403,)))
            continue
        if response.status_code != 200:
            wrong.append(f"GET {kind}: {response.status_code}")
            continue
        body = response.json()
        listed = [item["id"] for item in body["results"]]
        if body["count"] != len(listed) or len(set(listed)) != len(listed):
            wrong.append(f"GET {kind}: count {body['count']} for {listed}")
        present, absent = expected_list(persona, kind)
        record = dict(zip(("a", "b"), records[kind], strict=True))
        wrong += [
            f"GET {kind}: project {s.upper()} record missing"
            for s in present
            if record[s] not in listed
        ]
        wrong += [
            f"GET {kind}: project {s.upper()} record shown" for s in absent if record[s] in listed
        ]
        if persona == "outsider" and listed:
            wrong.append(f"GET {kind}: outsider sees {listed}")
    wrong = [w for w in wrong if w]
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


FILTERS = [
    ("houses", {"project": "{project}"}),
    ("houses", {"q": "3-2-1201"}),
    ("houses", {"customer": "{customer}"}),
    ("customers", {"project": "{project}"}),
    ("customers", {"house": "{house}"}),
    ("customers", {"q": "zw"}),
    ("customers", {"phone": "13800000001"}),
    ("projects", {"q": "翠湖"}),
    ("public-areas", {"project": "{project}"}),
]


def test_filters_cannot_reach_out_of_scope(
    api, agent_a, agent_b, records, project_a, house_a, customer_a
):
    values = {"project": project_a.pk, "house": house_a.pk, "customer": customer_a.pk}
    inside, outside = api(agent_a), api(agent_b)
    for path, params in FILTERS:
        params = {k: v.format(**values) for k, v in params.items()}
        assert inside.get(path, params).json()["count"] >= 1, (path, params)
        response = outside.get(path, params)
        assert response.status_code == 200, response.content
        assert response.json() == {"count": 0, "results": []}, (path, params)


def test_customer_lookup_scoped(api, records, agent_a, agent_b, owner, outsider):
    phone = {"phone": "13800000001"}
    assert len(api(agent_a).get("customers/lookup", phone).json()["customers"]) == 1
    assert api(agent_b).get("customers/lookup", phone).json() == {"customers": []}
    response = api(outsider).get("customers/lookup", phone)
    if response.status_code == 200:
        assert response.json() == {"customers": []}
    else:
        assert_error(response, 403)
    assert_error(api().get("customers/lookup", phone), 401)


@pytest.mark.parametrize("persona", PERSONAS)
def test_users_endpoints(api, request, records, persona):
    user = request.getfixturevalue(persona)
    client = api(user)
    target = request.getfixturevalue("agent_a")
    listing, detail = client.get("users"), client.get(f"users/{target.pk}")
    if persona == "anonymous":
        assert_error(listing, 401)
        assert_error(detail, 401)
    elif persona in ("admin", "manager"):
        assert listing.status_code == 200 and detail.status_code == 200
        assert detail.json()["username"] == "agent_a"
    else:
        assert_error(listing, 403)
        assert_error(detail, 403)


@pytest.mark.parametrize("persona", ["agent_b", "owner", "outsider"])
def test_writes_out_of_scope(api, request, records, house_a, customer_a, project_a, persona):
    client = api(request.getfixturevalue(persona))
    for path, body in (
        (f"houses/{house_a.pk}", {"status": "occupied"}),
        (f"customers/{customer_a.pk}", {"segment": "vip"}),
        (f"projects/{project_a.pk}", {"name": "x"}),
    ):
        assert_error(client.patch(path, body), (403, 404))
    assert_error(client.post(f"customers/{customer_a.pk}/reveal-id"), (403, 404))
    house_a.refresh_from_db()
    customer_a.refresh_from_db()
    project_a.refresh_from_db()
    assert (
        house_a.status == "delivered" and customer_a.segment == "" and project_a.name == "翠湖花园"
    )
