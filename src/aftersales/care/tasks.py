"""Periodic jobs of the care app (registered in ``CareConfig.ready()``)."""

from __future__ import annotations

from django.tasks import task

from aftersales.care.services import care


@task
def send_care_messages() -> dict:
    """Customer care: today's messages of every active rule, each sent exactly once."""
    return care.run_care()
