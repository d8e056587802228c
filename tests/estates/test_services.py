"""Projects, houses and the customer archive (R-EST-1, R-EST-2, R-EST-5)."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from aftersales.core.errors import Conflict, Forbidden, Invalid, NotFound
from aftersales.core.models import AuditEntry
from aftersales.estates.models import Customer, House, Project
from aftersales.estates.selectors import customers_for, houses_for, projects_for
from aftersales.estates.services import (
    HouseLink,
    create_customer,
    create_project,
    initials_of,
    link_house,
    reveal_id_number,
    update_customer,
    update_house,
    update_project,
)
from tests.conftest import house, make_customer, make_house, make_user

pytestmark = pytest.mark.django_db

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17: str) -> str:
    """A resident ID number with its GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_1 = resident_id("11010519900101123")
ID_2 = resident_id("33010619851120004")


def wrong_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
        return repr(cursor.fetchall())


# --- projects --------------------------------------------------------------------------------


class TestProjects:
    def test_create_audited(self, admin):
        project = create_project(
            admin, code="LH-01", name=" 绿湖 ", city="杭州", delivered_on="2020-05-01"
        )
        assert project.name == "绿湖"
        assert project.delivered_on == dt.date(2020, 5, 1)
        entry = AuditEntry.objects.get(model="estates.Project", object_id=str(project.pk))
        assert entry.action == AuditEntry.Action.CREATE and entry.after["code"] == "LH-01"

    def test_duplicate_code_case_insensitive(self, admin, project_a):
        with pytest.raises(Conflict) as exc:
            create_project(admin, code="pa", name="重复")
        assert exc.value.status == 409
        assert exc.value.code == "duplicate"
        assert "code" in exc.value.fields
        assert Project.objects.filter(code__iexact="pa").count() == 1

    @pytest.mark.parametrize("code", ["", "有中文", "a b", "x" * 41, "a/b"])
    def test_bad_code(self, admin, code):
        with pytest.raises(Invalid) as exc:
            create_project(admin, code=code, name="名称")
        assert "code" in exc.value.fields

    def test_name_required(self, admin):
        with pytest.raises(Invalid) as exc:
            create_project(admin, code="X1", name="  ")
        assert exc.value.code == "required"

    def test_impossible_delivery_date(self, admin):
        with pytest.raises(Invalid) as exc:
            create_project(admin, code="X1", name="名称", delivered_on="2026-02-30")
        assert "delivered_on" in exc.value.fields

    def test_agent_may_not(self, agent_a):
        with pytest.raises(Forbidden):
            create_project(agent_a, code="X1", name="名称")
        assert not Project.objects.filter(code="X1").exists()

    def test_update_audits_the_diff(self, admin, project_a):
        update_project(admin, project_a, name="翠湖花园二期", city="杭州")
        entry = AuditEntry.objects.filter(
            model="estates.Project", action=AuditEntry.Action.UPDATE
        ).get()
        assert entry.before["name"] == "翠湖花园"
        assert entry.after["name"] == "翠湖花园二期"
        assert "city" not in entry.after  # unchanged fields are left out


# --- houses ----------------------------------------------------------------------------------


