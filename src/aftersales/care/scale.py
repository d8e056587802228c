"""Scale data of the care app for ``aftersales gen-data`` (registered in ``apps.py``).

For the run's houses it writes what the care services would hold after the years of history:

* the two questionnaires of the demo (satisfaction, opinion) with their questions;
* one sampled campaign per project and year (``special``, 5 %: the yearly kind must sample
  10 %–25 %, more than the row budget allows), its targets drawn exactly as
  :func:`~aftersales.care.services.campaigns.create_campaign` draws them (stratified by
  building, seeded), assigned per building to the run's agents; the past years' campaigns are
  closed, the current one open;
* visits of about 60 % of the targets (about 3 % of the houses a year), most with an answer
  sheet (source ``visit`` or ``phone`` after the method), a few severely dissatisfied (with
  the manager's repeat visit in the closed campaigns); a visit whose house had a ticket of
  channel ``visit`` registered during the campaign is that ticket's visit (a
  :class:`~aftersales.care.models.VisitIssue` linked to it, as ``record_visit`` registers one);
* answer sheets filled in on the owner's phone (source ``link``) by a share of the targets not
  visited, and by about 1 % of the owners for the opinion questionnaire;
* the reference care rules (when none exist) and the messages the scheduler would have sent
  since it went live: delivery anniversaries and warranty expiries, the go-live day chosen so
  that they stay near 10 % of the houses (owners of generated houses have no birthday);
* a few community activities per project with the owners who signed up (no invitation of every
  owner: that would be one row per owner and activity).

Every row is a plain dict loaded with :class:`~aftersales.core.generation.Loader`; the random
source is the run's. A run whose projects already have campaigns is skipped (``--domains-of-run``
twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from aftersales.care import reference
from aftersales.care.choices import (
    ActivityStatus,
    CampaignKind,
    CampaignStatus,
    CareKind,
    QuestionnaireKind,
    QuestionType,
    ResponseSource,
    SignupStatus,
    VisitMethod,
)
from aftersales.care.demo_data import OPINION, SATISFACTION
from aftersales.care.models import (
    Activity,
    Answer,
    Campaign,
    CareMessage,
    CareRule,
    Question,
    Questionnaire,
    Response,
    Signup,
    Target,
    Visit,
    VisitIssue,
)
from aftersales.care.services.campaigns import (
    FULL_GOAL,
    OCCUPIED,
    sample_size,
    stratified_draw,
)
from aftersales.care.services.care import LATE_DAYS
from aftersales.core import generation
from aftersales.core.generation import ScaleRun, analyze, reserve_ids
from aftersales.core.i18n import data_language

CAMPAIGN_KIND = CampaignKind.SPECIAL
SAMPLE_RATE = Decimal("0.050")
COVERAGE_CLOSED = (0.60, 0.72)  # share of the targets visited, past years
COVERAGE_OPEN = (0.45, 0.55)  # the current year's campaign
VISIT_PERIOD = 0.8  # visits fall in the first 80 % of the campaign's year
ANSWERED = 0.97  # visits with an answer sheet
LINK_SHARE = 0.30  # targets not visited who answered on their phone
OPINION_SHARE = 0.01  # owners who answered the opinion questionnaire
IN_PERSON = 0.8
SEVERE = 0.02
REPEAT_DONE = 0.85
MESSAGE_SHARE = 0.10  # care messages, about this share of the houses
ISSUE_KINDS = ("complaint", "repair", "suggestion", "inquiry")
MANAGER_ROLES = ("service_manager", "admin", "supervisor")
TEXTS = ["希望维修能提前电话预约", "服务很好，谢谢", "公共区域照明需加强", "希望加快答复速度"]
OPINION_TEXTS = ["希望增加停车位", "小区绿化很好", "建议增设儿童游乐设施", "夜间巡逻需加强"]
ACTIVITIES = [
    ("中秋游园会", "中心花园", "猜灯谜、亲子做月饼、业主才艺表演", "月饼礼盒 20 份"),
    ("元旦迎新亲子运动会", "会所前广场", "亲子接力、趣味投篮、抽奖", "家电小礼品若干"),
    ("端午包粽子活动", "社区活动室", "包粽子比赛、香囊制作", "粽子礼盒 30 份"),
    ("业主篮球友谊赛", "小区篮球场", "分组对抗、投篮比赛", "运动水杯 40 个"),
    ("夏日纳凉电影夜", "中心草坪", "露天电影、亲子手工", "冷饮券若干"),
    ("重阳敬老茶话会", "会所二楼", "义诊、理发、茶话会", "老年保温杯 50 个"),
]


class _Step:
    """One care step over a run: the estate read once, the loaders, the clock."""

    def __init__(self, run: ScaleRun):
        from aftersales.accounts.models import User
        from aftersales.estates.models import House, Project

        self.run = run
        self.rng = run.rng
        self.zone = timezone.get_current_timezone()
        self.now = run.now
        self.start = run.now - run.span
        self.today = run.now.astimezone(self.zone).date()
        self.agents = [pk for pk, _ in run.staff.get("agent", [])]
        manager = (
            User.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(roles__code__in=MANAGER_ROLES))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        self.manager = manager
        self.owner = {h: c for h, _p, _b, c in run.houses}
        self.names = dict(Project.objects.filter(pk__in=run.projects).values_list("pk", "name"))
        # project -> ([houses], {building: [occupied houses]}); (project, delivered) -> houses
        self.estate: dict[int, tuple[list, dict]] = {}
        self.delivered: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
        rows = House.objects.filter(project_id__in=run.projects).values_list(
            "id", "project_id", "building_id", "status", "delivered_on"
        )
        for house, project, building, status, delivered in rows.iterator(chunk_size=20000):
            total, by_building = self.estate.setdefault(project, ([0], {}))
            total[0] += 1
            if status in OCCUPIED:
                by_building.setdefault(building, []).append(house)
            if delivered and house in self.owner:
                self.delivered[(project, delivered)].append(house)

    def at(self, day: dt.date, hour_from: int = 8, hours: int = 11) -> dt.datetime:
        """A moment of ``day`` in office hours (local time), never after now."""
        rng = self.rng
        moment = dt.datetime.combine(
            day,
            dt.time(hour_from + rng.randrange(hours), rng.randrange(60), rng.randrange(60)),
            self.zone,
        )
        return min(moment, self.now - dt.timedelta(minutes=1))

    def month(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date().replace(day=1)


# --- questionnaires and answers ---------------------------------------------------------------


def _questionnaires(s: _Step) -> dict[str, tuple[int, list[tuple[int, dict]]]]:
    """The demo's two questionnaires, created before the history starts."""
    first = reserve_ids(Questionnaire, 2)
    first_q = reserve_ids(Question, len(SATISFACTION) + len(OPINION))
    forms = generation.Loader(Questionnaire, explicit_id=True)
    questions = generation.Loader(Question, explicit_id=True)
    made = {}
    created = s.start - dt.timedelta(days=14)
    qid = first_q
    for i, (kind, title, items, intro) in enumerate(
        [
            (
                QuestionnaireKind.SATISFACTION,
                "客户满意度调查表",
                SATISFACTION,
                "感谢您抽出宝贵时间，您的意见将帮助我们改进售后服务。",
            ),
            (QuestionnaireKind.OPINION, "业主意见征询表", OPINION, ""),
        ]
    ):
        pk = first + i
        forms.add(
            {
                "id": pk,
                "title": f"{title}（GD{s.run.run}）",
                "kind": kind,
                "intro": intro,
                "active": True,
                "created_by_id": s.manager,
                "created_at": created,
            }
        )
        listed = []
        for index, item in enumerate(items):
            questions.add(
                {
                    "id": qid,
                    "questionnaire_id": pk,
                    "index": index,
                    "section": item.get("section", ""),
                    "text": item["text"],
                    "type": item["type"],
                    "options": list(item.get("options") or []),
                }
            )
            listed.append((qid, item))
            qid += 1
        made[kind] = (pk, listed)
    forms.flush()
    questions.flush()
    s.run.count("care.questionnaires", forms.count)
    s.run.count("care.questions", questions.count)
    return made


