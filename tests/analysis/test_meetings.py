"""Meetings with minutes and action items linked to tickets (R-RPT-5), scoped by project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.analysis import selectors, services
from aftersales.analysis.models import ActionItem, Meeting
from aftersales.core.errors import Forbidden, Invalid, NotFound
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)


@pytest.fixture
def sup_b(project_b):
    return make_user("sup_b", ["supervisor"], [project_b], name="主管乙")


def web(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_weekly_meeting_with_an_action_on_tickets(history, supervisor_a, technician, project_a):
    meeting = services.meetings.create_meeting(
        supervisor_a, kind="weekly_complaint", held_on=DAY, project=project_a.pk, chair="主管甲"
    )
    assert meeting.title == "投诉协调周例会（2026-11-20）"
    item = services.meetings.add_action(
        supervisor_a,
        meeting,
        text="地下室渗水须本周内给出方案",
        owner=technician.pk,
        due_on=dt.date(2026, 11, 27),
        tickets=[history["c2"].pk, history["c9"].number],
    )
    assert {t.pk for t in item.tickets.all()} == {history["c2"].pk, history["c9"].pk}
    done = services.meetings.update_action(supervisor_a, item, done=True)
    assert done.done and done.done_at is not None
    undone = services.meetings.update_action(supervisor_a, done, done=False)
    assert undone.done_at is None


def test_special_meeting_starts_from_a_major_complaint(history, manager):
    start = services.meetings.prefill(manager, history["c2"].pk)
    assert start["kind"] == "special" and start["ticket"] == history["c2"].number
    assert start["project"] == history["c2"].project_id
    meeting = services.meetings.create_meeting(
        manager, kind="special", held_on=DAY, ticket=history["c2"].number
    )
    assert meeting.project_id == history["c2"].project_id
    assert meeting.title == f"关于投诉 {history['c2'].number} 的专题会（2026-11-20）"
    with pytest.raises(Invalid) as missing:
        services.meetings.create_meeting(manager, kind="special", held_on=DAY)
    assert "ticket" in missing.value.fields
    with pytest.raises(Invalid) as repair:
        services.meetings.create_meeting(
            manager, kind="special", held_on=DAY, ticket=history["r1"].pk
        )
    assert "ticket" in repair.value.fields
    with pytest.raises(Invalid) as elsewhere:
        services.meetings.create_meeting(
            manager,
            kind="special",
            held_on=DAY,
            ticket=history["c2"].pk,
            project=history["cb"].project_id,
        )
    assert "project" in elsewhere.value.fields


def test_rules_on_projects_owners_and_tickets(history, supervisor_a, manager, technician, sup_b):
    with pytest.raises(Invalid) as no_project:
        services.meetings.create_meeting(manager, kind="weekly_complaint", held_on=DAY)
    assert "project" in no_project.value.fields
    with pytest.raises(Invalid):
        services.meetings.create_meeting(
            supervisor_a, kind="office_heads", held_on=DAY
        )  # scoped: needs one
    head_office = services.meetings.create_meeting(manager, kind="office_heads", held_on=DAY)
    assert head_office.project is None
    with pytest.raises(Invalid):
        services.meetings.create_meeting(manager, kind="party", held_on=DAY)
    with pytest.raises(Invalid):
        services.meetings.create_meeting(manager, kind="office_heads", held_on=None)
    meeting = services.meetings.create_meeting(
        supervisor_a, kind="weekly_complaint", held_on=DAY, project=history["c2"].project_id
    )
    with pytest.raises(Invalid) as other_project:
        services.meetings.add_action(
            supervisor_a, meeting, text="x", owner=technician.pk, tickets=[history["cb"].pk]
        )
    assert "tickets" in other_project.value.fields
    with pytest.raises(Invalid) as no_owner:
        services.meetings.add_action(supervisor_a, meeting, text="x", owner=None)
    assert "owner" in no_owner.value.fields
    with pytest.raises(Invalid) as no_text:
        services.meetings.add_action(supervisor_a, meeting, text=" ", owner=technician.pk)
    assert "text" in no_text.value.fields
    with pytest.raises(NotFound):
        selectors.meetings.get_meeting(sup_b, meeting.pk)
    assert head_office not in selectors.meetings.meetings_for(sup_b)
    with pytest.raises(Forbidden):
        services.meetings.create_meeting(technician, kind="office_heads", held_on=DAY)


def test_owner_may_tick_only_his_own_action(history, supervisor_a, manager, project_a):
    engineer = make_user("eng_a", ["engineer"], [project_a], name="工程师甲")
    meeting = services.meetings.create_meeting(
        supervisor_a, kind="weekly_complaint", held_on=DAY, project=project_a.pk
    )
    mine = services.meetings.add_action(supervisor_a, meeting, text="复查渗水", owner=engineer.pk)
    theirs = services.meetings.add_action(supervisor_a, meeting, text="回访业主", owner=manager.pk)
    assert services.meetings.update_action(engineer, mine, done=True).done
    with pytest.raises(Forbidden):
        services.meetings.update_action(engineer, mine, text="改写")
    with pytest.raises(Forbidden):
        services.meetings.update_action(engineer, theirs, done=True)


def test_api(history, supervisor_a, technician, agent_a, sup_b, project_a):
    desk = client_for(supervisor_a)
    created = desk.post(
        "meetings",
        {
            "kind": "weekly_complaint",
            "held_on": "2026-11-20",
            "project": project_a.pk,
            "place": "客服中心",
        },
    )
    assert created.status_code == 201, created.content
    mid = created.json()["id"]
    assert created.json()["actions"] == []
    action = desk.post(
        f"meetings/{mid}/actions",
        {"text": "本周内答复业主", "owner": technician.pk, "tickets": [history["c2"].pk]},
    )
    assert action.status_code == 201, action.content
    aid = action.json()["id"]
    assert (
        action.json()["tickets"] == [history["c2"].pk] and action.json()["owner_name"] == "维修工"
    )
    ticked = desk.patch(f"meetings/{mid}/actions/{aid}", {"done": True})
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    assert ticked.json()["done_at"].endswith("+08:00")
    detail = desk.get(f"meetings/{mid}").json()
    assert [a["id"] for a in detail["actions"]] == [aid]
    assert [a["id"] for a in desk.get(f"meetings/{mid}/actions").json()] == [aid]
    patched = desk.patch(f"meetings/{mid}", {"minutes": "一、上周投诉回顾"})
    assert patched.status_code == 200 and patched.json()["minutes"] == "一、上周投诉回顾"
    assert desk.get("meetings").json()["count"] == 1
    # unhappy paths
    assert_error(desk.post("meetings", {"kind": "weekly_complaint"}), 422, field="held_on")
    assert_error(
        desk.post(
            f"meetings/{mid}/actions",
            {"text": "x", "owner": technician.pk, "tickets": [history["cb"].pk]},
        ),
        422,
        field="tickets",
    )
    assert_error(
        desk.post(f"meetings/{mid}/actions", {"text": "x", "owner": 99999}), 422, field="owner"
    )
    assert_error(client_for(technician).get("meetings"), 403)
    assert_error(
        client_for(agent_a).post(f"meetings/{mid}/actions", {"text": "x", "owner": technician.pk}),
        403,
    )
    assert_error(client_for(sup_b).get(f"meetings/{mid}"), 404)
    assert_error(client_for(sup_b).patch(f"meetings/{mid}/actions/{aid}", {"done": False}), 404)
    assert_error(desk.patch(f"meetings/{mid}/actions/99999", {"done": False}), 404)
    assert client_for(sup_b).get("meetings").json()["count"] == 0


def test_screens_new_from_ticket_detail_and_print(history, manager, technician):
    client = web(manager)
    page = client.get(reverse("analysis:meeting_new"), {"ticket": history["c2"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert history["c2"].number in html and 'value="special" selected' in html
    posted = client.post(
        reverse("analysis:meeting_new"),
        {"kind": "special", "held_on": "2026-11-20", "ticket": history["c2"].number, "project": ""},
    )
    assert posted.status_code == 302, posted.content.decode()
    meeting = Meeting.objects.get()
    added = client.post(
        reverse("analysis:action_add", args=[meeting.pk]),
        {
            "text": "总经理督办",
            "owner": technician.pk,
            "tickets": f"{history['c2'].number}，{history['c9'].number}",
        },
    )
    assert added.status_code == 302
    item = ActionItem.objects.get()
    assert item.tickets.count() == 2
    bad = client.post(reverse("analysis:action_add", args=[meeting.pk]), {"text": "", "owner": ""})
    assert bad.status_code == 422
    ticked = client.post(reverse("analysis:action_done", args=[meeting.pk, item.pk]), {"done": "1"})
    assert ticked.status_code == 302
    item.refresh_from_db()
    assert item.done
    detail = client.get(reverse("analysis:meeting_detail", args=[meeting.pk]))
    assert history["c9"].number in detail.content.decode()
    printed = client.get(reverse("analysis:meeting_print", args=[meeting.pk]))
    assert printed.status_code == 200 and "总经理督办" in printed.content.decode()
    listing = client.get(reverse("analysis:meetings"), {"kind": "special"})
    assert meeting.title in listing.content.decode()
    edit = client.post(
        reverse("analysis:meeting_edit", args=[meeting.pk]),
        {
            "kind": "special",
            "held_on": "2026-11-21",
            "ticket": history["c2"].number,
            "minutes": "决定：赔偿",
        },
    )
    assert edit.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == dt.date(2026, 11, 21) and meeting.minutes == "决定：赔偿"


def test_screens_refuse(history, manager, technician, sup_b):
    meeting = services.meetings.create_meeting(
        manager, kind="special", held_on=DAY, ticket=history["c2"].pk
    )
    assert web(technician).get(reverse("analysis:meetings")).status_code == 403
    assert web(sup_b).get(reverse("analysis:meeting_detail", args=[meeting.pk])).status_code == 404
    assert web(sup_b).get(reverse("analysis:meeting_print", args=[meeting.pk])).status_code == 404


def test_action_owner_must_serve_the_meetings_project(history, supervisor_a, sup_b, project_a):
    """An action item of one estate is not given to a user of another (issue 16, defect 5)."""
    desk = client_for(supervisor_a)
    mid = desk.post(
        "meetings", {"kind": "weekly_complaint", "held_on": "2026-11-20", "project": project_a.pk}
    ).json()["id"]
    refused = desk.post(f"meetings/{mid}/actions", {"text": "回访业主", "owner": sup_b.pk})
    assert_error(refused, 422, field="owner")
    assert "不负责本次会议的项目" in refused.json()["fields"]["owner"][0]
    mine = desk.post(f"meetings/{mid}/actions", {"text": "回访业主", "owner": supervisor_a.pk})
    assert mine.status_code == 201, mine.content
    moved = desk.patch(f"meetings/{mid}/actions/{mine.json()['id']}", {"owner": sup_b.pk})
    assert_error(moved, 422, field="owner")
    assert ActionItem.objects.get().owner == supervisor_a
    # the web screen gives the same answer
    page = web(supervisor_a).post(
        reverse("analysis:action_add", args=[mid]), {"text": "回访业主", "owner": sup_b.pk}
    )
    assert page.status_code == 422
    assert "不负责本次会议的项目" in page.content.decode()
    assert ActionItem.objects.count() == 1
