"""Notification screens (R-NTF-2): the staff inbox with read marks and the unread count, and
the message templates an administrator edits (placeholders checked, changes audited)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from aftersales.core.errors import Forbidden, Invalid
from aftersales.core.models import AuditEntry
from aftersales.notify import context, services, templates
from aftersales.notify.models import Notification, NotificationTemplate
from aftersales.notify.reference import KNOWN_FIELDS, TEMPLATES
from aftersales.tickets import services as tickets
from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(agent_a, house_a):
    return tickets.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间渗漏",
        phone="13800000001",
        house=house_a.pk,
    )


@pytest.fixture
def inbox(technician, ticket):
    services.notify_users([technician], "ticket_assigned", {"number": ticket.number}, ticket=ticket)
    services.notify_users([technician], "emergency", {"number": "BX-1"}, key="e1")
    return list(Notification.objects.filter(recipient=technician).order_by("id"))


def test_every_template_has_its_known_fields():
    """notify's own templates and those the apps register with their placeholders."""
    from aftersales.care import reference as care
    from aftersales.frontdesk import reference as frontdesk
    from aftersales.handover import reference as handover

    every = [*TEMPLATES, *care.TEMPLATES, *frontdesk.TEMPLATES, *handover.TEMPLATES]
    assert set(KNOWN_FIELDS) == {code for code, *_ in every}
    for code, _name, subject, body in every:
        used = templates.placeholders(subject) + templates.placeholders(body)
        assert set(used) <= set(KNOWN_FIELDS[code]), code


def test_inbox_lists_unread_first_and_links_the_ticket(technician, ticket, inbox):
    first, second = inbox
    services.mark_read(technician, [second.pk])
    page = web(technician).get(reverse("notify:inbox")).content.decode()
    assert page.index(first.subject) < page.index(second.subject)
    assert reverse("tickets:detail", args=[ticket.pk]) not in page  # unread: a form marks it
    unread = web(technician).get(reverse("notify:inbox"), {"show": "unread"}).content.decode()
    assert first.subject in unread and second.subject not in unread


def test_mark_one_then_all_read(technician, inbox, manager):
    client = web(technician)
    first, second = inbox
    response = client.post(reverse("notify:read"), {"id": second.pk})
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.read_at and not first.read_at
    # Someone else's message is untouched.
    mine = services.notify_users([manager], "emergency", {"number": "X"}, key="m1")
    assert mine == 1
    client.post(reverse("notify:read"))
    assert not Notification.objects.filter(recipient=technician, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=manager, read_at__isnull=True).count() == 1


def test_open_the_ticket_marks_read(technician, ticket, inbox):
    first = inbox[0]
    response = web(technician).post(reverse("notify:read"), {"id": first.pk, "next": "ticket"})
    assert response.status_code == 302
    assert response.url == reverse("tickets:detail", args=[ticket.pk])
    first.refresh_from_db()
    assert first.read_at


def test_unread_context(technician, inbox, anonymous):
    request = RequestFactory().get("/")
    request.user = technician
    assert context.unread(request) == {"unread_notifications": 2}
    request.user = anonymous
    assert context.unread(request) == {}


def test_update_template_checks_placeholders_and_audits(admin):
    template = NotificationTemplate.objects.get(code="ticket_assigned")
    updated = templates.update_template(
        admin, template, "派工 {number}", "请处理 {house} 的工单 {number}：{description}", True
    )
    assert updated.subject == "派工 {number}"
    entry = AuditEntry.objects.get(model="notify.NotificationTemplate", action="update")
    assert entry.after["subject"] == "派工 {number}"
    for subject, body, field in [
        ("派工 {number}", "客户 {name}", "body"),
        ("派工 {number:>5}", "内容", "subject"),
        ("派工 {", "内容", "subject"),
        ("", "内容", "subject"),
        ("派工", "{number.__class__}", "body"),
    ]:
        with pytest.raises(Invalid) as err:
            templates.update_template(admin, template, subject, body, True)
        assert field in err.value.fields
    assert "{expected}" in NotificationTemplate.objects.get(code="ticket_registered").body
    templates.update_template(
        admin,
        NotificationTemplate.objects.get(code="ticket_registered"),
        "已受理",
        "编号 {number}，{expected} 前联系您",
        False,
    )


def test_update_template_is_forbidden_to_an_agent(agent_a):
    template = NotificationTemplate.objects.get(code="emergency")
    with pytest.raises(Forbidden):
        templates.update_template(agent_a, template, "x", "y", True)
    assert web(agent_a).get(reverse("notify:templates")).status_code == 403


def test_templates_page_edits_and_shows_errors(manager):
    client = web(manager)
    url = reverse("notify:templates")
    page = client.get(url).content.decode()
    assert "新派工（员工）" in page and "{description}" in page
    template = NotificationTemplate.objects.get(code="emergency")
    prefix = f"t{template.pk}"
    response = client.post(
        url,
        {"template": template.pk, f"{prefix}-subject": "紧急 {number}", f"{prefix}-body": "{oops}"},
    )
    assert response.status_code == 422
    assert "未知的占位符 {oops}" in response.content.decode()
    response = client.post(
        url,
        {
            "template": template.pk,
            f"{prefix}-subject": "紧急 {number}",
            f"{prefix}-body": "紧急报修 {number}，请立即处理",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "紧急报修 {number}，请立即处理"
    assert template.active is False  # the box was not ticked


def test_templates_api(admin, agent_a):
    api = client_for(admin)
    body = api.get("notification-templates").json()
    codes = {t["code"]: t for t in body}
    assert codes["deadline_at_risk"]["fields"] == ["number", "deadline", "due"]
    response = api.patch("notification-templates/emergency", {"subject": "紧急 {number}!"})
    assert response.status_code == 200, response.content
    assert response.json()["subject"] == "紧急 {number}!"
    assert response.json()["active"] is True
    assert_error(api.patch("notification-templates/emergency", {"body": "{who}"}), 422)
    assert_error(api.patch("notification-templates/nope", {"active": False}), 404)
    assert_error(client_for(agent_a).get("notification-templates"), 403)
    assert_error(client_for(agent_a).patch("notification-templates/emergency", {}), 403)
