"""An SMS backend for the fault suite: the log backend, slowed down like a real gateway.

With a delay per message the task workers are busy most of the time, so a ``kill -9`` of a
worker lands in the middle of a delivery and leaves its task row ``RUNNING``.
"""

from __future__ import annotations

import os
import time

from aftersales.notify.backends import LogBackend


class SlowLogBackend(LogBackend):
    def send(self, notification) -> None:
        time.sleep(float(os.environ.get("FAULT_SMS_SECONDS", "0.05")))
        super().send(notification)
