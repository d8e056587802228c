"""Demonstration data: steps registered by the apps, run in order by ``aftersales demo``.

Each app registers its steps in its ``AppConfig.ready()`` with :func:`register_demo`: a name,
an order number and a function taking the :class:`DemoRun`. The steps share the run: its seed,
its output, a ``shared`` dict in which an earlier step leaves what a later one needs (the
administrator who creates the records, the demo contractor company …), the notes and the demo
logins printed at the end. Every step is idempotent: run twice, the demo changes nothing.
Steps run in one transaction, in ``order``; steps registered with ``atomic=False`` (long
generators that commit as they go) run after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

DEFAULT_SEED = 20260630


@dataclass
class Login:
    username: str
    name: str
    roles: str
    scope: str


@dataclass
class DemoRun:
    seed: int = DEFAULT_SEED
    stdout: Any = None
    options: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    password: str = ""

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: Callable[[DemoRun], None]
    atomic: bool = True


STEPS: dict[str, Step] = {}


def register_demo(name: str, run: Callable[[DemoRun], None], order: int, atomic: bool = True):
    STEPS[name] = Step(name, order, run, atomic)


def run_demo(seed: int = DEFAULT_SEED, stdout=None, **options) -> DemoRun:
    """Run every registered step; returns the run with its notes and logins."""
    demo = DemoRun(seed=seed, stdout=stdout, options=options)
    steps = sorted(STEPS.values(), key=lambda s: s.order)
    with transaction.atomic():
        for step in steps:
            if step.atomic:
                step.run(demo)
    for step in steps:
        if not step.atomic:
            step.run(demo)
    return demo