class TestHouses:
    def test_label_floor_and_area(self, admin, project_a):
        home = make_house(admin, project_a, "3-2-1501", area="89.456")
        assert home.label == "3-2-1501"
        assert home.floor == 15
        assert home.area == Decimal("89.46")
        assert home.building.name == "3"
        assert home.building.project == project_a
        assert str(home) == "翠湖花园 3-2-1501"

    def test_numbers_from_a_spreadsheet(self, admin, project_a):
        from aftersales.estates.services import create_house

        home = create_house(
            admin,
            project=project_a,
            building=7.0,
            unit=1,
            room=302.0,
            delivered_on=dt.date(2022, 1, 1),
        )
        assert home.label == "7-1-302"

    def test_duplicate(self, admin, project_a):
        with pytest.raises(Conflict) as exc:
            make_house(admin, project_a, "3-2-1201")
        assert exc.value.code == "duplicate"
        assert project_a.houses.filter(label="3-2-1201").count() == 1

    def test_same_label_in_another_project_is_fine(self, admin, project_a, project_b):
        assert make_house(admin, project_b, "3-2-1201").project == project_b

    @pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "yesterday", "20260101x"])
    def test_impossible_date(self, admin, project_a, value):
        with pytest.raises(Invalid) as exc:
            make_house(admin, project_a, "8-1-101", delivered_on=value)
        assert "delivered_on" in exc.value.fields
        assert not House.objects.filter(label="8-1-101").exists()

    def test_delivery_date_required(self, admin, project_a):
        with pytest.raises(Invalid) as exc:
            make_house(admin, project_a, "8-1-101", delivered_on=None)
        assert exc.value.code == "required"

    def test_delivery_date_plausible(self, admin, project_a):
        with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False):
            with pytest.raises(Invalid):
                make_house(admin, project_a, "8-1-101", delivered_on="2031-01-01")
            with pytest.raises(Invalid):
                make_house(admin, project_a, "8-1-102", delivered_on="1979-12-31")
            assert make_house(
                admin, project_a, "8-1-103", delivered_on="2027/06/30"
            ).delivered_on == dt.date(2027, 6, 30)

    @pytest.mark.parametrize("area", ["abc", "0", 0, "-5", "100000", "1e9", "Infinity", "NaN"])
    def test_bad_area(self, admin, project_a, area):
        with pytest.raises(Invalid) as exc:
            make_house(admin, project_a, "8-1-101", area=area)
        assert "area" in exc.value.fields
        assert not House.objects.filter(label="8-1-101").exists()

    @pytest.mark.parametrize("label", ["3-2-12 01", "3-2-", "3-#-1201"])
    def test_bad_parts(self, admin, project_a, label):
        with pytest.raises(Invalid):
            make_house(admin, project_a, label)

    def test_unknown_status(self, admin, project_a):
        with pytest.raises(Invalid) as exc:
            make_house(admin, project_a, "8-1-101", status="demolished")
        assert "status" in exc.value.fields

    def test_chinese_choice_labels_accepted(self, admin, project_a):
        home = make_house(admin, project_a, "8-1-101", finish="精装", status="已入住")
        assert (home.finish, home.status) == ("fitted", "occupied")

    def test_agent_may_not(self, agent_a, project_a):
        with pytest.raises(Forbidden):
            make_house(agent_a, project_a, "8-1-101")

    def test_clerk_of_another_project_gets_not_found(self, project_a, project_b):
        clerk_b = make_user("clerk_b", ["clerk"], [project_b])
        with pytest.raises(NotFound):
            make_house(clerk_b, project_a, "8-1-101")
        assert make_house(clerk_b, project_b, "8-1-101").project == project_b

    def test_update(self, admin, house_a):
        update_house(admin, house_a, area="100.5", status="occupied")
        house_a.refresh_from_db()
        assert house_a.area == Decimal("100.50") and house_a.status == "occupied"
        with pytest.raises(Invalid):
            update_house(admin, house_a, area="-1")
        with pytest.raises(Invalid):
            update_house(admin, house_a, delivered_on="")

    @pytest.mark.parametrize("value", ["1979-12-31", "2031-01-01", "1900-01-01"])
    def test_update_checks_the_delivery_date_like_create(self, admin, house_a, value):
        now = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
        with time_machine.travel(now, tick=False), pytest.raises(Invalid) as exc:
            update_house(admin, house_a, delivered_on=value)
        assert "delivered_on" in exc.value.fields
        house_a.refresh_from_db()
        assert house_a.delivered_on == dt.date(2021, 6, 30)


# --- customers -------------------------------------------------------------------------------