def _answer_rows(s: _Step, listed, mood: float, texts: list[str]) -> list[tuple[int, int, str]]:
    """(question id, score or None, value) of one sheet, as the service checks them: a score
    1–5 for score questions, a listed option for choice questions, a short text (sometimes)."""
    rng = s.rng
    out = []
    for qid, item in listed:
        kind = item["type"]
        if kind == QuestionType.SCORE:
            score = max(1, min(5, round(rng.gauss(mood, 0.9))))
            out.append((qid, score, str(score)))
        elif kind == QuestionType.CHOICE:
            out.append((qid, None, rng.choice(item["options"])))
        elif rng.random() < 0.2:
            out.append((qid, None, rng.choice(texts)))
    return out


class _Sheets:
    """Answer sheets and their answers (the questionnaire, project and time copied)."""

    def __init__(self, s: _Step, count: int):
        self.s = s
        self.next = reserve_ids(Response, count) if count else 1
        self.last = self.next + count - 1
        self.responses = generation.Loader(Response, explicit_id=True)
        self.answers = generation.Loader(Answer)

    def add(
        self,
        questionnaire: tuple[int, list],
        *,
        mood: float,
        texts: list[str],
        source: str,
        at: dt.datetime,
        project: int,
        house: int,
        campaign: int | None = None,
        by: int | None = None,
        link: str | None = None,
    ) -> int:
        pk = self.next
        assert pk <= self.last, "more answer sheets than reserved"
        self.next += 1
        form, listed = questionnaire
        self.responses.add(
            {
                "id": pk,
                "questionnaire_id": form,
                "project_id": project,
                "house_id": house,
                "customer_id": self.s.owner.get(house),
                "campaign_id": campaign,
                "source": source,
                "link_key": link,
                "submitted_at": at,
                "created_by_id": by,
            }
        )
        month = self.s.month(at)
        for qid, score, value in _answer_rows(self.s, listed, mood, texts):
            self.answers.add(
                {
                    "response_id": pk,
                    "question_id": qid,
                    "questionnaire_id": form,
                    "project_id": project,
                    "submitted_at": at,
                    "month": month,
                    "score": score,
                    "value": value,
                }
            )
        return pk

    def flush(self) -> None:
        self.responses.flush()
        self.answers.flush()
        self.s.run.count("care.responses", self.responses.count)
        self.s.run.count("care.answers", self.answers.count)


