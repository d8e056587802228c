"""``aftersales rebuild-report-facts``: recompute every ticket's report facts."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from aftersales.reports import facts


class Command(BaseCommand):
    help = "重新计算全部工单的统计事实（看板与 KPI 的数据来源）。"

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total}")

        done = facts.rebuild(progress=progress)
        self.stdout.write(f"完成：{done} 张工单，用时 {time.perf_counter() - started:.1f} 秒")
