"""Demonstration data: two communities, about 2,000 houses with their customers, one login per role.

Registered as steps of ``aftersales demo`` (:mod:`aftersales.core.demo`) by the estates app:
the projects first, the staff and owner logins once the contractor companies exist, the list of
logins last. The data is deterministic (the same seed gives the same people,
phones and houses) and the generator is idempotent: a demo project that already exists is left
as it is, and so is a demo user that already exists. Small records (projects, public areas,
warranty terms, users) go through the domain services; the houses, customers and their links
are written in bulk so that the whole set loads in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from aftersales.accounts import services as account_services
from aftersales.accounts.choices import DepartmentCode as D
from aftersales.accounts.choices import RoleCode as R
from aftersales.accounts.models import User
from aftersales.core import audit, pii
from aftersales.core.demo import DEFAULT_SEED, DemoRun, Login
from aftersales.core.models import AuditEntry
from aftersales.estates import services
from aftersales.estates.choices import (
    ContactChannel,
    Finish,
    Gender,
    HouseRole,
    HouseStatus,
    IdType,
    Segment,
)
from aftersales.estates.models import Customer, CustomerHouse, House, Project

DEMO_PASSWORD = "demo1234!"


# --- what the two communities look like ------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """One flat position on a floor: room suffix, unit type and typical area."""

    suffix: str
    unit_type: str
    area: float


@dataclass(frozen=True)
class BuildingSpec:
    name: str
    floors: int
    units: int
    layouts: tuple[Layout, ...]


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    name: str
    city: str
    address: str
    delivered_on: dt.date
    finish: str
    buildings: tuple[BuildingSpec, ...]
    statuses: tuple[tuple[str, int], ...]
    segments: tuple[tuple[str, int], ...]
    id_regions: tuple[str, ...]
    landline_prefix: str
    sold_year: int
    public_areas: tuple[tuple[str, str | None], ...]
    warranty_terms: tuple[tuple[str, int], ...] = ()


_HIGH_2 = (Layout("01", "三室两厅两卫", 126.0), Layout("02", "四室两厅两卫", 143.0))
_VILLA_2 = (Layout("01", "四室两厅三卫", 168.0), Layout("02", "三室两厅两卫", 139.0))
_HIGH_3 = (
    Layout("01", "三室两厅两卫", 118.0),
    Layout("02", "两室两厅一卫", 89.0),
    Layout("03", "三室两厅一卫", 106.0),
)
_MID_2 = (Layout("01", "四室两厅两卫", 142.0), Layout("02", "三室两厅两卫", 125.0))

# Where ID cards were issued: mostly the city itself, then the province, then elsewhere.
_HANGZHOU = ("330102", "330105", "330106", "330108", "330109", "330110", "330110", "330106")
_ZHEJIANG = ("330302", "330602", "331002", "330402", "330781", "330502")
_SUZHOU = ("320505", "320506", "320507", "320508", "320509", "320506", "320505", "320571")
_JIANGSU = ("320583", "320581", "320102", "320211", "320682", "321002")
_ELSEWHERE = (
    "310104", "310115", "340104", "360102", "410105", "430104", "510104", "420106",
    "610113", "370102", "110105", "350203", "440305", "230103",
)  # fmt: skip

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        code="JYHY",
        name="锦园华庭",
        city="杭州",
        address="杭州市拱墅区丽水路 288 号",
        delivered_on=dt.date(2021, 6, 30),
        finish=Finish.BARE,
        buildings=tuple(
            BuildingSpec(str(n), floors, 2, _VILLA_2 if floors <= 11 else _HIGH_2)
            for n, floors in enumerate((18, 18, 26, 26, 32, 32, 18, 18, 26, 26, 11, 11), start=1)
        ),
        statuses=(
            (HouseStatus.OCCUPIED, 78),
            (HouseStatus.VACANT, 8),
            (HouseStatus.DELIVERED, 6),
            (HouseStatus.CUSTODIAL, 5),
            (HouseStatus.RENOVATING, 3),
        ),
        segments=((Segment.ESTABLISHED, 86), (Segment.VIP, 6), ("", 8)),
        id_regions=_HANGZHOU * 3 + _ZHEJIANG + _ELSEWHERE,
        landline_prefix="0571",
        sold_year=2019,
        public_areas=(
            ("东大门", None),
            ("南门岗亭", None),
            ("地下车库", None),
            ("中心花园", None),
            ("儿童游乐区", None),
            ("会所", None),
            ("1栋大堂", "1"),
            ("5栋电梯厅", "5"),
        ),
    ),
    ProjectSpec(
        code="LHYZ",
        name="澜湖雅筑",
        city="苏州",
        address="苏州市吴中区太湖东路 1199 号",
        delivered_on=dt.date(2025, 11, 28),
        finish=Finish.FITTED,
        buildings=tuple(
            BuildingSpec(str(n), floors, 2, _HIGH_3 if n <= 4 else _MID_2)
            for n, floors in enumerate((28, 28, 24, 24, 18, 18, 18, 18), start=1)
        ),
        statuses=(
            (HouseStatus.OCCUPIED, 38),
            (HouseStatus.DELIVERED, 30),
            (HouseStatus.RENOVATING, 12),
            (HouseStatus.CUSTODIAL, 10),
            (HouseStatus.VACANT, 7),
            (HouseStatus.UNSOLD, 3),
        ),
        segments=((Segment.NEW, 88), (Segment.VIP, 5), ("", 7)),
        id_regions=_SUZHOU * 3 + _JIANGSU + _ELSEWHERE,
        landline_prefix="0512",
        sold_year=2023,
        public_areas=(
            ("主入口", None),
            ("地下车库", None),
            ("湖景步道", None),
            ("泳池", None),
            ("3栋大堂", "3"),
        ),
        warranty_terms=(("leakage", 96), ("decoration", 36)),
    ),
)


# --- people ----------------------------------------------------------------------------------

# Common surnames, roughly by frequency (each repeated by its weight).
_SURNAMES = (
    "王" * 7 + "李" * 7 + "张" * 7 + "刘" * 5 + "陈" * 6 + "杨" * 3 + "黄" * 3 + "赵" * 2 + "吴" * 3
    + "周" * 3 + "徐" * 3 + "孙" * 2 + "马" * 2 + "朱" * 2 + "胡" * 2 + "郭" + "何" + "高" + "林" * 2
    + "罗" + "郑" + "梁" + "谢" + "宋" + "唐" + "许" + "韩" + "冯" + "邓" + "曹" + "彭" + "曾" + "肖"
    + "田" + "董" + "袁" + "潘" + "蒋" + "蔡" + "余" + "杜" + "叶" + "程" + "苏" + "魏" + "吕" + "丁"
    + "任" + "沈" * 2 + "姚" + "卢" + "姜" + "崔" + "钟" + "谭" + "陆" * 2 + "汪" + "范" + "金" + "石"
    + "廖" + "贾" + "夏" + "韦" + "方" + "邹" + "孟" + "熊" + "秦" + "江" + "尹" + "薛" + "段" + "雷"
    + "侯" + "龙" + "史" + "陶" + "顾" * 2 + "毛" + "郝" + "龚" + "邵" + "钱" + "严" + "戴" + "孔"
    + "汤" + "俞" + "倪" + "施" + "祝" + "楼" + "章"
)  # fmt: skip
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志文海峰晨"
_FEMALE = "芳娜敏静丽艳娟霞燕玲桂丹萍红玉兰琳雪梅莉婷慧颖倩洁佳琪欣怡雯月晓瑶蕾萱璐"
_MIDDLE_M = "志建国晓文俊家子明宏一思嘉浩天永"
_MIDDLE_F = "晓丽雨欣佳静思梦婉紫一秀春雅诗"

_TAGS = ("有车位", "养宠物", "老人同住", "有小孩", "二次置业", "投资房", "热心业主", "业委会成员",
         "对噪音敏感", "需上门预约", "外地工作", "装修监管")  # fmt: skip
_CHANNELS = ((ContactChannel.PHONE, 50), (ContactChannel.WECHAT, 30), (ContactChannel.SMS, 15),
             (ContactChannel.EMAIL, 5))  # fmt: skip
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class _Person:
    name: str
    gender: str
    birthday: dt.date


class _People:
    """Makes plausible, distinct people: names, mobile numbers and resident ID numbers."""

    def __init__(self, rng: random.Random, taken_phones: set[str]):
        self.rng, self.phones, self.ids = rng, taken_phones, set()

    def name(self, gender: str, surname: str | None = None) -> str:
        rng = self.rng
        if surname is None:
            surname = rng.choice(_COMPOUND_SURNAMES if rng.random() < 0.01 else _SURNAMES)
        last = rng.choice(_MALE if gender == Gender.MALE else _FEMALE)
        if rng.random() < 0.3:
            return surname + last
        middle = rng.choice(_MIDDLE_M if gender == Gender.MALE else _MIDDLE_F)
        return surname + middle + last

    def person(self, born_from: int, born_to: int, gender=None, surname=None) -> _Person:
        rng = self.rng
        gender = gender or rng.choice((Gender.MALE, Gender.FEMALE))
        start = dt.date(born_from, 1, 1).toordinal()
        birthday = dt.date.fromordinal(rng.randint(start, dt.date(born_to, 12, 31).toordinal()))
        return _Person(self.name(gender, surname), gender, birthday)

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def resident_id(self, region: str, person: _Person) -> str:
        """An 18-digit number with the region, birthday, sex digit and a valid check character."""
        while True:
            seq = self.rng.randrange(100)
            sex = self.rng.choice("13579" if person.gender == Gender.MALE else "02468")
            body = f"{region}{person.birthday:%Y%m%d}{seq:02d}{sex}"
            number = next(body + c for c in "0123456789X" if pii.valid_resident_id(body + c))
            if number not in self.ids:
                self.ids.add(number)
                return number

    def document(self, region: str, person: _Person, *, share: float) -> tuple[str, str]:
        """(id_type, number): a resident ID for most, passports or permits for some."""
        rng = self.rng
        roll = rng.random()
        if roll >= share:
            return "", ""
        if roll < share * 0.92:
            return IdType.RESIDENT_ID, self.resident_id(region, person)
        kind = _pick(rng, ((IdType.PASSPORT, 6), (IdType.HK_MACAO, 3), (IdType.TAIWAN, 1)))
        while True:
            prefix = {IdType.PASSPORT: "E", IdType.HK_MACAO: rng.choice("HM")}.get(kind, "")
            number = prefix + f"{rng.randrange(10**8):08d}"
            if number not in self.ids:
                self.ids.add(number)
                return kind, number


# --- the result ------------------------------------------------------------------------------


@dataclass
class DemoResult:
    created_projects: list[str] = field(default_factory=list)
    skipped_projects: list[str] = field(default_factory=list)
    houses: int = 0
    customers: int = 0
    created_users: list[str] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD


# --- staff ----------------------------------------------------------------------------------

# username, name, roles, department, project codes (empty = every project)
STAFF: tuple[tuple[str, str, tuple[str, ...], str | None, tuple[str, ...]], ...] = (
    ("admin", "周建国", (R.ADMIN,), D.CUSTOMER_SERVICE, ()),
    ("agent1", "陈晓燕", (R.AGENT,), D.SERVICE_OFFICE, ("JYHY",)),
    ("agent2", "沈佳怡", (R.AGENT,), D.SERVICE_OFFICE, ("LHYZ",)),
    ("supervisor", "王海涛", (R.SUPERVISOR,), D.SERVICE_OFFICE, ("JYHY",)),
    ("clerk", "李静", (R.CLERK,), D.CUSTOMER_SERVICE, ()),
    ("manager", "张志强", (R.SERVICE_MANAGER,), D.CUSTOMER_SERVICE, ()),
    ("engineer", "刘振华", (R.ENGINEER,), D.ENGINEERING, ()),
    ("teamlead", "赵大勇", (R.TEAM_LEAD,), D.MAINTENANCE, ("JYHY", "LHYZ")),
    ("tech1", "孙国平", (R.TECHNICIAN,), D.MAINTENANCE, ("JYHY",)),
    ("tech2", "钱立新", (R.TECHNICIAN,), D.MAINTENANCE, ("LHYZ",)),
    ("liaison", "吴丽萍", (R.PROPERTY_LIAISON,), D.PROPERTY, ("JYHY",)),
    ("analyst", "郑雨桐", (R.ANALYST,), D.CUSTOMER_SERVICE, ()),
    ("dce", "冯德明", (R.DEPUTY_CHIEF_ENGINEER,), D.ENGINEERING, ()),
    ("dgm", "何振东", (R.DEPUTY_GM,), D.MANAGEMENT, ()),
    ("gm", "许国栋", (R.GM,), D.MANAGEMENT, ()),
    ("auditor", "韩雪梅", (R.AUDITOR,), D.AUDIT, ()),
    ("finance", "杨帆", (R.FINANCE,), D.FINANCE, ()),
    ("contractor", "马建军（恒固防水）", (R.CONTRACTOR,), None, ()),
)
OWNER_USERNAME = "owner"
OWNER_HOUSE = ("JYHY", "3-1-1201")  # the owner login belongs to the owner of this house


# --- generator -------------------------------------------------------------------------------


class DemoGenerator:
    def __init__(self, seed: int = DEFAULT_SEED, stdout=None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.people = _People(self.rng, set(Customer.objects.values_list("phone", flat=True)))

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    def projects(self, admin: User, result: DemoResult) -> None:
        for spec in PROJECTS:
            if Project.objects.filter(code__iexact=spec.code).exists():
                result.skipped_projects.append(spec.code)
                continue
            # Each project draws from its own stream, so skipping one does not change the other.
            self.rng.seed(f"{self.seed}-{spec.code}")
            self._project(admin, spec, result)
            result.created_projects.append(spec.code)

    # projects, houses and customers

    def _project(self, admin: User, spec: ProjectSpec, result: DemoResult) -> None:
        project = services.create_project(
            admin,
            code=spec.code,
            name=spec.name,
            city=spec.city,
            address=spec.address,
            delivered_on=spec.delivered_on,
        )
        buildings = {
            b.name: services.get_or_create_building(project, b.name) for b in spec.buildings
        }
        for b in spec.buildings:
            buildings[b.name].floors = b.floors
            buildings[b.name].save(update_fields=["floors"])
        for name, building in spec.public_areas:
            services.create_public_area(
                admin,
                project=project,
                name=name,
                building=buildings[building] if building else None,
            )
        for component, months in spec.warranty_terms:
            services.set_project_warranty_term(admin, project, component, months)

        houses = House.objects.bulk_create(self._houses(spec, project, buildings), batch_size=500)
        customers, links = self._customers(spec, houses)
        Customer.objects.bulk_create(customers, batch_size=500)
        CustomerHouse.objects.bulk_create(
            [
                CustomerHouse(customer=c, house=h, role=role, since=since, contract_no=no)
                for c, h, role, since, no in links
            ],
            batch_size=1000,
        )
        services.sync_has_house(c.pk for c, *_rest in links)
        audit.record(
            admin,
            AuditEntry.Action.IMPORT,
            project,
            note=f"演示数据：{len(houses)} 套房屋，{len(customers)} 位客户",
        )
        result.houses += len(houses)
        result.customers += len(customers)
        self.say(f"  {spec.code} {spec.name}：{len(houses)} 套房屋，{len(customers)} 位客户")

    def _houses(self, spec: ProjectSpec, project: Project, buildings: dict) -> list[House]:
        rng, houses = self.rng, []
        for b in spec.buildings:
            # Each building has its own measured areas around the layout's typical one.
            areas = [Decimal(f"{x.area + rng.uniform(-4, 4):.2f}") for x in b.layouts]
            for unit, floor in (
                (u, f) for u in range(1, b.units + 1) for f in range(1, b.floors + 1)
            ):
                for layout, area in zip(b.layouts, areas, strict=True):
                    room = f"{floor}{layout.suffix}"
                    late = rng.random() < 0.12  # handed over some weeks after the project date
                    houses.append(
                        House(
                            project=project,
                            building=buildings[b.name],
                            unit=str(unit),
                            room=room,
                            label=House.make_label(b.name, str(unit), room),
                            floor=floor,
                            area=area,
                            unit_type=layout.unit_type,
                            finish=spec.finish,
                            status=_pick(rng, spec.statuses),
                            delivered_on=spec.delivered_on
                            + dt.timedelta(days=rng.randint(1, 120) if late else 0),
                        )
                    )
        return houses

    def _customer(
        self,
        spec: ProjectSpec,
        person: _Person,
        *,
        segment: str,
        id_share: float,
        tags: bool = True,
    ) -> Customer:
        rng = self.people.rng
        region = rng.choice(spec.id_regions)
        id_type, number = self.people.document(region, person, share=id_share)
        channel = _pick(rng, _CHANNELS)
        phone = self.people.mobile()
        initials = services.initials_of(person.name)
        return Customer(
            name=person.name,
            initials=initials,
            phone=phone,
            phone2=(
                f"{spec.landline_prefix}-{rng.randint(8100, 8999)}{rng.randrange(10**4):04d}"
                if rng.random() < 0.08
                else ""
            ),
            birthday=person.birthday,
            gender=person.gender,
            segment=segment,
            tags=",".join(rng.sample(_TAGS, rng.choice((0, 0, 0, 1, 1, 2)))) if tags else "",
            preferred_channel=channel,
            email=f"{initials}{phone[-4:]}@example.com" if channel == ContactChannel.EMAIL else "",
            **services._id_fields(id_type, number),
        )

    def _customers(self, spec: ProjectSpec, houses: list[House]):
        rng = self.rng
        customers: list[Customer] = []
        links: list[tuple[Customer, House, str, dt.date | None, str]] = []
        owners: list[Customer] = []
        contract = 0
        for house in houses:
            if house.status == HouseStatus.UNSOLD:
                continue
            contract += 1
            contract_no = f"{spec.code}-{spec.sold_year}-{contract:05d}"
            # A few investors own more than one house in the community.
            if (
                owners
                and house.status in (HouseStatus.VACANT, HouseStatus.CUSTODIAL)
                and (rng.random() < 0.15)
            ):
                owner = rng.choice(owners)
                links.append((owner, house, HouseRole.OWNER, house.delivered_on, contract_no))
                continue
            person = self.people.person(1955, 1996)
            owner = self._customer(spec, person, segment=_pick(rng, spec.segments), id_share=0.97)
            customers.append(owner)
            owners.append(owner)
            links.append((owner, house, HouseRole.OWNER, house.delivered_on, contract_no))
            if rng.random() < 0.35:  # spouse on the title deed
                spouse_gender = Gender.FEMALE if person.gender == Gender.MALE else Gender.MALE
                year = min(max(person.birthday.year + rng.randint(-4, 4), 1950), 1998)
                spouse = self._customer(
                    spec,
                    self.people.person(year, year, spouse_gender),
                    segment="",
                    id_share=0.9,
                    tags=False,
                )
                customers.append(spouse)
                links.append((spouse, house, HouseRole.CO_OWNER, house.delivered_on, contract_no))
            if house.status == HouseStatus.OCCUPIED and rng.random() < 0.12:
                # A grown-up child or a parent living with the owner.
                surname = person.name[0] if person.gender == Gender.MALE else None
                if rng.random() < 0.6:
                    year = min(person.birthday.year + rng.randint(24, 32), 2006)
                    member = self.people.person(year, year, surname=surname)
                else:
                    year = max(person.birthday.year - rng.randint(24, 30), 1935)
                    member = self.people.person(year, year)
                family = self._customer(spec, member, segment="", id_share=0.6, tags=False)
                customers.append(family)
                links.append((family, house, HouseRole.FAMILY, None, ""))
            if house.status == HouseStatus.OCCUPIED and rng.random() < 0.09:
                tenant = self._customer(
                    spec, self.people.person(1975, 2002), segment="", id_share=0.5, tags=False
                )
                since = house.delivered_on + dt.timedelta(days=rng.randint(90, 900))
                customers.append(tenant)
                links.append(
                    (tenant, house, HouseRole.TENANT, min(since, dt.date(2026, 10, 1)), "")
                )
        return customers, links

    # users

    def _admin(self, result: DemoResult) -> User:
        admin = User.objects.filter(username__iexact="admin").first()
        if admin is None:
            username, name, roles, department, _ = STAFF[0]
            admin = account_services.create_user(
                None,
                username=username,
                password=DEMO_PASSWORD,
                roles=list(roles),
                name=name,
                department=department,
                phone="13800000001",
            )
            # The demo administrator may also use Django's own admin site.
            admin.is_staff = True
            admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
            result.created_users.append(username)
        return admin

    def _staff(self, admin: User, result: DemoResult, contractor=None) -> None:
        codes = dict(Project.objects.values_list("code", "id"))
        for i, (username, name, roles, department, scope) in enumerate(STAFF[1:], start=2):
            if User.objects.filter(username__iexact=username).exists():
                continue
            account_services.create_user(
                admin,
                username=username,
                password=DEMO_PASSWORD,
                roles=list(roles),
                name=name,
                department=department,
                projects=[codes[c] for c in scope if c in codes],
                phone=f"138000000{i:02d}",
                contractor=contractor.pk if R.CONTRACTOR in roles and contractor else None,
            )
            result.created_users.append(username)

    def _owner_login(self, admin: User, result: DemoResult) -> None:
        if User.objects.filter(username__iexact=OWNER_USERNAME).exists():
            return
        code, label = OWNER_HOUSE
        link = (
            CustomerHouse.objects.select_related("customer")
            .filter(house__project__code=code, house__label=label, role=HouseRole.OWNER)
            .first()
        )
        if link is None:
            return
        account_services.create_user(
            admin,
            username=OWNER_USERNAME,
            password=DEMO_PASSWORD,
            roles=[R.OWNER],
            name=link.customer.name,
            phone=link.customer.phone,
            customer=link.customer,
        )
        result.created_users.append(OWNER_USERNAME)

    def _logins(self) -> list[Login]:
        names = [s[0] for s in STAFF] + [OWNER_USERNAME]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=names).prefetch_related("roles", "projects")
        }
        logins = []
        for username in names:
            user = users.get(username)
            if user is None:
                continue
            roles = "、".join(r.name for r in user.roles.all())
            if user.customer_id:
                houses = House.objects.filter(occupants__customer_id=user.customer_id)
                houses = houses.select_related("project").distinct()
                scope = "本人房屋：" + "、".join(f"{h.project.code} {h.label}" for h in houses)
            elif not user.is_superuser and user.has_role(R.CONTRACTOR):
                scope = "本单位承接的工单"
            else:
                projects = [p.code for p in user.projects.all()]
                scope = "、".join(projects) if projects else "全部项目"
            logins.append(Login(username, user.display_name, roles, scope))
        return logins


# --- steps of ``aftersales demo`` (registered in EstatesConfig.ready) ---------------------------


def _generator(demo: DemoRun) -> tuple[DemoGenerator, DemoResult]:
    if "estates.generator" not in demo.shared:
        demo.shared["estates.generator"] = DemoGenerator(demo.seed, demo.stdout)
        demo.shared["estates.result"] = DemoResult()
    return demo.shared["estates.generator"], demo.shared["estates.result"]


@transaction.atomic
def demo_projects(demo: DemoRun) -> None:
    """The administrator, then the demo projects with their houses and customers."""
    generator, result = _generator(demo)
    admin = generator._admin(result)
    demo.shared["admin"] = admin
    generator.projects(admin, result)


@transaction.atomic
def demo_people(demo: DemoRun) -> None:
    """One login per role (the contractor's in the company an earlier step left in
    ``shared["demo_contractor"]``) and the owner login."""
    generator, result = _generator(demo)
    admin = demo.shared["admin"]
    generator._staff(admin, result, contractor=demo.shared.get("demo_contractor"))
    generator._owner_login(admin, result)


def demo_logins(demo: DemoRun) -> None:
    """The notes and the list of demo logins printed at the end."""
    generator, result = _generator(demo)
    if result.skipped_projects:
        demo.notes.append(f"已存在，未改动：{'、'.join(result.skipped_projects)}")
    if result.created_users:
        demo.notes.append(f"新建账号 {len(result.created_users)} 个")
    demo.logins = generator._logins()
    demo.password = DEMO_PASSWORD
