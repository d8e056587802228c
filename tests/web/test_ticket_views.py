"""Ticket screens: the workbench (intake, screen-pop, queues), the ticket page with its action
forms, and the technician's phone view (R-TKT-1..8, R-DSP, R-CB, R-ORG-3)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftersales.tickets import services
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db

# A 1×1 transparent PNG, as signature_pad's toDataURL() posts it.
PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(agent_a, customer_a, house_a):
    return services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间渗漏到楼下",
        customer=customer_a.pk,
        house=house_a.pk,
        category="civil",
    )


def act(client, ticket, action, data=None, **headers):
    url = reverse("tickets:action", args=[ticket.pk, action])
    return client.post(url, data or {}, headers=headers)


def test_workbench_is_forbidden_to_a_technician(technician):
    response = client_for(technician).get(reverse("tickets:workbench"))
    assert response.status_code == 403


def test_workbench_shows_form_and_queues(agent_a, ticket):
    response = client_for(agent_a).get(reverse("tickets:workbench"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "登记报事" in body and "未派工" in body and ticket.number in body


def test_queue_tab_answers_a_fragment(agent_a, ticket):
    response = client_for(agent_a).get(
        reverse("tickets:workbench"),
        {"queue": "undispatched"},
        headers={"HX-Request": "true", "HX-Target": "queue"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert ticket.number in body and "<html" not in body


def test_intake_creates_ticket_and_redirects(agent_a, customer_a, house_a):
    response = client_for(agent_a).post(
        reverse("tickets:workbench"),
        {
            "kind": "repair",
            "channel": "hotline",
            "phone": customer_a.phone,
            "customer": customer_a.pk,
            "house": house_a.pk,
            "category": "water_electric",
            "urgency": "urgent",
            "severity": "major",  # ignored for a repair
            "description": "厨房水管漏水",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    assert (ticket.customer, ticket.house, ticket.urgency) == (customer_a, house_a, "urgent")
    assert ticket.severity == ""
    page = client_for(agent_a).get(response["Location"])
    assert ticket.number in page.content.decode()


def test_intake_warns_of_possible_duplicates(agent_a, ticket, customer_a, house_a):
    client = client_for(agent_a)
    response = client.post(
        reverse("tickets:workbench"),
        {
            "kind": "repair",
            "channel": "wechat",
            "customer": customer_a.pk,
            "house": house_a.pk,
            "category": "civil",
            "urgency": "normal",
            "description": "同一处渗漏再次报修",
        },
        follow=True,
    )
    assert ticket.number in response.content.decode()
    assert "请核对是否重复报事" in response.content.decode()


def test_intake_error_is_shown_on_the_form(agent_a):
    response = client_for(agent_a).post(
        reverse("tickets:workbench"),
        {"kind": "repair", "channel": "hotline", "urgency": "normal", "description": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写报事内容" in body or "请提供客户或联系电话" in body
    assert not Ticket.objects.exists()


def test_screen_pop_lists_the_customer_houses_and_open_tickets(agent_a, customer_a, ticket):
    response = client_for(agent_a).get(
        reverse("tickets:screen_pop"), {"phone": customer_a.phone}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "张伟" in body and "3-2-1201" in body and ticket.number in body


def test_screen_pop_stays_within_scope(agent_b, customer_a):
    response = client_for(agent_b).get(reverse("tickets:screen_pop"), {"phone": customer_a.phone})
    assert "张伟" not in response.content.decode()


def test_pick_fills_customer_and_house(agent_a, customer_a, house_a):
    response = client_for(agent_a).get(
        reverse("tickets:pick"), {"customer": customer_a.pk, "house": house_a.pk}
    )
    body = response.content.decode()
    assert f'name="customer" value="{customer_a.pk}"' in body
    assert f'<option value="{house_a.pk}" selected>' in body
    assert 'hx-swap-oob="true"' in body


def test_ticket_page_is_404_out_of_scope(agent_b, ticket):
    response = client_for(agent_b).get(reverse("tickets:detail", args=[ticket.pk]))
    assert response.status_code == 404


def test_ticket_page_shows_the_actions_of_the_role(agent_a, ticket):
    body = client_for(agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "派工" in body and "登记" in body
    assert "act-dispatch" in body and "act-sign_off" not in body


def test_dispatch_through_the_action_view(agent_a, technician, ticket):
    client = client_for(agent_a)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "维修工（在办 0）" in page
    response = act(client, ticket, "dispatch", {"assignee": technician.pk})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED and ticket.assignee == technician
    page = client.get(response["Location"]).content.decode()
    assert "派工：已完成" in page and "勘察" in page


def test_htmx_action_redirects_by_header(agent_a, technician, ticket):
    response = act(
        client_for(agent_a), ticket, "dispatch", {"assignee": technician.pk}, HX_Request="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("tickets:detail", args=[ticket.pk])


def test_missing_field_error_is_shown_on_the_form(agent_a, ticket):
    response = act(client_for(agent_a), ticket, "dispatch", {"assignee": ""})
    assert response.status_code == 422
    assert "请指定处理人" in response.content.decode()
    response = act(
        client_for(agent_a), ticket, "dispatch", {"assignee": ""}, **{"HX-Request": "true"}
    )
    assert response.status_code == 200 and "请指定处理人" in response.content.decode()


def test_conflict_shows_the_message_not_a_500(agent_a, ticket):
    response = act(
        client_for(agent_a),
        ticket,
        "survey",
        {"responsible_party": "contractor", "trades": 1, "estimate": "100", "work_class": "A"},
    )
    assert response.status_code == 409
    assert "不能执行“现场勘察”" in response.content.decode()


def test_forbidden_role_shows_the_message(technician, agent_a, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    response = act(client_for(technician), ticket, "close", {"reason": "想关"})
    assert response.status_code == 403
    assert "您的角色不能执行" in response.content.decode()


def test_repair_path_to_sign_off_with_a_signature(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    tech = client_for(technician)
    survey = {
        "responsible_party": "contractor",
        "trades": "1",
        "estimate": "200",
        "work_class": "B",
        "cause": "防水层破损",
    }
    assert act(tech, ticket, "survey", survey).status_code == 302
    assert act(tech, ticket, "start").status_code == 302
    complete = {
        "result": "重做防水",
        "labour_hours": "3",
        "material_item": "防水涂料",
        "material_quantity": "2",
        "material_unit_cost": "80",
    }
    assert act(tech, ticket, "complete", complete).status_code == 302
    page = tech.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "act-sign_off" in page and "SignaturePad" in page
    response = act(tech, ticket, "sign_off", {"opinion": "satisfied", "signature": PNG})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.AWAITING_CALLBACK
    assert ticket.signature.read().startswith(b"\x89PNG")
    page = tech.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "防水涂料" in page and "客户签认" in page


def test_bad_signature_is_shown_on_the_form(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    services.perform(
        technician,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate=100,
        work_class="B",
    )
    services.perform(technician, ticket.pk, "start")
    services.perform(technician, ticket.pk, "complete", result="好了")
    bad = "data:image/png;base64," + base64.b64encode(b"not a png").decode()
    response = act(
        client_for(technician), ticket, "sign_off", {"opinion": "satisfied", "signature": bad}
    )
    assert response.status_code == 422
    assert "签名应为" in response.content.decode()


def test_callback_closes_a_satisfied_ticket(agent_a, manager, ticket):
    services.perform(manager, ticket.pk, "close", reason="演示")  # closes without callback
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    page = client_for(agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "工单已关闭" in page and "经理决定关闭" in page


def test_complaint_route_and_callback_scores(agent_a, manager, customer_a):
    complaint = services.register_ticket(
        agent_a,
        kind="complaint",
        channel="hotline",
        severity="important",
        description="维修人员态度差",
        customer=customer_a.pk,
    )
    client = client_for(agent_a)
    response = act(client, complaint, "route", {"departments": ["maintenance", "engineering"]})
    assert response.status_code == 302
    # An important complaint's handling is signed off by the service manager first (R-CMP-1).
    assert act(client, complaint, "resolve", {"content": "已道歉并整改"}).status_code == 409
    approval = act(client_for(manager), complaint, "approve_resolution", {"comment": "同意"})
    assert approval.status_code == 302
    assert act(client, complaint, "resolve", {"content": "已道歉并整改"}).status_code == 302
    callback = {
        "satisfied": "yes",
        "method": "电话",
        "score_result": "5",
        "score_attitude": "4",
        "score_speed": "5",
    }
    assert act(client, complaint, "callback", callback).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    cb = complaint.callbacks.get()
    assert cb.scores == {"result": 5, "attitude": 4, "speed": 5}
    page = client.get(reverse("tickets:detail", args=[complaint.pk])).content.decode()
    assert "维修队" in page and "态度 4" in page


def test_extend_needs_the_customer_consent(agent_a, customer_a):
    inquiry = services.register_ticket(
        agent_a, kind="inquiry", channel="hotline", description="咨询", customer=customer_a.pk
    )
    later = timezone.localtime() + dt.timedelta(days=30)
    data = {"deadline": "reply", "due": later.strftime("%Y-%m-%dT%H:%M")}
    response = act(client_for(agent_a), inquiry, "extend", data)
    assert response.status_code == 422 and "延期须征得客户同意" in response.content.decode()


def test_unknown_action_is_404(agent_a, ticket):
    assert act(client_for(agent_a), ticket, "explode").status_code == 404


def test_field_view_lists_the_technicians_work(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    response = client_for(technician).get(reverse("tickets:field"))
    body = response.content.decode()
    assert response.status_code == 200
    assert ticket.number in body and "3-2-1201" in body


def test_field_view_is_forbidden_to_an_agent(agent_a):
    assert client_for(agent_a).get(reverse("tickets:field")).status_code == 403


def test_owner_cannot_open_the_ticket_page(owner, ticket):
    assert client_for(owner).get(reverse("tickets:detail", args=[ticket.pk])).status_code == 403
