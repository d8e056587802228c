"""Community activities and the notice board (R-VIS-5)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from aftersales.care.models import Notice
from aftersales.care.services import activities
from aftersales.core.errors import Conflict
from aftersales.estates.models import Customer

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def test_plan_invite_sign_up_record_and_archive(api, admin, project_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = {
        "project": project_a.pk,
        "theme": "中秋游园会",
        "place": "中心花园",
        "starts_at": "2026-09-25T18:30:00+08:00",
        "items": "猜灯谜、做月饼",
        "cost": "3200.00",
        "people": 120,
        "prizes": "月饼礼盒 20 份",
    }
    created = api(admin).post("activities", body)
    assert created.status_code == 201, created.content
    aid = created.json()["id"]
    assert created.json()["cost"] == "3200.00"
    invited = api(admin).post(f"activities/{aid}/invite").json()["invited"]
    assert invited == Customer.objects.filter(houses__project=project_a).distinct().count() == 2
    assert api(admin).post(f"activities/{aid}/invite").json()["invited"] == 0  # once each
    zhang = Customer.objects.get(name="张伟")
    signed = api(admin).post(f"activities/{aid}/signups", {"customer": zhang.pk, "people": 3})
    assert signed.status_code == 201 and signed.json()["status"] == "signed_up"
    activity = activities.Activity.objects.get(pk=aid)
    photo = SimpleUploadedFile("p.png", _png(), "image/png")
    activities.record_execution(
        admin, activity, record="到场 150 人，气氛热烈", attendance=150, photos=[photo]
    )
    assert activity.photos.count() == 1
    detail = api(admin).get(f"activities/{aid}").json()
    assert (detail["status"], detail["photos"], detail["signed_up"], detail["invited"]) == (
        "done",
        1,
        1,
        2,
    )
    assert api(admin).post(f"activities/{aid}/archive").json()["status"] == "archived"
    with pytest.raises(Conflict):
        activities.sign_up(admin, activity, customer=zhang.pk)


def test_notice_board_renewed_every_two_weeks(api, admin, project_a):
    created = api(admin).post("notices", {"project": project_a.pk, "title": "本月停水通知"})
    assert created.status_code == 201 and created.json()["stale"] is False
    nid = created.json()["id"]
    Notice.objects.filter(pk=nid).update(renewed_on=timezone.localdate() - dt.timedelta(days=15))
    assert api(admin).get(f"notices/{nid}").json()["stale"] is True
    assert api(admin).get("notices", {"stale": True}).json()["count"] == 1
    renewed = api(admin).post(f"notices/{nid}/renew", {})
    assert renewed.json()["stale"] is False and renewed.json()["renewed_on"] == str(
        timezone.localdate()
    )


def test_activity_pages(client, admin, project_a):
    client.force_login(admin)
    page = client.post(
        "/care/activities/",
        {
            "project": project_a.pk,
            "theme": "亲子运动会",
            "place": "会所",
            "starts_at": "2026-10-01T09:00",
            "people": "50",
            "cost": "800",
        },
    )
    assert page.status_code == 302, page.content.decode()[:500]
    assert client.get(page["Location"]).status_code == 200
    assert client.get("/care/notices/").status_code == 200
