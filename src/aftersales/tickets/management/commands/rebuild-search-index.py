"""``aftersales rebuild-search-index``: fill the tickets' full-text column (PostgreSQL)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from aftersales.tickets import search
from aftersales.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "按报事内容重建工单全文检索列（PostgreSQL，jieba 分词）：分批写入，每批单独提交，"
        "可随时中断后用 --after 继续。SQLite 不需要（直接按内容模糊匹配）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="每批工单数（默认 5000）")
        parser.add_argument("--after", type=int, default=0, help="从编号（id）大于此值的工单开始")

    def handle(self, *args, batch: int, after: int, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("当前数据库不是 PostgreSQL：无需重建（按报事内容直接匹配）。")
            return
        if not 1 <= batch <= 100_000:
            raise CommandError("--batch 应在 1 到 100000 之间")
        total = Ticket.objects.filter(pk__gt=after).count()
        started = time.monotonic()
        done = 0
        last = after
        while True:
            written, last = search.rebuild_batch(last, batch)
            if not written:
                break
            done += written
            elapsed = time.monotonic() - started
            self.stdout.write(f"{done}/{total}  id ≤ {last}  {elapsed:.0f} 秒")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tickets_ticket")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"完成：{done} 张工单，用时 {elapsed:.1f} 秒"))