class TestCustomers:
    def test_phone_normalised_and_initials(self, admin, house_a):
        customer = make_customer(admin, "欧阳娜娜", "+86 138 0013 8000", [house_a])
        assert customer.phone == "13800138000"
        assert customer.initials == "oynn"
        assert list(customer.houses.all()) == [house_a]

    def test_landline_accepted(self, admin):
        assert make_customer(admin, "赵六", "0571-87654321").phone in (
            "0571-87654321",
            "057187654321",
        )

    def test_one_number_one_stored_form(self):
        from aftersales.estates.services import normalise_phone

        forms = {
            normalise_phone(v)
            for v in ("0571-87654321", "057187654321", "0571 8765 4321", "(0571)87654321")
        }
        assert len(forms) == 1, forms
        assert (
            len({normalise_phone(v) for v in ("13800138000", "+86 138 0013 8000", "138 0013 8000")})
            == 1
        )

    @pytest.mark.parametrize(
        "phone", ["", "12345", "1380013800", "23800138000", "138-0013-8000x", "电话"]
    )
    def test_invalid_phone(self, admin, phone):
        with pytest.raises(Invalid) as exc:
            make_customer(admin, "赵六", phone)
        assert "phone" in exc.value.fields
        assert not Customer.objects.filter(name="赵六").exists()

    def test_invalid_second_phone(self, admin):
        with pytest.raises(Invalid) as exc:
            make_customer(admin, "赵六", "13800138000", phone2="999")
        assert "phone2" in exc.value.fields

    def test_name_required(self, admin):
        with pytest.raises(Invalid) as exc:
            make_customer(admin, " ", "13800138000")
        assert "name" in exc.value.fields

    @pytest.mark.parametrize(
        "number",
        [
            wrong_check(ID_1),  # bad check digit
            ID_1[:-1],  # 17 characters
            ID_1 + "1",  # 19 characters
            "11010519900231123X",  # 31 February
            "A1010519900101123X",
        ],
    )
    def test_invalid_resident_id(self, admin, number):
        with pytest.raises(Invalid) as exc:
            make_customer(admin, "赵六", "13800138000", id_type="id_card", id_number=number)
        assert "id_number" in exc.value.fields
        assert not Customer.objects.filter(name="赵六").exists()

    def test_id_number_encrypted_at_rest_and_masked(self, admin):
        customer = make_customer(admin, "赵六", "13800138000", id_type="id_card", id_number=ID_1)
        customer.refresh_from_db()
        assert customer.id_number_masked == ID_1[:3] + "*" * 11 + ID_1[-4:]
        assert ID_1 not in customer.id_number_encrypted
        assert ID_1 not in raw_rows("estates_customer")
        assert ID_1[6:14] not in raw_rows("estates_customer")  # not even the birth date part
        assert ID_1 not in raw_rows("core_auditentry")

    def test_lower_case_x_check_digit(self, admin):
        candidates = (resident_id(f"11010519900101{n:03d}") for n in range(1000))
        number = next(c for c in candidates if c.endswith("X"))
        customer = make_customer(admin, "赵六", "13800138000", id_number=number.lower())
        assert customer.id_type == "id_card"
        assert reveal_id_number(admin, customer) == number

    def test_passport(self, admin):
        customer = make_customer(
            admin, "Smith", "13800138000", id_type="passport", id_number="e1234567"
        )
        assert customer.id_number_masked == "E12*4567"
        with pytest.raises(Invalid):
            make_customer(admin, "Jones", "13800138001", id_type="passport", id_number="#")

    def test_unknown_id_type(self, admin):
        with pytest.raises(Invalid) as exc:
            make_customer(admin, "赵六", "13800138000", id_type="bogus")
        assert "id_type" in exc.value.fields
        with pytest.raises(Invalid):
            make_customer(admin, "赵六", "13800138000", id_type="bogus", id_number="E1234567")
        assert not Customer.objects.filter(name="赵六").exists()

    def test_changing_only_the_id_type_keeps_the_number(self, admin):
        customer = make_customer(admin, "赵六", "13800138000", id_type="id_card", id_number=ID_1)
        with contextlib.suppress(Invalid):  # refusing the change is fine too
            update_customer(admin, customer, id_type="passport")
        customer.refresh_from_db()
        assert reveal_id_number(admin, customer) == ID_1
        assert customer.id_number_masked

    def test_duplicate_id_number(self, admin):
        make_customer(admin, "赵六", "13800138000", id_number=ID_1)
        with pytest.raises(Conflict) as exc:
            make_customer(admin, "赵六六", "13800138001", id_number=ID_1)
        assert "id_number" in exc.value.fields
        other = make_customer(admin, "钱七", "13800138002", id_number=ID_2)
        with pytest.raises(Conflict):
            update_customer(admin, other, id_number=ID_1)

    def test_reveal_is_audited(self, manager, admin):
        customer = make_customer(admin, "赵六", "13800138000", id_number=ID_1)
        assert reveal_id_number(manager, customer) == ID_1
        entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
        assert entry.actor == manager
        assert entry.model == "estates.Customer" and entry.object_id == str(customer.pk)
        assert ID_1 not in repr((entry.before, entry.after, entry.note))

    def test_agent_may_not_reveal(self, agent_a, admin):
        customer = make_customer(admin, "赵六", "13800138000", id_number=ID_1)
        with pytest.raises(Forbidden):
            reveal_id_number(agent_a, customer)
        assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()

    def test_house_out_of_scope_refused(self, agent_b, house_a):
        with pytest.raises(NotFound):
            create_customer(
                agent_b, name="赵六", phone="13800138000", houses=[HouseLink(house=house_a)]
            )
        assert not Customer.objects.filter(name="赵六").exists()

    def test_unknown_house_role(self, admin, house_a):
        with pytest.raises(Invalid):
            create_customer(
                admin, name="赵六", phone="13800138000", houses=[HouseLink(house_a, role="pet")]
            )

    def test_link_twice_refused(self, admin, customer_a, house_a):
        with pytest.raises(Conflict):
            link_house(admin, customer_a, HouseLink(house=house_a, role="owner"))
        link_house(admin, customer_a, HouseLink(house=house_a, role="tenant"))
        assert customer_a.house_links.count() == 2

    def test_technician_may_not_create(self, technician):
        with pytest.raises(Forbidden):
            make_customer(technician, "赵六", "13800138000")

    def test_update_audited(self, admin, customer_a):
        update_customer(admin, customer_a, name="张伟伟", birthday="1990-01-01")
        customer_a.refresh_from_db()
        assert customer_a.initials == "zww"
        entry = AuditEntry.objects.get(model="estates.Customer", action=AuditEntry.Action.UPDATE)
        assert entry.before["name"] == "张伟" and entry.after["name"] == "张伟伟"

    def test_implausible_birthday(self, admin, customer_a):
        with pytest.raises(Invalid):
            update_customer(admin, customer_a, birthday="1899-12-31")
        with pytest.raises(Invalid):
            update_customer(admin, customer_a, birthday="2026-02-30")


