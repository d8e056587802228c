"""Projections of domain events, kept current explicitly in the writer's transaction.

A projection is a read model another app derives from a domain's event trail (the report
facts of :mod:`aftersales.reports` follow the ticket trail). The domain that writes the events
must not import the apps above it, so they meet here: an upper app registers its projector in
its ``AppConfig.ready()``; the writer calls :func:`project` right after writing its events, in
the same transaction.

Why not a ``post_save`` signal: the order of operations stays visible at the call site, and a
failure is not swallowed. Each projector runs in a savepoint: when it raises, its partial
writes are undone, the error is logged and the projector's ``on_failure`` is told which
subject to mark for rebuild (in the same transaction, so the mark commits with the step);
the domain's own step goes on. The projector's owner rebuilds what is marked later (a periodic
job).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Projector:
    name: str
    apply: Callable[[Any, Sequence[Any]], None]  # (subject, its new events)
    on_failure: Callable[[Any, BaseException], None]  # (subject, error): mark for rebuild
    # Whether the new events can change the projection; None: any can. Those that cannot
    # cost nothing (no savepoint, no call).
    wants: Callable[[Sequence[Any]], bool] | None = None


_PROJECTORS: dict[str, Projector] = {}


def register(
    name: str,
    apply: Callable[[Any, Sequence[Any]], None],
    *,
    on_failure: Callable[[Any, BaseException], None],
    wants: Callable[[Sequence[Any]], bool] | None = None,
) -> None:
    """Add (or replace, by ``name``) a projector; called from an ``AppConfig.ready()``.

    ``wants(events)`` says whether ``events`` can change the projection at all: a projector
    that follows a few kinds of event is then not called (nor given a savepoint) for the
    others, which matters on the intake path."""
    _PROJECTORS[name] = Projector(name, apply, on_failure, wants)


def registered() -> list[Projector]:
    return list(_PROJECTORS.values())


def unregister(name: str) -> Projector | None:
    return _PROJECTORS.pop(name, None)


def project(subject: Any, events: Sequence[Any]) -> None:
    """Hand ``events`` of ``subject`` to every projector, each in a savepoint of its own."""
    for projector in list(_PROJECTORS.values()):
        if projector.wants is not None and not projector.wants(events):
            continue
        try:
            with transaction.atomic():
                projector.apply(subject, events)
        except Exception as exc:  # noqa: BLE001 - logged and marked for rebuild
            logger.exception(
                "projection %s of %r failed; marked for rebuild", projector.name, subject
            )
            try:
                with transaction.atomic():
                    projector.on_failure(subject, exc)
            except Exception:  # noqa: BLE001 - the step itself must go on
                logger.exception(
                    "projection %s: %r not marked for rebuild", projector.name, subject
                )
