"""(e) Ticket flows in the browser: a repair from the hotline to its closing callback, a major
complaint by letter to its resolution, and the ticket page on a phone.

Data is made with the services; every user signs in through the login page. House 6-1-101 of
project A (delivered 2024-06-30) keeps its leakage warranty until 2029, so a class A repair
is allowed on it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from aftersales.notify.models import Notification
from aftersales.tickets import monitor, services
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Deadline, Ticket
from tests.conftest import make_customer, make_house, make_user
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_NUMBER = "13700000009"
TICKET_URL = re.compile(r"/tickets/(\d+)/$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def caller(admin, project_a):
    """赵敏, owner of 6-1-101 of project A (in warranty for leaks)."""
    house = make_house(admin, project_a, "6-1-101", delivered_on=dt.date(2024, 6, 30))
    return make_customer(admin, "赵敏", PHONE_NUMBER, [house])


@pytest.fixture
def gm(db):
    return make_user("gm", ["gm"], name="总经理", department="management")


@pytest.fixture
def engineer(db):
    return make_user("eng", ["engineer"], name="刘工", department="engineering")


# --- helpers ---------------------------------------------------------------------------------


def sign_in_as(page, site, username: str) -> None:
    """Leave the current session and sign in as someone else through the login page."""
    page.context.clear_cookies()
    login(page, site, username)


def status_is(page, label: str) -> None:
    expect(page.locator(".page-title")).to_contain_text(label)


def take(page, action_label: str, fill=None) -> None:
    """Open an action's inline form with its button, fill it, confirm, wait for the reload."""
    page.locator("#actions").get_by_role("button", name=action_label, exact=True).click()
    form = page.locator("form.app-action-form").filter(
        has=page.get_by_role("heading", name=action_label, exact=True)
    )
    expect(form).to_be_visible()
    if fill is not None:
        fill(form)
    confirm(page, form, form.get_by_role("button", name=f"确认{action_label}"))
    expect(page.locator(".app-messages")).to_contain_text(f"{action_label}：已完成")


def confirm(page, form, button, tap: bool = False) -> None:
    """Press an action form's confirm button and wait for the page to reload.

    Now and then (about one run in four under CI load) the press starts no request at all:
    the page stays as it was, the form filled in and nothing pending. Should that happen,
    the form is then posted by the browser itself (the no-script path the same view
    serves), so the flow goes on. A request that did start is never sent twice.
    """
    try:
        with page.expect_navigation(timeout=15_000):
            button.tap() if tap else button.click()
    except PlaywrightTimeoutError:
        if page.locator(".htmx-request").count():
            raise
        with page.expect_navigation(timeout=30_000):
            form.evaluate("f => HTMLFormElement.prototype.submit.call(f)")


def draw_signature(page, canvas) -> None:
    """Write a few strokes on the canvas with the mouse."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    strokes = [
        [(0.15, 0.6), (0.25, 0.3), (0.35, 0.7), (0.45, 0.35)],
        [(0.55, 0.5), (0.7, 0.3), (0.85, 0.65)],
    ]
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(left + width * x, top + height * y)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(left + width * x, top + height * y, steps=8)
        page.mouse.up()


def trail(page):
    return page.locator(".card").filter(
        has=page.get_by_role("heading", name="处理记录", exact=True)
    )


def ticket_of(page) -> Ticket:
    match = TICKET_URL.search(page.url)
    assert match, page.url
    return Ticket.objects.get(pk=int(match.group(1)))


def pick_caller(page) -> None:
    """Workbench: type the caller's number; the screen-pop shows 赵敏 and her house."""
    page.locator("#id_phone").press_sequentially(PHONE_NUMBER, delay=20)
    pop = page.locator("#screen-pop")
    expect(pop).to_contain_text("赵敏")
    expect(pop).to_contain_text(PHONE_NUMBER)
    expect(pop).to_contain_text("没有未关闭工单")
    pop.get_by_role("button", name=re.compile("6-1-101")).click()
    expect(page.locator("#intake-customer")).to_contain_text("赵敏")
    expect(page.locator("#id_house option:checked")).to_have_text("翠湖花园 6-1-101")


# --- flows -----------------------------------------------------------------------------------


