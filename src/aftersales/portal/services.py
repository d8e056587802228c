"""Owner self-service rules (R-SS-1): the sign-in by text code and the owner's own actions.

Sign-in by text code:

* the number must belong to a customer of the archive who is the owner, a co-owner, a tenant
  or a family member of a house (``CustomerHouse`` roles; ``phone`` or ``phone2``);
* a code is six digits, sent through the SMS backend (``NOTIFY_SMS_BACKEND``; the default
  writes it to the log), valid for :data:`CODE_SECONDS`, stored only as a keyed hash, used
  once, and refused after :data:`MAX_TRIES` wrong tries;
* requests are limited per number (one a minute, :data:`PER_NUMBER` an hour) and per client
  address (:data:`PER_ADDRESS` an hour), wrong codes per address too, in the configured
  cache; a number that is not in the archive is answered like any other (no code is sent),
  so the page cannot be used to find out who lives here;
* the first sign-in creates the owner's account (role ``owner``, linked to the customer, no
  password); staff keep signing in with their password.

The owner's actions (report, sign, rate) go through the tickets services, which check the
data scope: an owner acts on his own houses and tickets only.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from aftersales.accounts import services as accounts
from aftersales.accounts.choices import RoleCode
from aftersales.accounts.models import User
from aftersales.core.errors import DomainError, Forbidden, Invalid, field_error
from aftersales.core.permissions import require
from aftersales.core.phones import MOBILE_RE, normalise_phone
from aftersales.estates.choices import HouseRole
from aftersales.estates.models import Customer
from aftersales.notify import services as notify
from aftersales.notify.backends import backend_for
from aftersales.notify.models import Channel, Notification
from aftersales.portal.models import SignInCode
from aftersales.tickets import services as tickets

logger = logging.getLogger("aftersales.portal")

CODE_SECONDS = 5 * 60
MAX_TRIES = 5
RESEND_SECONDS = 60
PER_NUMBER = 5  # codes per number per hour
PER_ADDRESS = 20  # codes per client address per hour
WRONG_PER_ADDRESS = 30  # wrong codes per client address per hour
HOUR = 3600
# The roles at a house that may sign in (an authorised agent may not).
RESIDENT_ROLES = (HouseRole.OWNER, HouseRole.CO_OWNER, HouseRole.TENANT, HouseRole.FAMILY)
TEMPLATE = "portal_code"


class TooMany(DomainError):
    """Too many codes asked for or too many wrong codes: try again later (429)."""

    status = 429
    code = "too_many_requests"


def _mobile(phone: str) -> str:
    number = normalise_phone(phone or "", "phone") if phone else ""
    if not MOBILE_RE.match(number):
        raise field_error("phone", "请输入 11 位手机号", code="invalid_phone")
    return number


def _hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _count(key: str, window: int) -> int:
    """Count one more hit of ``key`` in a fixed window of ``window`` seconds."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _limit(key: str, limit: int, window: int) -> None:
    if _count(key, window) > limit:
        raise TooMany("请求过于频繁，请稍后再试")


def resident(phone: str) -> Customer | None:
    """The customer of the archive this mobile number belongs to, living in a house as owner,
    co-owner, tenant or family member; an owner's record first when several share it."""
    candidates = (
        Customer.objects.filter(Q(phone=phone) | Q(phone2=phone))
        .filter(house_links__role__in=RESIDENT_ROLES)
        .distinct()
        .order_by("id")
    )
    found = list(candidates[:10])
    owners = [c for c in found if c.house_links.filter(role=HouseRole.OWNER).exists()]
    return (owners or found or [None])[0]


def send_code(phone: str, *, address: str | None = None) -> None:
    """Send a sign-in code to ``phone`` (when it belongs to a resident), within the limits."""
    number = _mobile(phone)
    if address:
        _limit(f"portal:addr:{address}", PER_ADDRESS, HOUR)
    if not cache.add(f"portal:wait:{number}", 1, RESEND_SECONDS):
        raise TooMany(f"验证码已发送，请 {RESEND_SECONDS} 秒后再试")
    _limit(f"portal:num:{number}", PER_NUMBER, HOUR)
    if resident(number) is None:
        logger.info("portal: sign-in code asked for a number not in the archive")
        return
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        # A new code replaces the earlier ones of the number.
        SignInCode.objects.filter(phone=number, used_at__isnull=True).update(used_at=now)
        SignInCode.objects.create(
            phone=number,
            code_hash=_hash(number, code),
            address=address,
            created_at=now,
            expires_at=now + timedelta(seconds=CODE_SECONDS),
        )
    _deliver(number, code)


