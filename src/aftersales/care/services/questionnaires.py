"""Questionnaires (R-VIS-2): the editor, and answers from a visit, a phone call or the owner's
own phone through a signed link."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.care.choices import QuestionnaireKind, QuestionType, ResponseSource
from aftersales.care.models import Answer, Campaign, Question, Questionnaire, Response
from aftersales.care.services._common import choice, record_in_scope, text
from aftersales.core import audit
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.permissions import require
from aftersales.estates.models import Customer, House

MAX_QUESTIONS = 60
MAX_OPTIONS = 20
LINK_SALT = "aftersales.care.survey-link"
LINK_DAYS = 30


def _questions(items: Any) -> list[Question]:
    if not isinstance(items, list) or not items:
        raise field_error("questions", "请至少添加一道题目", code="required")
    if len(items) > MAX_QUESTIONS:
        raise field_error("questions", f"题目不能超过 {MAX_QUESTIONS} 道")
    made = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise field_error(f"questions.{i}", "题目格式不正确")
        kind = choice(item.get("type"), f"questions.{i}.type", "题型", QuestionType)
        options = item.get("options") or []
        if kind == QuestionType.CHOICE:
            if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
                raise field_error(f"questions.{i}.options", f"选择题需要 2–{MAX_OPTIONS} 个选项")
            options = [
                text(o, f"questions.{i}.options", "选项", 100, required=True) for o in options
            ]
            if len(set(options)) != len(options):
                raise field_error(f"questions.{i}.options", "选项不能重复")
        else:
            options = []
        made.append(
            Question(
                index=i,
                section=text(item.get("section"), f"questions.{i}.section", "分节", 60),
                text=text(item.get("text"), f"questions.{i}.text", "题目", 300, required=True),
                type=kind,
                options=options,
            )
        )
    return made


def create_questionnaire(
    actor, *, title: Any, questions: Any, kind: Any = "", intro: Any = ""
) -> Questionnaire:
    """A new questionnaire with its questions (scores are 1–5)."""
    require(actor, "care.manage")
    title = text(title, "title", "标题", 100, required=True)
    kind = choice(
        kind, "kind", "问卷类型", QuestionnaireKind, default=QuestionnaireKind.SATISFACTION
    )
    made = _questions(questions)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            title=title, kind=kind, intro=text(intro, "intro", "说明", 2000), created_by=actor
        )
        for q in made:
            q.questionnaire = questionnaire
        Question.objects.bulk_create(made)
        audit.record(actor, "create", questionnaire, after={"title": title})
    return questionnaire


def update_questionnaire(
    actor,
    questionnaire: Questionnaire,
    *,
    title: Any,
    questions: Any,
    kind: Any = "",
    intro: Any = "",
) -> Questionnaire:
    """Edit the title and questions; once answered the questions are fixed (409)."""
    require(actor, "care.manage")
    title = text(title, "title", "标题", 100, required=True)
    kind = choice(kind, "kind", "问卷类型", QuestionnaireKind, default=questionnaire.kind)
    made = _questions(questions)
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if Response.objects.filter(questionnaire=locked).exists():
            raise Conflict("问卷已有答卷，题目不能再修改；请复制为新问卷", code="has_responses")
        locked.title, locked.kind, locked.intro = title, kind, text(intro, "intro", "说明", 2000)
        locked.save(update_fields=["title", "kind", "intro"])
        locked.questions.all().delete()
        for q in made:
            q.questionnaire = locked
        Question.objects.bulk_create(made)
        audit.record(actor, "update", locked, after={"title": title})
    return locked


def set_active(actor, questionnaire: Questionnaire, active: bool) -> Questionnaire:
    require(actor, "care.manage")
    Questionnaire.objects.filter(pk=questionnaire.pk).update(active=bool(active))
    questionnaire.active = bool(active)
    audit.record(actor, "update", questionnaire, after={"active": questionnaire.active})
    return questionnaire


def _answers(questionnaire: Questionnaire, answers: Any) -> list[tuple[Question, int | None, str]]:
    """Each answer checked against its question: score 1–5, a listed option, a short text."""
    if not isinstance(answers, list) or not answers:
        raise field_error("answers", "请至少回答一道题", code="required")
    questions = {q.index: q for q in questionnaire.questions.all()}
    checked, seen = [], set()
    for i, item in enumerate(answers):
        field = f"answers.{i}"
        if not isinstance(item, dict):
            raise field_error(field, "回答格式不正确")
        index = item.get("question")
        if isinstance(index, bool) or not isinstance(index, int) or index not in questions:
            raise field_error(f"{field}.question", "问卷中没有这道题")
        if index in seen:
            raise field_error(f"{field}.question", "同一道题只能回答一次")
        seen.add(index)
        q, value = questions[index], item.get("value")
        if q.type == QuestionType.SCORE:
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise field_error(f"{field}.value", "评分应为 1–5 的整数")
            checked.append((q, value, str(value)))
        elif q.type == QuestionType.CHOICE:
            if value not in q.options:
                raise field_error(f"{field}.value", "请从选项中选择")
            checked.append((q, None, value))
        else:
            checked.append((q, None, text(value, f"{field}.value", "回答", 1000)))
    return checked


def _save_response(
    questionnaire, checked, *, source, house, customer, campaign, actor, link_key=None, at=None
) -> Response:
    at = at or timezone.now()
    project_id = house.project_id if house else (campaign.project_id if campaign else None)
    response = Response.objects.create(
        questionnaire=questionnaire,
        project_id=project_id,
        house=house,
        customer=customer,
        campaign=campaign,
        source=source,
        link_key=link_key,
        submitted_at=at,
        created_by=actor,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=q,
            questionnaire=questionnaire,
            project_id=project_id,
            submitted_at=at,
            month=timezone.localtime(at).date().replace(day=1),
            score=score,
            value=value,
        )
        for q, score, value in checked
    )
    return response


def record_response(
    actor,
    questionnaire: Questionnaire,
    *,
    answers: Any,
    house: Any = None,
    customer: Any = None,
    campaign: Any = None,
    source: Any = "",
    submitted_at=None,
) -> Response:
    """Answers taken by staff (a visit or a phone call); ``submitted_at`` for a paper form
    entered later (not in the future)."""
    require(actor, "care.visit")
    if not questionnaire.active:
        raise Conflict("问卷已停用", code="questionnaire_inactive")
    source = choice(source, "source", "来源", ResponseSource, default=ResponseSource.PHONE)
    if source == ResponseSource.LINK:
        raise field_error("source", "业主自助填写请通过问卷链接提交")
    checked = _answers(questionnaire, answers)
    house = record_in_scope(House, actor, house, "house", "房屋")
    customer = record_in_scope(Customer, actor, customer, "customer", "客户")
    campaign = record_in_scope(Campaign, actor, campaign, "campaign", "回访计划")
    if campaign and house and campaign.project_id != house.project_id:
        raise field_error("house", "房屋不属于该回访计划的项目")
    if submitted_at and submitted_at > timezone.now():
        raise field_error("submitted_at", "填写时间不能晚于现在")
    with transaction.atomic():
        response = _save_response(
            questionnaire,
            checked,
            source=source,
            house=house,
            customer=customer,
            campaign=campaign,
            actor=actor,
            at=submitted_at,
        )
        audit.record(actor, "create", response, after={"source": source})
    return response


# --- the owner's link --------------------------------------------------------------------------


def make_link_token(
    questionnaire: Questionnaire, house: House | None, customer: Customer | None
) -> str:
    """A signed token for the owner's phone: the questionnaire, house and customer it is for."""
    return signing.dumps(
        {
            "q": questionnaire.pk,
            "h": house.pk if house else None,
            "c": customer.pk if customer else None,
        },
        salt=LINK_SALT,
        compress=True,
    )


