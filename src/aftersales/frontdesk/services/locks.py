"""Lock break/change (破/换门锁, R-SVC-2).

Nobody's door is opened without: a valid resident ID of the applicant (422 ``invalid_id``);
the applicant matched against the owners of the house by name and ID number (the archive's
keyed hash), or else the owner's consent by phone recorded (who agreed, which number was
called, when, by whom: 409 ``consent_required``); and the signatures of customer service,
concierge and engineering, three different users each signing as himself (409
``same_witness``, 409 ``witnesses_missing``). Every step is in the audit trail.

Who may sign for which party (:data:`PARTY_MEMBERS`, 403 ``not_of_party`` otherwise): a user
belongs to a party by his department or by his role —

* 客服部 (customer_service): department 客户服务部/客户服务处, or role 客服专员/客服主管/资料员/
  售后服务负责人;
* 礼宾部 (concierge): department 物业公司, or role 物业接口人;
* 工程部 (engineering): department 工程材料部/维修队, or role 工程师/维修队长/维修技工.

A system administrator (or superuser) may sign for any party — still only once per lock.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from aftersales.accounts.choices import DepartmentCode as D
from aftersales.accounts.choices import RoleCode as R
from aftersales.core import audit, pii
from aftersales.core.errors import Conflict, Forbidden, field_error
from aftersales.core.permissions import require
from aftersales.core.phones import normalise_phone
from aftersales.estates.choices import HouseRole
from aftersales.estates.models import Customer, CustomerHouse
from aftersales.frontdesk.choices import LockKind, LockStatus, WitnessParty
from aftersales.frontdesk.models import LockChange, LockWitness
from aftersales.frontdesk.services import _common as c


def _owner_match(house, name: str, id_hash: str) -> Customer | None:
    return (
        Customer.objects.filter(
            house_links__house=house,
            house_links__role__in=c.OWNER_ROLES,
            name=name,
            id_number_hash=id_hash,
        )
        .order_by("pk")
        .first()
    )


def authorised_agents(house) -> list[Customer]:
    """The owner's authorised agents in the archive (shown to the desk)."""
    return [
        link.customer
        for link in CustomerHouse.objects.filter(house=house, role=HouseRole.AGENT)
        .select_related("customer")
        .order_by("pk")
    ]


def owners(house) -> list[Customer]:
    return [
        link.customer
        for link in CustomerHouse.objects.filter(house=house, role__in=c.OWNER_ROLES)
        .select_related("customer")
        .order_by("pk")
    ]


@transaction.atomic
def apply(
    actor,
    *,
    house: Any,
    kind: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str = "",
    reason: str = "",
    owner_consent: str = "",
    consent_phone: str = "",
    consent_at=None,
) -> LockChange:
    require(actor, "frontdesk.manage")
    the_house = c.house(actor, house)
    if kind not in LockKind.values:
        raise field_error("kind", f"类别应为 {'、'.join(LockKind.values)}")
    name = c.text(applicant_name, "applicant_name", "申请人姓名", 60, required=True)
    ids = c.protected_id(applicant_id_number, "applicant_id_number")
    owner = _owner_match(the_house, name, ids["id_number_hash"])
    lock = LockChange(
        project=the_house.project,
        house=the_house,
        kind=kind,
        applicant_name=name,
        applicant_phone=c.text(applicant_phone, "applicant_phone", "申请人电话", 20),
        applicant_is_owner=owner is not None,
        owner=owner,
        reason=c.text(reason, "reason", "原因", 1000),
        created_by=actor,
        **ids,
    )
    lock.save()
    audit.record(
        actor,
        "create",
        lock,
        after={
            "kind": kind,
            "applicant_name": name,
            "applicant_is_owner": lock.applicant_is_owner,
            "id_number_masked": lock.id_number_masked,
        },
    )
    if str(owner_consent or "").strip() or str(consent_phone or "").strip():
        record_consent(actor, lock, consent=owner_consent, phone=consent_phone, at=consent_at)
        lock.refresh_from_db()
    return lock


def _locked(lock: LockChange) -> LockChange:
    locked = LockChange.objects.select_for_update().get(pk=lock.pk)
    if locked.status != LockStatus.APPLIED:
        raise Conflict("门锁已打开，申请已结束", code="not_allowed")
    return locked


