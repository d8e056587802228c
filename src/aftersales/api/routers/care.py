"""API of 回访与客户关怀 (R-VIS-1..5): questionnaires and their statistics, visit campaigns
with their targets, visits, coverage and handling rate, customer care (rules, messages, the
upcoming occasions), community activities and the notice board. Each handler parses, calls
one service or selector, answers."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Day, Id, LocalDateTime, OccurredAt, moment
from aftersales.care import selectors, services
from aftersales.care.models import Campaign, Questionnaire
from aftersales.core import bounds

router = Router(tags=["回访与客户关怀"])

Days = Annotated[int, Field(ge=0, le=366)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Count = Annotated[int, Field(ge=0, le=100000)]
Text = Annotated[str, Field(max_length=4000)]
Short = Annotated[str, Field(max_length=300)]
ActivityAt = moment(bounds.CALCULATION)


# --- questionnaires --------------------------------------------------------------------------------


class QuestionIn(Schema):
    text: Short
    type: str = Field(..., description="score（1–5 分）/ choice / text")
    options: list[Short] = Field(default_factory=list, description="选择题的选项")
    section: Short = Field("", description="分节")


class QuestionnaireIn(Schema):
    title: Short
    questions: list[QuestionIn]
    kind: str = Field("", description="satisfaction 客户满意度调查表 / opinion 业主意见征询表")
    intro: Text = ""


class QuestionOut(Schema):
    index: int
    section: str
    text: str
    type: str
    options: list[str]


class QuestionnaireOut(Schema):
    id: int
    title: str
    kind: str
    intro: str
    active: bool
    questions: list[QuestionOut]
    created_at: LocalDateTime


class ActiveIn(Schema):
    active: bool


def _questionnaire(q: Questionnaire) -> dict:
    return {
        "id": q.pk,
        "title": q.title,
        "kind": q.kind,
        "intro": q.intro,
        "active": q.active,
        "questions": list(q.questions.all()),
        "created_at": q.created_at,
    }


@router.post("/questionnaires", response={201: QuestionnaireOut}, summary="新建问卷")
def create_questionnaire(request, payload: QuestionnaireIn):
    q = services.questionnaires.create_questionnaire(
        request.auth,
        title=payload.title,
        kind=payload.kind,
        intro=payload.intro,
        questions=[item.dict() for item in payload.questions],
    )
    return Status(201, _questionnaire(q))


@router.get("/questionnaires", response=list[QuestionnaireOut], summary="问卷列表")
@paginate(PageNumber)
def list_questionnaires(request, kind: str = "", active: bool | None = None):
    return [
        _questionnaire(q)
        for q in selectors.questionnaires.questionnaires_for(
            request.auth, kind=kind, active=active
        ).prefetch_related("questions")
    ]


@router.get("/questionnaires/{questionnaire_id}", response=QuestionnaireOut, summary="问卷详情")
def get_questionnaire(request, questionnaire_id: Id):
    return _questionnaire(
        selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    )


@router.put(
    "/questionnaires/{questionnaire_id}",
    response=QuestionnaireOut,
    summary="修改问卷（尚无答卷时）",
)
def update_questionnaire(request, questionnaire_id: Id, payload: QuestionnaireIn):
    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    q = services.questionnaires.update_questionnaire(
        request.auth,
        q,
        title=payload.title,
        kind=payload.kind,
        intro=payload.intro,
        questions=[item.dict() for item in payload.questions],
    )
    return _questionnaire(q)


@router.post(
    "/questionnaires/{questionnaire_id}/active", response=QuestionnaireOut, summary="启用或停用问卷"
)
def set_questionnaire_active(request, questionnaire_id: Id, payload: ActiveIn):
    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    return _questionnaire(services.questionnaires.set_active(request.auth, q, payload.active))


class AnswerIn(Schema):
    question: int = Field(..., ge=0, le=1000, description="题目序号（从 0 开始）")
    value: int | Short | None = None


class ResponseIn(Schema):
    answers: list[AnswerIn]
    house: Id | None = None
    customer: Id | None = None
    campaign: Id | None = None
    source: str = Field("", description="visit 上门 / phone 电话（默认）")


class AnswerOut(Schema):
    question: int = Field(..., alias="question.index")
    score: int | None
    value: str


class ResponseOut(Schema):
    id: int
    questionnaire: int = Field(..., alias="questionnaire_id")
    project: int | None = Field(None, alias="project_id")
    house: int | None = Field(None, alias="house_id")
    customer: int | None = Field(None, alias="customer_id")
    campaign: int | None = Field(None, alias="campaign_id")
    source: str
    submitted_at: LocalDateTime
    answers: list[AnswerOut]


@router.post(
    "/questionnaires/{questionnaire_id}/responses", response={201: ResponseOut}, summary="录入答卷"
)
def create_response(request, questionnaire_id: Id, payload: ResponseIn):
    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    response = services.questionnaires.record_response(
        request.auth,
        q,
        answers=[a.dict() for a in payload.answers],
        house=payload.house,
        customer=payload.customer,
        campaign=payload.campaign,
        source=payload.source,
    )
    return Status(201, selectors.questionnaires.get_response(request.auth, response.pk))


@router.get(
    "/questionnaires/{questionnaire_id}/responses", response=list[ResponseOut], summary="问卷的答卷"
)
@paginate(PageNumber)
def questionnaire_responses(
    request,
    questionnaire_id: Id,
    project: Id | None = None,
    house: Id | None = None,
    customer: Id | None = None,
    campaign: Id | None = None,
    source: str = "",
):
    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    return selectors.questionnaires.responses_for(
        request.auth,
        questionnaire=q.pk,
        project=project,
        house=house,
        customer=customer,
        campaign=campaign,
        source=source,
    ).prefetch_related("answers__question")


@router.get("/responses", response=list[ResponseOut], summary="答卷列表")
@paginate(PageNumber)
def list_responses(
    request,
    questionnaire: Id | None = None,
    project: Id | None = None,
    house: Id | None = None,
    customer: Id | None = None,
    campaign: Id | None = None,
    source: str = "",
):
    return selectors.questionnaires.responses_for(
        request.auth,
        questionnaire=questionnaire,
        project=project,
        house=house,
        customer=customer,
        campaign=campaign,
        source=source,
    ).prefetch_related("answers__question")


@router.get("/responses/{response_id}", response=ResponseOut, summary="答卷详情")
def get_response(request, response_id: Id):
    return selectors.questionnaires.get_response(request.auth, response_id)


class LinkIn(Schema):
    house: Id | None = None
    customer: Id | None = None


class LinkOut(Schema):
    token: str
    url: str


@router.post(
    "/questionnaires/{questionnaire_id}/links",
    response={201: LinkOut},
    summary="生成业主手机填写链接",
)
def create_link(request, questionnaire_id: Id, payload: LinkIn):
    from django.urls import reverse

    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    token = services.questionnaires.issue_link(
        request.auth, q, house=payload.house, customer=payload.customer
    )
    return Status(
        201,
        {"token": token, "url": request.build_absolute_uri(reverse("care:survey", args=[token]))},
    )


class FiguresOut(Schema):
    count: int
    mean: float | None
    satisfaction_rate: float | None = Field(None, description="评分 ≥ 4 的比例")
    ci95: list[float] | None = Field(None, description="满意率的 95% Wilson 区间 [low, high]")
    very_dissatisfied_rate: float | None = Field(None, description="评分为 1（非常不满意）的比例")


class QuestionStatsOut(FiguresOut):
    index: int
    text: str
    type: str
    choices: list[dict] | None = None


class ProjectStatsOut(FiguresOut):
    project: int | None
    name: str


class MonthStatsOut(FiguresOut):
    month: str


class StatsOut(Schema):
    responses: int
    overall: FiguresOut
    questions: list[QuestionStatsOut]
    projects: list[ProjectStatsOut]
    trend: list[MonthStatsOut]


@router.get(
    "/questionnaires/{questionnaire_id}/stats",
    response=StatsOut,
    summary="问卷统计（按题、按项目、按月）",
)
def questionnaire_stats(
    request,
    questionnaire_id: Id,
    project: Id | None = None,
    start: Day | None = None,
    end: Day | None = None,
):
    q = selectors.questionnaires.get_questionnaire(request.auth, questionnaire_id)
    return selectors.questionnaires.as_dict(
        selectors.questionnaires.statistics(request.auth, q, project=project, start=start, end=end)
    )


# --- visit campaigns ---------------------------------------------------------------------------------


class CampaignIn(Schema):
    project: Id
    kind: str = Field(..., description="first / yearly / special / quarterly")
    sample_rate: Decimal | None = Field(None, description="抽样比例；yearly 须在 0.10–0.25 之间")
    questionnaire: Id | None = None
    title: Short = ""
    seed: int | None = Field(
        None, ge=0, le=2**62 - 1, description="抽样种子（不填则随机生成并保存）"
    )


class CampaignOut(Schema):
    id: int
    project: int
    project_name: str
    kind: str
    title: str
    status: str
    sample_rate: float | None
    seed: int
    houses: int
    occupied: int
    questionnaire: int | None
    targets: int
    visited: int
    in_person: int
    issues: int
    issues_handled: int
    needs_repeat: int
    coverage: float
    goal: float
    handling_rate: float
    created_at: LocalDateTime


def _campaign(c: Campaign) -> dict:
    s = selectors.campaigns.summary(c)
    return {
        "id": c.pk,
        "project": c.project_id,
        "project_name": c.project.name,
        "kind": c.kind,
        "title": c.title,
        "status": c.status,
        "sample_rate": float(c.sample_rate) if c.sample_rate is not None else None,
        "seed": c.seed,
        "houses": c.houses,
        "occupied": c.occupied,
        "questionnaire": c.questionnaire_id,
        "targets": s.targets,
        "visited": s.visited,
        "in_person": s.in_person,
        "issues": s.issues,
        "issues_handled": s.issues_handled,
        "needs_repeat": s.needs_repeat,
        "coverage": s.coverage,
        "goal": float(c.goal),
        "handling_rate": s.handling_rate,
        "created_at": c.created_at,
    }


@router.post(
    "/visits/campaigns", response={201: CampaignOut}, summary="新建回访计划（抽取回访对象）"
)
def create_campaign(request, payload: CampaignIn):
    c = services.campaigns.create_campaign(request.auth, **payload.dict())
    return Status(201, _campaign(selectors.campaigns.get_campaign(request.auth, c.pk)))


@router.get("/visits/campaigns", response=list[CampaignOut], summary="回访计划列表")
@paginate(PageNumber)
def list_campaigns(request, project: Id | None = None, kind: str = "", status: str = ""):
    return [
        _campaign(c)
        for c in selectors.campaigns.campaigns_for(
            request.auth, project=project, kind=kind, status=status
        )
    ]


@router.get(
    "/visits/campaigns/{campaign_id}", response=CampaignOut, summary="回访计划（覆盖率、处理率）"
)
def get_campaign(request, campaign_id: Id):
    return _campaign(selectors.campaigns.get_campaign(request.auth, campaign_id))


class TargetOut(Schema):
    id: int
    house: int = Field(..., alias="house_id")
    house_label: str = Field(..., alias="house.label")
    building: str = Field(..., alias="house.building.name")
    assignee: int | None = Field(None, alias="assignee_id")
    visited: bool


@router.get("/visits/campaigns/{campaign_id}/targets", response=list[TargetOut], summary="回访对象")
@paginate(PageNumber)
def campaign_targets(
    request,
    campaign_id: Id,
    visited: bool | None = None,
    assignee: Id | None = None,
    house: Id | None = None,
):
    c = selectors.campaigns.get_campaign(request.auth, campaign_id)
    return selectors.campaigns.targets_of(
        request.auth, c, visited=visited, assignee=assignee, house=house
    )


class AssignIn(Schema):
    assignee: Id
    targets: list[Id] | None = None
    building: Id | None = None


class AssignedOut(Schema):
    assigned: int


@router.post("/visits/campaigns/{campaign_id}/assign", response=AssignedOut, summary="分配回访人")
def assign_targets(request, campaign_id: Id, payload: AssignIn):
    c = selectors.campaigns.get_campaign(request.auth, campaign_id)
    return {"assigned": services.campaigns.assign_targets(request.auth, c, **payload.dict())}


@router.post("/visits/campaigns/{campaign_id}/close", response=CampaignOut, summary="结束回访计划")
def close_campaign(request, campaign_id: Id):
    c = selectors.campaigns.get_campaign(request.auth, campaign_id)
    services.campaigns.close_campaign(request.auth, c)
    return _campaign(selectors.campaigns.get_campaign(request.auth, campaign_id))


class IssueIn(Schema):
    kind: str = Field(
        "suggestion",
        description="complaint / repair / suggestion / inquiry（opinion、request 亦可）",
    )
    description: Text
    category: str = ""


class VisitIn(Schema):
    house: Id
    method: str = Field(..., description="in_person / phone")
    answers: list[AnswerIn] = Field(default_factory=list)
    issues: list[IssueIn] = Field(default_factory=list)
    severely_dissatisfied: bool = False
    note: Text = ""
    customer: Id | None = None
    phone: str = Field("", max_length=20, description="房屋没有登记客户时，工单的联系电话")
    visited_at: OccurredAt | None = None


class IssueOut(Schema):
    id: int
    kind: str
    description: str
    category: str
    ticket: int = Field(..., alias="ticket_id")
    ticket_number: str = Field(..., alias="ticket.number")
    ticket_status: str = Field(..., alias="ticket.status")


class VisitOut(Schema):
    id: int
    campaign: int = Field(..., alias="campaign_id")
    house: int = Field(..., alias="house_id")
    customer: int | None = Field(None, alias="customer_id")
    method: str
    note: str
    response: int | None = Field(None, alias="response_id")
    severely_dissatisfied: bool
    needs_repeat: bool
    repeat_done_at: LocalDateTime | None
    repeat_note: str
    visited_by: int = Field(..., alias="visited_by_id")
    visited_at: LocalDateTime
    issues: list[IssueOut]


@router.post(
    "/visits/campaigns/{campaign_id}/visits", response={201: VisitOut}, summary="登记一次回访"
)
def create_visit(request, campaign_id: Id, payload: VisitIn):
    c = selectors.campaigns.get_campaign(request.auth, campaign_id)
    data = payload.dict()
    visit = services.campaigns.record_visit(request.auth, c, **data)
    return Status(201, selectors.campaigns.get_visit(request.auth, visit.pk))


@router.get("/visits", response=list[VisitOut], summary="回访记录列表")
@paginate(PageNumber)
def list_visits(
    request,
    campaign: Id | None = None,
    project: Id | None = None,
    house: Id | None = None,
    customer: Id | None = None,
    method: str = "",
    needs_repeat: bool | None = None,
):
    return selectors.campaigns.visits_for(
        request.auth,
        campaign=campaign,
        project=project,
        house=house,
        customer=customer,
        method=method,
        needs_repeat=needs_repeat,
    ).prefetch_related("issues__ticket")


@router.get("/visits/{visit_id}", response=VisitOut, summary="回访记录详情")
def get_visit(request, visit_id: Id):
    return selectors.campaigns.get_visit(request.auth, visit_id)


class RepeatIn(Schema):
    note: Text


@router.post("/visits/{visit_id}/repeat", response=VisitOut, summary="登记经理复访")
def repeat_visit(request, visit_id: Id, payload: RepeatIn):
    visit = selectors.campaigns.get_visit(request.auth, visit_id)
    services.campaigns.record_repeat_visit(request.auth, visit, note=payload.note)
    return selectors.campaigns.get_visit(request.auth, visit_id)


class SpotCheckIn(Schema):
    project: Id
    year: Year
    visits_checked: int = Field(..., ge=1, le=100000)
    findings: Text
    checked_on: Day | None = None


class SpotCheckOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    year: int
    checked_by: int = Field(..., alias="checked_by_id")
    checked_on: dt.date
    visits_checked: int
    findings: str


@router.post("/visit-spot-checks", response={201: SpotCheckOut}, summary="登记年度回访抽查")
def create_spot_check(request, payload: SpotCheckIn):
    return Status(201, services.campaigns.record_spot_check(request.auth, **payload.dict()))


@router.get("/visit-spot-checks", response=list[SpotCheckOut], summary="年度回访抽查")
@paginate(PageNumber)
def list_spot_checks(request, project: Id | None = None):
    return selectors.campaigns.spot_checks_for(request.auth, project=project)


@router.get("/visit-spot-checks/{check_id}", response=SpotCheckOut, summary="年度回访抽查详情")
def get_spot_check(request, check_id: Id):
    return selectors.campaigns.get_spot_check(request.auth, check_id)


# --- customer care --------------------------------------------------------------------------------


class OccasionOut(Schema):
    kind: str
    on: dt.date
    house: int | None
    house_label: str
    customer: int
    customer_name: str
    project: int | None
    component: str
    component_name: str


class UpcomingOut(Schema):
    count: int
    results: list[OccasionOut]


@router.get("/care/upcoming", response=UpcomingOut, summary="即将到来的关怀事项")
def care_upcoming(request, days: Days = 30, project: Id | None = None, customer: Id | None = None):
    found = selectors.care.upcoming(request.auth, days=days, project=project, customer=customer)
    return {"count": len(found), "results": [o.__dict__ for o in found]}


class RuleIn(Schema):
    kind: str = Field(
        ..., description="warranty_expiry / delivery_anniversary / birthday / holiday / vip"
    )
    name: Short
    text: Short = Field(..., description="内容，可用 {name} {house} {component} {on} {months}")
    months: int | None = Field(None, ge=1, le=120, description="保修到期前 / 交付后的月数")
    segment: str = Field("", max_length=12, description="VIP 礼遇适用的客户分类")
    channel: str = Field("sms", description="sms / inapp")
    active: bool = True


class RulePatch(Schema):
    kind: str | None = None
    name: Short | None = None
    text: Short | None = None
    months: int | None = Field(None, ge=1, le=120)
    segment: str | None = Field(None, max_length=12)
    channel: str | None = None
    active: bool | None = None


class RuleOut(Schema):
    id: int
    kind: str
    name: str
    months: int | None
    segment: str
    channel: str
    text: str
    active: bool


@router.get("/care/rules", response=list[RuleOut], summary="客户关怀规则")
@paginate(PageNumber)
def list_rules(request, kind: str = "", active: bool | None = None):
    return selectors.care.rules_for(request.auth, kind=kind, active=active)


@router.post("/care/rules", response={201: RuleOut}, summary="新建关怀规则")
def create_rule(request, payload: RuleIn):
    return Status(201, services.care.create_rule(request.auth, **payload.dict()))


@router.get("/care/rules/{rule_id}", response=RuleOut, summary="关怀规则详情")
def get_rule(request, rule_id: Id):
    return selectors.care.get_rule(request.auth, rule_id)


@router.patch("/care/rules/{rule_id}", response=RuleOut, summary="修改关怀规则")
def patch_rule(request, rule_id: Id, payload: RulePatch):
    rule = selectors.care.get_rule(request.auth, rule_id)
    return services.care.update_rule(request.auth, rule, **payload.dict(exclude_unset=True))


class MessageOut(Schema):
    id: int
    kind: str
    rule: int | None = Field(None, alias="rule_id")
    project: int | None = Field(None, alias="project_id")
    house: int | None = Field(None, alias="house_id")
    customer: int = Field(..., alias="customer_id")
    on: dt.date
    component: str
    channel: str
    text: str
    sent_at: LocalDateTime


@router.get("/care/messages", response=list[MessageOut], summary="已发送的关怀消息")
@paginate(PageNumber)
def list_messages(
    request,
    project: Id | None = None,
    house: Id | None = None,
    customer: Id | None = None,
    kind: str = "",
):
    return selectors.care.messages_for(
        request.auth, project=project, house=house, customer=customer, kind=kind
    )


@router.get("/care/messages/{message_id}", response=MessageOut, summary="关怀消息详情")
def get_message(request, message_id: Id):
    return selectors.care.get_message(request.auth, message_id)


# --- community activities and the notice board -------------------------------------------------


class ActivityIn(Schema):
    project: Id
    theme: Short
    place: Short
    starts_at: ActivityAt
    items: Text = ""
    cost: Decimal | str = "0"
    people: Count = 0
    prizes: Text = ""


class ActivityOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    theme: str
    items: str
    cost: str
    place: str
    starts_at: LocalDateTime
    people: int
    prizes: str
    status: str
    record: str
    attendance: int | None
    photos: int
    invited: int
    signed_up: int


def _activity(a) -> dict:
    return {
        "id": a.pk,
        "project_id": a.project_id,
        "theme": a.theme,
        "items": a.items,
        "cost": f"{a.cost:.2f}",
        "place": a.place,
        "starts_at": a.starts_at,
        "people": a.people,
        "prizes": a.prizes,
        "status": a.status,
        "record": a.record,
        "attendance": a.attendance,
        "photos": a.photos.count(),
        "invited": a.signups.count(),
        "signed_up": a.signups.filter(status="signed_up").count(),
    }


@router.post("/activities", response={201: ActivityOut}, summary="策划社区活动")
def create_activity(request, payload: ActivityIn):
    return Status(
        201, _activity(services.activities.create_activity(request.auth, **payload.dict()))
    )


@router.get("/activities", response=list[ActivityOut], summary="社区活动列表")
@paginate(PageNumber)
def list_activities(
    request, project: Id | None = None, status: str = "", customer: Id | None = None
):
    return [
        _activity(a)
        for a in selectors.activities.activities_for(
            request.auth, project=project, status=status, customer=customer
        )
    ]


@router.get("/activities/{activity_id}", response=ActivityOut, summary="社区活动详情")
def get_activity(request, activity_id: Id):
    return _activity(selectors.activities.get_activity(request.auth, activity_id))


class InvitedOut(Schema):
    invited: int


@router.post("/activities/{activity_id}/invite", response=InvitedOut, summary="邀请项目全体业主")
def invite(request, activity_id: Id):
    a = selectors.activities.get_activity(request.auth, activity_id)
    return {"invited": services.activities.invite_owners(request.auth, a)}


class SignupIn(Schema):
    customer: Id
    people: int = Field(1, ge=1, le=50)


class SignupOut(Schema):
    id: int
    activity: int = Field(..., alias="activity_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    status: str
    people: int
    signed_up_at: LocalDateTime | None


@router.post("/activities/{activity_id}/signups", response={201: SignupOut}, summary="登记报名")
def sign_up(request, activity_id: Id, payload: SignupIn):
    a = selectors.activities.get_activity(request.auth, activity_id)
    return Status(201, services.activities.sign_up(request.auth, a, **payload.dict()))


@router.get("/activities/{activity_id}/signups", response=list[SignupOut], summary="邀请与报名")
@paginate(PageNumber)
def list_signups(request, activity_id: Id):
    a = selectors.activities.get_activity(request.auth, activity_id)
    return selectors.activities.signups_of(request.auth, a)


class ExecutionIn(Schema):
    record: Text
    attendance: Count


@router.post("/activities/{activity_id}/execution", response=ActivityOut, summary="登记执行记录")
def record_execution(request, activity_id: Id, payload: ExecutionIn):
    a = selectors.activities.get_activity(request.auth, activity_id)
    services.activities.record_execution(request.auth, a, **payload.dict())
    return _activity(selectors.activities.get_activity(request.auth, activity_id))


@router.post("/activities/{activity_id}/archive", response=ActivityOut, summary="归档")
def archive_activity(request, activity_id: Id):
    a = selectors.activities.get_activity(request.auth, activity_id)
    services.activities.archive(request.auth, a)
    return _activity(selectors.activities.get_activity(request.auth, activity_id))


class NoticeIn(Schema):
    project: Id
    title: Short
    body: Text = ""


class NoticeRenewIn(Schema):
    title: Short | None = None
    body: Text | None = None


class NoticeOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    title: str
    body: str
    renewed_on: dt.date
    due_on: dt.date
    stale: bool


def _notice(n) -> dict:
    return {
        "id": n.pk,
        "project_id": n.project_id,
        "title": n.title,
        "body": n.body,
        "renewed_on": n.renewed_on,
        "due_on": n.due_on(),
        "stale": n.stale(timezone.localdate()),
    }


@router.get("/notices", response=list[NoticeOut], summary="公告栏（两周一更新，超期标记）")
@paginate(PageNumber)
def list_notices(request, project: Id | None = None, stale: bool | None = None):
    return [
        _notice(n)
        for n in selectors.activities.notices_for(
            request.auth, project=project, stale=stale, today=timezone.localdate()
        )
    ]


@router.post("/notices", response={201: NoticeOut}, summary="发布公告")
def post_notice(request, payload: NoticeIn):
    return Status(201, _notice(services.activities.post_notice(request.auth, **payload.dict())))


@router.get("/notices/{notice_id}", response=NoticeOut, summary="公告详情")
def get_notice(request, notice_id: Id):
    return _notice(selectors.activities.get_notice(request.auth, notice_id))


@router.post("/notices/{notice_id}/renew", response=NoticeOut, summary="更新公告")
def renew_notice(request, notice_id: Id, payload: NoticeRenewIn):
    n = selectors.activities.get_notice(request.auth, notice_id)
    return _notice(
        services.activities.renew_notice(request.auth, n, **payload.dict(exclude_unset=True))
    )