def _link_key(run: int, *parts) -> str:
    """The fingerprint of an owner's link (unique: the run is part of it)."""
    return hashlib.sha256(":".join(map(str, (f"GD{run}", *parts))).encode()).hexdigest()


# --- campaigns, targets and visits ------------------------------------------------------------


def _issue_tickets(s: _Step) -> dict[int, list[tuple]]:
    """The run's tickets registered in a visit, by house (a visit's issues become these)."""
    from aftersales.tickets.models import Ticket

    rows = Ticket.objects.filter(
        project_id__in=s.run.projects,
        channel="visit",
        kind__in=ISSUE_KINDS,
        number__startswith=f"GD{s.run.run}-",
        house__isnull=False,
    ).values_list(
        "id", "house_id", "kind", "category", "description", "occurred_at", "registered_by_id"
    )
    agents = set(s.agents)
    found: dict[int, list[tuple]] = defaultdict(list)
    for row in rows.iterator(chunk_size=20000):
        if row[6] in agents:
            found[row[1]].append(row)
    return found


class _Plan(NamedTuple):
    """One target's fate: visited (by ``visitor``, maybe for ``ticket``), or answered through
    the owner's link, or neither."""

    campaign: int
    project: int
    is_open: bool
    created: dt.datetime
    end: dt.datetime
    target: int
    house: int
    mood: float
    visitor: int | None = None
    ticket: tuple | None = None
    link: bool = False


