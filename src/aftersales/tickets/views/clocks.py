"""How a ticket's running deadline is shown (colour and remaining time), for any screen that
lists tickets (the workbench, the field view, the dashboard of :mod:`aftersales.reports`)."""

from aftersales.tickets.views._common import clock, duration, next_clock, with_clocks

__all__ = ["clock", "duration", "next_clock", "with_clocks"]
