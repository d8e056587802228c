"""Smaller guarantees: NUL characters refused, the roster template route, abandoned imports,
and unlocking a locked-out login."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from aftersales.accounts import services as account_services
from aftersales.accounts.models import LoginFailure
from aftersales.estates import importer
from aftersales.estates.models import ImportJob


@pytest.mark.django_db
def test_nul_in_query_or_json_is_a_clear_400(api, admin, client):
    answer = api(admin).get("customers", {"q": "张\x00"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid"
    answer = api(admin).post("projects", {"code": "N1", "name": "含\u0000空字符"})
    assert answer.status_code == 400
    client.force_login(admin)
    assert client.get("/estates/houses/?q=%00").status_code == 400


@pytest.mark.django_db
def test_roster_template_downloads(api, admin):
    answer = api(admin).get("imports/template")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert answer.content[:2] == b"PK"


@pytest.mark.django_db
def test_abandoned_import_is_marked_failed_when_looked_at(api, admin):
    job = ImportJob.objects.create(
        created_by=admin,
        file=ContentFile(b"x", name="r.xlsx"),
        filename="r.xlsx",
        status=ImportJob.Status.RUNNING,
    )
    fresh = api(admin).get(f"imports/{job.pk}").json()
    assert fresh["status"] == "running"  # just started: left alone
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    answer = api(admin).get(f"imports/{job.pk}").json()
    assert answer["status"] == "failed"
    assert "重新上传" in answer["errors"][0]["message"]
    assert importer.fail_abandoned_jobs() == 0  # idempotent


@pytest.mark.django_db
def test_admin_unlocks_a_locked_login(api, admin, agent_a, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        LoginFailure.objects.create(username=agent_a.username, ip="127.0.0.1")
    with pytest.raises(account_services.LoginLocked):
        account_services.check_not_locked(agent_a.username, None)
    answer = api(admin).patch(f"users/{agent_a.pk}", {"unlock": True})
    assert answer.status_code == 200
    account_services.check_not_locked(agent_a.username, None)  # no longer raises


@pytest.mark.django_db
def test_excel_files_stay_chinese_for_an_english_api_client(api, admin, house_a):
    import io

    from openpyxl import load_workbook

    client = api(admin)
    client.language = "en"
    answer = client.get("houses/export")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "项目编码" in rows[0]
    assert (
        any("已交付" in (c or "") for row in rows[1:] for c in row if isinstance(c, str))
        or len(rows) > 1
    )
    assert (
        client.get("projects/999999").json()["detail"] == "Not found."
    )  # the API itself is English


@pytest.mark.django_db
def test_phenomena_for_intake_forms(api, agent_a):
    answer = api(agent_a).get("phenomena", {"category": "civil"})
    assert answer.status_code == 200
    names = {p["name"] for p in answer.json()}
    assert "卫生间渗漏" in names
    assert all(p["category"] == "civil" for p in answer.json())
