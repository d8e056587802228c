"""Template context: the signed-in user's unread in-app messages, for the top bar's badge."""

from __future__ import annotations

from aftersales.notify.models import Notification


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread_notifications": count}
