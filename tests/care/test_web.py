"""The care screens: drawing a campaign, the campaign page, the visit form on a phone, and
the lists — main paths and the role and scope checks."""

from __future__ import annotations

import pytest

from aftersales.care.models import Campaign, Target, Visit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_draw_a_campaign_and_record_a_visit_with_a_complaint(client, admin, estate, agent):
    client.force_login(admin)
    assert client.get("/care/campaigns/").status_code == 200
    bad = client.post(
        "/care/campaigns/", {"project": estate.pk, "kind": "yearly", "sample_rate": "0.3"}
    )
    assert bad.status_code == 200 and "10%–25%" in bad.content.decode()
    drawn = client.post(
        "/care/campaigns/",
        {"project": estate.pk, "kind": "yearly", "sample_rate": "0.25", "seed": "5"},
    )
    assert drawn.status_code == 302
    campaign = Campaign.objects.get()
    page = client.get(drawn["Location"])
    assert page.status_code == 200 and "care-campaign-data" in page.content.decode()
    target = Target.objects.filter(campaign=campaign).first()
    client.force_login(agent)
    form = client.get(f"/care/campaigns/{campaign.pk}/targets/{target.pk}/visit/")
    assert form.status_code == 200
    done = client.post(
        f"/care/campaigns/{campaign.pk}/targets/{target.pk}/visit/",
        {
            "method": "in_person",
            "issue_kind": ["complaint"],
            "issue_category": ["civil"],
            "issue_description": ["楼道墙面开裂"],
            "note": "上门走访",
            "phone": "13700000099",
        },
    )
    import re

    assert done.status_code == 302, re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", done.content.decode().split("invalid-feedback")[-1])
    )[:300]
    visit = Visit.objects.get()
    assert visit.issues.get().ticket.channel == "visit"
    assert client.get(done["Location"]).status_code == 200


def test_pages_open_for_office_staff(client, admin, estate):
    client.force_login(admin)
    for url in [
        "/care/questionnaires/",
        "/care/upcoming/",
        "/care/rules/",
        "/care/my-visits/",
        "/care/spot-checks/",
    ]:
        assert client.get(url).status_code == 200, url


def test_roles_and_scope_on_pages(client, admin, estate, analyst):
    from aftersales.care.services import campaigns

    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    target = Target.objects.filter(campaign=campaign).first()
    client.force_login(analyst)
    assert client.get(f"/care/campaigns/{campaign.pk}/").status_code == 200
    assert (
        client.get(f"/care/campaigns/{campaign.pk}/targets/{target.pk}/visit/").status_code == 403
    )
    stranger = make_user("care_stranger", ["supervisor"], [], name="外人")
    from aftersales.estates.services import create_project

    stranger.projects.set([create_project(admin, code="FAR", name="远处", city="苏州")])
    client.force_login(stranger)
    assert client.get(f"/care/campaigns/{campaign.pk}/").status_code == 404


def test_every_action_of_the_screens(client, admin, estate, owner_of):
    import datetime as dt

    from aftersales.care.models import Activity, Notice
    from aftersales.care.services import activities, campaigns

    campaign = campaigns.create_campaign(admin, project=estate.pk, kind="first")
    target = Target.objects.filter(campaign=campaign).first()
    customer = owner_of(target.house, "吴磊", "13700000077")
    visit = campaigns.record_visit(
        admin, campaign, house=target.house_id, method="phone", severely_dissatisfied=True
    )
    activity = activities.create_activity(
        admin,
        project=estate.pk,
        theme="植树节",
        place="北门",
        starts_at=dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC),
    )
    notice = activities.post_notice(admin, project=estate.pk, title="停电通知")
    client.force_login(admin)
    steps = [
        (f"/care/campaigns/{campaign.pk}/assign/", {"assignee": admin.pk}, "已分配"),
        (f"/care/visits/{visit.pk}/", {"note": "经理已上门"}, "经理复访已记录"),
        (f"/care/campaigns/{campaign.pk}/close/", {}, "回访计划已结束"),
        (f"/care/activities/{activity.pk}/invite/", {}, "已邀请"),
        (
            f"/care/activities/{activity.pk}/signup/",
            {"customer": customer.pk, "people": "2"},
            "报名已登记",
        ),
        (
            f"/care/activities/{activity.pk}/",
            {"record": "顺利举办", "attendance": "30"},
            "执行记录已保存",
        ),
        (f"/care/activities/{activity.pk}/archive/", {}, "活动已归档"),
        (f"/care/notices/{notice.pk}/renew/", {}, "公告已更新"),
        ("/care/upcoming/run/", {}, "关怀消息"),
        (
            "/care/spot-checks/",
            {"project": estate.pk, "year": "2026", "visits_checked": "10", "findings": "良好"},
            "年度抽查已记录",
        ),
        (
            "/care/rules/",
            {
                "kind": "birthday",
                "name": "生日",
                "channel": "sms",
                "text": "生日快乐",
                "active": "on",
            },
            "关怀规则已保存",
        ),
        ("/care/notices/", {"project": estate.pk, "title": "新公告"}, "公告已发布"),
    ]
    for url, data, said in steps:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert said in response.content.decode(), url
    assert Activity.objects.get(pk=activity.pk).status == "archived"
    assert Notice.objects.count() == 2
