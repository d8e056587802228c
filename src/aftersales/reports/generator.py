"""A realistic ticket history of any size, loaded in bulk (``aftersales gen-data``).

For demonstrations, the dashboard and the scale benchmarks. It writes projects, buildings,
houses, owners, staff, and tickets of every kind through every state, each with the events,
deadlines and callbacks the ticket services would have written: repairs dispatched, surveyed,
repaired, checked (some checks fail first), signed off and called back (some callbacks
dissatisfied, then reopened, repaired again and satisfied); complaints of each level routed,
answered, resolved and called back (a few judged invalid); inquiries, suggestions and praise
answered. Tickets registered near "now" stop part-way, some old ones are left stuck (overdue).

Rows go in with PostgreSQL ``COPY`` (``bulk_create`` in batches on other databases). Ids are
reserved up front; numbers carry the run's own prefix ``GD<run>-`` (the run number comes from the
counter service), so they never collide with the live ``BX-20261122-0007`` numbers nor with
another run. Run it while nobody registers tickets (ids are reserved by moving the sequences).
Deadlines are approximated with weekends only (no holiday table), which is enough for history.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from aftersales.accounts.models import Department, Role, User
from aftersales.core import generation, numbering
from aftersales.core.generation import Loader, reserve_ids
from aftersales.estates.models import Building, Customer, CustomerHouse, House, Project
from aftersales.reports import facts
from aftersales.reports.models import TicketFact
from aftersales.tickets import search
from aftersales.tickets.models import Callback, Deadline, Phenomenon, Ticket, TicketEvent

SH = ZoneInfo("Asia/Shanghai")
HOUR = dt.timedelta(hours=1)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰飞鹏辉志红建国文斌宇浩"
CITIES = ["杭州", "苏州", "南京", "宁波", "合肥", "无锡", "上海", "嘉兴"]
ESTATE_WORDS = ["翠湖", "江南", "锦绣", "滨江", "枫林", "紫金", "云栖", "春晓", "金域", "望府"]
ESTATE_SUFFIX = ["花园", "名邸", "雅苑", "华府", "公馆", "新城"]
KINDS = [("repair", 72), ("complaint", 8), ("inquiry", 12), ("suggestion", 5), ("praise", 3)]
SEVERITIES = [("minor", 70), ("important", 25), ("major", 5)]
URGENCIES = [("normal", 85), ("urgent", 12), ("emergency", 3)]
CHANNELS = [("hotline", 45), ("wechat", 20), ("app", 10), ("walk_in", 10), ("property", 8)]
CHANNELS += [("online", 4), ("visit", 2), ("handover", 1)]
CHUNK = 20000
DEPARTMENTS = ["engineering", "property", "customer_service", "sales"]


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SH)


def _workdays_after(at: dt.datetime, n: int) -> dt.datetime:
    """End of the n-th working day (Mon–Fri) after ``at``'s date (R-CAL-4, holidays ignored)."""
    day = at.astimezone(SH).date()
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return _end_of_day(day)


# --- bulk loading ----------------------------------------------------------------------------------


# --- the generator ---------------------------------------------------------------------------------


@dataclass
class Result:
    run: int
    tickets: int = 0
    events: int = 0
    deadlines: int = 0
    callbacks: int = 0
    houses: int = 0
    projects: int = 0
    facts: int = 0
    domains: dict = field(default_factory=dict)  # rows written by the domains' steps
    seconds: dict = field(default_factory=dict)


