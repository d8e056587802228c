"""Sending notifications: one record per message, delivered after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.core.cached import Cached
from aftersales.notify.backends import backend_for
from aftersales.notify.models import Channel, Notification, NotificationTemplate

logger = logging.getLogger("aftersales.notify")


class _Blank(dict):
    def __missing__(self, key):  # an unknown placeholder stays visible instead of failing
        return "{" + key + "}"


# --- templates, cached ---------------------------------------------------------------------
# Read once, then kept (see aftersales.core.cached): an edit is used at once by the process that
# made it (and by all with a shared cache), by the others within TEMPLATE_CACHE_SECONDS.
TEMPLATE_CACHE_SECONDS = 30
TEMPLATES = Cached("notify-template", TEMPLATE_CACHE_SECONDS)
post_save.connect(TEMPLATES.forget, sender=NotificationTemplate, dispatch_uid="notify-tpl-save")
post_delete.connect(TEMPLATES.forget, sender=NotificationTemplate, dispatch_uid="notify-tpl-delete")


def _template(code: str) -> tuple[str, str] | None:
    """(subject, body) of the active template ``code``, or None."""
    return TEMPLATES.get(code, lambda: _read_template(code))


def _read_template(code: str) -> tuple[str, str] | None:
    row = (
        NotificationTemplate.objects.filter(code=code, active=True)
        .values_list("subject", "body")
        .first()
    )
    return tuple(row) if row else None


def render(code: str, context: dict) -> tuple[str, str]:
    template = _template(code)
    if template is None:
        return code, " ".join(f"{k}={v}" for k, v in context.items())
    subject, body = template
    values = _Blank({k: "" if v is None else v for k, v in context.items()})
    return subject.format_map(values)[:200], body.format_map(values)


def staff(roles: Iterable[str], project_id: int | None) -> list[User]:
    """Active users holding one of ``roles`` whose data scope covers ``project_id``."""
    qs = User.objects.filter(is_active=True, roles__code__in=list(roles))
    if project_id:
        qs = qs.filter(Q(projects__isnull=True) | Q(projects__id=project_id))
    return list(qs.distinct())


def department_staff(department: str, project_id: int | None) -> list[User]:
    """Active members of ``department`` (a code) whose data scope covers ``project_id``."""
    qs = User.objects.filter(is_active=True, department__code=department)
    if project_id:
        qs = qs.filter(Q(projects__isnull=True) | Q(projects__id=project_id))
    return list(qs.distinct())


def notify_users(
    users: Iterable[User],
    code: str,
    context: dict,
    *,
    ticket=None,
    key: str = "",
    fresh: bool = False,
) -> int:
    """In-app messages to staff (R-NTF-2); a ``key`` makes the message unique per user.

    ``fresh``: the key is new (it names a record created in this transaction), so no message
    can exist yet: all are written in one INSERT instead of one savepoint and INSERT each.
    """
    subject, body = render(code, context)

    def message(user) -> Notification:
        return Notification(
            recipient=user,
            channel=Channel.INAPP,
            template=code,
            subject=subject,
            body=body,
            ticket=ticket,
            key=key,
            state=Notification.State.SENT,
            sent_at=timezone.now(),
        )

    if fresh:
        made = [message(user) for user in users]
        return len(Notification.objects.bulk_create(made)) if made else 0
    created = 0
    for user in users:
        try:
            with transaction.atomic():
                message(user).save(force_insert=True)
            created += 1
        except IntegrityError:
            continue  # already told
    return created


def notify_address(
    address: str, channel: str, code: str, context: dict, *, ticket=None
) -> Notification:
    """A message to a customer's phone or email (R-NTF-1), delivered after commit."""
    subject, body = render(code, context)
    params = {k: str(v) for k, v in context.items() if v is not None}
    notification = Notification.objects.create(
        address=address,
        channel=channel,
        template=code,
        subject=subject,
        body=body,
        params=params,
        ticket=ticket,
    )
    _enqueue_with_commit(notification.pk)
    return notification


def _enqueue(notification_id: int) -> None:
    from aftersales.notify.tasks import deliver_notification

    deliver_notification.enqueue(notification_id)


def _enqueue_with_commit(notification_id: int) -> None:
    """Queue the delivery so that it happens only if the message is committed.

    With the database task queue (the default) the task row is written in the same
    transaction as the message: one commit for both, and a rollback drops both. With any other
    queue (which could run the task before this transaction commits) it is queued after commit.
    """
    from django_tasks_db import DatabaseBackend

    from aftersales.notify.tasks import deliver_notification

    if connection.in_atomic_block and isinstance(
        deliver_notification.get_backend(), DatabaseBackend
    ):
        deliver_notification.enqueue(notification_id)
    else:
        transaction.on_commit(lambda: _enqueue(notification_id))


def deliver(notification_id: int) -> None:
    notification = Notification.objects.filter(
        pk=notification_id, state=Notification.State.PENDING
    ).first()
    if notification is None:
        return
    try:
        backend_for(notification.channel).send(notification)
    except Exception as exc:  # a provider failure must not lose the record
        logger.warning("notification %s failed: %s", notification_id, exc)
        Notification.objects.filter(pk=notification_id).update(
            state=Notification.State.FAILED, error=str(exc)[:300]
        )
        return
    Notification.objects.filter(pk=notification_id).update(
        state=Notification.State.SENT, sent_at=timezone.now()
    )


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
