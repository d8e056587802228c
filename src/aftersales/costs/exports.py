"""Excel workbooks of the ledgers (deposit ledger per contractor, revolving fund ledger)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from aftersales.core import excel
from aftersales.core.i18n import data_language
from aftersales.costs.models import Fund
from aftersales.costs.services.ledgers import Ledger

MONEY = "#,##0.00"


def _sheet(wb: Workbook, title: str, head: list[str], rows, widths: list[int]):
    """A sheet with a bold, frozen header: the workbook's first (empty) one, then new ones."""
    # The new workbook's own sheet is used first. (Reading its A1 to see whether it is empty
    # would create that cell and push the header down to row 2.)
    first = wb.worksheets[0]
    ws = first if len(wb.worksheets) == 1 and not first._cells else wb.create_sheet()
    ws.title = title
    ws.append(excel.row(head))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(excel.row(row))
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    return ws


def _money_columns(ws, letters: str) -> None:
    for letter in letters:
        for cell in ws[letter][1:]:
            cell.number_format = MONEY


@data_language()
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


@data_language()
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


@data_language()
def evaluation_workbook(period, scores, role_label: str) -> bytes:
    """考核评价 (R-CST-5): the ranked scores and, on a second sheet, the repairs behind them."""
    from aftersales.tickets.choices import Opinion

    opinions = {code: str(label) for code, label in Opinion.choices}
    wb = Workbook()
    _sheet(
        wb,
        "考核结果",
        [
            "排名",
            "姓名",
            "用户名",
            "维修单数",
            "签认意见分",
            "回访满意率(%)",
            "按时完成率(%)",
            "重开次数",
            "得分",
        ],
        [
            [
                rank,
                s.user.display_name,
                s.user.username,
                s.repairs,
                s.opinion,
                s.callback_rate,
                s.on_time_rate,
                s.reopens,
                s.score,
            ]
            for rank, s in enumerate(scores, 1)
        ]
        + [[f"{period.label}（{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}）{role_label}"]],
        [6, 14, 14, 10, 12, 14, 14, 10, 10],
    )
    _sheet(
        wb,
        "维修明细",
        ["姓名", "工单", "签认时间", "签认意见", "回访次数", "满意回访", "按时完成", "重开次数"],
        [
            [
                s.user.display_name,
                ln.number,
                timezone.localtime(ln.signed_off_at).strftime("%Y-%m-%d %H:%M")
                if ln.signed_off_at
                else "",
                opinions.get(ln.opinion, ln.opinion or ""),
                ln.callbacks,
                ln.satisfied_callbacks,
                "" if ln.on_time is None else ("是" if ln.on_time else "否"),
                ln.reopens,
            ]
            for s in scores
            for ln in s.lines
        ],
        [14, 22, 18, 12, 10, 10, 10, 10],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
