"""``aftersales demo``: load the demonstration data and print the demo logins.

The steps are the ones the apps registered (see :mod:`aftersales.core.demo`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aftersales.core.demo import DEFAULT_SEED, run_demo


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
        demo = run_demo(options["seed"], stdout=self.stdout, tickets=options["tickets"])
        for note in demo.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("演示账号 Demo logins"))
        logins = demo.logins
        width = max(len(login.username) for login in logins) if logins else 8
        self.stdout.write(f"  {'用户名'.ljust(width - 1)}  角色 / 姓名 / 数据范围")
        for login in logins:
            self.stdout.write(
                f"  {login.username.ljust(width + 2)}{login.roles} / {login.name} / {login.scope}"
            )
        if demo.password:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"所有演示账号的密码 Password for every demo login: {demo.password}"
                )
            )
