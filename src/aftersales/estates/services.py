"""Services of the estates domain: projects, houses, customers and warranty (R-EST, R-WAR).

Views and API handlers parse input and call these functions; every rule lives here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from aftersales.core import audit, pii, scoping
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.core.phones import LANDLINE_RE, MOBILE_RE, normalise_phone  # noqa: F401
from aftersales.estates.choices import Finish, HouseRole, HouseStatus, IdType, Segment
from aftersales.estates.models import (
    Building,
    Customer,
    CustomerHouse,
    House,
    Project,
    ProjectWarrantyTerm,
    PublicArea,
    WarrantyComponent,
)

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PART_RE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff]{1,20}$")


# --- small validators ------------------------------------------------------------------------


# Surnames read differently from the character's common reading (曾 zeng, not ceng).
_SURNAME_INITIALS = {
    "曾": "z",
    "单": "s",
    "仇": "q",
    "解": "x",
    "区": "o",
    "查": "z",
    "朴": "p",
    "盖": "g",
    "员": "y",
    "缪": "m",
    "乐": "y",
    "尉": "y",
    "种": "c",
    "繁": "p",
    "覃": "q",
    "召": "s",
    "宿": "s",
    "秘": "b",
    "黑": "h",
    "华": "h",
    "纪": "j",
    "任": "r",
    "燕": "y",
    "沈": "s",
    "葛": "g",
    "翟": "z",
    "瞿": "q",
    "祭": "z",
    "尉迟": "yc",
    "万俟": "mq",
    "长孙": "zs",
}


def initials_of(name: str) -> str:
    """Pinyin initials for search, e.g. 张伟 → zw, 曾伟 → zw (surnames read as surnames)."""
    name = (name or "").strip()
    head = ""
    for surname in sorted(_SURNAME_INITIALS, key=len, reverse=True):
        if name.startswith(surname):
            head, name = _SURNAME_INITIALS[surname], name[len(surname) :]
            break
    rest = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore"))
    return (head + rest).lower()[:60]


def _text(value: Any, field: str, label: str, max_len: int, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise field_error(field, f"{label}不能为空", code="required")
    if len(text) > max_len:
        raise field_error(field, f"{label}不能超过 {max_len} 个字符")
    return text


def _part(value: Any, field: str, label: str) -> str:
    text = _text(value, field, label, 20, required=True)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not PART_RE.match(text):
        raise field_error(field, f"{label}“{text}”只能包含数字、字母或汉字")
    return text


def _area(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        area = Decimal(str(value))
        if area.is_finite():
            area = area.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise field_error("area", f"面积“{value}”不是有效数字") from exc
    if not area.is_finite() or area <= 0 or area >= Decimal("100000"):
        raise field_error("area", "面积应大于 0 且小于 100000 平方米")
    return area


def _date(value: Any, field: str, label: str, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise field_error(field, f"{label}不能为空", code="required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError as exc:
        raise field_error(field, f"{label}“{value}”不是有效日期（YYYY-MM-DD）") from exc


def project_code(value: Any) -> str:
    """A project code: 1–40 letters, digits, underscores or hyphens."""
    code = _text(value, "code", "项目编码", 40, required=True)
    if not CODE_RE.match(code):
        raise field_error("code", "项目编码只能包含字母、数字、下划线和连字符")
    return code


def delivery_date(value: Any) -> dt.date:
    """A house's delivery date: required, from 1980 to three years ahead."""
    delivered = _date(value, "delivered_on", "交付日期", required=True)
    if delivered > timezone.localdate() + dt.timedelta(days=3 * 366):
        raise field_error("delivered_on", "交付日期不能晚于三年后")
    if delivered < dt.date(1980, 1, 1):
        raise field_error("delivered_on", "交付日期不能早于 1980 年")
    return delivered


def _choice(value: Any, field: str, label: str, choices) -> str:
    text = "" if value is None else str(value).strip()
    if text in choices.values:
        return text
    for code, name in choices.choices:
        if text == name:
            return code
    raise field_error(
        field, f"{label}“{text}”无效，可选：{'、'.join(str(n) for _, n in choices.choices)}"
    )