def _campaigns(s: _Step, forms) -> None:
    run, rng = s.run, s.rng
    years = max(1, round(run.span / dt.timedelta(days=365)))
    period = run.span / years
    drawn_all = []  # (project, year index, created_at, seed, houses, occupied, drawn houses)
    for project in run.projects:
        total, by_building = s.estate.get(project, ([0], {}))
        occupied = sum(len(h) for h in by_building.values())
        for k in range(years):
            seed = rng.getrandbits(48)
            drawn = (
                stratified_draw(by_building, sample_size(SAMPLE_RATE, occupied), seed)
                if occupied
                else []
            )
            created = s.at((s.start + period * k).astimezone(s.zone).date(), 9, 2)
            drawn_all.append((project, k, created, seed, total[0], occupied, drawn))
    if not drawn_all:
        return
    first = reserve_ids(Campaign, len(drawn_all))
    tid = reserve_ids(Target, sum(len(d[6]) for d in drawn_all))
    tickets = _issue_tickets(s)
    sat = forms[QuestionnaireKind.SATISFACTION]
    building_of = {h: b for h, _p, b, _c in run.houses}
    with data_language():
        label = str(CampaignKind(CAMPAIGN_KIND).label)
    campaigns = generation.Loader(Campaign, explicit_id=True)
    targets = generation.Loader(Target, explicit_id=True)
    plans: list[_Plan] = []
    for i, (project, k, created, seed, total, occupied, drawn) in enumerate(drawn_all):
        pk = first + i
        is_open = k == years - 1
        year = created.astimezone(s.zone).year
        campaigns.add(
            {
                "id": pk,
                "project_id": project,
                "kind": CAMPAIGN_KIND,
                "title": f"{s.names.get(project, '')} {year}年{label}"[:100],
                "status": CampaignStatus.OPEN if is_open else CampaignStatus.CLOSED,
                "sample_rate": SAMPLE_RATE,
                "seed": seed,
                "goal": FULL_GOAL,
                "houses": total,
                "occupied": occupied,
                "questionnaire_id": sat[0],
                "created_by_id": s.manager,
                "created_at": created,
            }
        )
        # assign_targets per building, the buildings shared out among the agents
        buildings = sorted({building_of.get(h, 0) for h in drawn})
        assignee = {b: s.agents[j % len(s.agents)] for j, b in enumerate(buildings)}
        end = s.now if is_open else min(s.now, s.start + period * (k + 1))
        low, high = COVERAGE_OPEN if is_open else COVERAGE_CLOSED
        chosen = set(rng.sample(range(len(drawn)), round(len(drawn) * rng.uniform(low, high))))
        mood = rng.gauss(3.9, 0.25)
        for j, house in enumerate(drawn):
            # a ticket registered in a visit to this house during the campaign: that visit
            ticket = next(
                (
                    t
                    for t in tickets.get(house, ())
                    if created + dt.timedelta(hours=1) <= t[5] < end
                ),
                None,
            )
            plan = _Plan(pk, project, is_open, created, end, tid, house, mood)
            if ticket is not None:
                plan = plan._replace(visitor=ticket[6], ticket=ticket)
            elif j in chosen:
                plan = plan._replace(visitor=assignee[building_of.get(house, 0)])
            else:
                plan = plan._replace(link=rng.random() < LINK_SHARE)
            plans.append(plan)
            targets.add(
                {
                    "id": tid,
                    "campaign_id": pk,
                    "house_id": house,
                    "assignee_id": assignee[building_of.get(house, 0)],
                    "visited": plan.visitor is not None,
                }
            )
            tid += 1
    campaigns.flush()
    targets.flush()
    run.count("care.campaigns", campaigns.count)
    run.count("care.targets", targets.count)
    opinion_houses = _opinion_houses(s)
    sheets = _Sheets(s, sum(1 for p in plans if p.visitor or p.link) + len(opinion_houses))
    _visits(s, sat, sheets, plans, period)
    _opinions(s, forms[QuestionnaireKind.OPINION], sheets, opinion_houses)
    sheets.flush()


def _when(s: _Step, created: dt.datetime, end: dt.datetime, period: dt.timedelta) -> dt.datetime:
    """A moment of the campaign (the early weeks busier), in office hours."""
    span = min(end - created, period * VISIT_PERIOD)
    moment = created + dt.timedelta(days=1) + span * (s.rng.random() ** 1.4)
    day = min(moment, end - dt.timedelta(hours=1)).astimezone(s.zone).date()
    return max(created + dt.timedelta(hours=1), min(s.at(day), end - dt.timedelta(minutes=1)))


