"""Delivery backends behind one interface (R-NTF-1).

``NOTIFY_SMS_BACKEND`` / ``NOTIFY_EMAIL_BACKEND`` name the classes; the default writes to the
log, which is what a laptop installation and the tests use. In-app messages need no delivery.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("aftersales.notify")


class Backend:
    def send(self, notification) -> None:  # raises on failure
        raise NotImplementedError


class LogBackend(Backend):
    """Writes the message to the application log (default)."""

    def send(self, notification) -> None:
        logger.info(
            "notify %s to %s: %s | %s",
            notification.channel,
            notification.address or notification.recipient_id,
            notification.subject,
            notification.body,
        )


class EmailBackend(Backend):
    """Sends through Django's email settings (EMAIL_HOST etc.)."""

    def send(self, notification) -> None:
        if not notification.address:
            raise ValueError("no email address")
        send_mail(notification.subject, notification.body, None, [notification.address])


def backend_for(channel: str) -> Backend:
    path = {
        "sms": getattr(settings, "NOTIFY_SMS_BACKEND", ""),
        "email": getattr(settings, "NOTIFY_EMAIL_BACKEND", ""),
    }.get(channel) or "aftersales.notify.backends.LogBackend"
    return import_string(path)()