# --- projects --------------------------------------------------------------------------------


def _project_data(project: Project) -> dict:
    return audit.snapshot(project)


@transaction.atomic
def create_project(
    actor, *, code: str, name: str, city: str = "", address: str = "", delivered_on: Any = None
) -> Project:
    require(actor, "estates.manage")
    code = project_code(code)
    name = _text(name, "name", "项目名称", 100, required=True)
    if Project.objects.filter(code__iexact=code).exists():
        raise Conflict(
            f"项目编码“{code}”已存在", code="duplicate", fields={"code": ["项目编码已存在"]}
        )
    try:
        with transaction.atomic():
            project = Project.objects.create(
                code=code,
                name=name,
                city=_text(city, "city", "城市", 40),
                address=_text(address, "address", "地址", 200),
                delivered_on=_date(delivered_on, "delivered_on", "交付日期"),
            )
    except IntegrityError as exc:
        raise Conflict(
            f"项目编码“{code}”已存在", code="duplicate", fields={"code": ["项目编码已存在"]}
        ) from exc
    audit.record(actor, AuditEntry.Action.CREATE, project, after=_project_data(project))
    return project


@transaction.atomic
def update_project(actor, project: Project, **changes: Any) -> Project:
    require(actor, "estates.manage")
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = _project_data(project)
    if "name" in changes:
        project.name = _text(changes["name"], "name", "项目名称", 100, required=True)
    if "city" in changes:
        project.city = _text(changes["city"], "city", "城市", 40)
    if "address" in changes:
        project.address = _text(changes["address"], "address", "地址", 200)
    if "delivered_on" in changes:
        project.delivered_on = _date(changes["delivered_on"], "delivered_on", "交付日期")
    project.save()
    b, a = audit.diff(before, _project_data(project))
    if a:
        audit.record(actor, AuditEntry.Action.UPDATE, project, before=b, after=a)
    return project


def _check_project_in_scope(actor, project: Project) -> Project:
    if not scoping.visible_to(Project.objects.filter(pk=project.pk), actor).exists():
        raise NotFound("项目不存在或不在您的数据范围内", code="not_found")
    return project


# --- houses ----------------------------------------------------------------------------------


def get_or_create_building(project: Project, name: str) -> Building:
    building, _ = Building.objects.get_or_create(project=project, name=name)
    return building


@transaction.atomic
def create_house(
    actor,
    *,
    project: Project,
    building: Any,
    unit: Any,
    room: Any,
    delivered_on: Any,
    area: Any = None,
    unit_type: str = "",
    floor: Any = None,
    finish: str = Finish.BARE,
    status: str = HouseStatus.DELIVERED,
) -> House:
    require(actor, "estates.manage")
    _check_project_in_scope(actor, project)
    building_name = _part(building, "building", "楼栋")
    unit_name = _part(unit, "unit", "单元")
    room_name = _part(room, "room", "房号")
    delivered = delivery_date(delivered_on)
    b = get_or_create_building(project, building_name)
    if House.objects.filter(project=project, building=b, unit=unit_name, room=room_name).exists():
        label = House.make_label(building_name, unit_name, room_name)
        raise Conflict(f"房屋 {label} 已存在", code="duplicate", fields={"room": ["该房屋已存在"]})
    try:
        with transaction.atomic():
            house = House.objects.create(
                project=project,
                building=b,
                unit=unit_name,
                room=room_name,
                label=House.make_label(building_name, unit_name, room_name),
                floor=_floor(floor, room_name),
                area=_area(area),
                unit_type=_text(unit_type, "unit_type", "户型", 40),
                finish=_choice(finish or Finish.BARE, "finish", "装修标准", Finish),
                status=_choice(status or HouseStatus.DELIVERED, "status", "状态", HouseStatus),
                delivered_on=delivered,
            )
    except IntegrityError as exc:
        raise Conflict("房屋已存在", code="duplicate") from exc
    audit.record(actor, AuditEntry.Action.CREATE, house, after=audit.snapshot(house))
    return house


