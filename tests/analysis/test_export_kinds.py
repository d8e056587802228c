"""The analysis reports as background export kinds of the reports app's export centre."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from aftersales.core.errors import Invalid, NotFound
from aftersales.reports import exports
from aftersales.reports.models import ExportJob

pytestmark = pytest.mark.django_db


def test_kinds_are_registered():
    codes = {k.code for k in exports.kinds()}
    assert {"weekly_complaints", "complaints_rollup", "recurring", "lessons"} <= codes


@pytest.mark.parametrize(
    ("kind", "params", "sheets"),
    [
        ("weekly_complaints", {"week": "2026-11-12"}, ["汇总", "未结投诉明细"]),
        ("complaints_rollup", {"period": "year", "year": 2026}, ["各客服处", "汇总"]),
        ("recurring", {"by": "category"}, ["排行", "月度趋势"]),
        ("lessons", {}, ["改进清单"]),
    ],
)
def test_background_export_writes_the_same_sheets(
    history,
    manager,
    project_a,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
    kind,
    params,
    sheets,
):
    settings.MEDIA_ROOT = tmp_path
    if kind == "weekly_complaints":
        params = params | {"project": project_a.pk}
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.start_export(manager, kind, params)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    book = load_workbook(BytesIO(job.file.read()))
    assert book.sheetnames == sheets


def test_bad_parameters_are_refused_when_asked(history, manager, project_a, project_b):
    with pytest.raises(Invalid):
        exports.start_export(manager, "weekly_complaints", {"project": project_a.pk, "week": "x"})
    with pytest.raises(Invalid):
        exports.start_export(manager, "weekly_complaints", {})
    with pytest.raises(Invalid):
        exports.start_export(manager, "recurring", {"by": "colour"})
    from tests.conftest import make_user

    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    with pytest.raises(NotFound):
        exports.start_export(sup_b, "weekly_complaints", {"project": project_a.pk})
