"""Choice labels follow the language of the screen or the API request; data files stay Chinese.

The labels of every ``choices`` class are lazy translations. Where a label leaves as a plain
string (a joined sentence, a JSON field, an Excel cell, a stored title) it must be turned into
text first, and data files and stored records take the Chinese one whatever the language.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from aftersales.accounts import choices as account_choices
from aftersales.analysis import choices as analysis_choices
from aftersales.analysis import services as analysis_services
from aftersales.analysis.models import Lesson
from aftersales.estates import choices as estate_choices
from aftersales.notify.models import Channel, Notification
from aftersales.tickets import choices as ticket_choices
from aftersales.tickets import warnings
from aftersales.tickets.choices import Category, Severity, Status, Urgency
from tests.analysis.conftest import clock, engineer  # noqa: F401
from tests.analysis.test_recurring import END, START, WINDOW, repairs  # noqa: F401
from tests.conftest import ApiClient
from tests.tickets.helpers import client_for
from tests.tickets.test_warnings import report

pytestmark = pytest.mark.django_db

# Labels that read the same in both languages, and the customer segments that the customer
# export writes into Excel cells as they are.
SAME = {"App", "VIP"}
UNTRANSLATED = {estate_choices.Segment}


@pytest.fixture(autouse=True)
def _back_to_default_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _choice_classes() -> list[type[models.Choices]]:
    found = [Channel, Notification.State]
    for module in (ticket_choices, analysis_choices, account_choices, estate_choices):
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, models.Choices)
            and value.__module__ == module.__name__
            and value not in UNTRANSLATED
        ]
    return found


@pytest.mark.parametrize("choices", _choice_classes(), ids=lambda c: c.__qualname__)
def test_every_choice_label_has_an_english_translation(choices):
    chinese = {code: str(label) for code, label in choices.choices}
    with translation.override("en"):
        english = {code: str(label) for code, label in choices.choices}
    missing = [
        chinese[code]
        for code in chinese
        if english[code] == chinese[code] and chinese[code] not in SAME
    ]
    assert not missing, f"no English for {missing}"
    assert all(text.isascii() for text in english.values()), english


def test_one_chinese_word_two_meanings():
    """一般 is a normal urgency and a minor complaint: the catalogue tells them apart."""
    with translation.override("en"):
        assert (str(Urgency.NORMAL.label), str(Severity.MINOR.label)) == ("Normal", "Minor")
    assert str(Urgency.NORMAL.label) == str(Severity.MINOR.label) == "一般"


def test_warning_details_join_labels_in_either_language(manager, agent_a, house_a):
    """The overdue rule joins deadline names into one sentence (a plain string)."""
    report(agent_a, house_a, kind="inquiry", days_ago=3)
    with translation.override("en"):
        [overdue] = [w for w in warnings.early_warnings(manager) if w.rule == warnings.OVERDUE]
        assert "Reply" in overdue.detail
    [overdue] = [w for w in warnings.early_warnings(manager) if w.rule == warnings.OVERDUE]
    assert "答复" in overdue.detail


def test_the_api_answers_labels_in_the_requested_language(repairs, manager):  # noqa: F811
    english = ApiClient(client_for(manager).token, language="en")
    rows = english.get("reports/recurring", {"by": "category", **WINDOW}).json()["rows"]
    assert {"Civil works", "Doors and windows"} <= {r["label"] for r in rows}
    chinese = client_for(manager).get("reports/recurring", {"by": "category", **WINDOW}).json()
    assert "土建" in {r["label"] for r in chinese["rows"]}
    breakdown = english.get("reports/breakdown", {"by": "category"})
    assert breakdown.status_code == 200, breakdown.content
    assert "Civil works" in {r["label"] for r in breakdown.json()["results"]}


def test_stored_titles_and_labels_are_chinese_for_an_english_caller(
    repairs,  # noqa: F811
    engineer,  # noqa: F811
    project_a,
):
    english = ApiClient(client_for(engineer).token, language="en")
    body = {"by": "category", "key": "civil", "project": project_a.pk, **WINDOW}
    created = english.post("lessons", body)
    assert created.status_code == 201, created.content
    lesson = Lesson.objects.get(pk=created.json()["id"])
    assert lesson.value_label == "土建" and lesson.title.startswith("翠湖花园 类别“土建”")
    with translation.override("en"):
        meeting = analysis_services.meetings.default_title("office_heads", START)
    assert meeting.startswith("客服处负责人周例会")


def _sheet_values(response) -> list:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]


def test_analysis_excel_stays_chinese_for_an_english_user(repairs, manager, project_a):  # noqa: F811
    analysis_services.lessons.create_from_row(
        manager, by="category", key="civil", project=project_a.pk, start=START, end=END
    )
    client = Client()
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("analysis:recurring"), {"by": "category", **WINDOW})
    assert "Civil works" in page.content.decode()
    cells = _sheet_values(client.get(reverse("analysis:recurring_export"), WINDOW))
    assert "土建" in cells and "Civil works" not in cells
    cells = _sheet_values(client.get(reverse("analysis:lesson_export")))
    assert {"类别", "待处理", "工程材料部"} <= set(cells)
    assert not {"Category", "Open"} & set(cells)


def test_status_labels_in_english_screens(agent_a, house_a):
    ticket = report(agent_a, house_a)
    client = Client()
    client.force_login(agent_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert str(Status.REGISTERED.label) == "已登记"
    assert "Registered" in page
    assert Category.CIVIL.label == "土建"
