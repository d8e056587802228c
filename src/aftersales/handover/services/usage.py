"""The equipment usage report (产品使用情况表, R-HO-5): a year after delivery the property
company files it per project; it goes to engineering and feeds the recurring-problem analysis
(registered as a source of :mod:`aftersales.analysis.selectors.recurring`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from aftersales.accounts.choices import DepartmentCode, RoleCode
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.estates.models import House, Project, WarrantyComponent
from aftersales.handover.models import UsageReport, UsageReportLine
from aftersales.handover.services._common import codes, text
from aftersales.notify import services as notify

MAX_LINES = 100


def first_delivery(project_id: int) -> dt.date | None:
    return House.objects.filter(project_id=project_id).aggregate(d=Min("delivered_on"))["d"]


def period_of(delivered: dt.date) -> tuple[dt.date, dt.date]:
    """The first year of use: from the first delivery to the day before its anniversary."""
    try:
        end = delivered.replace(year=delivered.year + 1)
    except ValueError:  # 29 February
        end = delivered.replace(year=delivered.year + 1, day=28)
    return delivered, end - dt.timedelta(days=1)


def _line(row, index: int, components: set[str]) -> UsageReportLine:
    field = f"lines.{index}"
    if not isinstance(row, dict):
        raise field_error(field, "每行应为对象")
    equipment = text(row.get("equipment"), f"{field}.equipment", "设备/产品", 80)
    if not equipment:
        raise field_error(f"{field}.equipment", "请填写设备或产品", code="required")
    category, component = codes(row, field, components)
    problems = row.get("problems", 0)
    if not isinstance(problems, int) or isinstance(problems, bool) or not 0 <= problems <= 100000:
        raise field_error(f"{field}.problems", "问题次数应为 0 到 100000 的整数")
    return UsageReportLine(
        equipment=equipment,
        category=category,
        component=component,
        problems=problems,
        note=text(row.get("note"), f"{field}.note", "情况说明", 300),
    )


@transaction.atomic
def file_report(actor, *, project: Project | int, lines, summary: str = "", today=None):
    """File the report (once per project, from a year after the first delivery); engineering
    (工程材料部 and the engineers of the project) is told."""
    require(actor, "handover.report")
    project_id = project.pk if isinstance(project, Project) else project
    proj = scoping.visible_to(
        Project.objects.select_for_update().filter(pk=project_id), actor
    ).first()
    if proj is None:
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    delivered = first_delivery(proj.pk)
    if delivered is None:
        raise Conflict("该项目还没有交付的房屋", code="not_delivered")
    start, end = period_of(delivered)
    today = today or timezone.localdate()
    if today <= end:
        raise Conflict(f"交付满一年（{end + dt.timedelta(days=1)}）后才能填报", code="too_early")
    if UsageReport.objects.filter(project=proj).exists():
        raise Conflict("该项目已填报产品使用情况表", code="already_filed")
    if not isinstance(lines, list) or not lines:
        raise field_error("lines", "请至少填写一行", code="required")
    if len(lines) > MAX_LINES:
        raise field_error("lines", f"不能超过 {MAX_LINES} 行")
    components = set(WarrantyComponent.objects.values_list("code", flat=True))
    rows = [_line(row, i, components) for i, row in enumerate(lines)]
    report = UsageReport.objects.create(
        project=proj,
        period_start=start,
        period_end=end,
        summary=text(summary, "summary", "总体情况", 2000),
        filed_by=actor,
    )
    for row in rows:
        row.report = report
    UsageReportLine.objects.bulk_create(rows)
    engineering = {
        *notify.department_staff(DepartmentCode.ENGINEERING, proj.pk),
        *notify.staff([RoleCode.ENGINEER, RoleCode.DEPUTY_CHIEF_ENGINEER], proj.pk),
    }
    notify.notify_users(
        sorted(engineering, key=lambda u: u.pk),
        "usage_report_filed",
        {"project": proj.name, "summary": report.summary[:100] or f"{len(rows)} 项"},
        key=f"usage-report-{report.pk}",
    )
    audit.record(actor, AuditEntry.Action.CREATE, report, after={"lines": len(rows)})
    return report
