"""R-HO-2: each failed item opens one repair ticket; re-inspection; acceptance (api.md)."""

from __future__ import annotations

import pytest

from aftersales.handover.models import InspectionItem
from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error, ids
from tests.handover.conftest import close_ticket, items
from tests.tickets.helpers import PNG_B64, client_for

pytestmark = pytest.mark.django_db


def _inspect(api, house, customer, rows, expect=201):
    r = api.post(
        "handover/inspections", {"house": house.pk, "customer": customer.pk, "items": rows}
    )
    assert r.status_code == expect, r.content.decode()
    return r.json()


def test_all_passed_opens_nothing(api, house, customer):
    body = _inspect(api, house, customer, items(4))
    assert body["status"] == "passed"
    assert body["tickets"] == [] and all(i["ticket"] is None for i in body["items"])
    assert not Ticket.objects.exists()


def test_each_failed_item_opens_exactly_one_linked_ticket(api, house, customer):
    body = _inspect(api, house, customer, items(4, failed=(1, 2)))
    assert body["status"] == "defects_open"
    assert len(body["tickets"]) == 2
    failed = [i for i in body["items"] if not i["passed"]]
    assert [i["ticket"] for i in failed] == body["tickets"]
    for item in failed:
        t = Ticket.objects.get(pk=item["ticket"])
        assert (t.kind, t.channel, t.house_id, t.customer_id) == (
            "repair",
            "handover",
            house.pk,
            customer.pk,
        )
        assert (t.category, t.component) == (item["category"], item["component"])
        assert item["item"] in t.description
    assert Ticket.objects.count() == 2
    # the ticket is seen through the tickets API too
    ticket = api.get(f"tickets/{body['tickets'][0]}").json()
    assert ticket["channel"] == "handover" and ticket["warranty"] is not None


def test_ready_for_reinspection_once_every_ticket_is_closed(api, house, customer):
    body = _inspect(api, house, customer, items(4, failed=(0, 3)))
    close_ticket(body["tickets"][0])
    assert api.get(f"handover/inspections/{body['id']}").json()["status"] == "defects_open"
    close_ticket(body["tickets"][1])
    got = api.get(f"handover/inspections/{body['id']}").json()
    assert got["status"] == "ready_for_reinspection"
    assert [i["ticket_status"] for i in got["items"] if i["ticket"]] == ["closed", "closed"]
    listed = api.get("handover/inspections", {"status": "ready_for_reinspection"})
    assert ids(listed) == [body["id"]]
    assert ids(api.get("handover/inspections", {"status": "defects_open"})) == []


def test_accept_is_refused_while_a_defect_ticket_is_open(api, house, customer):
    body = _inspect(api, house, customer, items(3, failed=(1,)))
    r = api.post(f"handover/inspections/{body['id']}/accept", {"signature": PNG_B64})
    assert_error(r, 409, "defects_open")
    r = api.post(f"handover/inspections/{body['id']}/reinspect", {})
    assert_error(r, 409, "defects_open")
    close_ticket(body["tickets"][0])
    r = api.post(f"handover/inspections/{body['id']}/reinspect", {"note": "复验合格"})
    assert r.status_code == 200, r.content
    r = api.post(f"handover/inspections/{body['id']}/accept", {"signature": PNG_B64})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted" and r.json()["signed"] is True
    assert_error(api.post(f"handover/inspections/{body['id']}/accept", {}), 409, "already_accepted")


def test_reinspection_that_fails_again_opens_a_new_ticket(api, house, customer):
    body = _inspect(api, house, customer, items(2, failed=(0,)))
    close_ticket(body["tickets"][0])
    again = [dict(items(1)[0], passed=False, note="仍有空鼓")]
    r = api.post(f"handover/inspections/{body['id']}/reinspect", {"items": again})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "defects_open" and len(r.json()["tickets"]) == 2


def test_accept_a_passed_inspection_and_bad_signature(api, house, customer):
    body = _inspect(api, house, customer, items(2))
    assert_error(
        api.post(f"handover/inspections/{body['id']}/accept", {"signature": "aGVsbG8="}),
        422,
        field="signature",
    )
    r = api.post(f"handover/inspections/{body['id']}/accept", {})
    assert r.json()["status"] == "accepted"


def test_bad_items_are_422_and_nothing_is_opened(api, house, customer):
    bad = items(2, failed=(1,))
    bad[1]["component"] = "nonsense"
    r = api.post("handover/inspections", {"house": house.pk, "customer": customer.pk, "items": bad})
    assert_error(r, 422, field="items.1.component")
    assert not Ticket.objects.exists() and not InspectionItem.objects.exists()
    r = api.post("handover/inspections", {"house": house.pk, "customer": customer.pk, "items": []})
    assert_error(r, 422, field="items")


def test_customer_of_another_house_is_refused(api, house, project_a):
    other = project_a.houses.get(label="3-2-1202").customers.get()
    r = api.post(
        "handover/inspections", {"house": house.pk, "customer": other.pk, "items": items(1)}
    )
    assert_error(r, 422, field="customer")


def test_scope_and_roles(api, house, customer, agent_b, technician):
    body = _inspect(api, house, customer, items(1, failed=(0,)))
    assert_error(client_for(agent_b).get(f"handover/inspections/{body['id']}"), 404)
    r = client_for(agent_b).post(
        "handover/inspections", {"house": house.pk, "customer": customer.pk, "items": items(1)}
    )
    assert_error(r, 422, field="house")
    r = client_for(technician).post(
        "handover/inspections", {"house": house.pk, "customer": customer.pk, "items": items(1)}
    )
    assert_error(r, 403)
    assert ids(client_for(agent_b).get("handover/inspections")) == []


def test_photo_of_an_item(api, house, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.tickets.helpers import PNG

    body = _inspect(api, house, customer, items(2, failed=(0,)))
    item = body["items"][0]["id"]
    r = api.client.post(
        f"/api/v1/handover/inspections/{body['id']}/items/{item}/photos",
        {"photo": SimpleUploadedFile("a.png", PNG, "image/png")},
        headers=api.headers(),
    )
    assert r.status_code == 201, r.content
    got = api.get(f"handover/inspections/{body['id']}").json()
    assert got["items"][0]["photos"] == 1


def test_the_owner_is_asked_to_book_the_reinspection_once(api, house, customer):
    from aftersales.handover.services.inspections import book_reinspections
    from aftersales.handover.tasks import book_reinspections as task
    from aftersales.notify.models import Notification

    body = _inspect(api, house, customer, items(2, failed=(0, 1)))
    _inspect(api, house, customer, items(1))  # passed: nothing to re-inspect
    close_ticket(body["tickets"][0])
    assert book_reinspections() == 0
    close_ticket(body["tickets"][1])
    assert task.call() == {"told": 1}
    assert book_reinspections() == 0
    sms = Notification.objects.get(template="handover_reinspection")
    assert sms.address == customer.phone and house.label in sms.body
