"""决算与结算: the final accounts and settlements the user sees, filtered and paged, and the
detail page of each with its lines, its history (who and when for every step) and the
action the user may take now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from aftersales.accounts.choices import RoleCode
from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate, visible_or_404
from aftersales.costs import selectors
from aftersales.costs.models import FinalAccount, Settlement
from aftersales.costs.views.money import actions
from aftersales.costs.views.money._common import chain, inline, role_name
from aftersales.costs.views.money.inbox import waiting_count
from aftersales.estates.models import Project
from aftersales.tickets.choices import WorkClass

TABS = ("settlements", "accounts")
CLASSES = [(WorkClass.A, "A 类"), (WorkClass.B, "B 类")]


def _filters(request, tab: str) -> dict:
    statuses = Settlement.Status if tab == "settlements" else FinalAccount.Status
    status = request.GET.get("status", "")
    work_class = request.GET.get("work_class", "")
    return {
        "status": status if status in statuses.values else "",
        "work_class": work_class if work_class in (WorkClass.A, WorkClass.B) else "",
        "contractor": int_param(request, "contractor"),
        "project": int_param(request, "project"),
    }


@login_required
def settlement_list(request):
    need(request, "costs.view")
    user = request.user
    tab = request.GET.get("tab", "settlements")
    tab = tab if tab in TABS else "settlements"
    f = _filters(request, tab)
    if tab == "settlements":
        qs = selectors.settlements_for(
            user, status=f["status"], contractor=f["contractor"], work_class=f["work_class"]
        ).select_related("ticket__project")
        statuses = Settlement.Status.choices
    else:
        qs = selectors.final_accounts_for(user, status=f["status"]).select_related(
            "ticket__project", "settlement"
        )
        if f["contractor"]:
            qs = qs.filter(contractor_id=f["contractor"])
        if f["work_class"]:
            qs = qs.filter(ticket__work_class=f["work_class"])
        statuses = FinalAccount.Status.choices
    if f["project"]:
        qs = qs.filter(ticket__project_id=f["project"])
    page = paginate(request, qs)
    inbox = can(user, "costs.inbox")
    return render(
        request,
        "costs/money/settlements.html",
        {
            "tab": tab,
            "filters": f,
            "filtered": any(f.values()),
            "statuses": statuses,
            "classes": CLASSES,
            "contractors": selectors.contractors_for(user),
            "projects": scoping.visible_to(Project.objects.order_by("name"), user),
            "page_obj": page,
            "staff": scoping.is_staff_user(user),
            "waiting": waiting_count(user) if inbox else 0,
        },
    )


def _settlement_events(s: Settlement) -> dict[str, object]:
    """Comments of confirm / certify / pay, kept in the ticket's trail."""
    found = {}
    for event in s.ticket.events.filter(action__startswith="settlement_").order_by("id"):
        if (event.data or {}).get("settlement") == s.pk:
            found[event.action] = event
    return found


def history(account: FinalAccount, s: Settlement | None) -> list[dict]:
    """Every step of the account and its settlement: who, when, what they said; steps not
    taken yet are listed as waiting, so the reader sees what comes next."""
    events = _settlement_events(s) if s else {}
    reviewer = "客户服务部" if account.reviewer_role == RoleCode.SERVICE_MANAGER else "审计核算部"
    rows = [
        {
            "label": "编制决算书",
            "who": account.filed_by.display_name,
            "at": account.filed_at,
            "note": account.note,
            "done": True,
        },
        {
            "label": f"{reviewer}审核",
            "who": account.reviewed_by.display_name if account.reviewed_by_id else "",
            "at": account.reviewed_at,
            "note": account.review_comment,
            "done": account.reviewed_at is not None,
        },
    ]
    if s is None:
        return rows
    if s.work_class == WorkClass.A:
        rows.append(
            _settle_row(
                "施工单位确认", s.confirmed_by, s.confirmed_at, events.get("settlement_confirm")
            )
        )
    rows.append(
        _settle_row(
            "副总工程师签认", s.certified_by, s.certified_at, events.get("settlement_certify")
        )
    )
    paid = _settle_row("财务付款", s.paid_by, s.paid_at, None)
    if s.payment_ref:
        paid["note"] = f"付款凭证号 {s.payment_ref}"
    rows.append(paid)
    return rows


def _settle_row(label: str, who, at, event) -> dict:
    return {
        "label": label,
        "who": who.display_name if who else "",
        "at": at,
        "note": (event.data or {}).get("comment", "") if event else "",
        "done": at is not None,
    }


@login_required
def account_detail(request, pk: int):
    need(request, "costs.view")
    account = visible_or_404(
        FinalAccount.objects.select_related(
            "ticket__project", "ticket__house", "contractor", "filed_by", "reviewed_by"
        ).prefetch_related("lines"),
        request,
        pk=pk,
    )
    s = Settlement.objects.filter(account=account).first()
    here = reverse("costs:account_detail", args=[account.pk])
    user = request.user
    return render(
        request,
        "costs/money/account_detail.html",
        {
            "account": account,
            "settlement": s,
            "lines": list(account.lines.all()),
            "history": history(account, s),
            "reviewer": role_name(account.reviewer_role),
            "review": inline(actions.review_action(account, here))
            if actions.may_review(user, account)
            else None,
            "staff": scoping.is_staff_user(user),
            "spending": _spending(user, account),
        },
    )


def _spending(user, account: FinalAccount) -> list[dict]:
    requests = selectors.spending_requests_for(user, ticket=account.ticket_id).prefetch_related(
        "steps__decided_by"
    )
    return [{"req": r, "chain": chain(r)} for r in requests]


@login_required
def settlement_detail(request, pk: int):
    need(request, "costs.view")
    s = visible_or_404(
        Settlement.objects.select_related(
            "ticket__project",
            "ticket__house",
            "contractor",
            "account__filed_by",
            "account__reviewed_by",
            "confirmed_by",
            "certified_by",
            "paid_by",
        ),
        request,
        pk=pk,
    )
    here = reverse("costs:settlement_detail", args=[s.pk])
    step = actions.step_for(request.user, s)
    deduction = getattr(s, "deposit_entry", None) if s.status == Settlement.Status.PAID else None
    return render(
        request,
        "costs/money/settlement_detail.html",
        {
            "s": s,
            "account": s.account,
            "lines": list(s.account.lines.all()),
            "history": history(s.account, s),
            "action": inline(actions.settlement_action(s, step, here)) if step else None,
            "staff": scoping.is_staff_user(request.user),
            "deduction": deduction,
        },
    )