def _visits(s: _Step, sat, sheets: _Sheets, plans: list[_Plan], period: dt.timedelta) -> None:
    """The visits as ``record_visit`` writes them (with their answer sheets and issues), and
    the sheets the owners filled in through their links."""
    rng, run = s.rng, s.run
    count = sum(1 for p in plans if p.visitor)
    vid = reserve_ids(Visit, count) if count else 1
    visits = generation.Loader(Visit, explicit_id=True)
    issues = generation.Loader(VisitIssue)
    for p in plans:
        if p.visitor is None:
            if p.link:
                sheets.add(
                    sat,
                    mood=p.mood,
                    texts=TEXTS,
                    source=ResponseSource.LINK,
                    at=_when(s, p.created, p.end, period),
                    project=p.project,
                    house=p.house,
                    link=_link_key(run.run, p.campaign, p.house),
                )
            continue
        ticket = p.ticket
        at = ticket[5] if ticket else _when(s, p.created, p.end, period)
        method = VisitMethod.IN_PERSON if rng.random() < IN_PERSON else VisitMethod.PHONE
        severe = rng.random() < SEVERE
        response = None
        if rng.random() < ANSWERED:
            trend = 0.5 * ((at - s.start) / run.span) - 0.25  # a little happier every year
            response = sheets.add(
                sat,
                mood=1.4 if severe else p.mood + trend,
                texts=TEXTS,
                source=(
                    ResponseSource.VISIT
                    if method == VisitMethod.IN_PERSON
                    else ResponseSource.PHONE
                ),
                at=at,
                project=p.project,
                house=p.house,
                campaign=p.campaign,
                by=p.visitor,
            )
        repeat = None
        if severe and not p.is_open and rng.random() < REPEAT_DONE:
            repeat = min(s.now, at + dt.timedelta(days=rng.uniform(1, 7)))
        if ticket:
            note = "走访中业主反映问题，已登记工单"
        else:
            note = "上门走访" if method == VisitMethod.IN_PERSON else "电话回访"
        visits.add(
            {
                "id": vid,
                "campaign_id": p.campaign,
                "target_id": p.target,
                "house_id": p.house,
                "customer_id": s.owner.get(p.house),
                "method": method,
                "note": note,
                "response_id": response,
                "severely_dissatisfied": severe,
                "repeat_done_at": repeat,
                "repeat_note": "经理上门复访，问题已落实整改，业主表示理解。" if repeat else "",
                "visited_by_id": p.visitor,
                "visited_at": at,
            }
        )
        if ticket:
            issues.add(
                {
                    "visit_id": vid,
                    "kind": ticket[2],
                    "description": ticket[4][:1000],
                    "category": ticket[3][:20],
                    "ticket_id": ticket[0],
                }
            )
        vid += 1
    visits.flush()
    issues.flush()
    run.count("care.visits", visits.count)
    run.count("care.visit_issues", issues.count)


def _opinion_houses(s: _Step) -> list[int]:
    houses = [h for h, _p, _b, _c in s.run.houses]
    return sorted(s.rng.sample(houses, round(len(houses) * OPINION_SHARE)))


def _opinions(s: _Step, form, sheets: _Sheets, houses: list[int]) -> None:
    project_of = {h: p for h, p, _b, _c in s.run.houses}
    span_days = max(1, (s.now - s.start).days)
    for house in houses:
        day = (s.start + dt.timedelta(days=s.rng.randrange(span_days))).astimezone(s.zone)
        sheets.add(
            form,
            mood=s.rng.gauss(3.8, 0.3),
            texts=OPINION_TEXTS,
            source=ResponseSource.LINK,
            at=s.at(day.date()),
            project=project_of[house],
            house=house,
            link=_link_key(s.run.run, "opinion", house),
        )


# --- care rules and messages ------------------------------------------------------------------


def _rules(s: _Step) -> list[CareRule]:
    before = CareRule.objects.count()
    reference.ensure()  # the reference rules, when there are none
    s.run.count("care.rules", CareRule.objects.count() - before)
    return list(CareRule.objects.filter(active=True).order_by("id"))


