"""The sidebar menu, built from the capability table so each role sees what it may use."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.permissions import can

# Section names; "plural" marks a menu label that names a list (项目 = Projects, not Project).
HOME = _("工作台")
TICKETS = _("报事工单")
ESTATES = _("房产与客户")
COSTS = _("费用与施工单位")
REPORTS = _("统计分析")
SYSTEM = _("系统")

MENU = [
    # (section, label, url name, capability, icon)
    (HOME, _("首页"), "home", None, "home"),
    (HOME, _("我的消息"), "notify:inbox", None, "bell"),
    (TICKETS, _("客服工作台"), "tickets:workbench", "tickets.intake", "headset"),
    (TICKETS, _("我的维修任务"), "tickets:field", "tickets.field", "tool"),
    (TICKETS, _("预警"), "tickets:warnings", "tickets.warnings", "alert-triangle"),
    (COSTS, _("待我审批"), "costs:approvals", "costs.inbox", "checklist"),
    (COSTS, _("决算与结算"), "costs:settlements", "costs.view", "receipt"),
    (COSTS, _("付款队列"), "costs:payments", "costs.pay", "cash"),
    (COSTS, _("施工单位"), "costs:contractor_list", "contractors.view", "building-factory"),
    (COSTS, _("转交工单"), "costs:transfers", "costs.confirm", "truck"),
    (COSTS, _("周转金"), "costs:funds", "funds.view", "wallet"),
    (COSTS, _("考核评价"), "costs:evaluation", "evaluation.view", "award"),
    (REPORTS, _("数据看板"), "reports:dashboard", "reports.view", "chart-bar"),
    (REPORTS, _("投诉周报"), "analysis:weekly", "reports.view", "report"),
    (REPORTS, _("问题分析"), "analysis:recurring", "reports.view", "chart-pie"),
    (REPORTS, _("设计施工改进"), "analysis:lessons", "reports.view", "bulb"),
    (REPORTS, _("预警看板"), "analysis:warnings_board", "tickets.warnings", "alert-octagon"),
    (REPORTS, _("会议纪要"), "analysis:meetings", "meetings.view", "notes"),
    (REPORTS, _("导出任务"), "reports:exports", "reports.export", "download"),
    (ESTATES, pgettext_lazy("plural", "项目"), "estates:project_list", "estates.view", "building"),
    (ESTATES, pgettext_lazy("plural", "房屋"), "estates:house_list", "estates.view", "house"),
    (ESTATES, pgettext_lazy("plural", "客户"), "estates:customer_list", "customers.view", "users"),
    (ESTATES, _("花名册导入"), "estates:import", "estates.import", "upload"),
    (ESTATES, _("保修目录"), "estates:warranty", "warranty.view", "shield"),
    (SYSTEM, _("工作日历"), "core:calendar", "calendar.view", "calendar"),
    (SYSTEM, _("时限规则"), "tickets:policies", "policies.manage", "clock"),
    (SYSTEM, _("报事现象"), "tickets:phenomena", "policies.manage", "list-tree"),
    (SYSTEM, _("消息模板"), "notify:templates", "notify.templates", "mail"),
    (SYSTEM, pgettext_lazy("plural", "用户"), "accounts:user_list", "users.view", "user"),
    (SYSTEM, _("审计日志"), "core:audit", "audit.view", "list"),
    (SYSTEM, _("接口文档"), "api:openapi-view", None, "code"),
]


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections: dict[str, list[dict]] = {}
    path = request.path
    for section, label, url_name, capability, icon in MENU:
        if capability and not can(user, capability):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        # Labels are translated here, in the language of this request.
        sections.setdefault(str(section), []).append(
            {"label": str(label), "url": url, "icon": icon, "active": False}
        )
    # The one entry whose address is the longest prefix of this page is the active one
    # (so /tickets/warnings/ lights 预警, not also 客服工作台 at /tickets/).
    entries = [e for items in sections.values() for e in items]
    matches = [
        e for e in entries if (path == e["url"] if e["url"] == "/" else path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return {"menu_sections": sections}