def _floor(value: Any, room: str) -> int | None:
    if value not in (None, ""):
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise field_error("floor", f"楼层“{value}”不是整数") from exc
    digits = re.sub(r"\D", "", room)
    return int(digits[:-2]) if len(digits) >= 3 else None


@transaction.atomic
def update_house(actor, house: House, **changes: Any) -> House:
    require(actor, "estates.manage")
    house = House.objects.select_for_update().get(pk=house.pk)
    before = audit.snapshot(house)
    if "area" in changes:
        house.area = _area(changes["area"])
    if "unit_type" in changes:
        house.unit_type = _text(changes["unit_type"], "unit_type", "户型", 40)
    if "finish" in changes:
        house.finish = _choice(changes["finish"], "finish", "装修标准", Finish)
    if "status" in changes:
        house.status = _choice(changes["status"], "status", "状态", HouseStatus)
    if "delivered_on" in changes:
        house.delivered_on = delivery_date(changes["delivered_on"])
    if "floor" in changes:
        house.floor = _floor(changes["floor"], house.room)
    house.save()
    b, a = audit.diff(before, audit.snapshot(house))
    if a:
        audit.record(actor, AuditEntry.Action.UPDATE, house, before=b, after=a)
    return house


@transaction.atomic
def set_house_status(actor, house: House, status: str) -> House:
    """A house's status changed by another domain's step (a renovation registered or
    finished, R-SVC-4). The caller has checked its own capability; the change is audited
    under ``actor`` like :func:`update_house`."""
    house = House.objects.select_for_update().get(pk=house.pk)
    before = audit.snapshot(house)
    house.status = _choice(status, "status", "状态", HouseStatus)
    house.save(update_fields=["status", "updated_at"])
    b, a = audit.diff(before, audit.snapshot(house))
    if a:
        audit.record(actor, AuditEntry.Action.UPDATE, house, before=b, after=a)
    return house


@transaction.atomic
def create_public_area(
    actor, *, project: Project, name: str, building: Building | None = None
) -> PublicArea:
    require(actor, "estates.manage")
    _check_project_in_scope(actor, project)
    name = _text(name, "name", "名称", 100, required=True)
    if PublicArea.objects.filter(project=project, name=name).exists():
        raise Conflict(f"公共区域“{name}”已存在", code="duplicate")
    area = PublicArea.objects.create(project=project, name=name, building=building)
    audit.record(actor, AuditEntry.Action.CREATE, area, after=audit.snapshot(area))
    return area


# --- customers -------------------------------------------------------------------------------


def _id_fields(id_type: str, id_number: str) -> dict:
    number = (id_number or "").strip().upper()
    if id_type:
        id_type = _choice(id_type, "id_type", "证件类型", IdType)
    if not number:
        return {
            "id_type": id_type or "",
            "id_number_encrypted": "",
            "id_number_hash": "",
            "id_number_masked": "",
            "id_birth_md": "",
        }
    id_type = id_type or IdType.RESIDENT_ID
    if id_type == IdType.RESIDENT_ID and not pii.valid_resident_id(number):
        raise field_error("id_number", "身份证号码无效（应为 18 位，校验位正确）")
    if id_type != IdType.RESIDENT_ID and not re.match(r"^[A-Z0-9-]{5,30}$", number):
        raise field_error("id_number", "证件号码格式无效")
    return {
        "id_type": id_type,
        "id_number_encrypted": pii.encrypt(number),
        "id_number_hash": pii.lookup_hash(number),
        "id_number_masked": pii.mask(number),
        "id_birth_md": birth_month_day(id_type, number),
    }


def id_birth_date(id_type: str, number: str) -> dt.date | None:
    """The date of birth in a resident ID number (digits 7–14); None for other documents or
    when they make no date."""
    if id_type != IdType.RESIDENT_ID or len(number) != 18 or not number[6:14].isdigit():
        return None
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def birth_month_day(id_type: str, number: str) -> str:
    """The month and day of birth ("MMDD") in a resident ID number; "" when there is none."""
    born = id_birth_date(id_type, number)
    return f"{born:%m%d}" if born else ""


