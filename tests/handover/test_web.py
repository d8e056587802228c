"""The handover screens: desk, document check, phone inspection with defect tickets, the
inspection page, signature, print, move-in, custody and patrols, reports, history sections."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aftersales.handover.models import ChecklistItem, Inspection, MoveIn
from aftersales.handover.services import batches
from tests.handover.conftest import close_ticket
from tests.tickets.helpers import PNG, PNG_B64

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(desk):
    client = Client()
    client.force_login(desk)
    return client


@pytest.fixture
def appointment(desk, project_a, house, customer):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    batch = batches.create_batch(
        desk,
        project=project_a,
        name="一期",
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
    )
    return batches.book(desk, batch, house=house, customer=customer, day=today, half="am")


def test_desk_lists_today_and_checks_documents(web, appointment, house):
    page = web.get("/handover/").content.decode()
    assert house.label in page and "签到" in page
    r = web.post(
        f"/handover/appointments/{appointment.pk}/", {"party": "owner", "documents": ["id_card"]}
    )
    assert r.status_code == 302
    page = web.get(f"/handover/appointments/{appointment.pk}/").content.decode()
    assert 'data-missing="occupancy_notice"' in page
    appointment.refresh_from_db()
    assert appointment.status == "arrived"


def test_phone_inspection_opens_tickets_and_accepts(web, house, customer):
    lines = list(ChecklistItem.objects.filter(active=True).order_by("order")[:3])
    assert ChecklistItem.objects.count() >= 30
    page = web.get(f"/handover/houses/{house.pk}/inspect/")
    assert page.status_code == 200 and lines[0].name in page.content.decode()
    r = web.post(
        f"/handover/houses/{house.pk}/inspect/",
        {
            "customer": customer.pk,
            f"r{lines[0].pk}": "fail",
            f"n{lines[0].pk}": "门扇变形",
            f"p{lines[0].pk}": SimpleUploadedFile("d.png", PNG, "image/png"),
            f"r{lines[2].pk}": "fail",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    inspection = Inspection.objects.get()
    failed = inspection.items.filter(passed=False)
    assert failed.count() == 2 and all(i.ticket_id for i in failed)
    assert failed.get(item=lines[0].name).photos.count() == 1
    page = web.get(f"/handover/inspections/{inspection.pk}/").content.decode()
    assert failed[0].ticket.number in page and "整改工单全部关闭后" in page
    photo = failed.get(item=lines[0].name).photos.get()
    assert web.get(f"/handover/photos/{photo.pk}/").status_code == 200
    # refused while open
    web.post(f"/handover/inspections/{inspection.pk}/accept/", {"signature": PNG_B64})
    inspection.refresh_from_db()
    assert inspection.status == "defects_open"
    for item in failed:
        close_ticket(item.ticket_id)
    page = web.get(f"/handover/inspections/{inspection.pk}/").content.decode()
    assert 'data-state="ready_for_reinspection"' in page
    web.post(f"/handover/inspections/{inspection.pk}/reinspect/", {"note": "已整改"})
    web.post(f"/handover/inspections/{inspection.pk}/accept/", {"signature": PNG_B64})
    inspection.refresh_from_db()
    assert inspection.status == "accepted" and inspection.signature
    printed = web.get(f"/handover/inspections/{inspection.pk}/print/").content.decode()
    assert "房屋质量验收登记表" in printed and "门扇变形" in printed
    assert web.get(f"/handover/inspections/{inspection.pk}/signature/").status_code == 200
    assert "已整改" in printed
    listed = web.get("/handover/inspections/?status=accepted").content.decode()
    assert house.label in listed


def test_move_in_form(web, house, customer):
    url = f"/handover/houses/{house.pk}/move-in/"
    assert web.get(url).status_code == 200
    r = web.post(
        url, {"customer": customer.pk, "party": "agent", "documents": ["id_card"], "keys": 2}
    )
    assert r.status_code == 200 and "还缺少" in r.content.decode() and not MoveIn.objects.exists()
    r = web.post(
        url,
        {
            "customer": customer.pk,
            "party": "owner",
            "documents": ["id_card", "occupancy_notice", "purchase_contract"],
            "keys": 2,
            "water": "1.5",
            "handbook": "on",
            "files": SimpleUploadedFile("c.png", PNG, "image/png"),
        },
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    record = MoveIn.objects.get()
    assert record.files.count() == 1
    house.refresh_from_db()
    assert house.status == "occupied"
    assert "住户登记表" in web.get(f"/handover/move-ins/{record.pk}/print/").content.decode()
    assert web.get(f"/handover/move-ins/{record.pk}/").status_code == 200
    # the house and customer pages show the history
    assert "交付记录" in web.get(f"/estates/houses/{house.pk}/").content.decode()
    assert "钥匙 2 把" in web.get(f"/estates/customers/{customer.pk}/").content.decode()


def test_custody_screens(web, house, customer, project_a):
    url = f"/handover/houses/{house.pk}/custody/"
    assert web.get(url).status_code == 200
    r = web.post(
        url,
        {
            "house": house.pk,
            "customer": customer.pk,
            "starts_on": "2026-11-01",
            "water": "10",
            "electricity": "20",
        },
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    custody_url = r["Location"]
    r = web.post(
        custody_url,
        {
            "kind": "weekly",
            "water": "16",
            "findings": "",
            "photo": SimpleUploadedFile("p.png", PNG, "image/png"),
        },
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    page = web.get(custody_url).content.decode()
    assert "用量超限" in page and "已告知业主" in page
    listed = web.get("/handover/custodies/").content.decode()
    assert house.label in listed
    r = web.post("/handover/custodies/rain/", {"project": project_a.pk, "kind": "before_rain"})
    assert r.status_code == 302
    assert "待巡查" in web.get(custody_url).content.decode()
    web.post(custody_url + "end/", {"water": "17"})
    house.refresh_from_db()
    assert house.status == "delivered"


def test_lists_and_reports_render(web):
    for url in ["/handover/batches/", "/handover/custodies/?status=ended", "/handover/reports/"]:
        assert web.get(url).status_code == 200, url


def test_other_project_is_404_and_technician_403(house, agent_b, technician, appointment):
    other = Client()
    other.force_login(agent_b)
    assert other.get(f"/handover/appointments/{appointment.pk}/").status_code == 404
    tech = Client()
    tech.force_login(technician)
    assert tech.get(f"/handover/houses/{house.pk}/inspect/").status_code == 403
