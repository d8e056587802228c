"""The ``--tickets`` step of ``aftersales demo``: a ticket history for the dashboard and reports."""

from __future__ import annotations


def demo_history(demo) -> None:
    """A year and a half of tickets through every state (``aftersales demo --tickets N``)."""
    tickets = int(demo.options.get("tickets") or 0)
    if tickets <= 0:
        return
    from aftersales.reports.generator import Generator
    from aftersales.tickets.models import Ticket

    if Ticket.objects.filter(number__startswith="GD").exists():  # gen-data's numbers
        demo.say("  已有生成的工单历史，未重复生成")
        return
    result = Generator(tickets, projects=2, seed=demo.seed, years=1.5).generate()
    demo.say(f"  生成演示工单历史：{result.projects} 个项目，{result.tickets} 张工单")
