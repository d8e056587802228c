"""Photos in the browser (R-DSP-6): a technician on a phone opens his task from the field view,
starts the repair with a "before" photo attached to the form, and the photo shows on the
ticket page; then he adds an "after" photo with the photo panel's camera button (which uploads
at once and swaps only the panel)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from aftersales.attachments.models import Attachment
from aftersales.tickets import services
from aftersales.tickets.choices import Status
from tests.e2e.conftest import horizontal_overflow, login
from tests.e2e.test_ticket_flows import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(colour) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, format="JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture
def surveyed(agent_a, technician, customer_a, house_a):
    ticket = services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间地漏返水",
        customer=customer_a.pk,
        house=house_a.pk,
        category="water_electric",
    )
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    services.perform(
        technician,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate=150,
        work_class="B",
    )
    return ticket


def loaded(page, img) -> None:
    """Wait until the thumbnail has really been fetched and decoded (not just inserted)."""
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=img.element_handle(), timeout=10_000
    )


def test_technician_adds_repair_photos_on_a_phone(phone_page, site, technician, surveyed):
    page = phone_page
    login(page, site, "technician")
    page.goto(site.url("tickets:field"))
    card = page.locator(".card").filter(has_text=surveyed.number)
    expect(card).to_contain_text("0 张照片")
    card.get_by_text(surveyed.number).tap()
    page.wait_for_url(re.compile(rf"/tickets/{surveyed.pk}/$"))
    page.wait_for_load_state("networkidle")

    # 开始维修 with a photo of the state before the repair.
    page.locator("#actions").get_by_role("button", name="开始维修", exact=True).tap()
    form = page.locator("#act-start form")
    expect(form).to_be_visible()
    form.get_by_label("维修前照片").set_input_files(photo((180, 60, 60)))
    confirm(page, form, form.get_by_role("button", name="确认开始维修"), tap=True)
    expect(page.locator(".page-title")).to_contain_text("维修中")

    panel = page.locator("#attachments-panel")
    before = panel.locator('[data-stage="before"] img')
    expect(before).to_have_count(1)
    before.scroll_into_view_if_needed()
    expect(before).to_be_visible()
    loaded(page, before)
    attachment = Attachment.objects.get()
    assert attachment.stage == "before" and attachment.uploaded_by == technician
    assert before.get_attribute("src") == f"/attachments/{attachment.pk}/thumbnail.jpg"
    assert horizontal_overflow(page) <= 0

    # The panel's camera button uploads straight away; only the panel is replaced.
    expect(panel.locator('select[name="stage"]')).to_have_value("after")
    with page.expect_response(re.compile(r"/attachments/ticket/\d+/upload/$")):
        panel.locator('input[capture="environment"]').set_input_files(photo((60, 60, 180)))
    after = page.locator('#attachments-panel [data-stage="after"] img')
    expect(after).to_have_count(1)
    expect(after).to_be_visible()
    loaded(page, after)
    assert Attachment.objects.filter(stage="after").count() == 1
    surveyed.refresh_from_db()
    assert surveyed.status == Status.IN_PROGRESS

    # Back on the field view the card counts the photos.
    page.goto(site.url("tickets:field"))
    expect(page.locator(".card").filter(has_text=surveyed.number)).to_contain_text("2 张照片")


def test_action_form_does_not_slide_under_the_pointer(page, site, agent_a, surveyed):
    """Regression for presses on a confirm button that started no request: the action's fold
    used to animate its height; scrollIntoView (what a click does first) then scrolled the
    half-open, clipped block, and as it grew the browser pulled that scroll back, moving the
    button away from the point about to be clicked. The fold now opens at once."""
    login(page, site, "agent_a")
    page.goto(site.url("tickets:detail", surveyed.pk))
    page.wait_for_load_state("networkidle")
    page.locator("#actions").get_by_role("button", name="改派", exact=True).click()
    moved = page.evaluate(
        """() => new Promise(resolve => {
            const block = document.querySelector('#act-reassign');
            const button = block.querySelector('button[type=submit]');
            button.scrollIntoView({block: 'nearest'});
            const before = button.getBoundingClientRect().top;
            const scrolled = block.scrollTop;
            setTimeout(() => resolve({
                shift: button.getBoundingClientRect().top - before,
                scrolled,
                open: block.classList.contains('show'),
            }), 600);
        })"""
    )
    assert moved == {"shift": 0, "scrolled": 0, "open": True}
    form = page.locator("#act-reassign form")
    with page.expect_response(re.compile(r"/reassign/$")):
        form.get_by_role("button", name="确认改派").click()