def issue_link(
    actor, questionnaire: Questionnaire, *, house: Any = None, customer: Any = None
) -> str:
    require(actor, "care.visit")
    house = record_in_scope(House, actor, house, "house", "房屋")
    customer = record_in_scope(Customer, actor, customer, "customer", "客户")
    return make_link_token(questionnaire, house, customer)


def read_link_token(token: str) -> dict:
    """What a link token is for; 422 when forged or expired."""
    try:
        data = signing.loads(token or "", salt=LINK_SALT, max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise Invalid("问卷链接已过期", code="link_expired") from exc
    except signing.BadSignature as exc:
        raise Invalid("问卷链接无效", code="link_invalid") from exc
    return data


def submit_by_link(token: str, *, answers: Any) -> Response:
    """The owner's own answers through the signed link; one answer sheet per link (409)."""
    data = read_link_token(token)
    questionnaire = Questionnaire.objects.filter(pk=data.get("q"), active=True).first()
    if questionnaire is None:
        raise Invalid("问卷已停用", code="link_invalid")
    checked = _answers(questionnaire, answers)
    house = House.objects.filter(pk=data.get("h")).first() if data.get("h") else None
    customer = Customer.objects.filter(pk=data.get("c")).first() if data.get("c") else None
    key = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            return _save_response(
                questionnaire,
                checked,
                source=ResponseSource.LINK,
                house=house,
                customer=customer,
                campaign=None,
                actor=None,
                link_key=key,
            )
    except IntegrityError as exc:
        raise Conflict("该问卷链接已经提交过，谢谢！", code="already_answered") from exc
