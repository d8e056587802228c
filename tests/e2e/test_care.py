"""Visits in the browser (R-VIS-1..3): a supervisor draws a yearly campaign and assigns it; the
visitor records a visit on a phone with a complaint raised; the complaint ticket is in the
workbench; the questionnaire statistics count the answer. Screenshots of the care pages at
1280 px and 390 px are kept in a temporary folder (AFTERSALES_CARE_SHOTS)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from aftersales.care.models import Campaign, VisitIssue
from aftersales.care.services import questionnaires
from aftersales.estates.models import House
from aftersales.estates.services import create_project
from tests.care.conftest import fill
from tests.conftest import make_customer, make_user
from tests.e2e.conftest import horizontal_overflow, login, watch_assets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("AFTERSALES_CARE_SHOTS") or tempfile.mkdtemp(prefix="care-shots-"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def estate(admin):
    project = create_project(admin, code="E2E", name="澜湖雅筑", city="苏州")
    fill(project, {"1": (10, 2), "2": (6, 2)})
    for i, house in enumerate(House.objects.filter(project=project).order_by("id")):
        make_customer(admin, f"业主{i}", f"1370000{i:04d}", [house])
    return project


@pytest.fixture
def survey(admin):
    return questionnaires.create_questionnaire(
        admin,
        title="客户满意度调查表",
        questions=[
            {"section": "维修服务", "text": "维修质量是否满意", "type": "score"},
            {"section": "总体", "text": "对售后服务的总体满意度", "type": "score"},
            {"section": "总体", "text": "其他意见", "type": "text"},
        ],
    )


def test_yearly_campaign_visit_on_a_phone_complaint_ticket_and_statistics(
    browser, page, phone_page, site, estate, survey
):
    supervisor = make_user("care_sup", ["supervisor"], [estate], name="回访主管")
    agent = make_user("care_agent", ["agent"], [estate], name="回访专员")
    failures = watch_assets(page)

    # 1. The supervisor draws a yearly 25 % sample and gives it to the visitor.
    login(page, site, supervisor.username)
    page.goto(site.url("care:campaigns"))
    page.locator("#id_project").select_option(str(estate.pk))
    page.locator("#id_kind").select_option("yearly")
    page.locator("#id_sample_rate").fill("0.30")
    page.locator("#id_questionnaire").select_option(str(survey.pk))
    page.get_by_role("button", name="抽取回访对象").click()
    expect(page.locator("#campaign-form")).to_contain_text("10%–25%")  # refused: 30 %
    page.locator("#id_sample_rate").fill("0.25")
    page.get_by_role("button", name="抽取回访对象").click()
    page.wait_for_url(re.compile(r"/care/campaigns/\d+/$"))
    campaign = Campaign.objects.get()
    assert campaign.targets.count() == 4  # ceil(0.25 × 16 occupied)
    expect(page.locator("#kpi-coverage")).to_have_text("0.0%")
    expect(page.locator("#chart-buildings canvas")).to_have_count(1)
    page.locator("#id_assignee").select_option(str(agent.pk))
    page.get_by_role("button", name="分配", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已分配 4 户")
    shot(page, "campaign-1280")

    # 2. The visitor, on his phone, records a visit with a complaint.
    phone_failures = watch_assets(phone_page)
    login(phone_page, site, agent.username)
    phone_page.goto(site.url("care:my_targets"))
    phone_page.locator(".list-group-item-action").first.click()
    expect(phone_page.locator(".page-title")).to_contain_text("登记回访")
    assert horizontal_overflow(phone_page) == 0
    phone_page.locator("label[for='q0-2']").click()
    phone_page.locator("label[for='q1-1']").click()
    phone_page.locator("#add-issue").click()
    phone_page.locator("select[name='issue_kind']").select_option("complaint")
    phone_page.locator("textarea[name='issue_description']").fill(
        "地下车库入口积水，多次反映未解决"
    )
    phone_page.get_by_text("客户非常不满意（需经理复访）").click()
    shot(phone_page, "visit-form-390")
    phone_page.get_by_role("button", name="提交回访记录").click()
    phone_page.wait_for_url(re.compile(r"/care/visits/\d+/$"))
    expect(phone_page.locator(".alert-success")).to_contain_text("1 个问题已生成工单")
    issue = VisitIssue.objects.get()
    assert issue.ticket.kind == "complaint" and issue.ticket.channel == "visit"
    expect(phone_page.get_by_text(issue.ticket.number)).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    shot(phone_page, "visit-detail-390")

    # 3. The complaint ticket is in the workbench's complaint queue.
    page.goto(site.url("tickets:workbench") + "?queue=complaints")
    expect(page.get_by_text(issue.ticket.number)).to_be_visible()

    # 4. The campaign page and the statistics count the visit and the answers.
    page.goto(site.url("care:campaign", campaign.pk))
    expect(page.locator("#kpi-coverage")).to_have_text("25.0%")
    expect(page.locator("#issues")).to_contain_text(issue.ticket.number)
    page.goto(site.url("care:questionnaire_stats", survey.pk))
    expect(page.locator("#stat-responses")).to_have_text("1")
    expect(page.locator("#stat-rate")).to_have_text("0.0%")
    expect(page.locator("#question-stats")).to_contain_text("维修质量是否满意")
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    shot(page, "stats-1280")
    phone_page.goto(site.url("care:questionnaire_stats", survey.pk))
    assert horizontal_overflow(phone_page) == 0
    shot(phone_page, "stats-390")
    phone_page.goto(site.url("care:campaign", campaign.pk))
    assert horizontal_overflow(phone_page) == 0
    shot(phone_page, "campaign-390")
    assert not failures and not phone_failures