def _deliver(number: str, code: str) -> None:
    """Through the SMS backend at once; the message is not stored (it holds the code)."""
    context = {"code": code, "minutes": CODE_SECONDS // 60}
    subject, body = notify.render(TEMPLATE, context)
    message = Notification(
        address=number,
        channel=Channel.SMS,
        template=TEMPLATE,
        subject=subject,
        body=body,
        params={k: str(v) for k, v in context.items()},
    )
    try:
        backend_for(Channel.SMS).send(message)
    except Exception as exc:  # the provider failed: say so, keep nothing
        logger.warning(
            "portal: sign-in code to %s****%s not sent: %s", number[:3], number[-4:], exc
        )
        raise DomainError("短信发送失败，请稍后再试", code="sms_failed") from exc


def verify_code(phone: str, code: str, *, address: str | None = None) -> User:
    """The owner's account for a right code (created at the first sign-in)."""
    number = _mobile(phone)
    code = (code or "").strip()
    wrong = Invalid(
        "验证码错误或已失效", code="wrong_code", fields={"code": ["验证码错误或已失效"]}
    )
    if address and (cache.get(f"portal:wrong:{address}") or 0) >= WRONG_PER_ADDRESS:
        raise TooMany("错误次数过多，请稍后再试")
    # The wrong try is counted in a transaction of its own, then refused: an error raised
    # inside it would undo the count.
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(phone=number, used_at__isnull=True)
            .order_by("-id")
            .first()
        )
        now = timezone.now()
        if row is None or row.expires_at <= now:
            outcome = "wrong"
        elif row.tries >= MAX_TRIES:
            outcome = "spent"
        elif not (code.isdigit() and hmac.compare_digest(row.code_hash, _hash(number, code))):
            row.tries += 1
            row.save(update_fields=["tries"])
            outcome = "spent" if row.tries >= MAX_TRIES else "wrong"
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            outcome = "right"
    if outcome != "right":
        _wrong(address)
        if outcome == "spent":
            raise TooMany("错误次数过多，请重新获取验证码", code="too_many_tries")
        raise wrong
    customer = resident(number)
    if customer is None:  # moved out since the code was sent
        raise wrong
    with transaction.atomic():
        return owner_account(customer, number)


def _wrong(address: str | None) -> None:
    if address:
        _count(f"portal:wrong:{address}", HOUR)


def owner_account(customer: Customer, phone: str = "") -> User:
    """The active owner account of ``customer``; created (no password) the first time."""
    user = User.objects.filter(customer=customer, roles__code=RoleCode.OWNER).order_by("id").first()
    if user is None:
        base = f"m{phone or customer.phone}"
        username, n = base, 1
        while User.objects.filter(username__iexact=username).exists():
            n += 1
            username = f"{base}-{n}"
        user = accounts.create_user(
            None,
            username=username,
            password=secrets.token_urlsafe(24),
            roles=[RoleCode.OWNER],
            name=customer.name,
            phone=phone or customer.phone,
            customer=customer,
            check_password=False,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not user.is_active:
        raise Forbidden("该账号已停用，请联系客服中心")
    return user


# --- the owner's actions -------------------------------------------------------------------


def report(owner, *, photos=(), **data):
    """R-SS-1: a repair, complaint or other report from the portal (channel ``app``), with the
    photos taken or chosen; all or nothing. The number is known at once."""
    require(owner, "portal.use")
    from aftersales.attachments import services as attachments

    checked = attachments.check_uploads(None, list(photos), "photos") if photos else []
    with transaction.atomic():
        ticket = tickets.register_ticket(owner, channel="app", **data)
        if checked:
            attachments.add_attachments(
                owner, ticket, [], stage="intake", checked=checked, field="photos"
            )
    return ticket


def sign_off(owner, ticket_id: int, *, opinion: str, signature: str = "", comment: str = ""):
    """The owner confirms the repair is done, with his signature (the ticket's ``sign_off``)."""
    require(owner, "portal.use")
    return tickets.perform(
        owner, ticket_id, "sign_off", opinion=opinion, signature=signature, comment=comment
    )


def rate(owner, ticket_id: int, *, score, comment: str = ""):
    """The owner's stars and comment on his finished ticket (the ticket's ``rate``)."""
    require(owner, "portal.use")
    return tickets.perform(owner, ticket_id, "rate", score=score, comment=comment)
