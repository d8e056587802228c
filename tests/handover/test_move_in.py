"""R-HO-3 and R-HO-1: the move-in with the documents of each case, the house occupied, once."""

from __future__ import annotations

import pytest

from aftersales.handover.models import MoveIn
from tests.api.helpers import assert_error, ids
from tests.handover.conftest import items
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

OWNER = ["id_card", "occupancy_notice", "purchase_contract"]


def _body(house, customer, party="owner", documents=OWNER, **extra):
    return {
        "house": house.pk,
        "customer": customer.pk,
        "party": party,
        "documents": documents,
        "keys": 3,
        "meters": {"water": 12.5, "electricity": "230.40", "gas": 0},
        "fees_collected": "3600.00",
        **extra,
    }


def test_owner_moves_in_and_the_house_is_occupied(api, house, customer):
    r = api.post("handover/move-ins", _body(house, customer))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["keys"] == 3 and body["meters"] == {
        "water": "12.5",
        "electricity": "230.4",
        "gas": "0",
    }
    assert body["fees_collected"] == "3600.00" and body["documents"] == OWNER
    house.refresh_from_db()
    assert house.status == "occupied"
    assert api.get(f"handover/move-ins/{body['id']}").json()["id"] == body["id"]
    assert ids(api.get("handover/move-ins", {"house": house.pk})) == [body["id"]]


def test_a_second_move_in_of_one_house_is_409(api, house, customer):
    assert api.post("handover/move-ins", _body(house, customer)).status_code == 201
    assert_error(api.post("handover/move-ins", _body(house, customer)), 409, "already_moved_in")
    assert MoveIn.objects.count() == 1


@pytest.mark.parametrize(
    "party,documents,missing",
    [
        ("owner", ["id_card"], ["occupancy_notice", "purchase_contract"]),
        ("owner", [], OWNER),
        ("agent", OWNER, ["power_of_attorney", "agent_id_card"]),
        ("agent", [*OWNER, "power_of_attorney"], ["agent_id_card"]),
        ("company", OWNER, ["company_certificate"]),
        ("company", ["company_certificate", "id_card", "purchase_contract"], ["occupancy_notice"]),
    ],
)
def test_incomplete_documents_per_case_are_named(api, house, customer, party, documents, missing):
    r = api.post("handover/move-ins", _body(house, customer, party, documents))
    body = assert_error(r, 422, "documents_missing", field="documents")
    assert body["fields"]["documents"] == missing
    house.refresh_from_db()
    assert house.status != "occupied" and not MoveIn.objects.exists()


@pytest.mark.parametrize(
    "party,documents",
    [
        ("agent", [*OWNER, "power_of_attorney", "agent_id_card"]),
        ("company", [*OWNER, "company_certificate"]),
    ],
)
def test_complete_sets_of_agent_and_company(api, house, customer, party, documents):
    assert (
        api.post("handover/move-ins", _body(house, customer, party, documents)).status_code == 201
    )


def test_keys_with_defects_listed_are_allowed(api, house, customer):
    r = api.post(
        "handover/inspections",
        {"house": house.pk, "customer": customer.pk, "items": items(2, failed=(0,))},
    )
    assert r.json()["status"] == "defects_open"
    assert api.post("handover/move-ins", _body(house, customer)).status_code == 201


def test_bad_values(api, house, customer):
    assert_error(
        api.post("handover/move-ins", _body(house, customer, "tenant")), 422, field="party"
    )
    assert_error(
        api.post("handover/move-ins", _body(house, customer, documents=[*OWNER, "passport"])),
        422,
        field="documents",
    )
    bad = _body(house, customer, meters={"water": -1})
    assert_error(api.post("handover/move-ins", bad), 422, field="meters.water")
    bad = _body(house, customer, meters={"steam": 1})
    assert_error(api.post("handover/move-ins", bad), 422, field="meters")


def test_scope_and_roles(house, customer, agent_a, agent_b):
    assert_error(client_for(agent_a).post("handover/move-ins", _body(house, customer)), 403)
    r = client_for(agent_b).post("handover/move-ins", _body(house, customer))
    assert r.status_code in (403, 422)


def test_archived_document(api, house, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.tickets.helpers import PNG

    body = api.post("handover/move-ins", _body(house, customer)).json()
    r = api.client.post(
        f"/api/v1/handover/move-ins/{body['id']}/files",
        {"file": SimpleUploadedFile("id.png", PNG, "image/png")},
        headers=api.headers(),
    )
    assert r.status_code == 201, r.content
    assert api.get(f"handover/move-ins/{body['id']}").json()["files"] == 1