def _occasions(s: _Step, rules: list[CareRule]) -> list[tuple]:
    """Every anniversary and expiry the rules greet whose window reaches the history:
    (first day it is sent, last day it may still be sent, rule, key parts, houses)."""
    from aftersales.estates.models import ProjectWarrantyTerm, WarrantyComponent

    every = list(WarrantyComponent.objects.order_by("sort", "id"))
    overrides = {
        (t.project_id, t.component_id): t.months
        for t in ProjectWarrantyTerm.objects.filter(project_id__in=s.run.projects)
    }
    history = s.start.astimezone(s.zone).date()
    found = []
    for rule in rules:
        if rule.kind == CareKind.DELIVERY_ANNIVERSARY:
            months = rule.months or 12
            for (_project, delivered), houses in s.delivered.items():
                on = delivered + relativedelta(months=months)
                if on <= s.today and on + dt.timedelta(days=LATE_DAYS) >= history:
                    found.append(
                        (on, on + dt.timedelta(days=LATE_DAYS), rule, months, None, houses)
                    )
        elif rule.kind == CareKind.WARRANTY_EXPIRY:
            ahead = relativedelta(months=rule.months or 1)
            for (project, delivered), houses in s.delivered.items():
                for component in every:
                    months = overrides.get((project, component.pk), component.months)
                    if not months:
                        continue
                    expires = delivered + relativedelta(months=months) - dt.timedelta(days=1)
                    first = expires - ahead
                    while first + ahead < expires:
                        first += dt.timedelta(days=1)
                    if first <= s.today and expires >= history:
                        found.append((first, expires, rule, months, component, houses))
    return found


def _messages(s: _Step) -> None:
    """The care messages sent since the scheduler went live (one run a day, each occasion once):
    the go-live day is the earliest that keeps them near ``MESSAGE_SHARE`` of the houses."""
    from aftersales.estates.models import CustomerHouse, House

    run = s.run
    found = _occasions(s, _rules(s))
    if not found:
        return
    budget = max(1, round(len(run.houses) * MESSAGE_SHARE))
    history = s.start.astimezone(s.zone).date()
    # The go-live day: occasions still open on or after it are sent (on their first day, or on
    # the go-live day itself when their window began earlier).
    ends = sorted({f[1] for f in found}, reverse=True)
    live, total = ends[0], 0
    for end in ends:
        size = sum(len(f[5]) for f in found if f[1] == end)
        if total and total + size > budget:
            break
        total += size
        live = end
    live = max(live, history)
    chosen = [f for f in found if f[1] >= live]
    houses = {h for f in chosen for h in f[5]}
    project_of = {h: p for h, p, _b, _c in run.houses}
    projects = {project_of[h] for h in houses}
    labels = dict(
        House.objects.filter(project_id__in=projects).values_list("id", "label").iterator(20000)
    )
    names = dict(
        CustomerHouse.objects.filter(house__project_id__in=projects, role="owner")
        .values_list("customer_id", "customer__name")
        .iterator(20000)
    )
    # keys recorded already (the live scheduler may have run over these houses): sent once
    seen = set(CareMessage.objects.filter(project_id__in=projects).values_list("key", flat=True))
    messages = generation.Loader(CareMessage)
    for first, last, rule, months, component, group in sorted(
        chosen, key=lambda f: (max(f[0], live), f[2].pk)
    ):
        day = max(first, live)
        for house in group:
            if component is None:
                key, on = f"delivery:{house}:{months}", first
            else:
                key, on = f"warranty_expiry:{house}:{component.code}:{last}", last
            if key in seen:  # an earlier rule sent it (the unique key)
                continue
            seen.add(key)
            customer = s.owner[house]
            text = rule.text.format_map(
                _Blank(
                    name=names.get(customer, ""),
                    house=labels.get(house, ""),
                    component=component.name if component else "",
                    on=on.isoformat(),
                    months=months or rule.months or "",
                )
            )[:500]
            messages.add(
                {
                    "key": key[:120],
                    "rule_id": rule.pk,
                    "kind": rule.kind,
                    "project_id": project_of[house],
                    "house_id": house,
                    "customer_id": customer,
                    "on": on,
                    "component": component.code if component else "",
                    "channel": rule.channel,
                    "text": text,
                    "notification_id": None,
                    "sent_at": s.at(day, 0, 1) if day < s.today else s.now,
                }
            )
    messages.flush()
    run.count("care.messages", messages.count)


