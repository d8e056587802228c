"""``aftersales demo``: load the demonstration data and print the demo logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aftersales.estates.demo_data import DEFAULT_SEED, load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据（两个项目约 2000 套房屋及客户，每个角色一个演示账号）；可重复执行，不会重复创建。"
        " Load the demo data (idempotent) and print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="随机种子（相同种子生成相同数据）"
        )
        parser.add_argument(
            "--tickets",
            type=int,
            default=0,
            help="另生成一段工单历史（两个演示项目之外的两个项目），供看板与报表演示；"
            "已生成过时跳过",
        )

    def handle(self, *args, **options):
        self.stdout.write("载入演示数据 …")
        result = load_demo(options["seed"], stdout=self.stdout)
        if options["tickets"] > 0:
            self._history(options["tickets"], options["seed"])
        if result.skipped_projects:
            self.stdout.write(f"  已存在，未改动：{'、'.join(result.skipped_projects)}")
        if result.created_users:
            self.stdout.write(f"  新建账号 {len(result.created_users)} 个")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("演示账号 Demo logins"))
        width = max(len(login.username) for login in result.logins) if result.logins else 8
        self.stdout.write(f"  {'用户名'.ljust(width - 1)}  角色 / 姓名 / 数据范围")
        for login in result.logins:
            self.stdout.write(
                f"  {login.username.ljust(width + 2)}{login.roles} / {login.name} / {login.scope}"
            )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"所有演示账号的密码 Password for every demo login: {result.password}"
            )
        )

    def _history(self, tickets: int, seed: int) -> None:
        """A year and a half of tickets through every state, for the dashboard and reports."""
        from aftersales.reports.generator import Generator
        from aftersales.tickets.models import Ticket

        if Ticket.objects.filter(number__startswith="GD").exists():  # gen-data's numbers
            self.stdout.write("  已有生成的工单历史，未重复生成")
            return
        result = Generator(tickets, projects=2, seed=seed, years=1.5).generate()
        self.stdout.write(f"  生成演示工单历史：{result.projects} 个项目，{result.tickets} 张工单")
