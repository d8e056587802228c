"""Owner portal pages over a throttled mobile network (R-SS-1): transferred size and load time.

Usage:
    python tests/bench/bench_portal.py [--profile slow3g|fast3g|both] [--runs 3]

Starts Django on a fresh temporary SQLite database (``DEBUG`` off, static files collected and
served compressed by WhiteNoise as in production), makes an owner with a house and a repair
ticket with a photo taken to sign-off, serves the product on a local port, and opens every
portal page in Debian's chromium (``/usr/bin/chromium`` or ``$AFTERSALES_CHROMIUM``) at
390×844 through Playwright, with the network throttled by the Chrome DevTools protocol
(``Network.emulateNetworkConditions``) and the browser cache disabled (a first visit):

| profile | latency | down | up |
| --- | --- | --- | --- |
| ``slow3g`` (DevTools "Slow 3G") | 2000 ms | 400 kbit/s | 400 kbit/s |
| ``fast3g`` (DevTools "Fast 3G") | 563 ms | 1.44 Mbit/s | 675 kbit/s |

For each page it prints ``<page>_<profile>_kb`` (bytes on the wire of every request of the page,
from ``Network.loadingFinished``), with the aim (150 KB) beside it, and ``<page>_<profile>_load_ms``
(navigation start to the load event, the median of ``--runs``). The HTML itself is not
compressed by the application (a reverse proxy in front usually gzips it); the static files are.
Exits non-zero when a page answers other than 200 or weighs more than the aim.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

AIM_KB = 150.0
PROFILES = {
    "slow3g": {"latency": 2000, "down": 400_000 / 8, "up": 400_000 / 8},
    "fast3g": {"latency": 562.5, "down": 1_440_000 / 8, "up": 675_000 / 8},
}
CHROMIUM = os.environ.get("AFTERSALES_CHROMIUM", "/usr/bin/chromium")


def setup() -> None:
    os.environ["AFTERSALES_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-portal-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def world() -> tuple[dict, str]:
    """An owner with a house and a repair with a photo at sign-off; his session cookie."""
    import datetime as dt

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from aftersales.accounts.services import create_user
    from aftersales.estates.services import create_project
    from aftersales.portal import services as portal
    from aftersales.tickets.models import Ticket
    from tests.conftest import make_customer, make_house
    from tests.matrix.world import png
    from tests.portal.conftest import take_to_signoff

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    admin = create_user(
        None, username="b_admin", password="x", roles=["admin"], check_password=False
    )
    project = create_project(admin, code="BP", name="翠湖花园", city="杭州")
    house = make_house(admin, project, "3-2-1201", delivered_on=dt.date(2024, 6, 30), area="89")
    customer = make_customer(admin, "张伟", "13800000001", [house])
    owner = portal.owner_account(customer, "13800000001")
    tech = create_user(
        None,
        username="b_tech",
        password="x",
        roles=["technician"],
        name="李建国",
        check_password=False,
    )
    desk = create_user(None, username="b_desk", password="x", roles=["agent"], check_password=False)
    for n in range(3):
        photo = SimpleUploadedFile(f"p{n}.png", png(), "image/png")
        portal.report(
            owner,
            photos=[photo],
            kind="repair",
            house=house.pk,
            category="civil",
            location="主卫",
            description=f"卫生间顶棚渗水 {n}",
        )
    first = Ticket.objects.order_by("id").first()
    take_to_signoff(desk, tech, first.pk)
    _services_and_bills(admin, owner, house)
    client = Client()
    client.force_login(owner)
    pages = {
        "login": reverse("portal:login"),
        "home": reverse("portal:home"),
        "houses": reverse("portal:houses"),
        "warranty": reverse("portal:warranty", args=[house.pk]),
        "report": reverse("portal:report"),
        "tickets": reverse("portal:tickets"),
        "ticket": reverse("portal:ticket", args=[first.pk]),
        "notifications": reverse("portal:notifications"),
        "book": reverse("frontdesk:book"),
        "services": reverse("frontdesk:my_services"),
        "bills": reverse("fees:my_bills"),
    }
    return pages, client.cookies[settings.SESSION_COOKIE_NAME].value


def _services_and_bills(admin, owner, house) -> None:
    """A few paid services in every state and two years of fee bills, half of them paid."""
    from django.utils import timezone

    from aftersales.fees import services as fees
    from aftersales.frontdesk.reference import ensure_price_items
    from aftersales.frontdesk.services import paid

    ensure_price_items()
    for item in ("lock_open", "pipe_clear", "appliance_install"):
        paid.request_service(owner, house=house.pk, customer=None, item=item, note="客厅")
    done = paid.request_service(owner, house=house.pk, customer=None, item="light_fix")
    paid.accept(owner, done)
    paid.complete(admin, done)
    paid.pay(admin, done, amount=done.amount)
    fees.set_fee_standard(admin, house.project, price_per_sqm="2.35")
    today = timezone.localdate()
    for n in range(24):
        index = today.year * 12 + today.month - 1 - n
        bill = fees.create_bill(admin, house, period=f"{index // 12}-{index % 12 + 1:02d}")
        if n >= 12:
            fees.pay_bill(admin, bill, amount=bill.amount)


def serve() -> str:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def measure(browser, base: str, path: str, session: str, profile: dict, anonymous: bool):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    if not anonymous:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": profile["latency"],
            "downloadThroughput": profile["down"],
            "uploadThroughput": profile["up"],
        },
    )
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    response = page.goto(base + path, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    load_ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }"
    )
    status = response.status if response else 0
    context.close()
    return status, sum(sizes.values()) / 1024, load_ms, len(sizes)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="both", choices=["slow3g", "fast3g", "both"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    pages, session = world()
    base = serve()
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    chosen = list(PROFILES) if args.profile == "both" else [args.profile]
    failed = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for name, path in pages.items():
            for profile in chosen:
                runs = [
                    measure(browser, base, path, session, PROFILES[profile], name == "login")
                    for _ in range(args.runs)
                ]
                status = runs[-1][0]
                kb = max(r[1] for r in runs)
                load = statistics.median(r[2] for r in runs)
                ok = status == 200 and kb <= AIM_KB
                failed |= not ok
                print(
                    f"{name}_{profile}_kb: {kb:.1f} (aim ≤ {AIM_KB:.0f}, {runs[-1][3]} requests)"
                    f"{'' if ok else '  OVER OR FAILED, status ' + str(status)}"
                )
                print(f"{name}_{profile}_load_ms: {load:.0f}")
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