class _Blank(dict):
    def __missing__(self, key):
        return ""


# --- activities -------------------------------------------------------------------------------


def _activities(s: _Step) -> None:
    rng, run = s.rng, s.run
    owners: dict[int, list[int]] = defaultdict(list)
    for _h, project, _b, customer in run.houses:
        owners[project].append(customer)
    planned_count = len(run.projects) * 4
    first = reserve_ids(Activity, planned_count)
    activities = generation.Loader(Activity, explicit_id=True)
    signups = generation.Loader(Signup)
    aid = first
    for project in run.projects:
        customers = sorted(set(owners.get(project, ())))
        themes = rng.sample(ACTIVITIES, 4)
        for j, (theme, place, items, prizes) in enumerate(themes):
            planned = j == 3
            if planned:
                starts = s.now + dt.timedelta(days=rng.randint(10, 40))
                starts = starts.astimezone(s.zone).replace(hour=rng.choice((9, 14, 19)), minute=0)
                created = s.now - dt.timedelta(days=rng.randint(3, 15))
                status = ActivityStatus.PLANNED
            else:
                share = (j + 0.1 + 0.8 * rng.random()) / 3
                starts = (s.start + (s.now - s.start) * share - dt.timedelta(days=3)).astimezone(
                    s.zone
                )
                starts = starts.replace(hour=rng.choice((9, 14, 19)), minute=0, second=0)
                created = starts - dt.timedelta(days=rng.randint(20, 40))
                archived = starts < s.now - dt.timedelta(days=60)
                status = ActivityStatus.ARCHIVED if archived else ActivityStatus.DONE
            starts = starts.replace(second=0, microsecond=0)
            count = min(len(customers), rng.randint(10, 35) if planned else rng.randint(30, 90))
            signed_up_by = min(starts, s.now)
            people_total = 0
            for customer in sorted(rng.sample(customers, count)):
                people = rng.choice((1, 1, 2, 2, 2, 3, 4))
                people_total += people
                at = created + (signed_up_by - created) * rng.random()
                signups.add(
                    {
                        "activity_id": aid,
                        "customer_id": customer,
                        "status": SignupStatus.SIGNED_UP,
                        "people": people,
                        "invited_at": at,
                        "signed_up_at": at,
                    }
                )
            attendance = None if planned else max(1, round(people_total * rng.uniform(0.85, 1.1)))
            activities.add(
                {
                    "id": aid,
                    "project_id": project,
                    "theme": theme,
                    "items": items,
                    "cost": Decimal(rng.choice((1500, 2500, 3200, 4800, 6000))).quantize(
                        Decimal("0.01")
                    ),
                    "place": place,
                    "starts_at": starts,
                    "people": rng.choice((80, 100, 120, 150, 200)),
                    "prizes": prizes,
                    "status": status,
                    "record": ""
                    if planned
                    else f"到场约 {attendance} 人，收集意见 {rng.randint(3, 15)} 条，已转客服处理。",
                    "attendance": attendance,
                    "created_by_id": rng.choice(s.agents) if s.agents else s.manager,
                    "created_at": created,
                }
            )
            aid += 1
    activities.flush()
    signups.flush()
    run.count("care.activities", activities.count)
    run.count("care.signups", signups.count)


# --- the step ---------------------------------------------------------------------------------


def scale_care(run: ScaleRun) -> None:
    """The care records of a gen-data run (see the module's docstring)."""
    if not run.houses or Campaign.objects.filter(project_id__in=run.projects).exists():
        run.say("回访与关怀：已有数据或没有房屋，跳过")
        return
    s = _Step(run)
    forms = _questionnaires(s)
    if s.agents:  # the targets are assigned to, and visited by, the run's agents
        _campaigns(s, forms)
    _messages(s)
    _activities(s)
    analyze(
        Questionnaire,
        Question,
        Campaign,
        Target,
        Response,
        Answer,
        Visit,
        VisitIssue,
        CareRule,
        CareMessage,
        Activity,
        Signup,
    )