def test_repair_from_hotline_to_closed(page, site, agent_a, technician, caller):
    login(page, site, "agent_a")
    page.goto(site.url("tickets:workbench"))
    pick_caller(page)
    page.locator("#id_category").select_option(label="土建")
    page.locator("#id_component").select_option("leakage")
    page.locator("#id_location").fill("卫生间")
    page.locator("#id_description").fill("卫生间顶棚渗水，滴到地面")
    with page.expect_navigation(url=TICKET_URL, timeout=45_000):
        page.get_by_role("button", name="登记并生成编号").click()

    ticket = ticket_of(page)
    assert ticket.number.startswith("BX-")
    expect(page.locator(".page-title")).to_contain_text(ticket.number)
    expect(page.get_by_text(f"已登记工单 {ticket.number}")).to_be_visible()
    status_is(page, "已登记")
    assert ticket.customer.name == "赵敏" and ticket.house.label == "6-1-101"
    assert ticket.channel == "hotline" and ticket.in_warranty is True

    # The agent dispatches to the technician (the list names him with his open count).
    take(
        page,
        "派工",
        lambda form: form.locator("select[name=assignee]").select_option(str(technician.pk)),
    )
    status_is(page, "已派工")
    expect(page.locator(".datagrid-item").filter(has_text="处理人")).to_contain_text("维修工")

    # The technician surveys, starts and completes.
    sign_in_as(page, site, "technician")
    page.goto(site.url("tickets:detail", ticket.pk))

    def survey(form):
        form.locator("select[name=responsible_party]").select_option("contractor")
        form.locator("input[name=trades]").fill("1")
        form.locator("input[name=estimate]").fill("300")
        form.locator("select[name=work_class]").select_option("A")
        form.locator("textarea[name=cause]").fill("防水层破损")

    take(page, "现场勘察", survey)
    status_is(page, "已勘察")
    expect(page.locator(".page-title")).to_contain_text("A类（保修）")
    take(page, "开始维修")
    status_is(page, "维修中")
    take(
        page,
        "完工",
        lambda form: form.locator("textarea[name=result]").fill("重做防水层，闭水试验合格"),
    )
    status_is(page, "待签认")

    # The customer signs on the canvas and is satisfied.
    def sign(form):
        canvas = form.locator("canvas")
        expect(canvas).to_be_visible()
        draw_signature(page, canvas)
        expect(form.locator("input[name=signature]")).to_have_value(
            re.compile(r"^data:image/png;base64,")
        )
        form.get_by_label("满意", exact=True).check()

    take(page, "客户签认", sign)
    status_is(page, "待回访")
    signature = page.get_by_role("img", name="客户签名")
    expect(signature).to_be_visible()
    expect(page.get_by_text("客户签认：满意")).to_be_visible()

    # The agent calls back: satisfied, which closes the ticket.
    sign_in_as(page, site, "agent_a")
    page.goto(site.url("tickets:detail", ticket.pk))

    def callback(form):
        form.get_by_label("是", exact=True).check()
        form.locator("select[name=score_result]").select_option("5")
        form.locator("textarea[name=comment]").fill("维修及时")

    take(page, "回访", callback)
    status_is(page, "已关闭")
    expect(page.get_by_text("工单已关闭。")).to_be_visible()
    signature = page.get_by_role("img", name="客户签名")
    expect(signature).to_be_visible()
    # served by a scoped view, never from a public media URL
    expect(signature).to_have_attribute("src", f"/tickets/{ticket.pk}/signature.png")
    # The drawn image itself loads (the live server serves MEDIA_ROOT).
    assert signature.evaluate("img => img.complete && img.naturalWidth") > 0

    events = trail(page).locator(".list-group-item .fw-semibold")
    expect(events).to_have_text(
        ["登记", "派工", "现场勘察", "开始维修", "完工", "客户签认", "回访"]
    )
    expect(trail(page)).to_contain_text("维修工")  # who did the field steps
    expect(trail(page)).to_contain_text("客服甲")

    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.close_reason == "回访满意"
    assert ticket.signoff_opinion == "satisfied" and ticket.work_class == "A"
    with ticket.signature.open("rb") as stored:
        assert stored.read(8) == b"\x89PNG\r\n\x1a\n"
    assert list(ticket.events.values_list("action", flat=True).order_by("occurred_at", "id")) == [
        "register",
        "dispatch",
        "survey",
        "start",
        "complete",
        "sign_off",
        "callback",
    ]


