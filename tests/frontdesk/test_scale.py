"""``gen-data``'s front-desk step: the resident services of the run's houses, written in bulk
as the services would have written them, and usable by the screens, the API and the services.

The estate is generated once for the module (only the front desk's step runs), inside a
transaction rolled back at the end; each test runs in a savepoint of its own."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftersales.core import pii
from aftersales.core.errors import Conflict
from aftersales.core.models import Counter as NumberCounter
from aftersales.estates.models import House, Project
from aftersales.frontdesk import scale as fd
from aftersales.frontdesk import selectors
from aftersales.frontdesk.demo_data import resident_id
from aftersales.frontdesk.models import (
    LockChange,
    LockWitness,
    MailItem,
    PaidService,
    ReleaseSlip,
    Remittance,
    Renovation,
    RenovationInspection,
    ServiceInspection,
    WorkerPass,
)
from aftersales.frontdesk.services import locks, mail, paid, renovations, slips
from aftersales.frontdesk.services.slips import ALPHABET, CODE_LENGTH
from tests.conftest import make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
DOT = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    from aftersales.core import generation
    from aftersales.reports.generator import Generator

    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as mp,
        transaction.atomic(),
    ):
        mp.setattr(generation, "STEPS", {"frontdesk": generation.STEPS["frontdesk"]})
        result = Generator(1000, projects=2, seed=3).generate()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def manager(db):
    return make_user("fd_manager", ["service_manager"], name="售后经理")


def _local_day(moment: dt.datetime) -> str:
    return moment.astimezone(SH).strftime("%Y%m%d")


def test_rows_in_their_proportions_and_states(generated):
    houses = generated.houses
    assert 500 <= houses <= 510
    counts = generated.domains
    for key, model, share in [
        ("paid_services", PaidService, fd.PAID_PER_YEAR * 3),
        ("lock_changes", LockChange, fd.LOCKS),
        ("mail_items", MailItem, fd.MAIL_PER_YEAR * 3),
        ("renovations", Renovation, fd.RENOVATIONS),
        ("release_slips", ReleaseSlip, fd.SLIPS_PER_YEAR * 3),
    ]:
        assert counts[f"frontdesk.{key}"] == model.objects.count() == round(share * houses), key
    assert counts["frontdesk.remittances"] == Remittance.objects.count() > 0
    assert counts["frontdesk.lock_witnesses"] == LockWitness.objects.count() > 0
    assert counts["frontdesk.worker_passes"] == WorkerPass.objects.count() > 0
    assert counts["frontdesk.renovation_inspections"] == RenovationInspection.objects.count()
    assert counts["frontdesk.service_inspections"] == ServiceInspection.objects.count()
    assert sum(v for k, v in counts.items() if k != "frontdesk.staff") < 3 * houses
    assert "frontdesk" in generated.seconds

    paid_states = Counter(PaidService.objects.values_list("status", flat=True))
    assert paid_states["paid"] > 0.6 * sum(paid_states.values()) and paid_states["cancelled"] > 0
    mail_states = Counter(MailItem.objects.values_list("status", flat=True))
    assert mail_states["delivered"] > 0.8 * sum(mail_states.values())
    slip_states = Counter(ReleaseSlip.objects.values_list("status", flat=True))
    assert slip_states["used"] > 0.8 * sum(slip_states.values())
    reno_states = Counter(Renovation.objects.values_list("status", flat=True))
    assert reno_states["finished"] > 0.7 * sum(reno_states.values())
    assert LockChange.objects.filter(status="opened").count() >= 4
    # every record belongs to a house of the run, in the house's project
    for model in (PaidService, LockChange, MailItem, Renovation, ReleaseSlip):
        assert not model.objects.exclude(project_id=F("house__project_id")).exists()


def test_paid_services_remittances_and_receipts(generated):
    run = generated.run
    number = re.compile(rf"^GD{run}-YF-(\d{{8}})-(\d{{4}})$")
    per_day = defaultdict(list)
    for s in PaidService.objects.select_related("item", "house").order_by("id"):
        m = number.match(s.number)
        assert m and m.group(1) == _local_day(s.created_at), s.number
        per_day[m.group(1)].append(int(m.group(2)))
        assert s.place == s.house.label and s.item.code != paid.TICKET_ITEM
        assert s.ticket_id is None and s.created_by_id
        moments = [s.created_at, s.quoted_at, s.accepted_at, s.completed_at, s.paid_at]
        reached = [t for t in moments if t is not None]
        assert reached == sorted(reached) and reached[-1] <= timezone.now()
        if s.status == "requested":
            assert s.amount is None and s.quoted_at is None
        if s.status in ("quoted", "accepted", "completed", "paid"):
            assert s.amount > 0 and s.quoted_at is not None
        if s.status in ("accepted", "completed", "paid"):
            assert s.accepted_at is not None
        else:
            assert s.completed_at is None
        if s.status in ("completed", "paid"):
            assert s.completed_at is not None and s.completion_note
        if s.status == "disputed":
            assert s.disputed_at and s.dispute_reason
        if s.status == "paid":
            assert s.paid_amount == s.amount and s.method and s.paid_by_id and s.receipt_number
        else:
            assert s.paid_at is None and not s.receipt_number and s.remittance_id is None
        if s.item.price is not None and not s.dispute_reason:
            assert s.amount in (None, s.item.price)
    for seqs in per_day.values():
        assert seqs == list(range(1, len(seqs) + 1))
    # receipts: one gap-free sequence per project in payment order, the counter past them
    for project in Project.objects.filter(code__startswith=f"GD{run}-"):
        rows = PaidService.objects.filter(project=project, status="paid").order_by("paid_at")
        numbers = [s.receipt_number for s in rows]
        assert numbers == [f"{project.code}-SJ-{i:06d}" for i in range(1, len(numbers) + 1)]
        counter = NumberCounter.objects.filter(name=f"receipt:{project.pk}").first()
        assert (counter.value if counter else 0) == len(numbers)
    # remittances: a project's day of takings, totals equal to the sum of its services
    for r in Remittance.objects.annotate(n=Count("services")):
        services = list(r.services.all())
        assert r.n == r.count == len(services) > 0
        assert r.total == sum((s.paid_amount for s in services), Decimal("0"))
        assert all(s.project_id == r.project_id for s in services)
        assert all(s.paid_at.astimezone(SH).date() == r.day for s in services)
        assert r.submitted_at.astimezone(SH).date() > r.day
        if r.status == "confirmed":
            assert r.confirmed_by.has_role("finance") and r.confirmed_at > r.submitted_at
        else:
            assert r.confirmed_by_id is None and r.confirmed_at is None
    assert Remittance.objects.filter(status="confirmed").exists()
    # a day is remitted whole: no paid service of a remitted day is left out
    remitted = set(Remittance.objects.values_list("project_id", "day"))
    for s in PaidService.objects.filter(status="paid", remittance__isnull=True):
        assert (s.project_id, s.paid_at.astimezone(SH).date()) not in remitted
    for i in ServiceInspection.objects.select_related("service"):
        assert i.service.accepted_at <= i.occurred_at and i.note
        assert i.service.completed_at is None or i.occurred_at <= i.service.completed_at


def test_locks_mail_renovations_and_slips(generated):
    for lock in LockChange.objects.prefetch_related("witnesses__user"):
        number = pii.decrypt(lock.id_number_encrypted)
        assert pii.valid_resident_id(number) and pii.lookup_hash(number) == lock.id_number_hash
        assert lock.id_number_masked == pii.mask(number)
        assert not lock.applicant_is_owner and lock.created_by_id
        signed = list(lock.witnesses.all())
        assert len({w.user_id for w in signed}) == len({w.party for w in signed}) == len(signed)
        assert all(locks.may_sign_for(w.user, w.party) for w in signed)
        if signed:
            assert lock.consent and lock.consent_at and lock.consent_by_id
            assert all(lock.consent_at <= w.signed_at for w in signed)
        if lock.status == "opened":
            assert not locks.missing_parties(lock) and lock.consent
            assert lock.opened_at >= max(w.signed_at for w in signed) and lock.opened_by_id
        else:
            assert lock.opened_at is None
    for item in MailItem.objects.all():
        assert (item.fee > 0) == item.paid and item.title and item.created_by_id
        if item.status == "delivered":
            assert item.delivered_at >= item.received_at and item.delivered_by_id
            assert item.receiver_name and item.signature.startswith("data:image/png;base64,")
        else:
            assert item.delivered_at is None and not item.signature
    permit = re.compile(r"^ZX-(GD\d+-P\d\d)-(\d{5})$")
    per_project = defaultdict(list)
    for r in Renovation.objects.select_related("project", "house").prefetch_related("passes"):
        assert r.ends_on >= r.starts_on and r.previous_house_status == "occupied"
        assert not r.structural_change or r.authority_approval
        if r.agent_name:
            assert r.power_of_attorney
            assert pii.valid_resident_id(pii.decrypt(r.id_number_encrypted))
        else:
            assert not r.id_number_encrypted and not r.id_number_hash
        if r.status == "registered":
            assert not r.permit_number and r.permitted_at is None and not r.passes.all()
        else:
            m = permit.match(r.permit_number)
            assert m and m.group(1) == r.project.code and r.plan_review == "approved"
            assert r.permitted_at >= r.created_at
            per_project[r.project_id].append((r.permitted_at, int(m.group(2))))
        for k, p in enumerate(sorted(r.passes.all(), key=lambda p: p.number), start=1):
            assert p.number == f"{r.permit_number}-{k:02d}"
            assert (p.valid_from, p.valid_until) == (r.starts_on, r.ends_on)
            assert pii.valid_resident_id(pii.decrypt(p.id_number_encrypted))
        if r.status == "finished":
            assert r.finished_at > r.permitted_at
        # the house is renovating from registration until the works are finished
        assert (r.house.status == "renovating") == (r.status != "finished")
        for i in r.inspections.all():
            assert r.created_at <= i.occurred_at
            assert r.finished_at is None or i.occurred_at <= r.finished_at
    for project, permits in per_project.items():
        assert [n for _, n in sorted(permits)] == list(range(1, len(permits) + 1))
        counter = NumberCounter.objects.get(name=f"permit:{project}")
        assert counter.value == len(permits)
    assert WorkerPass.objects.values("number").distinct().count() == WorkerPass.objects.count()
    for slip in ReleaseSlip.objects.all():
        assert len(slip.code) == CODE_LENGTH and set(slip.code) <= set(ALPHABET)
        assert slip.items and slip.customer_id
        if slip.status == "used":
            assert slip.used_at >= slip.created_at and slip.checked_by_id
        else:
            assert slip.used_at is None
    assert House.objects.filter(status="renovating").count() == (
        Renovation.objects.exclude(status="finished").count()
    )


def test_pages_and_api_answer_on_them(generated, manager):
    web = Client()
    web.force_login(manager)
    for name in [
        "paid_list",
        "paid_export",
        "paid_print_list",
        "price_list",
        "remittance_list",
        "remittance_export",
        "lock_list",
        "lock_export",
        "mail_list",
        "mail_export",
        "mail_print_list",
        "renovation_list",
        "renovation_export",
        "slip_list",
        "slip_export",
    ]:
        assert web.get(reverse(f"frontdesk:{name}")).status_code == 200, name
    for name, model in [
        ("paid_detail", PaidService),
        ("paid_print", PaidService),
        ("remittance_detail", Remittance),
        ("lock_detail", LockChange),
        ("lock_print", LockChange),
        ("mail_detail", MailItem),
        ("renovation_detail", Renovation),
        ("renovation_print", Renovation),
        ("slip_detail", ReleaseSlip),
        ("slip_print", ReleaseSlip),
    ]:
        for pk in model.objects.order_by("?").values_list("pk", flat=True)[:3]:
            assert web.get(reverse(f"frontdesk:{name}", args=[pk])).status_code == 200, name
    for kind, model in selectors.KINDS.items():
        assert selectors.records(manager, model).count() == model.objects.count(), kind
    api = client_for(manager)
    for path, model in [
        ("services/paid", PaidService),
        ("services/remittances", Remittance),
        ("services/lock-changes", LockChange),
        ("services/mail", MailItem),
        ("services/renovations", Renovation),
        ("services/release-slips", ReleaseSlip),
    ]:
        r = api.get(path, {"page_size": 200})
        assert r.status_code == 200, (path, r.content)
        assert r.json()["count"] == model.objects.count()
        first = r.json()["results"][0]
        assert api.get(f"{path}/{first['id']}").status_code == 200
    r = api.get(
        "services/paid", {"status": "paid", "project": PaidService.objects.first().project_id}
    )
    assert r.status_code == 200 and r.json()["count"] > 0
    assert api.get("services/price-items").status_code == 200


def test_the_services_carry_on_from_them(generated, manager):
    """The next steps of the generated records go through the services as usual."""
    done = PaidService.objects.filter(status="completed").select_related("project").first()
    if done is not None:
        before = PaidService.objects.filter(project=done.project, status="paid").count()
        got = paid.pay(manager, done, amount=done.amount, method="cash")
        assert got.receipt_number == f"{done.project.code}-SJ-{before + 1:06d}"
    submitted = Remittance.objects.filter(status="submitted").first()
    if submitted is not None:
        finance = make_user("fd_fin", ["finance"], name="财务")
        assert paid.confirm_remittance(finance, submitted).status == "confirmed"
    issued = ReleaseSlip.objects.filter(status="issued").first()
    if issued is not None:
        assert slips.check(manager, issued.code.lower()).status == "used"
    with pytest.raises(Conflict):
        slips.check(manager, ReleaseSlip.objects.filter(status="used").first().code)
    waiting = MailItem.objects.filter(status="received").first()
    assert mail.deliver(manager, waiting, receiver_name="业主", signature=DOT).status == "delivered"
    with pytest.raises(Conflict):
        mail.deliver(
            manager,
            MailItem.objects.filter(status="delivered").first(),
            receiver_name="业主",
            signature=DOT,
        )
    works = Renovation.objects.filter(status="permitted").first()
    if works is not None:
        count = works.passes.count()
        worker = {"name": "周师傅", "id_number": resident_id("34012219850612331")}
        renovations.issue_permit(manager, works, workers=[worker])
        assert works.passes.order_by("number").last().number == (
            f"{works.permit_number}-{count + 1:02d}"
        )
        with pytest.raises(Conflict):
            renovations.register(
                manager,
                house=works.house_id,
                customer=works.customer_id,
                starts_on=dt.date.today(),
                ends_on=dt.date.today(),
            )
        renovations.finish(manager, works)
        assert House.objects.get(pk=works.house_id).status == "occupied"
        assert works.passes.count() == count + 1
    lock = LockChange.objects.filter(status="opened").first()
    with pytest.raises(Conflict):
        locks.open_lock(manager, lock)


def test_two_runs_never_collide_and_a_run_is_not_loaded_twice(generated):
    from aftersales.reports.generator import Generator

    first = Generator(120, projects=1, seed=3).generate()
    second = Generator(120, projects=1, seed=3).generate()
    assert first.run != second.run
    for result in (first, second):
        made = result.domains["frontdesk.paid_services"]
        assert made == round(fd.PAID_PER_YEAR * 3 * result.houses) > 0
        assert PaidService.objects.filter(number__startswith=f"GD{result.run}-").count() == made
    for model, field in [
        (PaidService, "number"),
        (ReleaseSlip, "code"),
        (WorkerPass, "number"),
        (Renovation, "permit_number"),
    ]:
        values = [v for v in model.objects.values_list(field, flat=True) if v]
        assert len(values) == len(set(values)), model
    receipts = [n for n in PaidService.objects.values_list("receipt_number", flat=True) if n]
    assert len(receipts) == len(set(receipts))
    # ``gen-data --domains-of-run`` over a run already loaded writes nothing again
    total = PaidService.objects.count()
    again = Generator(1, seed=9).domains_of(second.run)
    assert "frontdesk.paid_services" not in again.domains
    assert PaidService.objects.count() == total
