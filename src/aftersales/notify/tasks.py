"""Delivery of customer messages in the background, so a slow SMS gateway never holds up intake."""

from django.tasks import task

from aftersales.notify import services


@task
def deliver_notification(notification_id: int) -> None:
    services.deliver(notification_id)