# --- search ----------------------------------------------------------------------------------


class TestSearch:
    def test_initials(self):
        assert initials_of("张伟") == "zw"
        assert initials_of("李娜") == "ln"
        assert initials_of("欧阳娜娜") == "oynn"

    @pytest.mark.parametrize(
        ("name", "initials"), [("曾伟", "zw"), ("单丽", "sl"), ("仇明", "qm"), ("解晓东", "xxd")]
    )
    def test_surnames_read_as_surnames(self, admin, name, initials):
        # 曾 zēng, 单 shàn, 仇 qiú, 解 xiè when they are surnames: agents type what they hear.
        customer = make_customer(admin, name, "13800138000")
        assert customer.pk in [c.pk for c in customers_for(admin, q=initials)]

    @pytest.mark.parametrize("q", ["zw", "ZW", "z", "张伟", "张"])
    def test_customer_by_name_or_initials(self, admin, project_a, q):
        assert "张伟" in [c.name for c in customers_for(admin, q=q)]

    def test_initials_do_not_match_others(self, admin, project_a, project_b):
        assert [c.name for c in customers_for(admin, q="zw")] == ["张伟"]

    @pytest.mark.parametrize("q", ["13800000001", "0001", "800000001"])
    def test_customer_by_phone(self, admin, project_a, q):
        assert [c.name for c in customers_for(admin, q=q)] == ["张伟"]

    def test_customer_by_exact_phone_filter(self, admin, project_a):
        assert [c.name for c in customers_for(admin, phone="13800000002")] == ["李娜"]
        assert not customers_for(admin, phone="1380000000").exists()

    def test_customer_by_house_label(self, admin, project_a, project_b):
        assert [c.name for c in customers_for(admin, q="3-2-1202")] == ["李娜"]
        assert [c.name for c in customers_for(admin, q="1-1-101")] == ["王芳"]

    def test_customer_filters(self, admin, project_a, project_b, house_a):
        assert {c.name for c in customers_for(admin, project=project_a.pk)} == {"张伟", "李娜"}
        assert [c.name for c in customers_for(admin, house=house_a.pk)] == ["张伟"]

    def test_houses_by_label(self, admin, project_a, project_b):
        assert [h.label for h in houses_for(admin, q="3-2-1201")] == ["3-2-1201"]
        assert [h.label for h in houses_for(admin, q="1201")] == ["3-2-1201"]
        assert [h.label for h in houses_for(admin, q="3-2")] == ["3-2-1201", "3-2-1202"]

    def test_houses_by_owner(self, admin, project_a, project_b):
        assert [h.label for h in houses_for(admin, q="zw")] == ["3-2-1201"]
        assert [h.label for h in houses_for(admin, q="王芳")] == ["1-1-101"]
        assert [h.label for h in houses_for(admin, q="13900000003")] == ["1-1-101"]

    def test_house_filters(self, admin, project_a, project_b, customer_a):
        assert houses_for(admin, project=project_a.pk).count() == 3
        assert [h.label for h in houses_for(admin, building="5")] == ["5-1-301"]
        assert [h.label for h in houses_for(admin, customer=customer_a.pk)] == ["3-2-1201"]

    def test_search_respects_scope(self, agent_b, project_a, project_b):
        assert not customers_for(agent_b, q="zw").exists()
        assert not houses_for(agent_b, q="3-2-1201").exists()
        assert [p.code for p in projects_for(agent_b)] == ["PB"]

    def test_projects_search(self, admin, project_a, project_b):
        assert [p.code for p in projects_for(admin, q="苏州")] == ["PB"]
        assert [p.code for p in projects_for(admin, q="pa")] == ["PA"]
        assert [p.code for p in projects_for(admin)] == ["PA", "PB"]

    def test_owner_in_two_houses_listed_once(self, admin, project_a, customer_a):
        link_house(admin, customer_a, HouseLink(house=house(project_a, "5-1-301")))
        assert [c.name for c in customers_for(admin, project=project_a.pk, q="zw")] == ["张伟"]
