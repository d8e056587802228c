"""``aftersales gen-data --tickets N [--projects P --seed S]``: a realistic ticket history."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from aftersales.reports.generator import Generator


class Command(BaseCommand):
    help = "生成真实感的历史数据（项目、房屋、业主、各类工单及其全部记录），用于演示与性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=0, help="工单数，例如 1000000")
        parser.add_argument("--projects", type=int, default=None, help="项目数（默认按工单数）")
        parser.add_argument(
            "--seed", type=int, default=1, help="随机种子（同一种子生成同样的数据）"
        )
        parser.add_argument("--years", type=float, default=3.0, help="历史跨度（年），默认 3")
        parser.add_argument(
            "--tickets-only",
            action="store_true",
            help="只生成项目、房屋与工单，不生成交付、前台、物业费与客户关怀数据",
        )
        parser.add_argument(
            "--domains-of-run",
            type=int,
            default=None,
            help="只为第 N 批已生成的房屋补充各业务域（交付、前台、物业费、关怀）的数据",
        )

    def handle(
        self,
        *args,
        tickets: int,
        projects,
        seed: int,
        years: float,
        tickets_only=False,
        domains_of_run=None,
        **options,
    ):
        if domains_of_run is not None:
            gen = Generator(1, seed=seed, years=years, say=self.stdout.write)
            try:
                result = gen.domains_of(domains_of_run)
            except ValueError as e:
                raise CommandError(str(e)) from e
            self.stdout.write(
                self.style.SUCCESS(
                    f"完成：第 {result.run} 批，项目 {result.projects}，房屋 {result.houses}"
                )
            )
        else:
            result = self._generate(tickets, projects, seed, years, tickets_only)
        for name, count in result.domains.items():
            self.stdout.write(f"gen_data_{name}_rows: {count}")
        for name, seconds in result.seconds.items():
            self.stdout.write(f"gen_data_{name}_seconds: {seconds}")

    def _generate(self, tickets, projects, seed, years, tickets_only):
        if tickets < 1 or tickets > 20_000_000:
            raise CommandError("--tickets 应在 1 到 20,000,000 之间")
        if projects is not None and not 1 <= projects <= 1000:
            raise CommandError("--projects 应在 1 到 1000 之间")
        if not 0.1 <= years <= 20:
            raise CommandError("--years 应在 0.1 到 20 之间")
        gen = Generator(
            tickets,
            projects=projects,
            seed=seed,
            years=years,
            say=self.stdout.write,
            domains=not tickets_only,
        )
        result = gen.generate()
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：第 {result.run} 批，项目 {result.projects}，房屋 {result.houses}，"
                f"工单 {result.tickets}，记录 {result.events}，时限 {result.deadlines}，"
                f"回访 {result.callbacks}，统计事实 {result.facts}"
            )
        )
        return result
