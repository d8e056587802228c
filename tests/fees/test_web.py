"""The fees screens: lists, the desk, the receipt, arrears with the action form, standards,
collections, the import page, exports, and the sections of the customer and house pages."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from aftersales.fees import services
from aftersales.fees.models import ArrearsAction, Bill, Collection, FeeStandard

SH = ZoneInfo("Asia/Shanghai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(cashier):
    return login(cashier)


def test_pay_at_the_desk_and_print_the_receipt(desk, bill_a):
    page = desk.get(reverse("fees:bill_detail", args=[bill_a.pk]))
    assert page.status_code == 200 and "前台收款" in page.content.decode()
    wrong = desk.post(reverse("fees:bill_pay", args=[bill_a.pk]), {"amount": "1", "method": "cash"})
    assert wrong.status_code == 200 and "210.33" in wrong.content.decode()
    done = desk.post(
        reverse("fees:bill_pay", args=[bill_a.pk]), {"amount": "210.33", "method": "card"}
    )
    assert done.status_code == 302
    bill = Bill.objects.get(pk=bill_a.pk)
    assert bill.receipt_number == "PA-SJ-000001"
    receipt = desk.get(reverse("fees:receipt", args=[bill_a.pk]))
    text = receipt.content.decode()
    assert "收款收据" in text and "PA-SJ-000001" in text and "贰佰壹拾元叁角叁分" in text
    assert "张伟" in text


def test_receipt_of_an_unpaid_bill_is_404(desk, bill_a):
    assert desk.get(reverse("fees:receipt", args=[bill_a.pk])).status_code == 404


def test_bill_list_run_and_export(desk, admin, priced):
    boss = login(admin)
    response = boss.post(reverse("fees:billing_run"), {"project": priced.pk, "period": "2026-09"})
    assert response.status_code == 302
    assert Bill.objects.filter(project=priced).count() == 2
    page = desk.get(reverse("fees:bills"), {"project": priced.pk, "status": "unpaid"})
    assert page.status_code == 200 and "3-2-1202" in page.content.decode()
    export = desk.get(reverse("fees:bills"), {"project": priced.pk, "export": "xlsx"})
    assert export["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 3 and sheet["A1"].value == "项目"


def test_single_bill_and_its_refusals_on_the_page(admin, priced, house_a):
    boss = login(admin)
    r = boss.post(reverse("fees:bill_create"), {"house": house_a.pk, "period": "2026-09"})
    assert r.status_code == 302
    again = boss.post(
        reverse("fees:bill_create"), {"house": house_a.pk, "period": "2026-09"}, follow=True
    )
    assert "已有 2026-09 的账单" in again.content.decode()


def test_arrears_page_and_action_form(cashier, admin, priced, house_a):
    for period in ["2026-09", "2026-10", "2026-11"]:
        services.create_bill(admin, house_a, period=period)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=SH), tick=False):
        desk = login(cashier)  # a session opened on that day
        page = desk.get(reverse("fees:arrears"), {"project": priced.pk})
        text = page.content.decode()
        assert "3-2-1201" in text and "应发催缴函" in text and "张伟" in text
        refused = desk.post(
            reverse("fees:action_create"),
            {"house": house_a.pk, "step": "demand_letter", "next": "/fees/arrears/"},
            follow=True,
        )
        assert "快递单号" in refused.content.decode()
        assert not ArrearsAction.objects.exists()
        desk.post(
            reverse("fees:action_create"),
            {"house": house_a.pk, "step": "demand_letter", "tracking_number": "SF9"},
        )
        assert ArrearsAction.objects.get().tracking_number == "SF9"
        export = desk.get(reverse("fees:arrears"), {"project": priced.pk, "export": "xlsx"})
        assert export["Content-Type"] == XLSX
    actions = desk.get(reverse("fees:actions"))
    assert "SF9" in actions.content.decode()
    assert desk.get(reverse("fees:actions"), {"export": "xlsx"})["Content-Type"] == XLSX


def test_standards_page(admin, project_a, agent_a):
    boss = login(admin)
    assert boss.get(reverse("fees:standards")).status_code == 200
    boss.post(reverse("fees:standards"), {"project": project_a.pk, "price_per_sqm": "2.80"})
    assert FeeStandard.objects.get(project=project_a).price_per_sqm == Decimal("2.80")
    export = boss.get(reverse("fees:standards"), {"export": "xlsx"})
    assert load_workbook(io.BytesIO(export.content)).active["C2"].value == 2.8
    bad = boss.post(reverse("fees:standards"), {"project": project_a.pk, "price_per_sqm": "-1"})
    assert bad.status_code == 200 and "金额" in bad.content.decode()
    agent = login(agent_a)
    assert (
        agent.post(
            reverse("fees:standards"), {"project": project_a.pk, "price_per_sqm": "1"}
        ).status_code
        == 403
    )


def test_collections_page(desk, house_a, priced):
    when = (dt.datetime.now(SH) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = desk.post(reverse("fees:collections"), {"house": house_a.pk, "scheduled_at": when})
    assert r.status_code == 302
    visit = Collection.objects.get()
    assert "3-2-1201" in desk.get(reverse("fees:collections")).content.decode()
    assert desk.get(reverse("fees:collections"), {"export": "xlsx"})["Content-Type"] == XLSX
    desk.post(reverse("fees:collection_done", args=[visit.pk]), {"outcome": "已收"})
    assert Collection.objects.get().status == "done"


def test_import_page(desk, admin, priced):
    from tests.fees.test_import import ROWS, workbook

    services.bill_project(admin, priced, period="2026-09")
    upload = SimpleUploadedFile("pay.xlsx", workbook(ROWS[:2]), content_type=XLSX)
    page = desk.post(reverse("fees:payment_import"), {"file": upload, "dry_run": ""})
    text = page.content.decode()
    assert "导入结果" in text and "282.00" in text
    assert Bill.objects.filter(status="paid").count() == 1
    assert desk.get(reverse("fees:payment_template"))["Content-Type"] == XLSX


def test_fee_status_on_the_customer_and_house_pages(desk, bill_a, customer_a, house_a):
    customer = desk.get(reverse("estates:customer_detail", args=[customer_a.pk])).content.decode()
    assert 'id="fees"' in customer and "2026-09" in customer
    house_page = desk.get(reverse("estates:house_detail", args=[house_a.pk])).content.decode()
    assert 'id="fees"' in house_page and "210.33" in house_page


def test_scope_and_roles_on_the_screens(bill_a, agent_b, owner, project_a):
    other = login(agent_b)
    assert other.get(reverse("fees:bill_detail", args=[bill_a.pk])).status_code == 404
    assert "3-2-1201" not in other.get(reverse("fees:bills")).content.decode()
    house = bill_a.house_id
    assert other.get(reverse("fees:bills"), {"house": house}).status_code == 404
    assert other.get(reverse("fees:collections"), {"house": house}).status_code == 404
    assert login(owner).get(reverse("fees:arrears")).status_code == 403
