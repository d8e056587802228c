"""The owner's pages (R-SS-1): home, houses, warranty, report with photos, tickets with their
timeline and promised deadlines, sign with a signature, rate, messages; who may come in."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftersales.attachments.models import Attachment
from aftersales.tickets import services as tickets
from aftersales.tickets.models import Callback, Ticket
from tests.matrix.world import png
from tests.portal.conftest import other_owners_ticket, take_to_signoff
from tests.tickets.helpers import PNG_B64

PAGES = ["portal:home", "portal:houses", "portal:report", "portal:tickets", "portal:notifications"]


@pytest.fixture
def web(client, owner):
    client.force_login(owner)
    return client


def _report(web, house, **extra):
    photo = SimpleUploadedFile("leak.png", png(), "image/png")
    data = {
        "kind": "repair",
        "house": house.pk,
        "category": "water_electric",
        "location": "主卫",
        "description": "卫生间顶棚滴水",
        "photos": [photo],
    } | extra
    return web.post(reverse("portal:report"), data)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_the_owner(web, house_a, name):
    answer = web.get(reverse(name))
    assert answer.status_code == 200
    assert "tabler" not in answer.content.decode()  # the light base, not the back office


def test_anonymous_visitors_go_to_the_code_sign_in(client, project_a):
    answer = client.get(reverse("portal:tickets"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("portal:login"))


def test_staff_are_not_owners(client, agent_a):
    client.force_login(agent_a)
    assert client.get(reverse("portal:home")).status_code == 403


def test_home_menu_lists_the_registered_entries(web, house_a):
    from aftersales.portal import menu

    menu.register_entry("test.bills", "我的账单", "portal:notifications", icon="bill", order=90)
    try:
        page = web.get(reverse("portal:home")).content.decode()
    finally:
        menu._ENTRIES.pop("test.bills")
    for label in ("我要报事", "我的工单", "我的房屋", "消息通知", "我的账单"):
        assert label in page
    assert "张伟" in page


def test_houses_and_warranty(web, house_a, house_b):
    page = web.get(reverse("portal:houses")).content.decode()
    assert "3-2-1201" in page and "1-1-101" not in page
    warranty = web.get(reverse("portal:warranty", args=[house_a.pk])).content.decode()
    assert "2026-06-29" in warranty and ("保修期内" in warranty or "已过保" in warranty)
    assert web.get(reverse("portal:warranty", args=[house_b.pk])).status_code == 404


def test_report_a_leak_with_a_photo_shows_the_number_at_once(web, house_a, customer_a):
    answer = _report(web, house_a)
    ticket = Ticket.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal:ticket", args=[ticket.pk])
    assert (ticket.channel, ticket.customer, ticket.location) == ("app", customer_a, "主卫")
    photo = Attachment.objects.get(ticket=ticket)
    assert photo.stage == "intake"
    page = web.get(answer["Location"]).content.decode()
    assert ticket.number in page and "已提交" in page and "已受理您的报事" in page


def test_report_with_a_phenomenon_and_a_visit_time(web, house_a):
    from aftersales.tickets.models import Phenomenon

    leak = Phenomenon.objects.filter(category="civil").first()
    answer = _report(web, house_a, phenomenon=leak.pk, category="", expected_at="2030-01-01T10:00")
    assert answer.status_code in (200, 302)
    answer = _report(web, house_a, phenomenon=leak.pk, category="", expected_at="")
    assert answer.status_code == 302
    assert Ticket.objects.filter(phenomenon=leak).exists()


def test_report_errors_stay_on_the_form(web, house_a):
    answer = _report(web, house_a, description="")
    assert answer.status_code == 200 and not Ticket.objects.exists()
    bad = SimpleUploadedFile("x.png", b"not a picture", "image/png")
    answer = _report(web, house_a, photos=[bad])
    assert answer.status_code == 200 and not Ticket.objects.exists()
    assert "类型不支持" in answer.content.decode()


def test_a_house_not_his_cannot_be_chosen(web, house_a, house_b):
    answer = _report(web, house_b)
    assert answer.status_code == 200 and not Ticket.objects.exists()


def test_the_timeline_in_plain_words_and_the_promised_deadlines(web, house_a, agent_a, technician):
    _report(web, house_a)
    ticket = Ticket.objects.get()
    take_to_signoff(agent_a, technician, ticket.pk)
    page = web.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    for words in ("已受理您的报事", "已安排维修师傅上门", "维修完成，请您确认", "承诺时限", "完工"):
        assert words in page
    assert technician.name not in page and agent_a.name not in page
    assert "内部备注" not in page and "80" not in page.split("承诺时限")[0][-200:]
    assert "确认完工" in page


def test_sign_with_a_signature_then_rate(web, house_a, agent_a, technician):
    _report(web, house_a)
    ticket = Ticket.objects.get()
    take_to_signoff(agent_a, technician, ticket.pk)
    signed = web.post(
        reverse("portal:sign", args=[ticket.pk]),
        {"opinion": "satisfied", "signature": "data:image/png;base64," + PNG_B64},
    )
    assert signed.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_callback" and ticket.signature
    page = web.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert "评价本次服务" in page
    rated = web.post(reverse("portal:rate", args=[ticket.pk]), {"score": "5", "comment": "很好"})
    assert rated.status_code == 302
    assert Callback.objects.get(ticket=ticket).scores["overall"] == 5
    page = web.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert "您的评价" in page and "评价本次服务" not in page


def test_sign_refused_in_the_wrong_state(web, house_a):
    _report(web, house_a)
    ticket = Ticket.objects.get()
    answer = web.post(reverse("portal:sign", args=[ticket.pk]), {"opinion": "satisfied"})
    assert answer.status_code == 422 and "不能执行" in answer.content.decode()


def test_rate_needs_a_score(web, house_a, agent_a, technician):
    _report(web, house_a)
    ticket = Ticket.objects.get()
    take_to_signoff(agent_a, technician, ticket.pk)
    tickets.perform(agent_a, ticket.pk, "sign_off", opinion="satisfied")
    answer = web.post(reverse("portal:rate", args=[ticket.pk]), {"comment": "x"})
    assert answer.status_code == 422


def test_messages_show_the_texts_about_his_tickets(web, house_a):
    _report(web, house_a)
    page = web.get(reverse("portal:notifications")).content.decode()
    assert "报事已受理" in page


def test_the_staff_workbench_gets_the_portal_ticket_with_its_photo(web, house_a, client, agent_a):
    from django.test import Client

    _report(web, house_a)
    ticket = Ticket.objects.get()
    staff = Client()
    staff.force_login(agent_a)
    page = staff.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert ticket.number in page and "App" in page
    assert reverse("attachments:thumbnail", args=[Attachment.objects.get().pk]) in page


def test_another_owners_ticket_is_404_on_every_page(web, agent_b, customer_b, house_b):
    other = other_owners_ticket(agent_b, customer_b, house_b)
    assert web.get(reverse("portal:ticket", args=[other.pk])).status_code == 404
    for name in ("portal:sign", "portal:rate"):
        assert web.post(reverse(name, args=[other.pk]), {"opinion": "satisfied"}).status_code == 404
    assert "乙的漏水" not in web.get(reverse("portal:tickets")).content.decode()
