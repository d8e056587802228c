"""Handover in the browser (issue 11): the owner arrives, his documents are checked at the desk,
the house is inspected on a phone with two failed items, their two repair tickets appear in the
workbench, they are repaired and closed (through the tickets' services: that path has its own
browser test), the house is re-inspected, the owner signs on the screen and moves in."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.handover.models import Inspection, MoveIn
from aftersales.handover.services import batches
from tests.conftest import make_user
from tests.e2e.conftest import horizontal_overflow, login
from tests.handover.conftest import close_ticket
from tests.tickets.helpers import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("AFTERSALES_SHOTS", "/tmp/handover-shots")


def shot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def booked(project_a, house_a, customer_a):
    desk = make_user("desk_a", ["supervisor"], [project_a], name="交付客服")
    today = timezone.localdate()
    batch = batches.create_batch(
        desk,
        project=project_a,
        name="一期交付",
        starts_on=today,
        ends_on=today + dt.timedelta(days=5),
    )
    return batches.book(desk, batch, house=house_a, customer=customer_a, day=today, half="am")


def test_owner_arrives_is_inspected_signs_and_moves_in(
    page, phone_page, site, booked, house_a, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site, "desk_a")

    # The desk: today's arrivals, check-in, the document check.
    page.goto(site.url("handover:desk"))
    row = page.locator(f"[data-appointment='{booked.pk}']")
    expect(row).to_contain_text("3-2-1201")
    expect(row).to_contain_text("张伟")
    shot(page, "desk-1280")
    row.get_by_role("button", name="签到").click()
    expect(page.get_by_text("已签到")).to_be_visible()
    page.locator(f"[data-appointment='{booked.pk}']").get_by_role("link", name="核验资料").click()
    page.get_by_label("业主身份证").check()
    page.get_by_role("button", name="保存核验结果").click()
    expect(page.get_by_text("资料不全，还缺少")).to_be_visible()
    expect(page.locator("[data-missing='purchase_contract']")).to_be_visible()
    page.get_by_label("入住通知书").check()
    page.get_by_label("购房合同").check()
    page.get_by_role("button", name="保存核验结果").click()
    expect(page.get_by_text("资料齐全，可以验房和办理入住")).to_be_visible()

    # The inspection on a phone: two items fail, one with a photo.
    phone = phone_page
    login(phone, site, "desk_a")
    phone.goto(site.url("handover:inspect", house_a.pk) + f"?appointment={booked.pk}")
    lines = phone.locator("[data-line]")
    first, second = lines.nth(0), lines.nth(4)
    first.get_by_text("不合格").click()
    first.get_by_placeholder("问题说明").fill("门扇关不严")
    picture = tmp_path / "door.png"
    picture.write_bytes(PNG)
    first.locator("input[type=file]").set_input_files(str(picture))
    second.get_by_text("不合格").click()
    second.get_by_placeholder("问题说明").fill("墙面空鼓")
    expect(phone.get_by_text("2 项不合格")).to_be_visible()
    assert horizontal_overflow(phone) <= 0
    shot(phone, "inspect-390")
    phone.get_by_role("button", name="提交验房结果").click()
    expect(phone.get_by_text("验房完成：2 项不合格，已生成整改工单")).to_be_visible()
    inspection = Inspection.objects.get()
    defects = list(inspection.items.filter(passed=False).select_related("ticket"))
    assert len(defects) == 2 and all(d.ticket.channel == "handover" for d in defects)
    for d in defects:
        expect(phone.locator(f"[data-defect='{d.pk}']")).to_contain_text(d.ticket.number)
    assert horizontal_overflow(phone) <= 0
    shot(phone, "inspection-390")

    # Both tickets wait in the customer-service workbench.
    page.goto(site.url("tickets:workbench"))
    for d in defects:
        expect(page.get_by_text(d.ticket.number).first).to_be_visible()
    shot(page, "workbench-1280")

    # Repaired and closed through the tickets' own services; the inspection is ready again.
    for d in defects:
        close_ticket(d.ticket_id)
    phone.reload()
    expect(phone.locator("[data-state='ready_for_reinspection']")).to_be_visible()
    phone.get_by_placeholder("复验意见").fill("已整改，复验合格")
    phone.get_by_role("button", name="复验合格").click()
    expect(phone.get_by_text("已记录复验")).to_be_visible()

    # The owner signs on the screen.
    canvas = phone.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    phone.mouse.move(box["x"] + 30, box["y"] + 40)
    phone.mouse.down()
    for step in range(1, 8):
        phone.mouse.move(box["x"] + 30 + step * 25, box["y"] + 40 + (step % 3) * 20)
    phone.mouse.up()
    assert phone.locator("input[name=signature]").input_value().startswith("data:image/png")
    phone.get_by_role("button", name="确认签收").click()
    expect(phone.get_by_text("业主已签收").first).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == "accepted" and inspection.signature
    shot(phone, "accepted-390")

    # Move-in at the desk: documents (from the check), keys, meters; the house is occupied.
    page.goto(site.url("handover:move_in_new", house_a.pk))
    page.get_by_label("钥匙（把）").fill("3")
    page.get_by_label("水表读数").fill("12.5")
    page.get_by_label("电表读数").fill("230")
    page.get_by_label("燃气表读数").fill("0")
    shot(page, "move-in-1280")
    page.get_by_role("button", name="确认入住").click()
    expect(page.get_by_text("入住手续已办结，房屋状态为已入住")).to_be_visible()
    record = MoveIn.objects.get()
    assert record.keys == 3 and str(record.water) == "12.50"
    house_a.refresh_from_db()
    assert house_a.status == "occupied"
    page.goto(site.url("estates:house_detail", house_a.pk))
    expect(page.locator("#handover")).to_contain_text("钥匙 3 把")
    shot(page, "house-1280")


def test_custodial_houses_and_a_patrol_on_a_phone(
    page, phone_page, site, project_a, house_a, customer_a
):
    from aftersales.handover.services import custody

    desk = make_user("desk_c", ["supervisor"], [project_a], name="交付客服")
    make_user("liaison_c", ["property_liaison"], [project_a], name="物业接口人")
    kept = custody.start_custody(
        desk,
        house=house_a,
        customer=customer_a,
        starts_on=timezone.localdate() - dt.timedelta(days=12),
        meters_read={"water": 100, "electricity": 500},
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site, "desk_c")
    page.goto(site.url("handover:custodies"))
    expect(page.locator(f"[data-custody='{kept.pk}']")).to_contain_text("巡查逾期")
    shot(page, "custodies-1280")
    page.get_by_role("button", name="暴雨预警：安排巡查").click()
    expect(page.get_by_text("已为 1 套托管房屋安排巡查")).to_be_visible()

    phone = phone_page
    login(phone, site, "liaison_c")
    phone.goto(site.url("handover:custody", kept.pk))
    phone.get_by_label("巡查类型").select_option("before_rain")
    phone.get_by_label("水表读数").fill("106")
    phone.get_by_label("发现问题").fill("阳台门缝进水")
    assert horizontal_overflow(phone) <= 0
    phone.get_by_role("button", name="保存巡查").click()
    expect(phone.get_by_text("用量超过托管上限，已短信告知业主")).to_be_visible()
    expect(phone.get_by_text("阳台门缝进水")).to_be_visible()
    assert horizontal_overflow(phone) <= 0
    shot(phone, "custody-390")
