"""Scale data of the front desk (``aftersales gen-data``): the resident services of the run's
houses over the history, written in bulk as the services would have left them.

Over the span (3 years by default), for the run's houses: paid services for about 6 % of the
houses a year, through every status (quoted on site, disputed and re-quoted, cancelled,
accepted, inspected, completed, paid with a receipt number), the paid ones handed to finance on
the daily remittance lists (confirmed by finance); lock break/change applications for about
1 % of the houses, the owner's consent by phone and the three witnesses' signatures; mail for
about 9 % of the houses a year, most of it signed for; renovations of about 8 % of the houses
with the plan review, the permit, numbered worker passes and inspections, the house
``renovating`` while the works last; release slips for 2 % of the houses a year, most used at
the gate. No audit entries and no notifications are written (``notified`` stays 0).

Numbers: paid services ``GD<run>-YF-<day>-NNNN`` (the service's format behind the run's
prefix); receipt numbers ``<project code>-SJ-NNNNNN`` and permit numbers
``ZX-<project code>-NNNNN`` are taken from the project's own counters (as the services take
them, the generated project codes carry ``GD<run>-``), so live payments and permits continue
those sequences without a gap or a duplicate; slip codes are random codes of the service's
alphabet, none already used. ID numbers (lock applicants, renovation agents, workers) are
valid resident IDs, stored encrypted, hashed and masked like :func:`_common.protected_id`.

The run's estate has no concierge nor finance staff: a few are added (``gd<run>_fd_…``), so that
the concierge witnesses and the finance confirmations name users who may do them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from aftersales.accounts.choices import DepartmentCode, RoleCode
from aftersales.accounts.models import Department, Role, User
from aftersales.core import generation, numbering, pii
from aftersales.core.generation import Loader, ScaleRun, reserve_ids
from aftersales.core.payments import Method
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import Customer, House, Project
from aftersales.frontdesk import reference
from aftersales.frontdesk.choices import (
    LockStatus,
    MailStatus,
    PaidStatus,
    PlanReview,
    RemittanceStatus,
    RenovationStatus,
    SlipStatus,
    WitnessParty,
)
from aftersales.frontdesk.demo_data import resident_id
from aftersales.frontdesk.models import (
    LockChange,
    LockWitness,
    MailItem,
    PaidService,
    PriceItem,
    ReleaseSlip,
    Remittance,
    Renovation,
    RenovationInspection,
    ServiceInspection,
    WorkerPass,
)
from aftersales.frontdesk.services.slips import ALPHABET, CODE_LENGTH

SH = ZoneInfo("Asia/Shanghai")
CENT = Decimal("0.01")

PAID_PER_YEAR = 0.06  # share of the houses with a paid service, per year
LOCKS = 0.01  # share of the houses with a lock application over the span
MAIL_PER_YEAR = 0.09
RENOVATIONS = 0.08  # share of the houses renovated over the span
SLIPS_PER_YEAR = 0.02

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰飞鹏辉志红建国"
REGIONS = ["330106", "330203", "320102", "320505", "340104", "310115", "110105", "410102"]

# price-list code → weight (the ticket's own item ``repair_paid`` is not booked)
ITEMS = [
    ("lock_open", 18),
    ("lock_replace", 14),
    ("pipe_clear", 26),
    ("light_fix", 22),
    ("appliance_install", 20),
]
SITE_QUOTES = [80, 120, 150, 180, 200, 260, 300, 450]  # an item quoted on site
SERVICE_NOTES = ["", "", "", "业主下午在家", "请提前电话联系", "厨房", "卫生间", "客厅"]
COMPLETION = {
    "lock_open": "已开锁，业主核验身份",
    "lock_replace": "更换锁芯，钥匙交业主",
    "pipe_clear": "疏通下水，试水正常",
    "light_fix": "更换灯具，通电正常",
    "appliance_install": "安装完毕，试机正常",
    "repair_paid": "维修完毕",
}
SERVICE_CHECKS = ["施工规范，现场已清理", "师傅按约到场，业主满意", "材料与报价一致", "作业规范"]
DISPUTES = ["报价高于市场价", "认为属保修范围", "对材料费有异议"]
METHODS = [
    (Method.WECHAT, 45),
    (Method.ALIPAY, 25),
    (Method.CASH, 20),
    (Method.CARD, 7),
    (Method.TRANSFER, 3),
]

LOCK_KINDS = [("change", 50), ("break", 30), ("repair", 20)]
LOCK_REASONS = {
    "change": ["钥匙遗失", "租户退租换锁", "锁芯老化"],
    "break": ["钥匙反锁在屋内", "钥匙遗失，家中有老人", "锁具卡死"],
    "repair": ["锁舌卡滞", "把手松动", "锁芯转动不灵"],
}

MAIL_KINDS = [("letter", 35), ("newspaper", 15), ("magazine", 20), ("book", 5), ("other", 25)]
MAIL_TITLES = {
    "letter": ["银行信用卡账单", "挂号信", "保险公司保单", "燃气缴费通知", "单位来函"],
    "newspaper": ["《钱江晚报》", "《都市快报》", "《参考消息》"],
    "magazine": ["《物业之家》", "《读者》", "《三联生活周刊》"],
    "book": ["业主手册", "图书快递"],
    "other": ["房屋产权证资料", "不动产登记材料", "社区通知", "快递文件"],
}
MAIL_FEES = [8, 10, 12, 15, 20]
# a 1×1 transparent PNG: the drawn signature of the generated hand-overs
SIGNATURE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYA"
    "AjCB0C8AAAAASUVORK5CYII="
)

CONTRACTORS = ["安居装饰", "金螳螂家装", "业之峰装饰", "东易日盛", "圣都整装", "业主自行施工"]
PLANS = ["厨卫改造，不动结构", "全屋墙面翻新", "铺设木地板，更换橱柜", "阳台封窗，加装储物柜"]
STRUCTURAL_PLAN = "拆除非承重隔墙，合并两间卧室"
REJECTIONS = ["方案涉及拆改承重墙，请修改", "卫生间防水做法未说明，请补充"]
RENOVATION_CHECKS = ["未发现违规拆改", "施工时间符合规定", "垃圾已按时清运", "消防通道畅通"]
VIOLATIONS = ["楼道堆放建筑垃圾", "中午休息时间施工", "未做防水闭水试验"]
WORKERS = [(1, 70), (2, 15), (0, 15)]  # passes per permit (none: the owner's own work)

SLIP_ITEMS = ["旧沙发一套", "纸箱 5 个", "自行车", "电视机", "冰箱", "床垫", "衣柜", "办公桌"]
CARRIERS = ["", "", "搬家公司", "货拉拉司机", "快递员"]


class _FrontDesk:
    def __init__(self, run: ScaleRun):
        self.run = run
        self.rng = rng = run.rng
        self.now = run.now
        self.start = run.now - run.span
        self.years = run.span / dt.timedelta(days=365)
        self.houses = run.houses
        self.agents = run.staff["agent"]
        self.technicians = run.staff["technician"]
        self.name_pick = lambda: (
            rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        )
        self.codes = dict(Project.objects.filter(pk__in=run.projects).values_list("pk", "code"))
        self.house_info = {
            pk: (label, status)
            for pk, label, status in House.objects.filter(project_id__in=run.projects).values_list(
                "pk", "label", "status"
            )
        }
        owners = [h[3] for h in self.houses]
        self.customers = {
            pk: (name, phone)
            for pk, name, phone in Customer.objects.filter(
                pk__gte=min(owners), pk__lte=max(owners)
            ).values_list("pk", "name", "phone")
        }

    # -- time --------------------------------------------------------------------------------

    def moments(self, n: int) -> list[dt.datetime]:
        """``n`` moments over the span, in office hours, more recent ones more frequent."""
        rng, start, span, now = self.rng, self.start, self.run.span, self.now
        out = []
        while len(out) < n:
            local = (start + span * rng.random() ** 0.8).astimezone(SH)
            at = local.replace(
                hour=rng.randint(8, 19),
                minute=rng.randint(0, 59),
                second=rng.randint(0, 59),
                microsecond=0,
            )
            if start <= at <= now:
                out.append(at)
        out.sort()
        return out

    def after(self, at: dt.datetime, hours: float, spread: float = 1.0) -> dt.datetime:
        return at + dt.timedelta(hours=self.rng.lognormvariate(0, spread) * hours)

    def person(self) -> dict:
        """A person with a valid resident ID, protected like :func:`_common.protected_id`."""
        rng = self.rng
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 42 * 365))
        number = resident_id(f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randint(0, 999):03d}")
        return {
            "id_number_encrypted": pii.encrypt(number),
            "id_number_hash": pii.lookup_hash(number),
            "id_number_masked": pii.mask(number),
        }

    def user(self, username: str, role: str, department: str) -> tuple[int, str]:
        """A staff login of the run (no usable password), created once."""
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                name=self.name_pick(),
                department=Department.objects.filter(code=department).first(),
            )
            user.set_unusable_password()
            user.save()
            user.roles.set(Role.objects.filter(code=role))
            self.run.count("frontdesk.staff", 1)
        return user.pk, user.display_name

    # -- the steps ---------------------------------------------------------------------------

    def generate(self) -> None:
        run, p = self.run.run, len(self.run.projects)
        self.concierges = [
            self.user(
                f"gd{run}_fd_concierge{i + 1:02d}",
                RoleCode.PROPERTY_LIAISON,
                DepartmentCode.PROPERTY,
            )
            for i in range(max(2, min(20, p // 2)))
        ]
        self.finance = [
            self.user(f"gd{run}_fd_finance{i + 1:02d}", RoleCode.FINANCE, DepartmentCode.FINANCE)
            for i in range(max(1, min(5, p // 8)))
        ]
        self.paid()
        self.locks()
        self.mail()
        self.renovations()
        self.slips()
        generation.analyze(
            Remittance,
            PaidService,
            ServiceInspection,
            LockChange,
            LockWitness,
            MailItem,
            Renovation,
            WorkerPass,
            RenovationInspection,
            ReleaseSlip,
        )

    def paid(self) -> None:
        rng, run = self.rng, self.run
        reference.ensure_price_items()
        items = {
            code: (pk, price)
            for code, pk, price in PriceItem.objects.filter(active=True).values_list(
                "code", "pk", "price"
            )
        }
        offered = [(code, w) for code, w in ITEMS if code in items]
        if not offered:
            return
        pick_item, pick_method = (
            generation.weighted(rng, offered),
            generation.weighted(rng, METHODS),
        )
        moments = self.moments(round(PAID_PER_YEAR * self.years * len(self.houses)))
        first = reserve_ids(PaidService, len(moments))
        services: list[dict] = []
        inspections = Loader(ServiceInspection)
        day_seq: dict[str, int] = defaultdict(int)
        for i, created in enumerate(moments):
            house, project, _building, customer = rng.choice(self.houses)
            code = pick_item()
            item, price = items[code]
            day = created.strftime("%Y%m%d")
            day_seq[day] += 1
            agent = rng.choice(self.agents)
            scheduled = None
            if rng.random() < 0.7:
                when = (created + dt.timedelta(days=rng.randint(1, 3))).replace(
                    hour=rng.randint(9, 17), minute=rng.choice((0, 30)), second=0
                )
                scheduled = when
            s = {
                "id": first + i,
                "number": f"GD{run.run}-YF-{day}-{day_seq[day]:04d}",
                "project_id": project,
                "house_id": house,
                "customer_id": customer,
                "item_id": item,
                "place": self.house_info[house][0],
                "scheduled_at": scheduled,
                "note": rng.choice(SERVICE_NOTES),
                "status": PaidStatus.QUOTED if price is not None else PaidStatus.REQUESTED,
                "amount": price,
                "quoted_at": created if price is not None else None,
                "created_by_id": agent[0],
                "created_at": created,
            }
            services.append(s)
            self._paid_steps(s, code, created, scheduled, pick_method, inspections)
        # receipts: each project's one sequence, in the order of payment
        paid = [s for s in services if s["status"] == PaidStatus.PAID]
        by_project: dict[int, list[dict]] = defaultdict(list)
        for s in sorted(paid, key=lambda s: s["paid_at"]):
            by_project[s["project_id"]].append(s)
        for project, rows in by_project.items():
            value = numbering.next_values(f"receipt:{project}", len(rows))
            for k, s in enumerate(rows):
                s["receipt_number"] = f"{self.codes[project]}-SJ-{value + k:06d}"
        self._remit(paid)
        loader = Loader(PaidService, explicit_id=True)
        for s in services:
            loader.add(s)
        loader.flush()
        inspections.flush()
        run.count("frontdesk.paid_services", loader.count)
        run.count("frontdesk.service_inspections", inspections.count)

    def _paid_steps(self, s, code, created, scheduled, pick_method, inspections) -> None:
        """The request's life after it was registered, as far as ``now`` allows."""
        rng, now = self.rng, self.now
        at = created
        if s["status"] == PaidStatus.REQUESTED:  # quoted on site
            at = self.after(max(at, scheduled or at), 3, 0.8)
            if at > now:
                return
            s.update(
                status=PaidStatus.QUOTED,
                amount=Decimal(rng.choice(SITE_QUOTES)).quantize(CENT),
                quoted_at=at,
            )
        fate = rng.random()
        if fate < 0.04:  # the owner disputes the price: the department head re-quotes or not
            at = self.after(at, 20)
            if at > now:
                return
            s.update(
                status=PaidStatus.DISPUTED, disputed_at=at, dispute_reason=rng.choice(DISPUTES)
            )
            at = self.after(at, 30)
            if at > now:
                return
            if rng.random() < 0.3:
                s["status"] = PaidStatus.CANCELLED
                return
            s.update(
                status=PaidStatus.QUOTED,
                amount=(s["amount"] * Decimal("0.8")).quantize(CENT),
                quoted_at=at,
            )
        elif fate < 0.10:  # declined
            if self.after(at, 24) <= now:
                s["status"] = PaidStatus.CANCELLED
            return
        at = self.after(at, 4)
        if at > now:
            return
        s.update(status=PaidStatus.ACCEPTED, accepted_at=at)
        if rng.random() < 0.01:
            if self.after(at, 24) <= now:
                s["status"] = PaidStatus.CANCELLED
            return
        done = self.after(max(at, scheduled or at), 3, 0.8)
        if rng.random() < 0.05:  # the assistant's inspection during the work
            seen = at + (min(done, now) - at) * rng.random()
            inspections.add(
                {
                    "service_id": s["id"],
                    "inspector_id": rng.choice(self.agents)[0],
                    "occurred_at": seen,
                    "note": rng.choice(SERVICE_CHECKS),
                }
            )
        if done > now:
            return
        s.update(status=PaidStatus.COMPLETED, completed_at=done, completion_note=COMPLETION[code])
        if rng.random() < 0.02:
            return  # not paid yet
        at = self.after(done, 0.5)
        if at > now:
            return
        s.update(
            status=PaidStatus.PAID,
            paid_amount=s["amount"],
            method=pick_method(),
            paid_at=at,
            paid_by_id=rng.choice(self.agents)[0],
        )

    def _remit(self, paid: list[dict]) -> None:
        """Each project's takings of a day handed to finance the next morning on one list,
        confirmed by finance a day or two later; the last days' are not handed over yet."""
        rng, now = self.rng, self.now
        days: dict[tuple[dt.date, int], list[dict]] = defaultdict(list)
        for s in paid:
            days[(s["paid_at"].astimezone(SH).date(), s["project_id"])].append(s)
        lists = []
        for (day, project), rows in sorted(days.items()):
            submitted = dt.datetime.combine(
                day + dt.timedelta(days=1),
                dt.time(8, rng.randint(30, 59), rng.randint(0, 59)),
                tzinfo=SH,
            )
            if submitted <= now:
                lists.append((day, project, rows, submitted))
        lists.sort(key=lambda r: r[3])
        first = reserve_ids(Remittance, len(lists))
        loader = Loader(Remittance, explicit_id=True)
        for i, (day, project, rows, submitted) in enumerate(lists):
            confirmed = self.after(submitted, 20, 0.7)
            done = confirmed <= now
            finance = rng.choice(self.finance)
            loader.add(
                {
                    "id": first + i,
                    "project_id": project,
                    "day": day,
                    "total": sum((s["paid_amount"] for s in rows), Decimal("0.00")),
                    "count": len(rows),
                    "status": RemittanceStatus.CONFIRMED if done else RemittanceStatus.SUBMITTED,
                    "submitted_by_id": rng.choice(self.agents)[0],
                    "submitted_at": submitted,
                    "confirmed_by_id": finance[0] if done else None,
                    "confirmed_at": confirmed if done else None,
                }
            )
            for s in rows:
                s["remittance_id"] = first + i
        loader.flush()
        self.run.count("frontdesk.remittances", loader.count)

    def locks(self) -> None:
        rng = self.rng
        chosen = rng.sample(self.houses, round(LOCKS * len(self.houses)))
        moments = self.moments(len(chosen))
        first = reserve_ids(LockChange, len(chosen))
        loader = Loader(LockChange, explicit_id=True)
        witnesses = Loader(LockWitness)
        pick_kind = generation.weighted(rng, LOCK_KINDS)
        for i, ((house, project, _b, customer), created) in enumerate(
            zip(chosen, moments, strict=True)
        ):
            kind = pick_kind()
            agent = rng.choice(self.agents)
            lock = {
                "id": first + i,
                "project_id": project,
                "house_id": house,
                "kind": kind,
                "status": LockStatus.APPLIED,
                "applicant_name": self.name_pick(),
                "applicant_phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                "applicant_is_owner": False,  # the archive holds no ID of the generated owners
                "reason": rng.choice(LOCK_REASONS[kind]),
                "created_by_id": agent[0],
                "created_at": created,
                **self.person(),
            }
            self._lock_steps(lock, agent, self.customers.get(customer, ("", "")), witnesses)
            loader.add(lock)
        loader.flush()
        witnesses.flush()
        self.run.count("frontdesk.lock_changes", loader.count)
        self.run.count("frontdesk.lock_witnesses", witnesses.count)

    def _lock_steps(self, lock: dict, agent, owner: tuple[str, str], witnesses) -> None:
        """The owner's consent by phone, the three parties' signatures, the lock opened."""
        rng, now = self.rng, self.now
        at = self.after(lock["created_at"], 0.3)
        if at > now:
            return
        lock.update(
            consent=f"业主{owner[0]}电话同意",
            consent_phone=owner[1],
            consent_at=at,
            consent_by_id=agent[0],
        )
        signers = [
            (WitnessParty.CUSTOMER_SERVICE, agent),
            (WitnessParty.CONCIERGE, rng.choice(self.concierges)),
            (WitnessParty.ENGINEERING, rng.choice(self.technicians)),
        ]
        for party, signer in signers:
            at = self.after(at, 0.3)
            if at > now:
                return
            witnesses.add(
                {"lock_id": lock["id"], "party": party, "user_id": signer[0], "signed_at": at}
            )
        at = self.after(at, 0.2)
        if at <= now:
            lock.update(status=LockStatus.OPENED, opened_at=at, opened_by_id=agent[0])

    def mail(self) -> None:
        rng, now = self.rng, self.now
        loader = Loader(MailItem)
        pick_kind = generation.weighted(rng, MAIL_KINDS)
        for received in self.moments(round(MAIL_PER_YEAR * self.years * len(self.houses))):
            house, project, _b, customer = rng.choice(self.houses)
            kind = pick_kind()
            paid = kind in ("newspaper", "magazine") and rng.random() < 0.3
            row = {
                "project_id": project,
                "house_id": house,
                "customer_id": customer,
                "kind": kind,
                "title": rng.choice(MAIL_TITLES[kind]),
                "paid": paid,
                "fee": Decimal(rng.choice(MAIL_FEES)).quantize(CENT) if paid else Decimal("0.00"),
                "status": MailStatus.RECEIVED,
                "received_at": received,
                "created_by_id": rng.choice(self.agents)[0],
            }
            at = self.after(received, 30, 1.1)
            if at <= now and rng.random() < 0.97:
                name = self.customers.get(customer, ("",))[0]
                row.update(
                    status=MailStatus.DELIVERED,
                    delivered_at=at,
                    delivered_by_id=rng.choice(self.agents)[0],
                    receiver_name=name if name and rng.random() < 0.85 else self.name_pick(),
                    signature=SIGNATURE,
                )
            loader.add(row)
        loader.flush()
        self.run.count("frontdesk.mail_items", loader.count)

    def renovations(self) -> None:
        rng, now = self.rng, self.now
        chosen = rng.sample(self.houses, round(RENOVATIONS * len(self.houses)))
        moments = self.moments(len(chosen))
        first = reserve_ids(Renovation, len(chosen))
        rows: list[dict] = []
        crews: dict[int, list[tuple[str, dict]]] = {}
        inspections = Loader(RenovationInspection)
        pick_workers = generation.weighted(rng, WORKERS)
        for i, ((house, project, _b, customer), created) in enumerate(
            zip(chosen, moments, strict=True)
        ):
            starts = created.date() + dt.timedelta(days=rng.randint(1, 14))
            ends = starts + dt.timedelta(days=rng.choice((30, 45, 60, 90, 120)))
            structural = rng.random() < 0.03
            r = {
                "id": first + i,
                "project_id": project,
                "house_id": house,
                "customer_id": customer,
                "starts_on": starts,
                "ends_on": ends,
                "contractor_name": rng.choice(CONTRACTORS),
                "agreement_no": f"ZXXY-{created:%Y%m%d}-{rng.randint(1, 99):02d}",
                "plan": STRUCTURAL_PLAN if structural else rng.choice(PLANS),
                "structural_change": structural,
                "authority_approval": (
                    f"房管批字〔{created.year}〕第{rng.randint(10, 999)}号" if structural else ""
                ),
                "garbage_fee": Decimal(rng.choice((300, 500, 800))).quantize(CENT),
                "status": RenovationStatus.REGISTERED,
                "plan_review": PlanReview.PENDING,
                "previous_house_status": self.house_info[house][1],
                "created_by_id": rng.choice(self.agents)[0],
                "created_at": created,
            }
            if rng.random() < 0.15:  # an agent acts with the owner's power of attorney
                r.update(agent_name=self.name_pick(), power_of_attorney=True, **self.person())
            rows.append(r)
            at = self.after(created, 20)
            if at > now:
                continue
            if rng.random() < 0.07:  # rejected, revised and approved
                r.update(plan_review=PlanReview.REJECTED, plan_comment=rng.choice(REJECTIONS))
                at = self.after(at, 72)
                if at > now:
                    continue
                r.update(plan_review=PlanReview.APPROVED, plan_comment="修改后方案通过")
            else:
                r["plan_review"] = PlanReview.APPROVED
            at = self.after(at, 4)
            if at > now:
                continue
            r.update(status=RenovationStatus.PERMITTED, permitted_at=at)
            crews[r["id"]] = [(self.name_pick(), self.person()) for _ in range(pick_workers())]
            finished = dt.datetime.combine(
                ends + dt.timedelta(days=rng.randint(-7, 10)),
                dt.time(rng.randint(9, 17), rng.randint(0, 59)),
                tzinfo=SH,
            )
            finished = max(finished, self.after(at, 24))
            works_from = max(
                at, dt.datetime.combine(starts, dt.time(9), tzinfo=SH)
            )  # inspections while the works last
            works_to = min(finished, now)
            for _ in range(rng.choices((0, 1, 2), (75, 20, 5))[0]):
                if works_to <= works_from:
                    break
                compliant = rng.random() < 0.92
                inspections.add(
                    {
                        "renovation_id": r["id"],
                        "inspector_id": rng.choice(self.agents + self.concierges)[0],
                        "occurred_at": works_from + (works_to - works_from) * rng.random(),
                        "findings": rng.choice(RENOVATION_CHECKS if compliant else VIOLATIONS),
                        "compliant": compliant,
                    }
                )
            if finished <= now and rng.random() < 0.98:
                r.update(status=RenovationStatus.FINISHED, finished_at=finished)
        # permit numbers: each project's counter, in the order of issue
        permitted = [r for r in rows if r.get("permitted_at")]
        by_project: dict[int, list[dict]] = defaultdict(list)
        for r in sorted(permitted, key=lambda r: r["permitted_at"]):
            by_project[r["project_id"]].append(r)
        for project, group in by_project.items():
            value = numbering.next_values(f"permit:{project}", len(group))
            for k, r in enumerate(group):
                r["permit_number"] = f"ZX-{self.codes[project]}-{value + k:05d}"
        loader = Loader(Renovation, explicit_id=True)
        passes = Loader(WorkerPass)
        for r in rows:
            loader.add(r)
            for k, (name, ids) in enumerate(crews.get(r["id"], ()), start=1):
                passes.add(
                    {
                        "renovation_id": r["id"],
                        "number": f"{r['permit_number']}-{k:02d}",
                        "name": name,
                        "valid_from": r["starts_on"],
                        "valid_until": r["ends_on"],
                        **ids,
                    }
                )
        loader.flush()
        passes.flush()
        inspections.flush()
        # the house is ``renovating`` until the works are finished (then back as it was)
        open_ = [r["house_id"] for r in rows if r["status"] != RenovationStatus.FINISHED]
        for i in range(0, len(open_), 5000):
            House.objects.filter(pk__in=open_[i : i + 5000]).update(status=HouseStatus.RENOVATING)
        self.run.count("frontdesk.renovations", loader.count)
        self.run.count("frontdesk.worker_passes", passes.count)
        self.run.count("frontdesk.renovation_inspections", inspections.count)

    def slips(self) -> None:
        rng, now = self.rng, self.now
        taken = set(ReleaseSlip.objects.values_list("code", flat=True))
        loader = Loader(ReleaseSlip)
        for created in self.moments(round(SLIPS_PER_YEAR * self.years * len(self.houses))):
            house, project, _b, customer = rng.choice(self.houses)
            code = ""
            while not code or code in taken:
                code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
            taken.add(code)
            row = {
                "project_id": project,
                "house_id": house,
                "customer_id": customer,
                "code": code,
                "items": rng.sample(SLIP_ITEMS, rng.randint(1, 3)),
                "carrier": rng.choice(CARRIERS),
                "status": SlipStatus.ISSUED,
                "created_by_id": rng.choice(self.agents)[0],
                "created_at": created,
            }
            at = self.after(created, 3)
            if at <= now and rng.random() < 0.95:
                row.update(
                    status=SlipStatus.USED,
                    used_at=at,
                    checked_by_id=rng.choice(self.technicians + self.concierges)[0],
                )
            loader.add(row)
        loader.flush()
        self.run.count("frontdesk.release_slips", loader.count)


def generate(run: ScaleRun) -> None:
    """The front desk's step of ``gen-data`` (registered in ``FrontdeskConfig.ready``)."""
    if not run.houses or not run.staff.get("agent") or not run.staff.get("technician"):
        return
    mine = (PaidService, LockChange, MailItem, Renovation, ReleaseSlip)
    if any(m.objects.filter(project_id__in=run.projects).exists() for m in mine):
        run.say("前台服务：该批房屋已有前台服务记录，跳过")
        return
    _FrontDesk(run).generate()