@dataclass
class HouseLink:
    house: House
    role: str = HouseRole.OWNER
    since: dt.date | None = None
    contract_no: str = ""


def _customer_fields(
    data: dict[str, Any], *, partial: bool, current_number: str = ""
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial or "name" in data:
        out["name"] = _text(data.get("name"), "name", "姓名", 60, required=True)
        out["initials"] = initials_of(out["name"])
    if not partial or "phone" in data:
        out["phone"] = normalise_phone(data.get("phone"), "phone")
    if data.get("phone2"):
        out["phone2"] = normalise_phone(data["phone2"], "phone2")
    elif "phone2" in data:
        out["phone2"] = ""
    if "id_number" in data or "id_type" in data:
        number = data.get("id_number", current_number)
        out.update(_id_fields(data.get("id_type") or "", number or ""))
    if "birthday" in data:
        birthday = _date(data["birthday"], "birthday", "生日")
        if birthday and not dt.date(1900, 1, 1) <= birthday <= timezone.localdate():
            raise field_error("birthday", "生日不合理")
        out["birthday"] = birthday
    if "gender" in data:
        out["gender"] = data["gender"] or ""
        if out["gender"] not in ("", "male", "female"):
            raise field_error("gender", "性别应为 male 或 female")
    if "segment" in data:
        out["segment"] = (
            _choice(data["segment"], "segment", "客户分类", Segment) if data["segment"] else ""
        )
    for key, label, n in (("tags", "标签", 200), ("email", "邮箱", 254), ("note", "备注", 2000)):
        if key in data:
            out[key] = _text(data[key], key, label, n)
    if "preferred_channel" in data and data["preferred_channel"]:
        from aftersales.estates.choices import ContactChannel

        out["preferred_channel"] = _choice(
            data["preferred_channel"], "preferred_channel", "首选联系方式", ContactChannel
        )
    return out


@transaction.atomic
def create_customer(
    actor,
    *,
    houses: list[HouseLink] | None = None,
    same_phone_confirmed: bool = False,
    **data: Any,
) -> Customer:
    """A new customer. A phone number already on file (as a customer's phone or second phone,
    within the actor's scope) is refused with 409 ``duplicate_phone`` naming that customer: an
    agent who types a known number means the customer on file. ``same_phone_confirmed`` says
    the number really is shared by another person (a family member)."""
    require(actor, "customers.manage")
    fields = _customer_fields(data, partial=False)
    if not same_phone_confirmed:
        _refuse_known_phone(actor, fields["phone"])
    houses = houses or []
    for link in houses:
        if not scoping.visible_to(House.objects.filter(pk=link.house.pk), actor).exists():
            raise NotFound(
                "房屋不存在或不在您的数据范围内",
                code="not_found",
                fields={"houses": ["房屋不存在"]},
            )
        _choice(link.role, "houses", "身份", HouseRole)
    if (
        fields.get("id_number_hash")
        and Customer.objects.filter(id_number_hash=fields["id_number_hash"]).exists()
    ):
        raise Conflict(
            "该证件号码的客户已存在", code="duplicate", fields={"id_number": ["证件号码已存在"]}
        )
    customer = Customer.objects.create(**fields)
    for link in houses:
        CustomerHouse.objects.get_or_create(
            customer=customer,
            house=link.house,
            role=link.role,
            defaults={"since": link.since, "contract_no": link.contract_no},
        )
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        customer,
        after=audit.snapshot(customer)
        | {"houses": [[link.house.pk, link.role] for link in houses]},
    )
    return customer


