"""Import of payments from Excel (R-SVC-6): the statements banks and the finance system export.

One sheet, a header row, then one payment per row:

    项目编码 | 房屋编号 | 账期 | 金额 | 缴费方式 | 交易流水号 | 缴费时间

Each row pays one bill through :func:`aftersales.fees.services.pay_bill` (the same rules as
the desk: the amount must equal the bill, a paid bill is not paid twice; a receipt number per
payment) in its own savepoint, so one bad row does not stop the others; every refused row is
reported with its number and the reason. A dry run does the same inside a transaction that is
rolled back: nothing is paid and no receipt number is used up.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from aftersales.core import bounds, excel, scoping
from aftersales.core.errors import DomainError, field_error
from aftersales.core.permissions import require
from aftersales.estates.models import House
from aftersales.fees import services
from aftersales.fees.choices import PaymentMethod
from aftersales.fees.models import Bill

HEADER = ["项目编码", "房屋编号", "账期", "金额", "缴费方式", "交易流水号", "缴费时间"]
MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024
_METHODS = {str(label): code for code, label in PaymentMethod.choices} | {
    code: code for code in PaymentMethod.values
}


@dataclass
class ImportResult:
    rows: int = 0
    paid: int = 0
    total: object = 0
    dry_run: bool = True
    errors: list[dict] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)


class _Rollback(Exception):
    pass


def template() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("缴费记录")
    sheet.append(excel.row(HEADER))
    sheet.append(excel.row(["PA", "3-2-1201", "2026-09", "268.50", "银行转账", "B20261005001", ""]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m")
    return str(value).strip()


def _paid_at(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    else:
        try:
            moment = timezone.make_aware(dt.datetime.fromisoformat(str(value).strip()))
        except ValueError as exc:
            raise field_error("paid_at", "缴费时间应为 YYYY-MM-DD HH:MM") from exc
    problem = bounds.OCCURRED.check_moment(moment, "缴费时间")
    if problem:
        raise field_error("paid_at", problem)
    return moment


def _rows(data: bytes):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the same answer
        raise field_error("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(v) for v in next(rows, ())]
    if header[: len(HEADER) - 1] != HEADER[:-1]:
        raise field_error("file", "表头应为：" + "、".join(HEADER) + "（可下载模板）")
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise field_error("file", f"一次最多导入 {MAX_ROWS} 行")
        values = list(values) + [None] * len(HEADER)
        if any(v not in (None, "") for v in values[: len(HEADER)]):
            yield number, values


def _pay_row(actor, values) -> Bill:
    code, label, period, amount, method, reference, paid_at = values[: len(HEADER)]
    house = (
        scoping.visible_to(House.objects.select_related("project"), actor)
        .filter(project__code=_cell(code), label=_cell(label))
        .first()
    )
    if house is None:
        raise field_error(
            "house", f"找不到房屋 {_cell(code)} {_cell(label)}（或不在您的数据范围内）"
        )
    first_day = services.parse_period(_cell(period))
    bill = Bill.objects.filter(house=house, period=first_day).first()
    if bill is None:
        raise field_error("period", f"房屋 {house.label} 没有 {first_day:%Y-%m} 的账单")
    method_code = _METHODS.get(_cell(method) or "transfer")
    if method_code is None:
        raise field_error("method", f"缴费方式“{_cell(method)}”无法识别")
    return services.pay_bill(
        actor,
        bill,
        amount=_cell(amount),
        method=method_code,
        reference=_cell(reference),
        paid_at=_paid_at(paid_at),
    )


def import_payments(actor, data: bytes, *, dry_run: bool = True) -> ImportResult:
    """Pay the bills listed in the workbook ``data``; see the module docstring."""
    require(actor, "fees.collect")
    if len(data) > MAX_BYTES:
        raise field_error("file", "文件不能超过 10 MB")
    result = ImportResult(dry_run=dry_run)
    total = 0
    try:
        with transaction.atomic():
            for number, values in _rows(data):
                result.rows += 1
                try:
                    with transaction.atomic():
                        bill = _pay_row(actor, values)
                except DomainError as exc:
                    result.errors.append({"row": number, "message": exc.detail})
                    continue
                result.paid += 1
                total += bill.amount
                result.receipts.append(bill.receipt_number)
            if dry_run:
                raise _Rollback
    except _Rollback:
        result.receipts = []
    result.total = total
    return result
