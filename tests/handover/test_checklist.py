"""The inspection checklist (rooms × items) configured by an administrator: API and page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.core.models import AuditEntry
from aftersales.handover import selectors
from aftersales.handover.models import ChecklistItem
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(admin):
    return client_for(admin)


def test_add_a_line_it_goes_last_and_is_offered(admin_api):
    last = ChecklistItem.objects.order_by("-order").first().order
    r = admin_api.post(
        "handover/checklist",
        {
            "room": " 书房 ",
            "name": "书柜  预留插座",
            "category": "water_electric",
            "component": "electrical",
        },
    )
    assert r.status_code == 201, r.content
    got = r.json()
    assert (got["room"], got["name"], got["order"], got["active"]) == (
        "书房",
        "书柜 预留插座",
        last + 10,
        True,
    )
    assert any(line.pk == got["id"] for line in selectors.checklist())
    assert AuditEntry.objects.filter(model="handover.ChecklistItem", action="create").exists()


def test_edit_and_switch_off_a_line(admin_api):
    line = ChecklistItem.objects.order_by("pk").first()
    url = f"handover/checklist/{line.pk}"
    r = admin_api.patch(url, {"component": "structure", "active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    assert line.pk not in {x.pk for x in selectors.checklist()}
    every = admin_api.get("handover/checklist?include_inactive=true").json()
    assert line.pk in {x["id"] for x in every}
    assert line.pk not in {x["id"] for x in admin_api.get("handover/checklist").json()}
    entry = AuditEntry.objects.get(model="handover.ChecklistItem", action="update")
    assert entry.after == {"component": "structure", "active": False}


def test_bad_input_and_duplicates_are_refused(admin_api):
    line = ChecklistItem.objects.order_by("pk").first()
    body = {"room": line.room, "name": line.name, "category": "civil", "component": "structure"}
    r = admin_api.post("handover/checklist", body)
    assert r.status_code == 409 and r.json()["error"] == "duplicate"
    for field, value in (("category", "nope"), ("component", "nope"), ("room", " ")):
        r = admin_api.post("handover/checklist", {**body, "name": "新项目", field: value})
        assert r.status_code == 422 and field in r.json()["fields"], (field, r.content)
    assert admin_api.patch("handover/checklist/999999", {"active": False}).status_code == 404


def test_only_an_administrator_configures(desk, api):
    line = ChecklistItem.objects.order_by("pk").first()
    assert api.get("handover/checklist").status_code == 200
    assert api.patch(f"handover/checklist/{line.pk}", {"active": False}).status_code == 403
    web = Client()
    web.force_login(desk)
    assert web.get(reverse("handover:checklist")).status_code == 403


def test_the_page_lists_rooms_and_edits_in_place(admin):
    web = Client()
    web.force_login(admin)
    url = reverse("handover:checklist")
    page = web.get(url).content.decode()
    assert 'data-room="卫生间"' in page and "防水闭水试验无渗漏" in page
    r = web.post(
        url,
        {
            "new-room": "书房",
            "new-name": "窗台无渗水",
            "new-category": "civil",
            "new-component": "leakage",
            "new-order": "",
            "new-active": "on",
        },
    )
    assert r.status_code == 302
    added = ChecklistItem.objects.get(room="书房", name="窗台无渗水")
    prefix = f"i{added.pk}"
    r = web.post(
        url,
        {
            "item": added.pk,
            f"{prefix}-room": "书房",
            f"{prefix}-name": "窗台无渗水、无裂缝",
            f"{prefix}-category": "civil",
            f"{prefix}-component": "leakage",
            f"{prefix}-order": "5",
        },
    )
    assert r.status_code == 302
    added.refresh_from_db()
    assert (added.name, added.order, added.active) == ("窗台无渗水、无裂缝", 5, False)
    # a clash comes back on the page with the message
    first = ChecklistItem.objects.exclude(pk=added.pk).order_by("pk").first()
    r = web.post(
        url,
        {
            "item": added.pk,
            f"{prefix}-room": first.room,
            f"{prefix}-name": first.name,
            f"{prefix}-category": "civil",
            f"{prefix}-component": "leakage",
        },
    )
    assert r.status_code == 422 and "该部位下已有同名检查项目" in r.content.decode()
