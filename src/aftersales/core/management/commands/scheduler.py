"""``aftersales scheduler``: enqueue the periodic jobs of aftersales.core.schedule."""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string

from aftersales.core.schedule import PERIODIC


class Command(BaseCommand):
    help = "按计划把周期任务（如时限巡检）放入后台任务队列；--once 只执行一轮。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue every job once and exit")
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between checks")

    def handle(self, *args, once=False, tick=5.0, **options):
        last: dict[str, float] = {}
        while True:
            now = time.monotonic()
            # A database restarted meanwhile: drop the dead connection, reconnect on next use.
            close_old_connections()
            for name, every, path in PERIODIC:
                if once or now - last.get(name, -1e18) >= every:
                    try:
                        import_string(path).enqueue()
                    except DatabaseError as exc:
                        if once:
                            raise
                        # The database is away (restart, failover): try again next tick.
                        self.stderr.write(f"could not enqueue {name}: {exc}")
                        continue
                    last[name] = now
                    self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(tick)
