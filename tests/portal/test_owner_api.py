"""The owner's part of the API (api.md "Owner self-service", R-SS-1)."""

from __future__ import annotations

import pytest

from aftersales.tickets import services as tickets
from aftersales.tickets.models import Callback, Ticket
from tests.portal.conftest import other_owners_ticket, take_to_signoff
from tests.tickets.helpers import PNG_B64


@pytest.fixture
def owner_api(api, owner):
    return api(owner)


@pytest.fixture
def repair(owner_api, house_a):
    answer = owner_api.post(
        "tickets",
        {
            "kind": "repair",
            "channel": "hotline",
            "house": house_a.pk,
            "description": "卫生间漏水",
            "category": "water_electric",
            "location": "主卫",
        },
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_me(owner_api, owner, customer_a, house_a):
    me = owner_api.get("me").json()
    assert me["user"]["id"] == owner.pk
    assert me["customer"] == {"id": customer_a.pk, "name": "张伟", "phone": "13800000001"}
    assert me["houses"] == [{"id": house_a.pk, "label": "3-2-1201", "project": house_a.project_id}]


def test_me_is_for_owners(api, agent_a):
    assert api(agent_a).get("me").status_code == 403


def test_my_warranty_lists_every_component(owner_api, house_a, house_b):
    rows = owner_api.get(f"me/houses/{house_a.pk}/warranty").json()
    assert {r["component"] for r in rows} >= {"structure", "leakage", "electrical"}
    leakage = next(r for r in rows if r["component"] == "leakage")
    assert leakage["months"] == 60 and leakage["expires_on"] == "2026-06-29"
    assert owner_api.get(f"me/houses/{house_b.pk}/warranty").status_code == 404


def test_the_owner_reports_for_himself_through_the_app(repair, customer_a, owner):
    ticket = Ticket.objects.get(pk=repair["id"])
    assert (ticket.channel, ticket.customer, ticket.registered_by) == ("app", customer_a, owner)
    assert repair["number"].startswith("BX-")
    assert ticket.phone == "13800000001"


@pytest.mark.parametrize("kind", ["complaint", "inquiry", "suggestion", "praise"])
def test_every_kind_an_owner_may_report(owner_api, house_a, kind):
    answer = owner_api.post(
        "tickets", {"kind": kind, "channel": "app", "house": house_a.pk, "description": "意见"}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["kind"] == kind


def test_the_customer_is_forced_to_himself(owner_api, house_a, customer_b, customer_a):
    answer = owner_api.post(
        "tickets",
        {
            "kind": "complaint",
            "channel": "hotline",
            "customer": customer_b.pk,
            "house": house_a.pk,
            "description": "噪音",
            "severity": "major",
            "urgency": "emergency",
        },
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (body["customer"], body["channel"]) == (customer_a.pk, "app")
    assert (body["severity"], body["urgency"]) == ("minor", "normal")  # the office triages


def test_a_house_not_his_is_404(owner_api, house_b):
    answer = owner_api.post(
        "tickets", {"kind": "repair", "channel": "app", "house": house_b.pk, "description": "漏水"}
    )
    assert answer.status_code == 404


def test_he_lists_only_his_tickets(owner_api, repair, agent_b, customer_b, house_b):
    other = other_owners_ticket(agent_b, customer_b, house_b)
    listed = owner_api.get("tickets").json()
    assert [t["id"] for t in listed["results"]] == [repair["id"]]
    assert owner_api.get(f"tickets/{other.pk}").status_code == 404
    assert owner_api.get(f"tickets/{other.pk}/events").status_code == 404


def test_he_sees_no_costs_staff_or_internal_notes(owner_api, repair, agent_a, technician):
    take_to_signoff(agent_a, technician, repair["id"])
    seen = owner_api.get(f"tickets/{repair['id']}").json()
    assert seen["estimate"] is None and seen["assignee"] is None and seen["work_orders"] == []
    assert seen["responsible_party"] is None and seen["work_class"] is None
    staff_view = Ticket.objects.get(pk=repair["id"])
    assert staff_view.estimate == 80
    events = owner_api.get(f"tickets/{repair['id']}/events").json()
    actions = [e["action"] for e in events]
    assert actions == ["register", "dispatch", "start", "complete"]  # no survey (internal)
    text = str(events)
    assert "内部备注" not in text and "80" not in text
    assert technician.name not in text and agent_a.name not in text
    dispatch = events[1]
    assert dispatch["data"] == {"technician": technician.name[1:]}
    assert dispatch["actor"] is None and dispatch["actor_name"] == ""


def test_staff_still_see_the_whole_trail(api, repair, agent_a, technician):
    take_to_signoff(agent_a, technician, repair["id"])
    events = api(agent_a).get(f"tickets/{repair['id']}/events").json()
    assert "survey" in [e["action"] for e in events]


def test_sign_off_and_rate(owner_api, repair, agent_a, technician):
    take_to_signoff(agent_a, technician, repair["id"])
    too_early = owner_api.post(f"tickets/{repair['id']}/rate", {"score": 5})
    assert too_early.status_code == 409
    signed = owner_api.post(
        f"tickets/{repair['id']}/sign_off", {"opinion": "satisfied", "signature": PNG_B64}
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "awaiting_callback"
    bad = owner_api.post(f"tickets/{repair['id']}/rate", {"score": 6})
    assert bad.status_code == 422 and "score" in bad.json()["fields"]
    rated = owner_api.post(f"tickets/{repair['id']}/rate", {"score": 4, "comment": "师傅很认真"})
    assert rated.status_code == 200 and rated.json()["status"] == "awaiting_callback"
    callback = Callback.objects.get(ticket_id=repair["id"])
    assert (callback.method, callback.satisfied, callback.scores["overall"]) == ("app", True, 4)
    again = owner_api.post(f"tickets/{repair['id']}/rate", {"score": 1})
    assert again.status_code == 409 and again.json()["error"] == "already_rated"


def test_a_rating_counts_in_the_satisfaction_reports(owner_api, repair, agent_a, technician):
    from aftersales.reports.models import CallbackFact

    take_to_signoff(agent_a, technician, repair["id"])
    owner_api.post(f"tickets/{repair['id']}/sign_off", {"opinion": "satisfied"})
    owner_api.post(f"tickets/{repair['id']}/rate", {"score": 2, "comment": "还在渗"})
    fact = CallbackFact.objects.get(ticket_id=repair["id"])
    assert fact.satisfied is False


def test_a_closed_ticket_may_be_rated(owner_api, repair, agent_a, technician):
    take_to_signoff(agent_a, technician, repair["id"])
    owner_api.post(f"tickets/{repair['id']}/sign_off", {"opinion": "satisfied"})
    tickets.perform(agent_a, repair["id"], "callback", satisfied=True)
    assert owner_api.post(f"tickets/{repair['id']}/rate", {"score": 5}).status_code == 200


def test_staff_do_not_rate_for_the_owner(api, repair, agent_a, technician, owner_api):
    take_to_signoff(agent_a, technician, repair["id"])
    owner_api.post(f"tickets/{repair['id']}/sign_off", {"opinion": "satisfied"})
    assert api(agent_a).post(f"tickets/{repair['id']}/rate", {"score": 5}).status_code == 403


def test_an_owner_cannot_sign_another_owners_ticket(api, agent_a, technician, house_a, admin):
    from aftersales.estates.models import Customer
    from tests.conftest import make_user

    li = Customer.objects.get(name="李娜")
    other = tickets.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        customer=li,
        house=li.houses.first(),
        description="李娜家漏水",
    )
    take_to_signoff(agent_a, technician, other.pk)
    zhang = make_user("zw", ["owner"], customer=Customer.objects.get(name="张伟"))
    answer = api(zhang).post(f"tickets/{other.pk}/sign_off", {"opinion": "satisfied"})
    assert answer.status_code == 404


def test_other_actions_stay_with_the_staff(owner_api, repair):
    assert owner_api.post(f"tickets/{repair['id']}/dispatch", {"assignee": 1}).status_code == 403


def test_the_owner_role_needs_a_customer(api, admin, customer_a):
    body = {"username": "owner9", "password": "Quite-Long-Pass-9", "roles": ["owner"]}
    missing = api(admin).post("users", body)
    assert missing.status_code == 422 and "customer" in missing.json()["fields"]
    made = api(admin).post("users", body | {"customer": customer_a.pk})
    assert made.status_code == 201 and made.json()["customer"] == customer_a.pk
    staff = api(admin).post(
        "users", body | {"username": "agent9", "roles": ["agent"], "customer": customer_a.pk}
    )
    assert staff.status_code == 422
    unknown = api(admin).post("users", body | {"username": "owner10", "customer": 999999})
    assert unknown.status_code == 422


def test_he_sees_who_uploaded_a_photo_only_when_it_was_himself(
    api, owner_api, repair, agent_a, owner
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aftersales.attachments.services import add_attachment
    from tests.matrix.world import png

    add_attachment(agent_a, repair["id"], SimpleUploadedFile("a.png", png(), "image/png"))
    add_attachment(owner, repair["id"], SimpleUploadedFile("b.png", png(), "image/png"))
    seen = owner_api.get(f"tickets/{repair['id']}/attachments").json()
    names = {(a["uploaded_by"], a["uploaded_by_name"]) for a in seen}
    assert (None, "") in names and (owner.pk, owner.display_name) in names
    assert agent_a.display_name not in str(seen)
    staff = api(agent_a).get(f"tickets/{repair['id']}/attachments").json()
    assert agent_a.display_name in str(staff)


def test_an_owner_may_not_date_his_own_steps(owner_api, house_a, agent_a, technician):
    """Back-entry is the staff's: an owner's report, sign-off and rating happen when he sends
    them (a back-dated sign-off would move the on-time rate). A report's and a rating's date is
    not taken from him; a dated sign-off is refused."""
    import time_machine

    from tests.api.helpers import assert_error

    body = {"kind": "repair", "channel": "app", "house": house_a.pk, "description": "漏水"}
    with time_machine.travel("2026-12-07 09:00:00 +0800", tick=False) as clock:
        ticket = owner_api.post("tickets", body | {"occurred_at": "2026-12-07T08:00:00+08:00"})
        ticket = ticket.json()
        assert ticket["occurred_at"] == "2026-12-07T09:00:00+08:00"  # dated when sent
        take_to_signoff(agent_a, technician, ticket["id"])
        clock.move_to("2026-12-07 15:00:00 +0800")
        # after the last step, before now: a member of staff could enter it; the owner may not
        earlier = {"opinion": "satisfied", "occurred_at": "2026-12-07T10:00:00+08:00"}
        signed = owner_api.post(f"tickets/{ticket['id']}/sign_off", earlier)
        assert_error(signed, 422, field="occurred_at")
        assert Ticket.objects.get(pk=ticket["id"]).status == "awaiting_signoff"
        signed = owner_api.post(f"tickets/{ticket['id']}/sign_off", {"opinion": "satisfied"})
        assert signed.status_code == 200, signed.content
        rated = owner_api.post(
            f"tickets/{ticket['id']}/rate", {"score": 5, "occurred_at": "2026-12-07T10:00:00+08:00"}
        )
        assert rated.status_code == 200, rated.content
        assert Callback.objects.get(ticket_id=ticket["id"]).occurred_at.hour == 7  # 15:00 +08
