"""Excel exports of the fees lists (every list exportable): the same rows as the screens, read
through the same selectors, written through :mod:`aftersales.core.excel`."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from aftersales.core import excel
from aftersales.core.i18n import data_language


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(excel.row(header))
    for values in rows:
        sheet.append(excel.row(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dt(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@data_language()
def bills(qs) -> bytes:
    header = ["项目", "房屋", "账期", "面积(㎡)", "单价", "比例", "应缴金额", "状态",
              "缴费时间", "缴费方式", "收据编号", "交易流水号"]  # fmt: skip
    rows = (
        [
            b.project.name,
            b.house.label,
            b.period_label,
            b.area,
            b.price_per_sqm,
            b.rate,
            b.amount,
            b.get_status_display(),
            _dt(b.paid_at),
            b.get_method_display(),
            b.receipt_number,
            b.reference,
        ]  # fmt: skip
        for b in qs.iterator(chunk_size=2000)
    )
    return workbook("物业费账单", header, rows)


@data_language()
def arrears(found, owners: dict, last: dict) -> bytes:
    header = [
        "房屋",
        "业主",
        "欠费月数",
        "欠费金额",
        "未缴账单数",
        "最早账期",
        "下一步",
        "最近催缴",
    ]
    from aftersales.fees.choices import ArrearsStep

    rows = (
        [
            a.label,
            owners.get(a.house, ""),
            a.months_overdue,
            a.amount,
            a.bills,
            f"{a.oldest:%Y-%m}",
            ArrearsStep(a.next_step).label,
            (
                f"{last[a.house].get_step_display()} {_dt(last[a.house].recorded_at)}"
                if a.house in last
                else ""
            ),
        ]  # fmt: skip
        for a in found
    )
    return workbook("欠费清单", header, rows)


@data_language()
def actions(qs) -> bytes:
    header = [
        "项目",
        "房屋",
        "催缴步骤",
        "快递单号",
        "欠费月数",
        "欠费金额",
        "说明",
        "登记人",
        "登记时间",
    ]
    rows = (
        [
            a.project.name,
            a.house.label,
            a.get_step_display(),
            a.tracking_number,
            a.months_overdue,
            a.amount,
            a.note,
            a.recorded_by.display_name,
            _dt(a.recorded_at),
        ]  # fmt: skip
        for a in qs.iterator(chunk_size=2000)
    )
    return workbook("催缴记录", header, rows)


@data_language()
def collections(qs) -> bytes:
    header = ["项目", "房屋", "预约时间", "联系人及电话", "说明", "状态", "上门结果", "登记人"]
    rows = (
        [
            c.project.name,
            c.house.label,
            _dt(c.scheduled_at),
            c.contact,
            c.note,
            c.get_status_display(),
            c.outcome,
            c.booked_by.display_name,
        ]  # fmt: skip
        for c in qs.iterator(chunk_size=2000)
    )
    return workbook("预约上门收费", header, rows)


@data_language()
def standards(rows) -> bytes:
    header = ["项目编码", "项目", "单价(元/㎡·月)", "修改人", "修改时间"]
    return workbook(
        "收费标准",
        header,
        (
            [
                r["project"].code,
                r["project"].name,
                r["standard"].price_per_sqm if r["standard"] else "",
                (r["standard"].updated_by.display_name if r["standard"].updated_by else "")
                if r["standard"]
                else "",
                _dt(r["standard"].updated_at) if r["standard"] else "",
            ]
            for r in rows
        ),
    )