def _refuse_known_phone(actor, phone: str) -> None:
    same = Q(phone=phone) | Q(phone2=phone)
    known = scoping.visible_to(Customer.objects.filter(same), actor).order_by("pk").first()
    if known is not None:
        message = (
            f"该号码已登记为客户“{known.name}”（编号 {known.pk}）；如确为另一位客户，请勾选确认"
        )
        raise Conflict(message, code="duplicate_phone", fields={"phone": [message]})


@transaction.atomic
def update_customer(actor, customer: Customer, **data: Any) -> Customer:
    require(actor, "customers.manage")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    before = audit.snapshot(customer)
    current = ""
    if "id_type" in data and "id_number" not in data:
        # Changing only the document type keeps (and re-checks) the stored number.
        current = pii.decrypt(customer.id_number_encrypted)
        data = data | {"id_type": data.get("id_type") or customer.id_type}
    fields = _customer_fields(data, partial=True, current_number=current)
    if (
        fields.get("id_number_hash")
        and Customer.objects.filter(id_number_hash=fields["id_number_hash"])
        .exclude(pk=customer.pk)
        .exists()
    ):
        raise Conflict(
            "该证件号码的客户已存在", code="duplicate", fields={"id_number": ["证件号码已存在"]}
        )
    for key, value in fields.items():
        setattr(customer, key, value)
    customer.save()
    b, a = audit.diff(before, audit.snapshot(customer))
    if a:
        audit.record(actor, AuditEntry.Action.UPDATE, customer, before=b, after=a)
    return customer


