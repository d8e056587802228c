"""Printable forms of a ticket (requirements §16) and the ticket history on the customer page
(R-EST-4)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from aftersales.estates.models import Customer
from aftersales.tickets import services
from aftersales.tickets.models import WorkOrder
from tests.conftest import house
from tests.tickets.helpers import PNG_B64

pytestmark = pytest.mark.django_db

FORMS = {
    "registration": "客户报事登记表",
    "dispatch": "工程派工单",
    "survey": "现场勘察会签表",
    "repair": "维修服务记录表",
    "satisfaction": "客户满意度跟踪表",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def print_url(ticket, form: str) -> str:
    return reverse("tickets:print", args=[ticket.pk, form])


def register(actor, customer, home, **extra):
    fields = {
        "kind": "repair",
        "channel": "hotline",
        "description": "卫生间顶棚渗水，滴到地面",
        "customer": customer.pk,
        "house": home.pk,
        "category": "civil",
        "location": "主卫",
    }
    fields.update(extra)
    return services.register_ticket(actor, **fields)


@pytest.fixture
def ticket(agent_a, customer_a, house_a):
    return register(agent_a, customer_a, house_a)


def survey(agent_a, technician, ticket, trades: int = 1, **extra):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    services.perform(
        agent_a,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=trades,
        estimate="320",
        work_class="B",
        cause="卫生间防水层破损",
        participants=["客服甲", "维修队长老王"],
        **extra,
    )
    services.perform(technician, ticket.pk, "start")


@pytest.fixture
def two_trades(agent_a, technician, ticket):
    """A repair surveyed as two trades (one work order each), the first one done."""
    survey(agent_a, technician, ticket, trades=2, trade_names=["防水", "泥瓦"])
    first = WorkOrder.objects.filter(ticket=ticket).order_by("id").first()
    services.perform(
        technician,
        ticket.pk,
        "complete",
        work_order=first.pk,
        result="重做防水层并闭水试验 48 小时",
        labour_hours="3.5",
    )
    return ticket


@pytest.fixture
def worked(agent_a, technician, ticket):
    """A single-trade repair taken through repair, check, sign-off and a dissatisfied callback
    (so it is reopened)."""
    survey(agent_a, technician, ticket, trade_names=["防水"])
    services.perform(
        technician,
        ticket.pk,
        "complete",
        result="重做防水层，修补顶棚",
        materials=[
            {"item": "防水涂料", "quantity": "2", "unit_cost": "12.50"},
            {"item": "腻子粉", "quantity": "3", "unit_cost": "8"},
        ],
        labour_hours="5.5",
    )
    services.perform(agent_a, ticket.pk, "check", passed=True, note="无渗漏")
    services.perform(
        agent_a,
        ticket.pk,
        "sign_off",
        opinion="basically_satisfied",
        signature=PNG_B64,
        comment="顶棚颜色略有差异",
    )
    services.perform(
        agent_a,
        ticket.pk,
        "callback",
        satisfied=False,
        method="电话",
        scores={"result": 2, "attitude": 5, "speed": 4},
        comment="顶棚颜色不一致",
    )
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize("form", FORMS)
def test_every_form_prints_for_a_fresh_ticket(agent_a, ticket, form):
    """Steps not taken yet print as lines to fill in by hand, not as errors."""
    response = client_for(agent_a).get(print_url(ticket, form))
    assert response.status_code == 200
    body = response.content.decode()
    assert FORMS[form] in body
    assert ticket.number in body
    assert "data-print" in body and "js/print.js" in body and "@media print" in body
    assert "size: A4" in body


@pytest.mark.parametrize("form", FORMS)
def test_out_of_scope_agent_gets_404(agent_b, ticket, form):
    assert client_for(agent_b).get(print_url(ticket, form)).status_code == 404


def test_unknown_form_is_404(agent_a, ticket):
    assert client_for(agent_a).get(print_url(ticket, "invoice")).status_code == 404


def test_anonymous_is_sent_to_login(ticket):
    response = Client().get(print_url(ticket, "registration"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_owner_account_cannot_print(owner, ticket):
    assert client_for(owner).get(print_url(ticket, "registration")).status_code == 403


def test_repair_forms_are_404_for_a_complaint(agent_a, customer_a, house_a):
    complaint = register(agent_a, customer_a, house_a, kind="complaint", category="")
    client = client_for(agent_a)
    for form in ("dispatch", "survey", "repair"):
        assert client.get(print_url(complaint, form)).status_code == 404
    for form in ("registration", "satisfaction"):
        assert client.get(print_url(complaint, form)).status_code == 200


def test_registration_shows_the_intake(agent_a, ticket):
    body = client_for(agent_a).get(print_url(ticket, "registration")).content.decode()
    for text in ("张伟", "13800000001", "3-2-1201", "热线电话", "报修", "土建", "主卫"):
        assert text in body
    assert "卫生间顶棚渗水，滴到地面" in body
    assert "客服甲" in body  # registered by


def test_dispatch_shows_class_assignee_and_work_orders(agent_a, two_trades):
    body = client_for(agent_a).get(print_url(two_trades, "dispatch")).content.decode()
    assert "维修工" in body  # the technician
    assert "防水" in body and "泥瓦" in body
    assert "卫生间防水层破损" in body
    assert 'class="box on"></span>B类（公司承担）' in body
    assert "完工时限" in body and "所需物料" in body


def test_survey_shows_findings_and_signature_lines(agent_a, two_trades):
    body = client_for(agent_a).get(print_url(two_trades, "survey")).content.decode()
    assert "2 个工种：防水、泥瓦" in body
    assert 'class="box on"></span>施工单位' in body
    assert "320.00" in body
    assert "客服甲、维修队长老王" in body
    for role in ("客服", "工程（物业）", "维修队长", "施工单位"):
        assert f"{role}：" in body


def test_repair_record_shows_lines_totals_and_signature(agent_a, worked):
    body = client_for(agent_a).get(print_url(worked, "repair")).content.decode()
    assert "重做防水层，修补顶棚" in body
    assert "<td>防水</td>" in body  # the single trade the survey named
    assert "防水涂料" in body and "腻子粉" in body
    assert "25.00" in body  # 2 × 12.50
    assert "24.00" in body  # 3 × 8
    assert "49.00" in body  # materials total
    assert "5.50" in body  # labour hours total
    assert 'class="box on"></span>合格' in body
    assert 'class="box on"></span>基本满意' in body
    assert "顶棚颜色略有差异" in body
    assert '<img class="signature-img" src="data:image/png;base64,' in body


def test_repair_record_lists_work_orders_done_and_open(agent_a, two_trades):
    body = client_for(agent_a).get(print_url(two_trades, "repair")).content.decode()
    assert "重做防水层并闭水试验 48 小时" in body
    assert "<td>防水</td>" in body and "<td>泥瓦</td>" in body  # done, and still open
    assert "3.50" in body


def test_repair_record_without_signature_has_no_image(agent_a, ticket):
    body = client_for(agent_a).get(print_url(ticket, "repair")).content.decode()
    assert "<img" not in body
    assert "材料费合计" in body


def test_satisfaction_shows_callbacks_and_reopen(agent_a, worked):
    body = client_for(agent_a).get(print_url(worked, "satisfaction")).content.decode()
    assert "电话" in body and "顶棚颜色不一致" in body
    assert "<strong>2</strong><br>不满意" in body  # result 2
    assert "<strong>5</strong><br>非常满意" in body  # attitude 5
    assert "第 1 次重开" in body
    assert "重新处理" in body  # current status


def test_ticket_page_offers_the_print_menu(agent_a, ticket):
    body = client_for(agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    for form in FORMS:
        assert print_url(ticket, form) in body
    assert 'target="_blank"' in body


# --- customer page ------------------------------------------------------------------------


def test_customer_page_lists_the_customers_tickets(agent_a, customer_a, house_a, project_a):
    mine = register(agent_a, customer_a, house_a)
    other_customer = Customer.objects.get(name="李娜")
    other = register(agent_a, other_customer, house(project_a, "3-2-1202"))
    url = reverse("estates:customer_detail", args=[customer_a.pk])
    body = client_for(agent_a).get(url).content.decode()
    assert mine.number in body
    assert reverse("tickets:detail", args=[mine.pk]) in body
    assert other.number not in body
    assert "已登记" in body and "土建" in body
    assert "暂无工单记录" not in body


def test_customer_page_shows_closed_time(agent_a, manager, customer_a, house_a):
    ticket = register(agent_a, customer_a, house_a)
    services.perform(manager, ticket.pk, "close", reason="客户撤回")
    ticket.refresh_from_db()
    url = reverse("estates:customer_detail", args=[customer_a.pk])
    body = client_for(agent_a).get(url).content.decode()
    assert "已关闭" in body
    assert f"关闭 {localtime(ticket.closed_at):%Y-%m-%d}" in body


def test_customer_page_without_tickets_shows_empty_state(agent_a, customer_a):
    url = reverse("estates:customer_detail", args=[customer_a.pk])
    body = client_for(agent_a).get(url).content.decode()
    assert "暂无工单记录" in body
