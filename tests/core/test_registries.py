"""The core's registries are filled by the apps in their ``AppConfig.ready()``.

Reference data, periodic jobs, menu entries, home-page cards, demo steps and capabilities:
each app registers its own, so a new app edits no core module.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aftersales.core import demo, menu, permissions, reference, schedule
from aftersales.core.context import menu as menu_context


def test_each_app_registers_its_reference_data():
    assert list(reference.REFERENCE) == [
        "core.calendar",
        "accounts.roles",
        "estates.warranty",
        "tickets.policies",
        "notify.templates",
        "costs.funds",
        "frontdesk.price_items",
        "frontdesk.templates",
        "handover.checklist",
        "care.defaults",
    ]


@pytest.mark.django_db
def test_missing_reference_data_is_filled_again():
    from aftersales.accounts.models import Role
    from aftersales.tickets.models import Phenomenon

    count = Role.objects.count()
    Role.objects.filter(code="agent").delete()
    Phenomenon.objects.all().delete()
    reference.ensure_reference_data()
    assert Role.objects.count() == count
    assert Phenomenon.objects.exists()


def test_each_app_registers_its_periodic_jobs():
    jobs = {name: task for name, _, task in schedule.PERIODIC}
    assert jobs["deadline_sweep"] == "aftersales.tickets.tasks.sweep_deadlines"
    assert jobs["idempotency_prune"] == "aftersales.core.tasks.prune_idempotency_records"
    saved = list(schedule.PERIODIC)
    try:
        schedule.register_job("deadline_sweep", 60, jobs["deadline_sweep"])  # replaced
        assert [name for name, _, _ in schedule.PERIODIC].count("deadline_sweep") == 1
    finally:
        schedule.PERIODIC[:] = saved
    with pytest.raises(ValueError):
        schedule.register_job("never", 0, "x.y")


@pytest.mark.django_db
def test_the_menu_is_built_from_the_registered_entries(admin, agent_a):
    request = RequestFactory().get("/tickets/warnings/")
    request.user = admin
    sections = menu_context(request)["menu_sections"]
    assert list(sections) == [
        "工作台",
        "报事工单",
        "交付与入住",
        "费用与施工单位",
        "前台服务",
        "物业收费",
        "回访与关怀",
        "统计分析",
        "房产与客户",
        "系统",
    ]
    assert [e["label"] for e in sections["系统"]] == [
        "工作日历",
        "时限规则",
        "报事现象",
        "消息模板",
        "用户",
        "审计日志",
        "接口文档",
    ]
    assert [e["label"] for e in sections["统计分析"]][:3] == ["数据看板", "投诉周报", "问题分析"]
    active = [e["label"] for items in sections.values() for e in items if e["active"]]
    assert active == ["预警"]
    request.user = agent_a
    agent = menu_context(request)["menu_sections"]
    assert [e["label"] for e in agent["费用与施工单位"]] == ["施工单位"]
    assert "客服工作台" in [e["label"] for e in agent["报事工单"]]


def test_demo_steps_run_in_the_declared_order():
    steps = [s.name for s in sorted(demo.STEPS.values(), key=lambda s: s.order)]
    assert steps == [
        "estates.projects",
        "costs.contractors",
        "estates.people",
        "costs.flows",
        "handover.delivery",
        "care.visits",
        "reports.history",
        "frontdesk.services",
        "fees.bills",
        "frontdesk.owner_booking",
        "estates.logins",
        "portal.owner",
    ]
    assert not demo.STEPS["reports.history"].atomic


def test_home_cards_are_registered_by_their_apps():
    assert set(menu.HOME_CARDS) == {
        "estates.projects",
        "estates.houses",
        "estates.customers",
        "tickets.mine",
        "tickets.at_risk",
        "tickets.overdue",
        "tickets.routed",
        "costs.approvals",
        "portal.owner",
    }


def test_a_capability_cannot_be_registered_twice_with_other_roles():
    permissions.register_capabilities({"estates.view": permissions.CAPABILITIES["estates.view"]})
    with pytest.raises(ValueError):
        permissions.register_capabilities({"estates.view": {"owner"}})
    with pytest.raises(KeyError):
        permissions.can(
            type(
                "U",
                (),
                {
                    "is_authenticated": True,
                    "is_active": True,
                    "is_superuser": False,
                    "role_codes": lambda s: set(),
                },
            )(),
            "no.such",
        )