@transaction.atomic
def record_consent(
    actor, lock: LockChange, *, consent: str, phone: str = "", at=None
) -> LockChange:
    """The owner's consent by phone: who agreed, the number called, when, and who called."""
    require(actor, "frontdesk.manage")
    locked = _locked(lock)
    locked.consent = c.text(consent, "owner_consent", "业主同意情况", 500, required=True)
    locked.consent_phone = normalise_phone(phone, "consent_phone") if phone else ""

    locked.consent_at = c.moment(at, "consent_at", "同意时间")
    locked.consent_by = actor
    locked.save(update_fields=["consent", "consent_phone", "consent_at", "consent_by"])
    audit.record(
        actor,
        "consent",
        locked,
        after={
            "consent": locked.consent,
            "consent_phone": locked.consent_phone,
            "consent_at": locked.consent_at,
        },
    )
    return locked


# party → (departments, roles) whose members may sign for it (R-SVC-2)
PARTY_MEMBERS: dict[str, tuple[set[str], set[str]]] = {
    WitnessParty.CUSTOMER_SERVICE: (
        {D.CUSTOMER_SERVICE, D.SERVICE_OFFICE},
        {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER},
    ),
    WitnessParty.CONCIERGE: ({D.PROPERTY}, {R.PROPERTY_LIAISON}),
    WitnessParty.ENGINEERING: (
        {D.ENGINEERING, D.MAINTENANCE},
        {R.ENGINEER, R.TEAM_LEAD, R.TECHNICIAN},
    ),
}


def may_sign_for(user, party: str) -> bool:
    """Whether ``user`` belongs to ``party`` (by department or role); an administrator to all."""
    if user.is_superuser or user.has_role(R.ADMIN):
        return True
    departments, roles = PARTY_MEMBERS[party]
    department = user.department.code if user.department_id else None
    return department in departments or user.has_role(*roles)


@transaction.atomic
def witness(actor, lock: LockChange, *, party: str) -> LockWitness:
    """``actor`` signs for ``party`` as himself; three parties, three different users."""
    require(actor, "frontdesk.witness")
    if party not in WitnessParty.values:
        raise field_error("party", f"见证部门应为 {'、'.join(WitnessParty.values)}")
    if not may_sign_for(actor, party):
        label = WitnessParty(party).label
        raise Forbidden(f"您不属于{label}，不能代表{label}签字", code="not_of_party")
    locked = _locked(lock)
    if locked.witnesses.filter(user=actor).exclude(party=party).exists():
        raise Conflict("同一人不能为两个部门签字，三方须由三个不同的人签字", code="same_witness")
    if locked.witnesses.filter(party=party).exists():
        raise Conflict("该部门已签字", code="already_signed")
    try:
        with transaction.atomic():
            signed = LockWitness.objects.create(lock=locked, party=party, user=actor)
    except IntegrityError:
        raise Conflict("该部门已签字或您已签过字", code="same_witness") from None
    audit.record(actor, "witness", locked, after={"party": party, "user": actor.display_name})
    return signed


def missing_parties(lock: LockChange) -> list[str]:
    signed = set(lock.witnesses.values_list("party", flat=True))
    return [p for p in WitnessParty.values if p not in signed]


@transaction.atomic
def open_lock(actor, lock: LockChange, *, occurred_at=None) -> LockChange:
    require(actor, "frontdesk.manage")
    locked = _locked(lock)
    if not pii.valid_resident_id(pii.decrypt(locked.id_number_encrypted)):
        raise field_error("applicant_id_number", "申请人身份证号码无效", code="invalid_id")
    if not locked.applicant_is_owner and not locked.consent:
        raise Conflict("申请人不是业主，须先电话征得业主同意并登记", code="consent_required")
    missing = missing_parties(locked)
    if missing:
        names = "、".join(str(WitnessParty(p).label) for p in missing)
        raise Conflict(f"尚缺{names}签字，不能开锁", code="witnesses_missing")
    locked.status = LockStatus.OPENED
    locked.opened_at = c.moment(occurred_at, label="开锁时间", not_before=locked.created_at)
    locked.opened_by = actor
    locked.save(update_fields=["status", "opened_at", "opened_by"])
    audit.record(
        actor, "open", locked, after={"status": locked.status}, occurred_at=locked.opened_at
    )
    return locked


def reveal_id(lock: LockChange) -> str:
    return pii.decrypt(lock.id_number_encrypted)