@transaction.atomic
def link_house(actor, customer: Customer, link: HouseLink) -> CustomerHouse:
    require(actor, "customers.manage")
    if not scoping.visible_to(House.objects.filter(pk=link.house.pk), actor).exists():
        raise NotFound("房屋不存在或不在您的数据范围内", code="not_found")
    role = _choice(link.role, "role", "身份", HouseRole)
    obj, created = CustomerHouse.objects.get_or_create(
        customer=customer,
        house=link.house,
        role=role,
        defaults={"since": link.since, "contract_no": link.contract_no},
    )
    if not created:
        raise Conflict("该客户与房屋的关系已存在", code="duplicate")
    audit.record(actor, AuditEntry.Action.CREATE, obj, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def unlink_house(actor, link: CustomerHouse) -> None:
    require(actor, "customers.manage")
    audit.record(actor, AuditEntry.Action.DELETE, link, before=audit.snapshot(link))
    link.delete()


def sync_has_house(customer_ids) -> int:
    """Set ``Customer.has_house`` of ``customer_ids`` from their house links (the data scope
    reads it). Called whenever links are written or removed: by the link and unlink services
    and the models' save/delete signals, and by the bulk writers (roster import, demo data,
    gen-data) that bypass them."""
    ids = sorted(set(customer_ids))
    linked = CustomerHouse.objects.filter(customer_id=OuterRef("pk"))
    changed = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        changed += Customer.objects.filter(pk__in=chunk).update(has_house=Exists(linked))
    return changed


def _link_saved(sender, instance: CustomerHouse, **kwargs) -> None:
    if not kwargs.get("raw"):
        sync_has_house([instance.customer_id])


def _link_deleted(sender, instance: CustomerHouse, **kwargs) -> None:
    sync_has_house([instance.customer_id])


post_save.connect(_link_saved, sender=CustomerHouse, dispatch_uid="estates.link_saved")
post_delete.connect(_link_deleted, sender=CustomerHouse, dispatch_uid="estates.link_deleted")


def record_archive_view(actor, customer: Customer, *, channel: str = "web") -> None:
    """Log a look-up of a customer's archive (借阅登记, R-EST-5)."""
    audit.record(actor, AuditEntry.Action.VIEW, customer, note=f"查阅客户档案（{channel}）")


def reveal_id_number(actor, customer: Customer) -> str:
    """The full ID number, for roles allowed to see it; every reveal is audited (R-EST-5)."""
    require(actor, "customers.reveal_id")
    number = pii.decrypt(customer.id_number_encrypted)
    audit.record(actor, AuditEntry.Action.REVEAL, customer, note="查看完整证件号码")
    return number


# --- warranty --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarrantyStatus:
    """Whether one component of one house is under warranty on a date (R-WAR-1/2)."""

    component: str
    component_name: str
    in_warranty: bool
    months: int | None  # None: the structure's design life
    starts_on: dt.date | None
    expires_on: dt.date | None  # last day covered; None: no expiry


def warranty_months(project: Project, component: WarrantyComponent) -> int | None:
    term = ProjectWarrantyTerm.objects.filter(project=project, component=component).first()
    return term.months if term else component.months


def warranty_status(
    house: House, component_code: str, on_date: dt.date | None = None
) -> WarrantyStatus:
    """Answer "is component X of house H under warranty on date D, and until when"."""
    # One query: the component with the project's own term for it, if any (warranty_months).
    term = ProjectWarrantyTerm.objects.filter(
        project_id=house.project_id, component_id=OuterRef("pk")
    ).values("months")[:1]
    component = (
        WarrantyComponent.objects.filter(code=component_code)
        .annotate(project_months=Subquery(term))
        .first()
    )
    if component is None:
        raise field_error(
            "component", f"未知的保修部位“{component_code}”", code="unknown_component"
        )
    on_date = on_date or timezone.localdate()
    months = component.months if component.project_months is None else component.project_months
    start = house.delivered_on
    if start is None:
        return WarrantyStatus(component.code, component.name, False, months, None, None)
    expires = (
        None if months is None else start + relativedelta(months=months) - dt.timedelta(days=1)
    )
    in_warranty = start <= on_date and (expires is None or on_date <= expires)
    return WarrantyStatus(component.code, component.name, in_warranty, months, start, expires)


def house_warranty(house: House, on_date: dt.date | None = None) -> list[WarrantyStatus]:
    return [warranty_status(house, c.code, on_date) for c in WarrantyComponent.objects.all()]


@transaction.atomic
def set_project_warranty_term(
    actor, project: Project, component_code: str, months: Any
) -> ProjectWarrantyTerm:
    require(actor, "warranty.manage")
    _check_project_in_scope(actor, project)
    component = WarrantyComponent.objects.filter(code=component_code).first()
    if component is None:
        raise NotFound(f"未知的保修部位“{component_code}”", code="unknown_component")
    if isinstance(months, bool) or not isinstance(months, int):
        try:
            months = int(str(months))
        except ValueError as exc:
            raise field_error("months", "保修期应为整数月") from exc
    if months <= 0 or months > 1200:
        raise field_error("months", "保修期应在 1–1200 个月之间")
    if component.months is not None and months < component.months:
        raise field_error(
            "months",
            f"{component.name}的保修期不能短于国家最低标准 {component.months} 个月",
            code="below_minimum",
        )
    existing = (
        ProjectWarrantyTerm.objects.select_for_update()
        .filter(project=project, component=component)
        .first()
    )
    before = {"months": existing.months} if existing else None
    term, _ = ProjectWarrantyTerm.objects.update_or_create(
        project=project, component=component, defaults={"months": months}
    )
    audit.record(
        actor,
        AuditEntry.Action.UPDATE if existing else AuditEntry.Action.CREATE,
        term,
        before=before,
        after={"project": project.pk, "component": component.code, "months": months},
    )
    return term


@transaction.atomic
def update_warranty_component(
    actor, component: WarrantyComponent, *, months: Any, basis: str | None = None
) -> WarrantyComponent:
    require(actor, "warranty.manage")
    before = audit.snapshot(component)
    if months in (None, ""):
        component.months = None
    else:
        try:
            component.months = int(months)
        except (TypeError, ValueError) as exc:
            raise field_error("months", "保修期应为整数月") from exc
        if not 1 <= component.months <= 1200:
            raise field_error("months", "保修期应在 1–1200 个月之间")
    if basis is not None:
        component.basis = _text(basis, "basis", "依据", 200)
    component.save()
    b, a = audit.diff(before, audit.snapshot(component))
    if a:
        audit.record(actor, AuditEntry.Action.UPDATE, component, before=b, after=a)
    return component