class Generator:
    def __init__(
        self,
        tickets: int,
        projects: int | None = None,
        seed: int = 1,
        years: float = 3.0,
        now: dt.datetime | None = None,
        say: Callable[[str], None] = lambda s: None,
        domains: bool = True,
    ):
        self.n = tickets
        self.domains = domains
        self.p = projects or max(2, min(40, tickets // 25000 or 2))
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.span = dt.timedelta(days=365 * years)
        self.say = say
        rng = self.rng
        self.kind = generation.weighted(rng, KINDS)
        self.severity = generation.weighted(rng, SEVERITIES)
        self.urgency = generation.weighted(rng, URGENCIES)
        self.channel = generation.weighted(rng, CHANNELS)

    # -- set-up rows ------------------------------------------------------------------------

    def _name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def _user(self, username: str, role: str, name: str, department) -> tuple[int, str]:
        """A staff login without a usable password (hashing one each would be slow)."""
        user = User(username=username, name=name, department=department)
        user.set_unusable_password()
        user.save()
        user.roles.set(Role.objects.filter(code=role))
        return user.pk, user.display_name

    def _staff(self, run: int) -> None:
        maintenance = Department.objects.filter(code="maintenance").first()
        service = Department.objects.filter(code="service_office").first()
        self.technicians = [
            self._user(f"gd{run}_tech{i + 1:02d}", "technician", f"{self._name()}", maintenance)
            for i in range(max(6, min(60, self.p * 3)))
        ]
        self.agents = [
            self._user(f"gd{run}_agent{i + 1:02d}", "agent", f"{self._name()}", service)
            for i in range(max(3, min(30, self.p)))
        ]

    def _estates(self, run: int) -> None:
        """Projects with buildings and houses (about one house for every five tickets)."""
        rng = self.rng
        houses_total = max(self.p * 20, self.n // 2)
        per_project = max(20, houses_total // self.p)
        first_house = reserve_ids(House, houses_total + self.p * per_project)
        first_customer = reserve_ids(Customer, houses_total + self.p * per_project)
        house_loader = Loader(House, explicit_id=True)
        customer_loader = Loader(Customer, explicit_id=True)
        link_loader = Loader(CustomerHouse)
        self.houses: list[tuple[int, int, int, int]] = []  # (house, project, building, customer)
        hid, cid = first_house, first_customer
        now = self.now
        for i in range(self.p):
            name = f"{rng.choice(ESTATE_WORDS)}{rng.choice(ESTATE_SUFFIX)}{i + 1}期"
            delivered = (now - self.span - dt.timedelta(days=rng.randint(30, 700))).date()
            project = Project.objects.create(
                code=f"GD{run}-P{i + 1:02d}",
                name=f"{name}（生成）",
                city=rng.choice(CITIES),
                delivered_on=delivered,
            )
            buildings = -(-per_project // 120)
            per_building = -(-per_project // buildings)
            for b in range(buildings):
                building = Building.objects.create(project=project, name=str(b + 1), floors=30)
                for k in range(per_building):
                    unit, r = 1 + k // 60, k % 60
                    floor = 1 + r // 2
                    room = f"{floor}{r % 2 + 1:02d}"
                    label = f"{b + 1}-{unit}-{room}"
                    house_loader.add(
                        {
                            "id": hid,
                            "project_id": project.pk,
                            "building_id": building.pk,
                            "unit": str(unit),
                            "room": room,
                            "label": label,
                            "floor": floor,
                            "area": Decimal(rng.choice((89, 95, 110, 128, 143))),
                            "unit_type": rng.choice(("两室两厅", "三室两厅", "四室两厅")),
                            "finish": "fitted" if rng.random() < 0.6 else "bare",
                            "status": "occupied",
                            "delivered_on": delivered,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    phone = f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"
                    customer_loader.add(
                        {
                            "id": cid,
                            "name": self._name(),
                            "phone": phone,
                            "segment": "established",
                            "has_house": True,  # linked to his house just below
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    link_loader.add({"customer_id": cid, "house_id": hid, "role": "owner"})
                    self.houses.append((hid, project.pk, building.pk, cid))
                    hid += 1
                    cid += 1
        house_loader.flush()
        customer_loader.flush()
        link_loader.flush()
        self.result.projects = self.p
        self.result.houses = len(self.houses)

    # -- tickets -------------------------------------------------------------------------------

    def _moment(self) -> dt.datetime:
        """A registration moment over the span, more recent ones more frequent, office hours."""
        rng = self.rng
        x = rng.random() ** 0.8  # a growing estate reports more
        at = self.now - self.span + self.span * x
        local = at.astimezone(SH)
        hour = 8 + int(rng.random() ** 1.3 * 12)
        return local.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))

    def _delay(self, median_hours: float, spread: float = 1.0) -> dt.timedelta:
        return dt.timedelta(hours=self.rng.lognormvariate(0, spread) * median_hours)

    def generate(self) -> Result:
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            run = numbering.next_value("gen-data:run")
        self.result = Result(run=run)
        self.say(f"第 {run} 次生成：{self.n} 张工单，{self.p} 个项目")
        with transaction.atomic():
            self._staff(run)
            self._estates(run)
        self.result.seconds["estates"] = round(time.perf_counter() - started, 1)
        self.say(f"房屋 {self.result.houses} 户，用时 {self.result.seconds['estates']} 秒")
        self.phenomena = {
            c: list(Phenomenon.objects.filter(category=c).values_list("pk", "component"))
            for c, _ in Phenomenon._meta.get_field("category").choices
        }
        self.categories = [c for c in self.phenomena if self.phenomena[c]]
        t0 = time.perf_counter()
        self.skip_checks = generation.superuser()
        first = reserve_ids(Ticket, self.n)
        self.first_ticket = first
        # Written together, ticket rows first, every CHUNK tickets (the foreign keys are
        # checked at commit): no loader flushes on its own.
        self.tickets = Loader(Ticket, batch=10**9, explicit_id=True)
        self.events = Loader(TicketEvent, batch=10**9)
        self.deadlines = Loader(Deadline, batch=10**9)
        self.callbacks = Loader(Callback, batch=10**9)
        self.facts = Loader(TicketFact, batch=10**9, explicit_id=True)
        moments = sorted(self._moment() for _ in range(self.n))
        day_seq: dict[tuple[str, str], int] = {}
        for i, registered in enumerate(moments):
            self._ticket(first + i, registered, run, day_seq)
            if (i + 1) % CHUNK == 0:
                self._flush()
                if (i + 1) % (CHUNK * 5) == 0:
                    self.say(f"  工单 {i + 1}/{self.n}，{time.perf_counter() - t0:.0f} 秒")
        self._flush()
        self.result.tickets = self.tickets.count
        self.result.events = self.events.count
        self.result.deadlines = self.deadlines.count
        self.result.callbacks = self.callbacks.count
        self.result.seconds["tickets"] = round(time.perf_counter() - t0, 1)
        t1 = time.perf_counter()
        # The ticket facts were written with the tickets (``_State.fact``, checked against
        # ``facts.build`` by the tests); the callback facts follow in one statement.
        self.result.facts = self.facts.count
        facts.insert_callback_facts(first - 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (
                    Ticket._meta.db_table,
                    TicketEvent._meta.db_table,
                    Deadline._meta.db_table,
                    Callback._meta.db_table,
                    House._meta.db_table,
                    Customer._meta.db_table,
                    CustomerHouse._meta.db_table,
                    TicketFact._meta.db_table,
                    "reports_callbackfact",
                ):
                    # VACUUM sets the visibility map: index-only scans from the start
                    # (not possible inside a transaction, e.g. in tests: ANALYZE only).
                    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                    cursor.execute(f"{command} {connection.ops.quote_name(table)}")
        self.result.seconds["facts"] = round(time.perf_counter() - t1, 1)
        if self.domains:
            self._domains(run)
        self.result.seconds["total"] = round(time.perf_counter() - started, 1)
        self.result.seconds["cpu"] = round(time.process_time() - cpu, 1)
        return self.result

    def _domains(self, run: int) -> None:
        """The other domains' records for the run's houses (handover, front desk, fees, care
        …), each written by its own app's step registered with ``core.generation``."""
        scale = generation.ScaleRun(
            run=run,
            rng=self.rng,
            now=self.now,
            span=self.span,
            projects=sorted({h[1] for h in self.houses}),
            houses=self.houses,
            staff={"technician": self.technicians, "agent": self.agents},
            say=self.say,
        )
        generation.run_steps(scale)
        self.result.domains = scale.counts
        self.result.seconds.update(scale.seconds)

    def domains_of(self, run: int) -> Result:
        """Run only the domains' steps over the estate and staff of an earlier run ``run``
        (``gen-data --domains-of-run``), e.g. after a new domain was added."""
        started = time.perf_counter()
        self.result = Result(run=run)
        rows = (
            CustomerHouse.objects.filter(house__project__code__startswith=f"GD{run}-", role="owner")
            .order_by("house_id")
            .values_list("house_id", "house__project_id", "house__building_id", "customer_id")
        )
        self.houses = list(rows)
        if not self.houses:
            raise ValueError(f"第 {run} 批生成数据不存在")

        def staff(role: str) -> list[tuple[int, str]]:
            users = User.objects.filter(username__startswith=f"gd{run}_", roles__code=role)
            return [(u.pk, u.display_name) for u in users.order_by("pk")]

        self.technicians, self.agents = staff("technician"), staff("agent")
        self.result.projects = len({h[1] for h in self.houses})
        self.result.houses = len(self.houses)
        self._domains(run)
        self.result.seconds["total"] = round(time.perf_counter() - started, 1)
        return self.result

    def _flush(self) -> None:
        with transaction.atomic(), generation.without_row_triggers(self.skip_checks):
            self.tickets.flush()
            self.events.flush()
            self.deadlines.flush()
            self.callbacks.flush()
            self.facts.flush()

    def _ticket(self, tid: int, registered: dt.datetime, run: int, day_seq: dict) -> None:
        rng = self.rng
        kind = self.kind()
        house, project, building, customer = rng.choice(self.houses)
        category = rng.choice(self.categories)
        phenomenon, component = rng.choice(self.phenomena[category])
        day = registered.strftime("%Y%m%d")
        prefix = {"repair": "BX", "complaint": "TS", "inquiry": "ZX", "suggestion": "JY"}.get(
            kind, "BY"
        )
        seq = day_seq.get((prefix, day), 0) + 1
        day_seq[(prefix, day)] = seq
        agent = rng.choice(self.agents)
        urgency = self.urgency() if kind == "repair" else "normal"
        severity = self.severity() if kind == "complaint" else ""
        description = "（生成数据）" + ("报修" if kind == "repair" else "来电")
        t = {
            "id": tid,
            "number": f"GD{run}-{prefix}-{day}-{seq:04d}",
            "kind": kind,
            "channel": self.channel(),
            "status": "registered",
            "urgency": urgency,
            "severity": severity,
            "project_id": project,
            "house_id": house,
            "customer_id": customer,
            "phone": "",
            "category": category if kind in ("repair", "complaint") else "",
            "phenomenon_id": phenomenon if kind == "repair" else None,
            "component": component if kind == "repair" else "",
            "description": description,
            "search_vector": search.stored_vector(description),
            "registered_at": registered,
            "occurred_at": registered,
            "registered_by_id": agent[0],
            "updated_at": registered,
            "departments": [],
        }
        state = _State(self, t, agent)
        state.building = building
        state.event("register", registered, {"channel": t["channel"], "urgency": urgency})
        if kind == "repair":
            self._repair(state)
        elif kind == "complaint":
            self._complaint(state)
        else:
            state.deadline("reply", registered, 24, "natural_hours", registered + 24 * HOUR)
            if rng.random() > 0.004:
                state.step("reply", "closed", self._delay(3, 1.1), {"content": "已答复"}, "reply")
        state.finish()

    def _repair(self, s: _State) -> None:
        rng = self.rng
        if rng.random() < 0.004:  # never dispatched: overdue by nobody's clock but visible
            return
        tech = rng.choice(self.technicians)
        s.t["assignee_id"] = tech[0]
        s.tech = tech
        urgency = s.t["urgency"]
        delay = {"emergency": 0.5, "urgent": 2.0}.get(urgency, 4.0)
        if not s.step("dispatch", "dispatched", self._delay(delay, 1.0), {"assignee": tech[0]}):
            return
        if urgency == "emergency":
            due = s.at + 2 * HOUR
        elif urgency == "urgent":
            due = s.at + 24 * HOUR
        else:
            due = _workdays_after(s.at, 1)
        s.deadline("survey", s.at, 1, "working_days", due)
        if rng.random() < 0.003:
            return  # stuck: survey overdue
        trades = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        estimate = Decimal(rng.choice((150, 300, 450, 800, 1500, 4000)))
        if not s.step(
            "survey",
            "surveyed",
            self._delay(10, 0.9),
            {"trades": trades, "estimate": str(estimate)},
            "survey",
        ):
            return
        s.t.update(
            trades=trades,
            estimate=estimate,
            work_class="A" if rng.random() < 0.8 else "B",
            responsible_party="contractor",
            contractor_present=estimate >= 500,
        )
        self._repair_work(s, trades, first=True)

    def _repair_work(self, s: _State, trades: int, first: bool) -> None:
        rng = self.rng
        days = 3 if trades == 1 else 7
        s.deadline("completion", s.at, days, "working_days", _workdays_after(s.at, days))
        if first:
            if not s.step("start", "in_progress", self._delay(14, 0.8)):
                return
        else:
            if not s.step("start", "in_progress", self._delay(20, 0.8)):
                return
            s.deadline("completion", s.at, days, "working_days", _workdays_after(s.at, days))
        if rng.random() < 0.004:
            return  # stuck in repair: completion overdue
        work = self._delay(20 if trades == 1 else 60, 0.9)
        if not s.step("complete", "awaiting_signoff", work, {"result": "已修复"}):
            return
        if rng.random() < 0.06:
            if not s.step("check", "in_progress", self._delay(3), {"passed": False}):
                return
            if not s.step("complete", "awaiting_signoff", self._delay(12), {"result": "返修"}):
                return
        if not s.step("check", "awaiting_signoff", self._delay(2), {"passed": True}):
            return
        opinion = "satisfied" if rng.random() < 0.9 else "basically_satisfied"
        if not s.step(
            "sign_off", "awaiting_callback", self._delay(1.5), {"opinion": opinion}, "completion"
        ):
            return
        s.t["signoff_opinion"] = opinion
        leak = s.t["component"] in ("leakage", "roof_waterproofing")
        callback_days = 3 if leak else 2
        s.deadline(
            "callback",
            s.at,
            callback_days,
            "natural_days",
            s.at + dt.timedelta(days=callback_days),
        )
        if rng.random() < 0.02:
            return  # never called back
        satisfied = rng.random() < (0.9 if first else 0.97)
        if not s.callback(satisfied, self._delay(30, 0.7)):
            return
        if not satisfied:
            self._repair_work(s, trades, first=False)

    def _complaint(self, s: _State) -> None:
        rng = self.rng
        severity = s.t["severity"]
        reply_h = {"major": 48, "important": 24, "minor": 24}[severity]
        resolve_h = {"major": 240, "important": 72, "minor": 48}[severity]
        r0 = s.at
        s.deadline("reply", r0, reply_h, "natural_hours", r0 + reply_h * HOUR)
        s.deadline("resolution", r0, resolve_h, "natural_hours", r0 + resolve_h * HOUR)
        if rng.random() < 0.05:
            s.step("invalidate", "closed", self._delay(8), {"reason": "非本公司责任"})
            s.t.update(invalid=True, invalid_reason="非本公司责任", close_reason="无效投诉")
            return
        dept = rng.choice(DEPARTMENTS)
        if not s.step("route", "routed", self._delay(1.5), {"departments": [dept]}):
            return
        s.t["departments"] = [dept]
        s.deadline("department_feedback", s.at, 3, "working_days", _workdays_after(s.at, 3))
        if not s.step("reply", "replied", self._delay(5, 1.1), {"content": "已答复"}, "reply"):
            return
        if not s.step("feedback", "replied", self._delay(20), {}, "department_feedback"):
            return
        hours = resolve_h * (0.5 if rng.random() < 0.85 else 1.4)
        if not s.step("resolve", "awaiting_callback", self._delay(hours / 2), {}, "resolution"):
            return
        s.deadline("callback", s.at, 2, "natural_days", s.at + dt.timedelta(days=2))
        satisfied = rng.random() < 0.8
        if not s.callback(satisfied, self._delay(24, 0.7)):
            return
        if not satisfied:
            if not s.step("resolve", "awaiting_callback", self._delay(48), {}, None):
                return
            s.deadline("callback", s.at, 2, "natural_days", s.at + dt.timedelta(days=2))
            s.callback(True, self._delay(24, 0.7))


class _State:
    """One ticket being written: its row, its events, its deadlines, its clock."""

    def __init__(self, gen: Generator, t: dict, agent: tuple[int, str]):
        self.gen = gen
        self.t = t
        self.at = t["occurred_at"]
        self.agent = agent
        self.tech = agent
        self.dl: dict[str, dict] = {}
        self.first_response = None
        self.last_signoff = None
        self.last_callback = None
        self.first_check: bool | None = None

    def event(self, action: str, at: dt.datetime, data: dict, from_status: str = "") -> None:
        actor = self.agent
        if action in ("survey", "start", "complete") and self.t.get("assignee_id"):
            actor = self.tech
        self.gen.events.add(
            {
                "ticket_id": self.t["id"],
                "action": action,
                "from_status": from_status,
                "to_status": self.t["status"],
                "actor_id": actor[0],
                "actor_name": actor[1],
                "recorded_at": at,
                "occurred_at": at,
                "data": data,
            }
        )

    def step(
        self,
        action: str,
        to_status: str,
        delay: dt.timedelta,
        data: dict | None = None,
        meets: str | None = None,
    ) -> bool:
        at = self.at + delay
        if at > self.gen.now:
            return False
        before = self.t["status"]
        self.at = at
        self.t["status"] = to_status
        if meets and meets in self.dl and self.dl[meets]["met_at"] is None:
            self.dl[meets]["met_at"] = at
        if meets == "resolution" and "reply" in self.dl and self.dl["reply"]["met_at"] is None:
            self.dl["reply"]["met_at"] = at
        if action in facts.RESPONSE_ACTIONS and self.first_response is None:
            self.first_response = at
        elif action == "sign_off":
            self.last_signoff = at
        elif action == "check" and self.first_check is None:
            self.first_check = bool((data or {}).get("passed", True))
        if to_status == "closed":
            self.t["closed_at"] = at
            self.t.setdefault("close_reason", "已答复")
        self.event(action, at, data or {}, before)
        return True

    def deadline(self, name: str, started: dt.datetime, amount, unit: str, due) -> None:
        self.dl[name] = {
            "name": name,
            "started_at": started,
            "amount": Decimal(amount),
            "unit": unit,
            "due": due,
            "met_at": None,
        }

    def callback(self, satisfied: bool, delay: dt.timedelta) -> bool:
        to = "closed" if satisfied else "reopened"
        at = self.at + delay
        if at > self.gen.now:
            return False
        self.gen.callbacks.add(
            {
                "ticket_id": self.t["id"],
                "satisfied": satisfied,
                "method": "phone",
                "scores": {"result": 5 if satisfied else 2},
                "comment": "" if satisfied else "仍有问题",
                "actor_id": self.agent[0],
                "occurred_at": at,
            }
        )
        self.last_callback = at
        if not self.step("callback", to, delay, {"satisfied": satisfied}, "callback"):
            return False
        if satisfied:
            self.t["close_reason"] = "回访满意"
        else:
            self.t["reopen_count"] = self.t.get("reopen_count", 0) + 1
        return True

    def finish(self) -> None:
        self.t["updated_at"] = self.at
        self.gen.tickets.add(self.t)
        self.gen.facts.add(self.fact())
        for d in self.dl.values():
            extra = {}
            if d["met_at"] is None and d["due"] < self.gen.now:
                extra = {"breached_notified_at": d["due"]}
            self.gen.deadlines.add({"ticket_id": self.t["id"], **d, **extra})

    def fact(self) -> dict:
        """The ticket's report facts, as :func:`aftersales.reports.facts.build` derives them."""
        t, registered = self.t, self.t["occurred_at"]
        closed, signed = t.get("closed_at"), self.last_signoff
        completion = self.dl.get("completion")
        on_time = None
        if signed is not None:
            met = completion and completion["met_at"]
            on_time = bool(met is not None and met <= completion["due"])
        return {
            "ticket_id": t["id"],
            "project_id": t["project_id"],
            "building_id": self.building,
            "customer_id": t["customer_id"],
            "assignee_id": t.get("assignee_id"),
            "kind": t["kind"],
            "category": t["category"],
            "component": t["component"],
            "severity": t["severity"],
            "merged": False,
            "registered_at": registered,
            "response_seconds": facts._seconds(self.first_response, registered),
            "closed_at": closed,
            "handling_seconds": facts._seconds(closed, registered),
            "reopen_count": t.get("reopen_count", 0),
            "signed_off_at": signed,
            "completion_on_time": on_time,
            "called_back": bool(
                signed is not None
                and self.last_callback is not None
                and self.last_callback >= signed
            ),
            "first_check_passed": self.first_check,
        }
