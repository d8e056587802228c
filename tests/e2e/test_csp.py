"""The screens work under the production Content Security Policy (issue 16, defect 11).

Every browser test runs with the policy enforced and fails on a violation (conftest); this one
opens the pages with the most moving parts — charts (ECharts), Alpine.js forms, the signature
pad, htmx fragments, print sheets with their own styles, the money screens, the API docs — and
checks that the scripts actually ran.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from aftersales.tickets import services
from tests.e2e.conftest import login, watch_assets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ticket(manager, house_a):
    return services.register_ticket(
        manager,
        kind="repair",
        channel="hotline",
        description="卫生间漏水",
        house=house_a.pk,
        phone="13800000001",
        category="civil",
    )


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, url
    page.wait_for_load_state("networkidle")


def test_pages_run_their_scripts_under_the_policy(page, site, superuser, ticket, manager):
    failures = watch_assets(page)
    login(page, site, "root")
    for name, args in [
        ("home", ()),
        ("tickets:workbench", ()),
        ("tickets:detail", (ticket.pk,)),
        ("reports:dashboard", ()),
        ("costs:approvals", ()),
        ("costs:funds", ()),
        ("costs:evaluation", ()),
        ("accounts:user_edit", (manager.pk,)),
        ("analysis:weekly", ()),
    ]:
        _open(page, site.url(name, *args))
        assert page.evaluate("() => !!window.Alpine && !!window.htmx"), name
    assert failures == []


def test_alpine_expressions_run(page, site, superuser):
    login(page, site, "root")
    _open(page, site.url("tickets:workbench"))
    # x-data objects are evaluated by Alpine (with Function(): the policy allows 'unsafe-eval')
    assert page.evaluate("() => document.querySelector('[x-data]')._x_dataStack !== undefined")


def test_charts_draw(page, site, superuser, ticket):
    login(page, site, "root")
    _open(page, site.url("reports:dashboard"))
    expect(page.locator("canvas").first).to_be_visible()


def test_print_sheets_keep_their_styles(page, site, superuser, ticket):
    login(page, site, "root")
    _open(page, site.url("tickets:print", ticket.pk, "registration"))
    applied = page.evaluate(
        "() => [...document.querySelectorAll('style')].every(s => s.sheet && s.sheet.cssRules.length > 0)"
    )
    assert applied
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.locator("[data-print]").click()
    assert page.evaluate("() => window.printed === true")
    _open(page, site.url("analysis:weekly_print"))


def test_api_docs_page(page, site, superuser):
    login(page, site, "root")
    _open(page, site.base + "/api/v1/docs")
    expect(page.locator(".swagger-ui").first).to_be_visible()
