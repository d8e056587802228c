"""报事现象 (R-TKT-4 "configurable"): the category → phenomenon tree, its screen and its API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.core.models import AuditEntry
from aftersales.tickets.models import Phenomenon
from tests.attachments.conftest import web_client

pytestmark = pytest.mark.django_db


def test_api_create_and_patch(api, admin, manager):
    client = api(manager)
    response = client.post(
        "phenomena", {"category": "civil", "name": "  阳台  积水 ", "component": "decoration"}
    )
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["category"], body["name"], body["component"], body["active"]) == (
        "civil",
        "阳台 积水",
        "decoration",
        True,
    )
    last = Phenomenon.objects.filter(category="civil").exclude(pk=body["id"]).order_by("-sort")
    assert body["sort"] > (last.first().sort if last.exists() else 0)
    # offered at intake
    names = [p["name"] for p in client.get("phenomena", {"category": "civil"}).json()]
    assert "阳台 积水" in names

    patched = client.patch(f"phenomena/{body['id']}", {"name": "阳台积水", "active": False})
    assert patched.status_code == 200
    assert patched.json()["name"] == "阳台积水" and patched.json()["active"] is False
    names = [p["name"] for p in client.get("phenomena", {"category": "civil"}).json()]
    assert "阳台积水" not in names  # retired: no longer offered
    cleared = client.patch(f"phenomena/{body['id']}", {"component": None, "sort": 5})
    assert (cleared.json()["component"], cleared.json()["sort"]) == ("", 5)
    assert AuditEntry.objects.filter(model="tickets.Phenomenon").count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "garden", "name": "草坪"}, "category"),
        ({"category": "civil", "name": "   "}, "name"),
        ({"category": "civil", "name": "x" * 61}, "name"),
        ({"category": "civil", "name": "裂缝2", "component": "roof"}, "component"),
        ({"category": "civil", "name": "裂缝3", "sort": -1}, "sort"),
    ],
)
def test_api_invalid(api, manager, body, field):
    response = api(manager).post("phenomena", body)
    assert response.status_code == 422, response.content.decode()
    assert field in response.json()["fields"]


def test_api_duplicate_forbidden_and_missing(api, manager, agent_a):
    client = api(manager)
    first = client.post("phenomena", {"category": "hvac", "name": "地暖异响"})
    assert first.status_code == 201
    again = client.post("phenomena", {"category": "hvac", "name": "地暖异响"})
    assert again.status_code == 409 and again.json()["error"] == "duplicate"
    other = client.post("phenomena", {"category": "hvac", "name": "地暖漏水"}).json()
    rename = client.patch(f"phenomena/{other['id']}", {"name": "地暖异响"})
    assert rename.status_code == 409
    assert client.patch("phenomena/999999", {"name": "x"}).status_code == 404
    assert api(agent_a).post("phenomena", {"category": "hvac", "name": "新"}).status_code == 403
    assert api(agent_a).patch(f"phenomena/{other['id']}", {"active": False}).status_code == 403
    assert api().post("phenomena", {"category": "hvac", "name": "新"}).status_code == 401


def test_screen(manager, agent_a):
    assert web_client(agent_a).get(reverse("tickets:phenomena")).status_code == 403
    client = web_client(manager)
    page = client.get(reverse("tickets:phenomena"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "添加现象" in html and "土建" in html and "门窗" in html
    assert reverse("tickets:phenomena") in html  # the menu entry 报事现象
    assert "报事现象" in html

    response = client.post(
        reverse("tickets:phenomena"),
        {
            "new-category": "doors_windows",
            "new-name": "纱窗破损",
            "new-component": "leakage",
            "new-active": "on",
        },
    )
    assert response.status_code == 302
    created = Phenomenon.objects.get(name="纱窗破损")
    assert created.category == "doors_windows" and created.component == "leakage"
    assert "已添加报事现象" in client.get(response["Location"]).content.decode()

    duplicate = client.post(
        reverse("tickets:phenomena"), {"new-category": "doors_windows", "new-name": "纱窗破损"}
    )
    assert duplicate.status_code == 422
    assert "该类别下已有同名现象" in duplicate.content.decode()

    # edit one row in place (HTMX) — rename and retire
    prefix = f"p{created.pk}"
    row = client.post(
        reverse("tickets:phenomena"),
        {
            "phenomenon": created.pk,
            f"{prefix}-category": "doors_windows",
            f"{prefix}-name": "纱窗脱落",
            f"{prefix}-component": "",
            f"{prefix}-sort": "3",
        },
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    html = row.content.decode()
    assert f'id="phenomenon-{created.pk}"' in html and "已保存" in html and "<html" not in html
    created.refresh_from_db()
    assert (created.name, created.component, created.sort, created.active) == (
        "纱窗脱落",
        "",
        3,
        False,
    )

    bad = client.post(
        reverse("tickets:phenomena"),
        {"phenomenon": created.pk, f"{prefix}-category": "doors_windows", f"{prefix}-name": ""},
    )
    assert bad.status_code == 422 and "请填写现象名称" in bad.content.decode()
    missing = client.post(reverse("tickets:phenomena"), {"phenomenon": 999999})
    assert missing.status_code == 404


def test_retired_phenomenon_leaves_the_intake_form(manager, agent_a):
    from aftersales.tickets import phenomena

    p = phenomena.create_phenomenon(manager, category="fitout", name="踢脚线脱落")
    form = web_client(agent_a).get(reverse("tickets:workbench")).content.decode()
    assert "踢脚线脱落" in form
    phenomena.update_phenomenon(manager, p, active=False)
    form = web_client(agent_a).get(reverse("tickets:workbench")).content.decode()
    assert "踢脚线脱落" not in form
