"""``aftersales rebuild-report-facts``: recompute every ticket's report facts (or, with
``--marked``, those of the tickets whose projection failed)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from aftersales.reports import facts


class Command(BaseCommand):
    help = "重新计算全部工单的统计事实（看板与 KPI 的数据来源）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--marked",
            action="store_true",
            help="只重算标记为待重算的工单（统计事实更新失败的工单）。",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["marked"]:
            done = facts.rebuild_marked()
            self.stdout.write(
                f"完成：{done} 张待重算工单，用时 {time.perf_counter() - started:.1f} 秒"
            )
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total}")

        done = facts.rebuild(progress=progress)
        self.stdout.write(f"完成：{done} 张工单，用时 {time.perf_counter() - started:.1f} 秒")
