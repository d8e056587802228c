"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Every test module here is marked ``e2e`` and needs ``django_db(transaction=True)`` (the live
server runs in another thread and must see committed data). ``make e2e`` runs them;
``make test`` leaves them out. No browser is ever downloaded: the tests use ``/usr/bin/chromium``
(or ``$AFTERSALES_CHROMIUM``) and are skipped with a clear reason when it is missing.

The pages are served with the production Content Security Policy (``settings.CSP_POLICY``,
enforced), and a test fails when the browser reports a violation of it: what the browser tests
click through is known to work under the policy.

When a test fails, a full-page screenshot is saved under a temporary directory and its path is
printed with the failure.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("AFTERSALES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
_SCREENSHOTS: dict[str, Path] = {}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """On SQLite, browser runs use a test database in a file, not Django's shared in-memory one.

    With the in-memory database the live server's threads and the test share one connection;
    a page that sends several requests at once (the form post, HTMX fragments, the bell) can
    then stall. A file in WAL mode gives each thread its own connection and lock waits.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if request.config.getoption("markexpr") == "e2e" and db["ENGINE"].endswith("sqlite3"):
        folder = Path(os.environ.get("AFTERSALES_DATA_DIR") or tempfile.mkdtemp())
        db.setdefault("TEST", {})["NAME"] = str(folder / "e2e-test.sqlite3")


@pytest.fixture(scope="package")
def browser():
    """One headless chromium for the browser tests (closed after the last of them)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # (fixtures, assertions) are still synchronous, so Django is told not to refuse them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _screenshot_dir() -> Path:
    if "dir" not in _SCREENSHOTS:
        _SCREENSHOTS["dir"] = Path(tempfile.mkdtemp(prefix="aftersales-e2e-"))
    return _SCREENSHOTS["dir"]


@pytest.fixture(autouse=True)
def _production_csp(settings):
    """Serve every page with the production Content Security Policy, enforced."""
    settings.SECURE_CSP = settings.CSP_POLICY
    settings.SECURE_CSP_REPORT_ONLY = {}


def watch_csp(page) -> list[str]:
    """A list that collects every Content Security Policy violation the browser reports."""
    violations: list[str] = []

    def check(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", check)
    return violations


def _new_page(browser, request, viewport: dict, **options):
    context = browser.new_context(
        viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    violations = watch_csp(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name)[:100]
        path = _screenshot_dir() / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot of the failed page: {path} ({page.url})", file=sys.stderr)
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"\nno screenshot: {exc}", file=sys.stderr)
    context.close()
    if violations:
        pytest.fail("Content Security Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(browser, request):
    """A desktop-sized page in a fresh browser context (no cookies)."""
    yield from _new_page(browser, request, DESKTOP)


@pytest.fixture
def phone_page(browser, request):
    """A phone-sized page (390×844, touch) in a fresh browser context."""
    yield from _new_page(
        browser, request, PHONE, is_mobile=True, has_touch=True, device_scale_factor=3
    )


class Site:
    """The live server's address, with URL names reversed."""

    def __init__(self, live_server):
        self.base = live_server.url

    def url(self, name: str, *args) -> str:
        return self.base + reverse(name, args=args)


@pytest.fixture
def site(live_server) -> Site:
    return Site(live_server)


def login(page, site: Site, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page and wait for the home page."""
    page.goto(site.url("login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(site.url("home"))


def watch_assets(page) -> list[str]:
    """A list that collects every static file (CSS, JS, fonts) the page failed to load."""
    failures: list[str] = []

    def check(response) -> None:
        if "/static/" in response.url and response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    page.on("response", check)
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    return failures


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
                 - document.documentElement.clientWidth"""
    )
