"""The photo panel of the ticket page, upload/delete through the web, photos sent with the
intake form and with the survey / repair action forms, and the technician's phone view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.attachments.models import Attachment
from aftersales.tickets import services
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket
from tests.attachments.conftest import PDF, jpeg, png, upload, web_client

pytestmark = pytest.mark.django_db


def upload_url(ticket) -> str:
    return reverse("attachments:upload", args=[ticket.pk])


def test_panel_on_the_ticket_page(agent_a, ticket):
    client = web_client(agent_a)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert 'id="attachments-panel"' in page
    assert "还没有照片或附件" in page
    assert 'capture="environment"' in page
    # the stage of a freshly registered ticket is preselected
    assert '<option value="intake" selected>' in page

    response = client.post(
        upload_url(ticket),
        {
            "files": [upload("a.jpg", jpeg()), upload("b.pdf", PDF)],
            "stage": "intake",
            "caption": "顶棚",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    a, b = Attachment.objects.order_by("id")
    page = client.get(response["Location"]).content.decode()
    assert "已上传 2 个文件" in page
    assert reverse("attachments:thumbnail", args=[a.pk]) in page
    assert reverse("attachments:file", args=[b.pk]) in page
    assert "/media/" not in page  # files are never linked from the public media folder
    assert reverse("attachments:delete", args=[a.pk]) in page


def test_htmx_upload_answers_the_panel(agent_a, ticket):
    client = web_client(agent_a)
    response = client.post(
        upload_url(ticket),
        {"files": upload("a.png", png()), "stage": "before"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="card mb-3" id="attachments-panel">')
    assert 'data-stage="before"' in html and "维修前" in html
    bad = client.post(
        upload_url(ticket), {"files": upload("x.jpg", b"not an image")}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 200
    assert "类型不支持" in bad.content.decode()
    assert Attachment.objects.count() == 1


def test_web_upload_refusals(agent_a, agent_b, owner, ticket):
    client = web_client(agent_a)
    response = client.post(upload_url(ticket), {"stage": "intake"}, follow=True)
    assert "请选择要上传的文件" in response.content.decode()
    assert (
        web_client(agent_b).post(upload_url(ticket), {"files": upload("a.png", png())}).status_code
        == 404
    )
    assert (
        web_client(owner).post(upload_url(ticket), {"files": upload("a.png", png())}).status_code
        == 403
    )
    assert client.get(upload_url(ticket)).status_code == 405
    assert not Attachment.objects.exists()


def test_file_views_are_scoped(agent_a, agent_b, ticket, client):
    web_client(agent_a).post(upload_url(ticket), {"files": upload("a.jpg", jpeg())})
    attachment = Attachment.objects.get()
    for name in ("attachments:file", "attachments:thumbnail"):
        url = reverse(name, args=[attachment.pk])
        ok = web_client(agent_a).get(url)
        assert ok.status_code == 200 and ok["Content-Type"] == "image/jpeg"
        assert ok["Cache-Control"].startswith("private")
        assert web_client(agent_b).get(url).status_code == 404
        assert client.get(url).status_code == 302  # to the login page


def test_web_delete(agent_a, manager, technician, ticket):
    web_client(agent_a).post(
        upload_url(ticket), {"files": [upload("a.png", png()), upload("b.png", png())]}
    )
    a, b = Attachment.objects.order_by("id")
    # a technician who did not upload it gets no delete button and a 403
    page = web_client(technician).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert reverse("attachments:delete", args=[a.pk]) not in page
    assert (
        web_client(technician).post(reverse("attachments:delete", args=[a.pk])).status_code == 403
    )
    response = web_client(agent_a).post(reverse("attachments:delete", args=[a.pk]))
    assert response.status_code == 302
    htmx = web_client(manager).post(
        reverse("attachments:delete", args=[b.pk]), HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and "还没有照片或附件" in htmx.content.decode()
    assert not Attachment.objects.exists()
    assert web_client(agent_a).post(reverse("attachments:delete", args=[a.pk])).status_code == 404


def test_closed_ticket_has_no_upload_form(agent_a, ticket):
    web_client(agent_a).post(upload_url(ticket), {"files": upload("a.png", png())})
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    page = web_client(agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert reverse("attachments:upload", args=[ticket.pk]) not in page
    assert "attachments:delete" not in page and "/delete/" not in page
    response = web_client(agent_a).post(
        upload_url(ticket), {"files": upload("b.png", png())}, follow=True
    )
    assert "工单已关闭" in response.content.decode()
    assert Attachment.objects.count() == 1


# --- photos with the intake form -----------------------------------------------------------


def intake(customer, house, **extra):
    return {
        "kind": "repair",
        "channel": "hotline",
        "customer": customer.pk,
        "house": house.pk,
        "category": "civil",
        "urgency": "normal",
        "description": "客厅墙面开裂",
        **extra,
    }


def test_intake_with_photos(agent_a, customer_a, house_a):
    client = web_client(agent_a)
    page = client.get(reverse("tickets:workbench")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="photos"' in page
    response = client.post(
        reverse("tickets:workbench"),
        intake(customer_a, house_a, photos=[upload("1.jpg", jpeg()), upload("2.png", png())]),
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    assert list(ticket.attachments.values_list("stage", "original_name")) == [
        ("intake", "1.jpg"),
        ("intake", "2.png"),
    ]
    assert ticket.attachments.first().uploaded_by == agent_a


def test_a_bad_intake_photo_registers_nothing(agent_a, customer_a, house_a):
    response = web_client(agent_a).post(
        reverse("tickets:workbench"),
        intake(customer_a, house_a, photos=[upload("1.jpg", b"MZ\x90\x00fake")]),
    )
    assert response.status_code == 200
    assert "类型不支持" in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


# --- photos with the action forms ------------------------------------------------------------


def test_action_forms_carry_photo_inputs(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    page = web_client(technician).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert 'name="photos_survey"' in page
    assert 'hx-encoding="multipart/form-data"' in page


def test_survey_and_repair_photos(agent_a, technician, ticket):
    client = web_client(technician)
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    url = lambda action: reverse("tickets:action", args=[ticket.pk, action])  # noqa: E731
    response = client.post(
        url("survey"),
        {
            "responsible_party": "contractor",
            "trades": "1",
            "estimate": "200",
            "work_class": "A",
            "photos_survey": [upload("s.jpg", jpeg())],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        url("start"), {"photos_before": upload("b.jpg", jpeg())}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    response = client.post(
        url("complete"),
        {
            "result": "重做防水",
            "photos_before": upload("b2.png", png()),
            "photos_after": upload("a.jpg", jpeg()),
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.AWAITING_SIGNOFF
    assert list(ticket.attachments.order_by("id").values_list("stage", flat=True)) == [
        "survey",
        "before",
        "before",
        "after",
    ]


def test_a_bad_photo_stops_the_action(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    services.perform(
        technician,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate=100,
        work_class="A",
    )
    response = web_client(technician).post(
        reverse("tickets:action", args=[ticket.pk, "start"]),
        {"photos_before": upload("b.jpg", b"\xff\xd8\xffbroken")},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "不是有效的图片" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.SURVEYED
    assert not Attachment.objects.exists()


# --- the technician's phone view --------------------------------------------------------------


def test_field_cards_have_a_camera(agent_a, technician, ticket):
    services.perform(agent_a, ticket.pk, "dispatch", assignee=technician.pk)
    client = web_client(technician)
    page = client.get(reverse("tickets:field")).content.decode()
    assert 'capture="environment"' in page
    assert "拍照（勘察）" in page and "0 张照片" in page
    response = client.post(
        upload_url(ticket),
        {"files": upload("s.jpg", jpeg()), "stage": "survey", "next": reverse("tickets:field")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("tickets:field")
    assert "1 张照片" in client.get(reverse("tickets:field")).content.decode()
    # a foreign address in "next" is not followed
    response = client.post(
        upload_url(ticket), {"files": upload("s.jpg", jpeg()), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])


# --- the workbench queues refresh themselves ---------------------------------------------------


def test_workbench_queue_polls_only_itself(agent_a, ticket):
    client = web_client(agent_a)
    page = client.get(reverse("tickets:workbench") + "?queue=undispatched").content.decode()
    trigger = "every 60s [document.visibilityState === &#x27;visible&#x27;]"
    assert trigger in page or "every 60s [document.visibilityState === 'visible']" in page
    assert 'hx-get="/tickets/?queue=undispatched"' in page
    # the poll answers the queue card alone (the intake form is not part of it) and the card
    # it answers keeps polling
    poll = client.get(
        reverse("tickets:workbench") + "?queue=undispatched",
        headers={"HX-Request": "true", "HX-Target": "queue"},
    ).content.decode()
    assert 'id="queue"' in poll and "every 60s" in poll
    assert 'name="description"' not in poll and "登记报事" not in poll
    assert ticket.number in poll
