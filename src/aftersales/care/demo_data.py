"""Demo data of the care app (R-VIS-1..5): a new community at its first visit (coverage
partway), a yearly sampled campaign of an older one with answers spread over six months (a
trend), two questionnaires, care messages due this month, activities and the notice board.

Idempotent: each part is skipped when its records exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.care.models import Activity, Campaign, Notice, Questionnaire, SpotCheck, Target
from aftersales.care.services import activities, campaigns, care, questionnaires
from aftersales.core.demo import DemoRun
from aftersales.estates.models import House, Project

SATISFACTION = [
    {"section": "维修服务", "text": "报修后上门是否及时", "type": "score"},
    {"section": "维修服务", "text": "维修质量是否满意", "type": "score"},
    {"section": "客服服务", "text": "客服人员的服务态度", "type": "score"},
    {"section": "客服服务", "text": "问题反映后的答复速度", "type": "score"},
    {"section": "总体评价", "text": "对售后服务的总体满意度", "type": "score"},
    {
        "section": "总体评价",
        "text": "您通常通过什么方式联系我们",
        "type": "choice",
        "options": ["客服热线", "微信", "上门", "物业转达"],
    },
    {"section": "总体评价", "text": "其他意见和建议", "type": "text"},
]
OPINION = [
    {"section": "社区环境", "text": "小区绿化与环境卫生", "type": "score"},
    {"section": "社区环境", "text": "公共设施维护", "type": "score"},
    {
        "section": "意见征询",
        "text": "最希望改进的方面",
        "type": "choice",
        "options": ["停车", "安保", "绿化", "儿童活动场地"],
    },
    {"section": "意见征询", "text": "您的意见", "type": "text"},
]
ISSUES = [
    ("suggestion", "建议在儿童游乐区增加遮阳棚", "other"),
    ("inquiry", "咨询地下车位租赁办法", ""),
    ("complaint", "楼上装修噪音影响休息，希望加强管理", "other"),
    ("repair", "卫生间地漏返味", "water_electric"),
    ("suggestion", "建议增加快递柜", "other"),
]


def _questionnaires(admin) -> tuple[Questionnaire, Questionnaire]:
    sat = Questionnaire.objects.filter(
        title="客户满意度调查表"
    ).first() or questionnaires.create_questionnaire(
        admin,
        title="客户满意度调查表",
        kind="satisfaction",
        questions=SATISFACTION,
        intro="感谢您抽出宝贵时间，您的意见将帮助我们改进售后服务。",
    )
    opinion = Questionnaire.objects.filter(
        title="业主意见征询表"
    ).first() or questionnaires.create_questionnaire(
        admin, title="业主意见征询表", kind="opinion", questions=OPINION
    )
    return sat, opinion


def _answers(rng: random.Random, mood: float) -> list[dict]:
    """Scores drawn around ``mood`` (higher is happier)."""
    out = []
    for i in range(5):
        score = max(1, min(5, round(rng.gauss(mood, 0.9))))
        out.append({"question": i, "value": score})
    out.append({"question": 5, "value": rng.choice(SATISFACTION[5]["options"])})
    if rng.random() < 0.2:
        out.append(
            {
                "question": 6,
                "value": rng.choice(
                    ["希望维修能提前电话预约", "服务很好，谢谢", "公共区域照明需加强"]
                ),
            }
        )
    return out


def _visits(
    run,
    campaign,
    visitor,
    targets,
    *,
    days: int,
    mood_from: float,
    mood_to: float,
    issue_rate: float,
) -> int:
    rng = random.Random(run.seed + campaign.pk)
    now = timezone.now()
    count = 0
    for i, target in enumerate(targets):
        share = i / max(1, len(targets) - 1)
        at = now - dt.timedelta(days=days * (1 - share) + 1, hours=rng.randint(0, 6))
        issues = []
        if rng.random() < issue_rate:
            kind, text, category = rng.choice(ISSUES)
            issues.append({"kind": kind, "description": text, "category": category})
        campaigns.record_visit(
            visitor,
            campaign,
            house=target.house_id,
            method="in_person" if rng.random() < 0.8 else "phone",
            answers=_answers(rng, mood_from + (mood_to - mood_from) * share),
            issues=issues,
            severely_dissatisfied=rng.random() < 0.02,
            note="走访记录",
            visited_at=at,
            phone="13800000000",
        )
        count += 1
    return count


def _close_some(visitor, campaign, share: float) -> None:
    from aftersales.tickets import services as tickets

    issues = list(
        campaign.visits.filter(issues__isnull=False).values_list(
            "issues__ticket_id", "issues__kind"
        )
    )
    for ticket_id, kind in issues[: int(len(issues) * share)]:
        if kind in ("suggestion", "inquiry"):
            tickets.perform(visitor, ticket_id, "reply", content="已答复业主")


def demo_care(run: DemoRun) -> None:
    admin = run.shared.get("admin") or User.objects.filter(username="admin").first()
    if admin is None:
        return
    sat, opinion = _questionnaires(admin)
    agent2 = User.objects.filter(username="agent2").first() or admin
    agent1 = User.objects.filter(username="agent1").first() or admin
    new = Project.objects.filter(code="LHYZ").first()
    old = Project.objects.filter(code="JYHY").first()
    if new and not Campaign.objects.filter(project=new, kind="first").exists():
        total, occupied = campaigns.occupancy(new)
        if occupied * 2 < total:  # owners keep moving in: enough for the first visit
            need = (total + 1) // 2 - occupied
            ids = list(
                House.objects.filter(project=new, status="delivered").values_list("id", flat=True)[
                    :need
                ]
            )
            House.objects.filter(pk__in=ids).update(status="occupied")
        first = campaigns.create_campaign(
            admin, project=new.pk, kind="first", questionnaire=sat.pk, seed=run.seed
        )
        campaigns.assign_targets(admin, first, assignee=agent2.pk)
        targets = list(Target.objects.filter(campaign=first).order_by("id"))
        visited = targets[: max(1, min(90, len(targets) * 2 // 5))]
        _visits(run, first, agent2, visited, days=20, mood_from=3.8, mood_to=4.2, issue_rate=0.12)
        _close_some(agent2, first, 0.6)
        run.notes.append(f"回访：{new.name} 首次回访 {len(visited)}/{len(targets)} 户")
    if old and not Campaign.objects.filter(project=old, kind="yearly").exists():
        yearly = campaigns.create_campaign(
            admin,
            project=old.pk,
            kind="yearly",
            sample_rate="0.15",
            questionnaire=sat.pk,
            seed=run.seed,
        )
        campaigns.assign_targets(admin, yearly, assignee=agent1.pk)
        targets = list(Target.objects.filter(campaign=yearly).order_by("id"))[:120]
        _visits(run, yearly, agent1, targets, days=180, mood_from=3.4, mood_to=4.3, issue_rate=0.08)
        _close_some(agent1, yearly, 0.9)
        manager = User.objects.filter(username="manager").first()
        if manager and not SpotCheck.objects.filter(project=old).exists():
            campaigns.record_spot_check(
                manager,
                project=old.pk,
                year=timezone.localdate().year - 1,
                visits_checked=30,
                findings="抽查 30 户，回访发现问题均已闭环，2 户对答复时效提出意见，已整改。",
            )
        run.notes.append(f"回访：{old.name} 年度抽样 15%，{len(targets)} 户已回访（半年趋势）")
    if old and not Activity.objects.exists():
        now = timezone.now()
        past = activities.create_activity(
            admin,
            project=old.pk,
            theme="中秋游园会",
            place="中心花园",
            starts_at=now - dt.timedelta(days=75),
            items="猜灯谜、亲子做月饼、业主才艺表演",
            cost="3200.00",
            people=150,
            prizes="月饼礼盒 20 份",
        )
        activities.invite_owners(admin, past)
        activities.record_execution(
            admin, past, record="到场约 160 人，收集意见 12 条，已转客服处理。", attendance=160
        )
        activities.archive(admin, past)
        coming = activities.create_activity(
            admin,
            project=old.pk,
            theme="元旦迎新亲子运动会",
            place="会所前广场",
            starts_at=now + dt.timedelta(days=20),
            items="亲子接力、趣味投篮、抽奖",
            cost="2500.00",
            people=100,
            prizes="家电小礼品若干",
        )
        activities.invite_owners(admin, coming)
        for signup in coming.signups.order_by("id")[:15]:
            activities.sign_up(admin, coming, customer=signup.customer_id, people=2)
    if old and not Notice.objects.exists():
        for title, age in (
            ("冬季防冻保温温馨提示", 3),
            ("元旦迎新运动会报名通知", 1),
            ("国庆期间维修值班安排", 40),
        ):
            notice = activities.post_notice(admin, project=old.pk, title=title)
            Notice.objects.filter(pk=notice.pk).update(
                renewed_on=timezone.localdate() - dt.timedelta(days=age)
            )
    sent = care.run_care()
    if any(sent.values()):
        run.notes.append(f"客户关怀：今日发送 {sum(sent.values())} 条")
