"""Transfer of work to a contractor on the web (R-DSP-8): the panel on the ticket page, the
contractor's list with accept / decline, and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.costs.models import Transfer
from aftersales.costs.services import contractors as service
from aftersales.tickets.models import Ticket
from tests.costs.web.helpers import HX, text

pytestmark = pytest.mark.django_db


def _ticket_page(client, t):
    return client.get(reverse("tickets:detail", args=[t["id"]]))


def _transfer_url(t):
    return reverse("costs:ticket_transfer", args=[t["id"]])


def _answer_url(item):
    return reverse("costs:transfer_answer", args=[item.pk])


@pytest.fixture
def transferred(people, repair, contractor):
    t = repair("dispatched")
    return service.transfer(
        people["engineer"], t["id"], contractor=contractor.pk, reason="需专业防水"
    )


# --- the panel on the ticket page -----------------------------------------------------------


def test_panel_offers_the_form_with_builders_of_the_project_first(
    web, people, repair, contractor, other_contractor
):
    t = repair("dispatched")
    page = text(_ticket_page(web(people["engineer"]), t))
    assert "转交施工单位" in page and 'name="transfer-contractor"' in page
    assert page.index(f"★ {contractor.name}") < page.index(other_contractor.name)


def test_panel_is_not_shown_without_the_capability(web, people, repair, contractor):
    t = repair("dispatched")
    page = text(_ticket_page(web(people["agent"]), t))
    assert 'name="transfer-contractor"' not in page and 'id="contractor-transfer"' not in page


def test_panel_not_on_complaints(web, people, customer_a, contractor):
    from tests.tickets.helpers import client_for, new_ticket

    t = new_ticket(
        client_for(people["agent"]), kind="complaint", customer=customer_a.pk, severity="minor"
    )
    assert 'id="contractor-transfer"' not in text(_ticket_page(web(people["engineer"]), t))


def test_transfer_calls_the_service(web, people, repair, contractor):
    t = repair("dispatched")
    r = web(people["engineer"]).post(
        _transfer_url(t), {"transfer-contractor": contractor.pk, "transfer-reason": "需专业防水"}
    )
    assert r.status_code == 302 and r["Location"] == reverse("tickets:detail", args=[t["id"]])
    item = Transfer.objects.get()
    assert (item.contractor, item.reason, item.status) == (contractor, "需专业防水", "pending")
    page = text(_ticket_page(web(people["engineer"]), t))
    assert "待接收" in page and 'name="transfer-contractor"' not in page  # no second transfer


def test_transfer_over_htmx_redirects_and_errors_stay_in_the_panel(
    web, people, repair, contractor, other_contractor
):
    client = web(people["engineer"])
    t = repair("dispatched")
    r = client.post(_transfer_url(t), {"transfer-reason": "x"}, headers=HX)
    assert r.status_code == 200
    assert "施工单位不存在或已停止合作" in text(r) and 'id="contractor-transfer"' in text(r)
    service.update_contractor(people["admin"], other_contractor, active=False)
    r = client.post(_transfer_url(t), {"transfer-contractor": other_contractor.pk}, headers=HX)
    assert r.status_code == 200 and "is-invalid" in text(r)  # a stopped company is no choice
    r = client.post(_transfer_url(t), {"transfer-contractor": contractor.pk}, headers=HX)
    assert r.status_code == 204 and r["HX-Redirect"] == reverse("tickets:detail", args=[t["id"]])
    r = client.post(_transfer_url(t), {"transfer-contractor": contractor.pk}, headers=HX)
    assert "该工单已转交施工单位" in text(r)
    assert Transfer.objects.count() == 1


def test_transfer_refused_state_without_htmx_comes_back_as_a_message(
    web, people, repair, contractor, transferred
):
    r = web(people["engineer"]).post(
        _transfer_url({"id": transferred.ticket_id}), {"transfer-contractor": contractor.pk}
    )
    assert r.status_code == 302
    client = web(people["engineer"])
    r = client.post(
        _transfer_url({"id": transferred.ticket_id}), {"transfer-contractor": contractor.pk}
    )
    assert "该工单已转交施工单位" in text(client.get(r["Location"]))


def test_transfer_needs_capability_and_scope(web, people, repair, contractor, agent_b):
    t = repair("dispatched")
    body = {"transfer-contractor": contractor.pk}
    assert web(people["agent"]).post(_transfer_url(t), body).status_code == 403
    assert web(people["finance"]).post(_transfer_url(t), body).status_code == 403
    from tests.conftest import make_user

    eng_b = make_user("eng_b", ["engineer"], [agent_b.projects.get()], name="乙工程师")
    assert web(eng_b).post(_transfer_url(t), body).status_code == 404
    assert not Transfer.objects.exists()


# --- the list and the answers ----------------------------------------------------------------


def test_contractor_sees_pending_transfers_of_his_company_only(
    web, people, transferred, repair, other_contractor, contractor_user, other_contractor_user
):
    other = service.transfer(
        people["engineer"], repair("dispatched")["id"], contractor=other_contractor.pk
    )
    page = text(web(contractor_user).get(reverse("costs:transfers")))
    assert transferred.ticket.number in page and other.ticket.number not in page
    assert "接收" in page and "拒绝" in page and "需专业防水" in page
    page = text(web(other_contractor_user).get(reverse("costs:transfers")))
    assert other.ticket.number in page and transferred.ticket.number not in page


def test_staff_see_the_list_without_answer_buttons(web, people, transferred, owner, outsider):
    page = text(web(people["engineer"]).get(reverse("costs:transfers"), {"status": "all"}))
    assert transferred.ticket.number in page and "确认拒绝" not in page
    assert web(owner).get(reverse("costs:transfers")).status_code == 403
    assert web(outsider).get(reverse("costs:transfers")).status_code == 403
    assert web().get(reverse("costs:transfers")).status_code == 302


def test_accept_makes_the_contractor_user_the_handler(web, transferred, contractor_user):
    client = web(contractor_user)
    r = client.post(_answer_url(transferred), {f"t{transferred.pk}-decision": "accept"}, headers=HX)
    assert r.status_code == 204 and r["HX-Redirect"].endswith("?status=accepted")
    transferred.refresh_from_db()
    assert transferred.status == "accepted" and transferred.answered_by == contractor_user
    assert Ticket.objects.get(pk=transferred.ticket_id).assignee == contractor_user
    page = text(client.get(reverse("costs:transfers"), {"status": "accepted"}))
    assert transferred.ticket.number in page and "已接收" in page


def test_decline_needs_a_reason_shown_on_the_item(web, transferred, contractor_user):
    client = web(contractor_user)
    prefix = f"t{transferred.pk}"
    r = client.post(_answer_url(transferred), {f"{prefix}-decision": "decline"}, headers=HX)
    assert r.status_code == 200
    assert "拒绝时请说明原因" in text(r) and f'id="transfer-{transferred.pk}"' in text(r)
    transferred.refresh_from_db()
    assert transferred.status == "pending"
    r = client.post(
        _answer_url(transferred),
        {f"{prefix}-decision": "decline", f"{prefix}-reason": "不属于本单位施工范围"},
    )
    assert r.status_code == 302
    transferred.refresh_from_db()
    assert (transferred.status, transferred.answer) == ("declined", "不属于本单位施工范围")


def test_answer_twice_is_refused_on_the_item(web, transferred, contractor_user):
    client = web(contractor_user)
    data = {f"t{transferred.pk}-decision": "accept"}
    client.post(_answer_url(transferred), data)
    r = client.post(_answer_url(transferred), data, headers=HX)
    assert r.status_code == 200 and "该转交已" in text(r)


def test_answer_scope_and_role(web, people, transferred, other_contractor_user):
    data = {f"t{transferred.pk}-decision": "accept"}
    assert web(other_contractor_user).post(_answer_url(transferred), data).status_code == 404
    assert web(people["engineer"]).post(_answer_url(transferred), data).status_code == 403
    assert web(people["engineer"]).get(_answer_url(transferred)).status_code == 405
    transferred.refresh_from_db()
    assert transferred.status == "pending"


def test_menu_entry_for_contractor_users(web, contractor_user, people):
    home = text(web(contractor_user).get(reverse("home")))
    assert reverse("costs:transfers") in home
    assert reverse("costs:transfers") not in text(web(people["engineer"]).get(reverse("home")))
