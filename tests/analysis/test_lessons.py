"""设计施工改进清单 (R-RPT-3): a lesson from an analysis row, annotated and decided."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.analysis import selectors, services
from aftersales.analysis.models import Lesson
from aftersales.core.errors import Conflict, Forbidden, Invalid, NotFound
from aftersales.core.models import AuditEntry
from tests.analysis.test_recurring import END, START, WINDOW, repairs  # noqa: F401
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def test_lesson_from_a_row_takes_its_counts_again(repairs, engineer, project_a):  # noqa: F811
    lesson = services.lessons.create_from_row(
        engineer, by="category", key="civil", project=project_a.pk, start=START, end=END
    )
    assert (lesson.ticket_count, lesson.house_count, lesson.repeat_house_count) == (3, 2, 1)
    assert lesson.value == "civil" and lesson.value_label == "土建"
    assert lesson.title == "翠湖花园 类别“土建”报修 3 单，涉及 2 户（1 户重复报修）"
    assert lesson.owner_dept == "engineering" and lesson.status == "open"
    assert AuditEntry.objects.filter(model="analysis.Lesson", action="create").count() == 1
    unit = services.lessons.create_from_row(
        engineer, by="unit_type", key="none", project=project_a.pk, start=START, end=END
    )
    assert unit.owner_dept == "design" and unit.value == "" and unit.ticket_count == 3


def test_duplicates_unknown_rows_and_permissions(
    repairs,  # noqa: F811
    engineer,
    agent_a,
    project_a,
    project_b,
):
    args = {"by": "location", "key": "卫生间", "project": project_a.pk, "start": START, "end": END}
    services.lessons.create_from_row(engineer, **args)
    with pytest.raises(Conflict):
        services.lessons.create_from_row(engineer, **args)
    with pytest.raises(Invalid) as empty:
        services.lessons.create_from_row(engineer, **(args | {"key": "阳台"}))
    assert "key" in empty.value.fields
    with pytest.raises(Forbidden):
        services.lessons.create_from_row(agent_a, **(args | {"key": "厨房"}))
    scoped = make_user("eng_b", ["engineer"], [project_b])
    with pytest.raises(NotFound):
        services.lessons.create_from_row(scoped, **(args | {"key": "厨房"}))
    with pytest.raises(Invalid) as no_project:
        services.lessons.create_from_row(scoped, **(args | {"project": None, "key": "厨房"}))
    assert "project" in no_project.value.fields


def test_annotate_and_decide(repairs, engineer, manager, project_a, project_b):  # noqa: F811
    lesson = services.lessons.create_from_row(
        engineer, by="category", key="civil", project=project_a.pk, start=START, end=END
    )
    changed = services.lessons.update_lesson(
        engineer, lesson, annotation="卫生间防水改为 JS 涂膜两遍", status="adopted"
    )
    assert changed.status == "adopted" and changed.decided_by == engineer
    assert changed.decided_at is not None
    with pytest.raises(Invalid):
        services.lessons.update_lesson(engineer, changed, status="maybe")
    with pytest.raises(Invalid):
        services.lessons.update_lesson(engineer, changed, title=" ")
    with pytest.raises(Conflict):
        services.lessons.delete_lesson(engineer, changed)
    reopened = services.lessons.update_lesson(engineer, changed, status="open")
    assert reopened.decided_at is None
    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    with pytest.raises(NotFound):
        selectors.lessons.get_lesson(sup_b, lesson.pk)
    assert list(selectors.lessons.lessons_for(sup_b)) == []


def test_api_crud(repairs, engineer, manager, agent_a, project_a, api):  # noqa: F811
    eng = client_for(engineer)
    body = {"by": "category", "key": "doors_windows", "project": project_a.pk, **WINDOW}
    created = eng.post("lessons", body)
    assert created.status_code == 201, created.content
    lesson = created.json()
    assert lesson["project"] == project_a.pk and lesson["ticket_count"] == 2
    assert_error(eng.post("lessons", body), 409, code="duplicate_lesson")
    assert_error(eng.post("lessons", body | {"by": "colour"}), 422, field="by")
    assert_error(client_for(agent_a).post("lessons", body | {"key": "civil"}), 403)
    patched = eng.patch(
        f"lessons/{lesson['id']}", {"status": "rejected", "annotation": "属使用问题"}
    )
    assert patched.status_code == 200 and patched.json()["status"] == "rejected"
    assert_error(eng.patch(f"lessons/{lesson['id']}", {"status": "bad"}), 422, field="status")
    listed = client_for(manager).get("lessons", {"status": "rejected"}).json()
    assert [x["id"] for x in listed["results"]] == [lesson["id"]]
    assert_error(eng.get("lessons/99999"), 404)
    assert_error(eng.delete(f"lessons/{lesson['id']}"), 409)
    other = eng.post("lessons", body | {"key": "civil"}).json()
    assert eng.delete(f"lessons/{other['id']}").status_code == 204
    assert not Lesson.objects.filter(pk=other["id"]).exists()
    assert api().get("lessons").status_code == 401


def test_one_click_from_the_analysis_screen_and_excel(repairs, engineer, project_a):  # noqa: F811
    client = Client()
    client.login(username=engineer.username, password=PASSWORD)
    form = {"by": "building", "key": str(repairs["r1"].house.building_id), **WINDOW}
    answer = client.post(reverse("analysis:lesson_create"), form | {"project": project_a.pk})
    lesson = Lesson.objects.get()
    assert answer.status_code == 302 and answer.url == reverse(
        "analysis:lesson_detail", args=[lesson.pk]
    )
    assert lesson.value_label == "翠湖花园 3栋" and lesson.ticket_count == 4
    again = client.post(reverse("analysis:lesson_create"), form | {"project": project_a.pk})
    assert again.status_code == 302 and Lesson.objects.count() == 1
    page = client.get(reverse("analysis:lesson_detail", args=[lesson.pk]))
    assert page.status_code == 200
    saved = client.post(
        reverse("analysis:lesson_detail", args=[lesson.pk]),
        {
            "title": "3 栋外墙渗漏",
            "owner_dept": "engineering",
            "status": "adopted",
            "annotation": "外墙打胶",
        },
    )
    assert saved.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == "adopted" and lesson.title == "3 栋外墙渗漏"
    listing = client.get(reverse("analysis:lessons"), {"status": "adopted"})
    assert "3 栋外墙渗漏" in listing.content.decode()
    # Engineers see the list but may not export (reports.export).
    assert client.get(reverse("analysis:lesson_export")).status_code == 403


def test_lesson_screens_refuse(repairs, engineer, agent_a, manager, project_a):  # noqa: F811
    lesson = services.lessons.create_from_row(
        engineer, by="category", key="civil", project=project_a.pk, start=START, end=END
    )
    agent = Client()
    agent.login(username=agent_a.username, password=PASSWORD)
    assert agent.get(reverse("analysis:lessons")).status_code == 403
    assert agent.post(reverse("analysis:lesson_create"), {"by": "category"}).status_code == 403
    boss = Client()
    boss.login(username=manager.username, password=PASSWORD)
    assert boss.get(reverse("analysis:lesson_export")).status_code == 200
    assert boss.get(reverse("analysis:lesson_detail", args=[lesson.pk + 100])).status_code == 404
