"""Users, notifications, exports, import jobs and audit entries are scoped (R-ORG-3).

* a user sees the users of his projects (central staff: everyone; an owner: his own account);
* a notification is seen by its recipient only, administrators included;
* an export job by its requester only; an import job by its uploader and the administrators;
* an audit entry by the staff of the project of the record it describes; entries of no project
  (calendar, users) by central staff only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.core import audit, scoping
from aftersales.core.errors import NotFound
from aftersales.core.models import AuditEntry
from aftersales.core.services import set_calendar_day
from aftersales.estates.models import ImportJob
from aftersales.notify.models import Notification
from aftersales.notify.services import notify_users
from aftersales.reports.models import ExportJob
from tests.conftest import PASSWORD, house, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_a(project_a):
    """A service manager (users.view, audit.view) of project A only."""
    return make_user("manager_a", ["service_manager"], [project_a], name="负责人甲")


def usernames(qs) -> set[str]:
    return set(qs.values_list("username", flat=True))


def test_users_of_his_projects_only(manager_a, manager, agent_a, agent_b, owner, admin):
    from aftersales.accounts.models import User

    assert usernames(scoping.visible_to(User.objects.all(), manager_a)) == {"manager_a", "agent_a"}
    assert {"agent_a", "agent_b", "owner", "admin"} <= usernames(
        scoping.visible_to(User.objects.all(), manager)
    )
    assert usernames(scoping.visible_to(User.objects.all(), owner)) == {"owner"}
    assert usernames(scoping.visible_to(User.objects.all(), agent_b)) == {"agent_b"}


def test_the_user_api_lists_through_the_scope(api, manager_a, manager, agent_a, agent_b):
    client = api(manager_a)
    names = {u["username"] for u in client.get("users").json()["results"]}
    assert names == {"manager_a", "agent_a"}
    assert client.get(f"users/{agent_b.pk}").status_code == 404
    assert client.get(f"users/{agent_a.pk}").status_code == 200
    everyone = api(manager).get("users", {"page_size": 100}).json()
    assert {"agent_a", "agent_b"} <= {u["username"] for u in everyone["results"]}


def test_the_user_screen_lists_through_the_scope(client, manager_a, agent_a, agent_b):
    client.login(username="manager_a", password=PASSWORD)
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "客服甲" in page and "客服乙" not in page


def test_a_notification_is_seen_by_its_recipient_only(api, agent_a, agent_b, admin, superuser):
    notify_users([agent_a], "ticket_assigned", {"number": "BX1", "house": "3-2-1201"}, key="k")
    note = Notification.objects.get(recipient=agent_a)
    for user in (agent_b, admin, superuser):
        assert not scoping.visible_to(Notification.objects.all(), user).exists()
    assert list(scoping.visible_to(Notification.objects.all(), agent_a)) == [note]
    assert len(api(agent_a).get("notifications").json()["results"]) == 1
    assert api(admin).get("notifications").json()["results"] == []


def test_an_export_job_is_seen_by_its_requester_only(manager, admin, superuser):
    from aftersales.reports.exports import job_for, jobs_of

    job = ExportJob.objects.create(created_by=manager, kind="kpis", params={})
    assert list(jobs_of(manager)) == [job]
    for other in (admin, superuser):
        assert list(jobs_of(other)) == []
        with pytest.raises(NotFound):
            job_for(other, job.pk)


def test_an_import_job_is_seen_by_its_uploader_and_the_administrators(agent_a, admin, manager):
    job = ImportJob.objects.create(created_by=agent_a, filename="花名册.xlsx")
    visible = lambda user: list(scoping.visible_to(ImportJob.objects.all(), user))  # noqa: E731
    assert visible(agent_a) == [job]
    assert visible(admin) == [job]
    assert visible(manager) == []


def test_audit_entries_follow_the_project_of_their_record(
    client, admin, manager, manager_a, project_a, project_b
):
    entry_a = audit.record(admin, AuditEntry.Action.UPDATE, house(project_a, "3-2-1201"))
    entry_b = audit.record(admin, AuditEntry.Action.UPDATE, house(project_b, "1-1-101"))
    set_calendar_day(admin, dt.date(2026, 10, 9), workday=True, name="调休上班")
    calendar = AuditEntry.objects.filter(model="core.WorkCalendarDay").get()
    assert (entry_a.project_id, entry_b.project_id, calendar.project_id) == (
        project_a.pk,
        project_b.pk,
        None,
    )
    assert audit.record(admin, AuditEntry.Action.UPDATE, project_a).project_id == project_a.pk

    seen = set(scoping.visible_to(AuditEntry.objects.all(), manager_a).values_list("id", flat=True))
    assert entry_a.pk in seen and entry_b.pk not in seen and calendar.pk not in seen
    everything = scoping.visible_to(AuditEntry.objects.all(), manager)
    assert {entry_a.pk, entry_b.pk, calendar.pk} <= set(everything.values_list("id", flat=True))

    client.login(username="manager_a", password=PASSWORD)
    page = client.get(reverse("core:audit")).content.decode()
    assert "1-1-101" not in page and "3-2-1201" in page
