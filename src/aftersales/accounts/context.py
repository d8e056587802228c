"""The sidebar menu, built from the capability table so each role sees what it may use."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from aftersales.accounts.permissions import can

MENU = [
    # (section, label, url name, capability, icon)
    ("工作台", "首页", "home", None, "home"),
    ("房产与客户", "项目", "estates:project_list", "estates.view", "building"),
    ("房产与客户", "房屋", "estates:house_list", "estates.view", "house"),
    ("房产与客户", "客户", "estates:customer_list", "customers.view", "users"),
    ("房产与客户", "花名册导入", "estates:import", "estates.import", "upload"),
    ("房产与客户", "保修目录", "estates:warranty", "warranty.view", "shield"),
    ("系统", "工作日历", "core:calendar", "calendar.view", "calendar"),
    ("系统", "用户", "accounts:user_list", "users.view", "user"),
    ("系统", "审计日志", "core:audit", "audit.view", "list"),
    ("系统", "接口文档", "api:openapi-view", None, "code"),
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
        active = path == url if url == "/" else path.startswith(url)
        sections.setdefault(section, []).append(
            {"label": label, "url": url, "icon": icon, "active": active}
        )
    return {"menu_sections": sections}
