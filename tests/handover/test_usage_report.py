"""R-HO-5: the equipment usage report a year after delivery goes to engineering and feeds the
recurring-problem analysis."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from aftersales.notify.models import Notification
from tests.api.helpers import assert_error, ids
from tests.conftest import make_house, make_user
from tests.tickets.helpers import at, client_for

pytestmark = pytest.mark.django_db

LINES = [
    {"equipment": "可视对讲主机", "component": "equipment", "problems": 14, "note": "屏幕花屏"},
    {
        "equipment": "卫生间地漏",
        "category": "water_electric",
        "component": "plumbing",
        "problems": 6,
    },
]


@pytest.fixture
def new_project(admin, project_a):
    from aftersales.estates.services import create_project

    project = create_project(admin, code="PN", name="新交付小区", city="杭州")
    make_house(admin, project, "1-1-101", delivered_on=dt.date(2025, 12, 1))
    return project


def test_too_early_then_filed_and_engineering_told(api, admin, new_project):
    engineer = make_user("eng1", ["engineer"], name="工程师")
    liaison = make_user("liaison_n", ["property_liaison"], [new_project], name="物业")
    client = client_for(liaison)
    with time_machine.travel(at(2026, 11, 30, 10), tick=False):
        r = client.post("handover/usage-reports", {"project": new_project.pk, "lines": LINES})
        assert_error(r, 409, "too_early")
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        r = client.post(
            "handover/usage-reports",
            {"project": new_project.pk, "lines": LINES, "summary": "对讲机故障较多"},
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert (body["period_start"], body["period_end"]) == ("2025-12-01", "2026-11-30")
        assert [line["problems"] for line in body["lines"]] == [14, 6]
        told = Notification.objects.filter(template="usage_report_filed")
        assert engineer in {n.recipient for n in told}
        r = client.post("handover/usage-reports", {"project": new_project.pk, "lines": LINES})
        assert_error(r, 409, "already_filed")
        assert ids(client.get("handover/usage-reports", {"project": new_project.pk})) == [
            body["id"]
        ]
        # the recurring-problem analysis lists the report's equipment
        web = Client()
        web.force_login(admin)
        page = web.get(
            "/analysis/recurring/",
            {"project": new_project.pk, "start": "2026-01-01", "end": "2026-11-30"},
        ).content.decode()
        assert "可视对讲主机" in page and "产品使用情况表反映的问题" in page


def test_bad_lines_and_roles(api, new_project, technician):
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        r = api.post(
            "handover/usage-reports", {"project": new_project.pk, "lines": [{"equipment": ""}]}
        )
        assert_error(r, 403)  # a supervisor does not file it
        admin_client = client_for(technician)
        assert_error(
            admin_client.post(
                "handover/usage-reports", {"project": new_project.pk, "lines": LINES}
            ),
            403,
        )