def test_major_complaint_by_letter_to_resolution(
    page, phone_page, site, agent_a, gm, engineer, caller
):
    """R-CMP-1..3, R-NTF-2: a major complaint routed to two departments; 工程材料部 answers
    from its queue, 设计研发部 stays silent and its clock breaches (the monitor run once its
    due moment has passed) and is escalated; the GM records the measures, the agent resolves
    and a satisfied callback closes it."""
    login(page, site, "agent_a")
    page.goto(site.url("tickets:workbench"))
    severity = page.locator("#id_severity")
    expect(severity).to_be_hidden()  # only complaints have a severity
    page.locator("#id_kind").select_option("complaint")
    expect(severity).to_be_visible()
    page.locator("#id_channel").select_option("letter")
    pick_caller(page)
    severity.select_option("major")
    page.locator("#id_description").fill("来信投诉：交付两年多次报修仍漏水，要求赔偿")
    with page.expect_navigation(url=TICKET_URL, timeout=45_000):
        page.get_by_role("button", name="登记并生成编号").click()

    ticket = ticket_of(page)
    ticket_url = page.url
    assert ticket.number.startswith("TS-")
    assert (ticket.kind, ticket.channel, ticket.severity) == ("complaint", "letter", "major")
    expect(page.locator(".page-title")).to_contain_text(ticket.number)
    expect(page.locator(".page-title")).to_contain_text("重大")
    status_is(page, "已登记")
    expect(trail(page)).to_contain_text("上报重大投诉")

    # R-CMP-1: the GM (all projects) is told in the application at once.
    told = Notification.objects.filter(recipient=gm, template="complaint_escalated", ticket=ticket)
    assert told.count() == 1
    assert ticket.number in told.get().subject

    def route(form):
        form.get_by_label("工程材料部").check()
        form.get_by_label("设计研发部").check()

    take(page, "转责任部门", route)
    status_is(page, "已转部门")
    departments = page.locator(".datagrid-item").filter(has_text="责任部门")
    expect(departments).to_contain_text("工程材料部")
    expect(departments).to_contain_text("设计研发部")
    # The agent may not resolve a major complaint before the GM's measures.
    page.locator("#actions").get_by_role("button", name="处理完成", exact=True).click()
    form = page.locator("form.app-action-form").filter(
        has=page.get_by_role("heading", name="处理完成", exact=True)
    )
    form.locator("textarea[name=content]").fill("已处理")
    form.get_by_role("button", name="确认处理完成").click()
    expect(form).to_contain_text("总经理或副总经理确定处理措施")

    # 工程材料部: the engineer finds it in the department queue and answers.
    sign_in_as(page, site, "eng")
    page.get_by_role("link", name="转本部门的投诉").first.click()
    queue = page.locator(".card").filter(has=page.locator("table"))
    expect(queue).to_contain_text(ticket.number)
    expect(queue).to_contain_text("部门反馈（工程材料部）")
    _shot(page, "routed-desktop")
    sign_in_as(phone_page, site, "eng")
    phone_page.goto(site.url("tickets:routed"))
    expect(phone_page.locator("body")).to_contain_text(ticket.number)
    _shot(phone_page, "routed-phone")
    assert horizontal_overflow(phone_page) <= 1
    queue.get_by_role("link", name=ticket.number).click()
    take(
        page,
        "部门反馈",
        lambda form: form.locator("textarea[name=content]").fill("已派人核查外墙防水"),
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.ROUTED

    # 设计研发部 stays silent past its due moment: the monitor escalates it.
    silent = Deadline.objects.get(ticket=ticket, department="design")
    Deadline.objects.filter(pk=silent.pk).update(
        started_at=timezone.now() - dt.timedelta(days=5),
        due=timezone.now() - dt.timedelta(minutes=1),
    )
    assert monitor.sweep().breached >= 1
    assert Notification.objects.filter(
        ticket=ticket, template="deadline_breached", recipient=gm
    ).exists()

    # The GM sees the escalation step and records the measures.
    sign_in_as(page, site, "gm")
    page.goto(ticket_url)
    expect(trail(page)).to_contain_text("超时，逐级上报")
    expect(trail(page)).to_contain_text("设计研发部")
    due = timezone.localtime(timezone.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")

    def measures(form):
        form.locator("textarea[name=measures]").fill("更换外墙防水层并赔偿损失")
        form.locator("input[name=responsible]").fill("工程材料部")
        form.locator("input[name=due]").fill(due)

    take(page, "总经理确定处理措施", measures)
    _shot(page, "ticket-desktop")

    # The agent resolves; a satisfied callback closes it.
    sign_in_as(page, site, "agent_a")
    page.goto(ticket_url)
    take(
        page,
        "处理完成",
        lambda form: form.locator("textarea[name=content]").fill("已修复并书面答复客户"),
    )
    status_is(page, "待回访")
    take(page, "回访", lambda form: form.get_by_label("是", exact=True).check())
    status_is(page, "已关闭")

    events = trail(page).locator(".list-group-item .fw-semibold")
    expect(events).to_have_text(
        [
            "登记",
            "上报重大投诉",
            "转责任部门",
            "部门反馈",
            "超时，逐级上报",
            "总经理确定处理措施",
            "处理完成",
            "回访",
        ]
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.departments == ["design", "engineering"]
    page.goto(site.url("tickets:print", ticket.pk, "registration"))
    expect(page.locator("body")).to_contain_text("处理记录")
    expect(page.locator("body")).to_contain_text("超时未反馈")
    expect(page.locator("body")).to_contain_text("更换外墙防水层并赔偿损失")
    _shot(page, "print-desktop")
    sign_in_as(phone_page, site, "gm")
    phone_page.goto(ticket_url)
    _shot(phone_page, "ticket-phone")


def _shot(page, name: str) -> None:
    """Screenshots of the complaint desk's pages, kept for a look (``AFTERSALES_SHOTS``)."""
    folder = os.environ.get("AFTERSALES_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_ticket_page_on_a_phone(phone_page, site, agent_a, technician, caller):
    page = phone_page
    ticket = services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="厨房给水管接头滴水，" * 12,
        customer=caller.pk,
        house=caller.houses.get().pk,
        category="water_electric",
        component="leakage",
    )

    def fits() -> None:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the ticket page is {width}px wide on a 390px screen"

    login(page, site, "agent_a")
    page.goto(site.url("tickets:detail", ticket.pk))
    page.wait_for_load_state("networkidle")
    expect(page.locator(".page-title")).to_contain_text(ticket.number)
    fits()

    # The action buttons are within the screen and work by touch.
    buttons = page.locator("#actions > .d-grid > button")
    expect(buttons.first).to_be_visible()
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["height"] >= 30, "a button too small to tap"
    page.locator("#actions").get_by_role("button", name="派工", exact=True).tap()
    form = page.locator("#act-dispatch form")
    expect(form).to_be_visible()
    fits()
    form.locator("select[name=assignee]").select_option(str(technician.pk))
    confirm(page, form, form.get_by_role("button", name="确认派工"), tap=True)
    status_is(page, "已派工")
    fits()

    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED and ticket.assignee == technician

    # The field work done elsewhere, the customer signs on the phone's screen.
    services.perform(
        technician,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate=120,
        work_class="A",
    )
    services.perform(technician, ticket.pk, "start")
    services.perform(technician, ticket.pk, "complete", result="更换接头")
    page.reload()
    status_is(page, "待签认")
    page.locator("#actions").get_by_role("button", name="客户签认", exact=True).tap()
    form = page.locator("#act-sign_off form")
    canvas = form.locator("canvas")
    expect(canvas).to_be_visible()
    fits()
    draw_signature(page, canvas)
    expect(form.locator("input[name=signature]")).to_have_value(re.compile(r"^data:image/png"))
    confirm(page, form, form.get_by_role("button", name="确认客户签认"), tap=True)
    status_is(page, "待回访")
    expect(page.get_by_role("img", name="客户签名")).to_be_visible()
    fits()
