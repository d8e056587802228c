"""``aftersales state-diagram``: the ticket state machine, generated from the transition table."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from aftersales.tickets import diagram


class Command(BaseCommand):
    help = "输出由工单转换表生成的状态机文档（Mermaid 状态图）；--write 写入 docs。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--write",
            nargs="?",
            const=diagram.DOC_PATH,
            metavar="PATH",
            help=f"写入文件（默认 {diagram.DOC_PATH}，相对当前目录）",
        )

    def handle(self, *args, **options):
        text = diagram.document()
        if options["write"]:
            path = Path(options["write"])
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"已写入 {path}")
        else:
            self.stdout.write(text, ending="")
