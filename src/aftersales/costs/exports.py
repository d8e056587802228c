"""Excel workbooks of the ledgers (deposit ledger per contractor, revolving fund ledger)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from aftersales.costs.models import Fund
from aftersales.costs.services.ledgers import Ledger

MONEY = "#,##0.00"


def _sheet(wb: Workbook, title: str, head: list[str], rows, widths: list[int]):
    """A sheet with a bold, frozen header: the workbook's first (empty) one, then new ones."""
    first = wb.worksheets[0]
    ws = first if first.max_row == 1 and first["A1"].value is None else wb.create_sheet()
    ws.title = title
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    return ws


def _money_columns(ws, letters: str) -> None:
    for letter in letters:
        for cell in ws[letter][1:]:
            cell.number_format = MONEY


def ledger_workbook(ledger: Ledger) -> bytes:
    """质量保证金台账: one summary sheet per project account and the entries line by line."""
    wb = Workbook()
    summary = _sheet(
        wb,
        "汇总",
        ["施工单位", "项目", "余额", "欠缴"],
        [[ledger.contractor.name, a.project.name, a.balance, a.owed] for a in ledger.accounts]
        + [[ledger.contractor.name, "合计", ledger.balance, ledger.owed]],
        [30, 24, 14, 14],
    )
    _money_columns(summary, "CD")
    entries = _sheet(
        wb,
        "台账明细",
        [
            "日期",
            "项目",
            "类型",
            "金额",
            "计入余额",
            "欠缴变动",
            "余额",
            "欠缴",
            "结算书",
            "工单",
            "说明",
        ],
        [
            [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                e.account.project.name,
                e.get_kind_display(),
                e.amount,
                e.applied,
                e.owed_change,
                e.balance_after,
                e.owed_after,
                e.settlement.number if e.settlement_id else "",
                e.settlement.ticket.number if e.settlement_id else "",
                e.note,
            ]
            for e in ledger.entries
        ],
        [18, 24, 8, 14, 14, 14, 14, 14, 12, 22, 40],
    )
    _money_columns(entries, "DEFGH")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fund_workbook(fund: Fund) -> bytes:
    """周转金台账 of one fund."""
    wb = Workbook()
    ws = _sheet(
        wb,
        "周转金台账",
        ["日期", "类型", "金额", "余额", "用途/来源", "工单", "经办人"],
        [
            [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                e.get_kind_display(),
                e.amount,
                e.balance_after,
                e.purpose,
                e.ticket.number if e.ticket_id else "",
                e.created_by.display_name if e.created_by_id else "系统",
            ]
            for e in fund.entries.select_related("ticket", "created_by").order_by("id")
        ],
        [18, 8, 14, 14, 40, 22, 12],
    )
    _money_columns(ws, "CD")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
