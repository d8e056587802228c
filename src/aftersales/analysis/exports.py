"""Excel files of the analysis screens (R-RPT-4: every report exports to Excel).

Each writer takes the same object the screen shows (built by the one service function) and
returns the bytes of an .xlsx workbook, so an export never holds more than the user may see.
The screens download them at once (each is a summary of at most a few thousand rows); the same
sheets are also registered as background export kinds of the reports app (:mod:`.export_kinds`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aftersales.analysis.selectors.recurring import Analysis
from aftersales.analysis.selectors.weekly import Rollup, WeeklyReport
from aftersales.core import excel

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")

Sheet = tuple[str, Sequence[str], Iterable[Sequence], Sequence[int]]


def fill(book: Workbook, title_lines: list[str], sheets: list[Sheet]) -> None:
    """Add the sheets to ``book`` (a write-only workbook): caption lines, header, rows."""
    for name, headers, rows, widths in sheets:
        sheet = book.create_sheet(name[:31])
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = f"A{len(title_lines) + 3}"
        for line in title_lines:
            sheet.append([_styled(sheet, line, _BOLD)])
        sheet.append([])
        sheet.append([_styled(sheet, h, _BOLD, _FILL) for h in headers])
        for row in rows:
            sheet.append([_styled(sheet, _cell(v)) for v in row])


def _styled(sheet, value, font=None, fill=None) -> WriteOnlyCell:
    value = excel.clean(value)
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if isinstance(value, str) and ("\n" in value or len(value) > 30):
        cell.alignment = _WRAP
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    return cell


def workbook(title_lines: list[str], sheets: list[Sheet]) -> bytes:
    """The bytes of a workbook holding ``sheets`` (for a download)."""
    book = Workbook(write_only=True)
    fill(book, title_lines, sheets)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, Promise):  # a choice label: the sheet holds its text
        return str(value)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _rate(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _level_sheet(levels: list[dict], total: dict) -> Sheet:
    headers = ["投诉级别", "新增", "办结", "未结", "其中超期"]
    rows = [[r["label"], r["new"], r["resolved"], r["pending"], r["overdue"]] for r in levels]
    rows.append(
        [total["label"], total["new"], total["resolved"], total["pending"], total["overdue"]]
    )
    return ("汇总", headers, rows, [14, 10, 10, 10, 10])


def weekly_sheets(report: WeeklyReport, printed_by: str) -> tuple[list[str], list[Sheet]]:
    lines = [
        f"客户服务部投诉处理周报 — {report.project.name}",
        report.period.label,
        f"统计截至 {timezone.localtime(report.as_of):%Y-%m-%d %H:%M}，制表：{printed_by}",
    ]
    pending_rows = []
    for item in report.pending_items:
        t = item.ticket
        notes = "\n".join(
            f"{n['at']:%m-%d %H:%M} {n['actor']} {n['action']}"
            + (f"：{n['text']}" if n["text"] else "")
            for n in item.notes
        )
        pending_rows.append(
            [
                t.number,
                t.get_severity_display() or "未定级",
                timezone.localtime(t.occurred_at),
                t.house.label if t.house_id else t.public_area,
                t.customer.name if t.customer_id else "",
                t.description,
                item.status_label,
                item.days_open,
                "是" if item.overdue else "",
                notes,
            ]
        )
    detail: Sheet = (
        "未结投诉明细",
        [
            "编号",
            "级别",
            "受理时间",
            "房屋",
            "客户",
            "投诉内容",
            "状态",
            "已用天数",
            "超期",
            "处理情况",
        ],
        pending_rows,
        [20, 8, 17, 12, 10, 40, 10, 9, 6, 60],
    )
    return lines, [_level_sheet(report.levels, report.total), detail]


def rollup_sheets(data: Rollup, printed_by: str) -> tuple[list[str], list[Sheet]]:
    lines = [
        f"投诉处理汇总 — {data.period.label}",
        f"统计截至 {timezone.localtime(data.as_of):%Y-%m-%d %H:%M}，制表：{printed_by}",
    ]
    offices: Sheet = (
        "各客服处",
        ["项目编码", "客服处（项目）", "新增", "其中重大", "办结", "未结", "其中超期", "办结率"],
        [
            [
                r["project"].code,
                r["project"].name,
                r["new"],
                r["new_major"],
                r["resolved"],
                r["pending"],
                r["overdue"],
                _rate(r["resolution_rate"]),
            ]
            for r in data.offices
        ],
        [12, 24, 8, 10, 8, 8, 10, 10],
    )
    return lines, [offices, _level_sheet(data.levels, data.total)]


def recurring_sheets(data: Analysis, printed_by: str) -> tuple[list[str], list[Sheet]]:
    where = data.project.name if data.project else "全部项目"
    lines = [
        f"重复问题分析（按{data.by_label}） — {where}",
        f"{data.start:%Y-%m-%d} 至 {data.end:%Y-%m-%d}，报修 {data.total} 单；"
        f"重复报修率 {_rate(data.repeat_rate) or '—'}（{data.houses_repeat}/{data.houses_any} 户）",
        f"制表：{printed_by}，{timezone.localtime():%Y-%m-%d %H:%M}",
    ]
    rows: Sheet = (
        "排行",
        [data.by_label, "报修单数", "涉及户数", "重复报修户数", "占比"],
        [
            [r["label"], r["count"], r["houses"], r["repeat_houses"], _rate(r["share"])]
            for r in data.rows
        ],
        [30, 10, 10, 14, 10],
    )
    trend: Sheet = (
        "月度趋势",
        ["月份", "全部报修", *[s["label"] for s in data.trend]],
        [
            [month, data.month_totals[i], *[s["counts"][i] for s in data.trend]]
            for i, month in enumerate(data.months)
        ],
        [10, 10, *[16 for _ in data.trend]],
    )
    return lines, [rows, trend]


def lessons_sheets(lessons, printed_by: str) -> tuple[list[str], list[Sheet]]:
    lines = ["设计施工改进清单", f"制表：{printed_by}，{timezone.localtime():%Y-%m-%d %H:%M}"]
    sheet: Sheet = (
        "改进清单",
        [
            "编号",
            "标题",
            "项目",
            "维度",
            "取值",
            "统计区间",
            "报修单数",
            "涉及户数",
            "重复报修户数",
            "责任部门",
            "状态",
            "工程批注",
            "创建时间",
        ],
        [
            [
                x.pk,
                x.title,
                x.project.name if x.project_id else "全部项目",
                x.get_dimension_display(),
                x.value_label,
                f"{x.period_start:%Y-%m-%d} 至 {x.period_end:%Y-%m-%d}",
                x.ticket_count,
                x.house_count,
                x.repeat_house_count,
                x.get_owner_dept_display(),
                x.get_status_display(),
                x.annotation,
                timezone.localtime(x.created_at),
            ]
            for x in lessons
        ],
        [6, 40, 14, 8, 16, 24, 9, 9, 12, 12, 8, 40, 17],
    )
    return lines, [sheet]


def weekly_xlsx(report: WeeklyReport, printed_by: str) -> bytes:
    return workbook(*weekly_sheets(report, printed_by))


def rollup_xlsx(data: Rollup, printed_by: str) -> bytes:
    return workbook(*rollup_sheets(data, printed_by))


def recurring_xlsx(data: Analysis, printed_by: str) -> bytes:
    return workbook(*recurring_sheets(data, printed_by))


def lessons_xlsx(lessons, printed_by: str) -> bytes:
    return workbook(*lessons_sheets(lessons, printed_by))


def record_export(user, what: str, note: str) -> None:
    """Exports are logged like archive look-ups (R-EST-5): who took which report."""
    from aftersales.core import audit

    audit.record(user, "export", model=f"analysis.{what}", note=note)
