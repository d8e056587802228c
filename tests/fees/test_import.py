"""Import of payments from Excel: each row pays one bill with the desk's rules; refused rows
are reported with their row number; a dry run pays nothing and uses no receipt number."""

import io

import pytest
from openpyxl import Workbook

from aftersales.core.errors import Invalid
from aftersales.fees import imports, services
from aftersales.fees.models import Bill


def workbook(rows, header=imports.HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def billed(admin, priced):
    services.bill_project(admin, priced, period="2026-09")
    return priced


ROWS = [
    ["PA", "3-2-1201", "2026-09", "210.33", "银行转账", "B001", "2026-10-05 10:00"],
    ["PA", "3-2-1202", "2026-09", "100.00", "transfer", "B002", None],  # wrong amount
    ["PA", "9-9-999", "2026-09", "1.00", "cash", "", None],  # no such house
    ["PB", "1-1-101", "2026-09", "1.00", "cash", "", None],  # another project, out of scope
    ["PA", "3-2-1202", "2026-08", "282.00", "cash", "", None],  # no bill that month
    ["PA", "3-2-1202", "2026-09", "282.00", "支票", "", None],  # unknown method
]


def test_dry_run_pays_nothing(cashier, billed, project_b):
    result = imports.import_payments(cashier, workbook(ROWS), dry_run=True)
    assert result.rows == 6 and result.paid == 1
    assert [e["row"] for e in result.errors] == [3, 4, 5, 6, 7]
    assert not Bill.objects.filter(status="paid").exists()


def test_import_pays_good_rows_and_reports_the_others(cashier, billed, project_b):
    result = imports.import_payments(cashier, workbook(ROWS), dry_run=False)
    assert result.paid == 1 and result.receipts == ["PA-SJ-000001"]
    assert "282.00" in result.errors[0]["message"]
    paid = Bill.objects.get(status="paid")
    assert paid.method == "transfer" and paid.reference == "B001"
    again = imports.import_payments(cashier, workbook(ROWS[:1]), dry_run=False)
    assert again.paid == 0 and "缴清" in again.errors[0]["message"]


def test_wrong_header_or_file_is_refused(cashier, billed):
    with pytest.raises(Invalid):
        imports.import_payments(cashier, workbook([], header=["a", "b"]), dry_run=True)
    with pytest.raises(Invalid):
        imports.import_payments(cashier, b"not a workbook", dry_run=True)
