"""Keeping :class:`TicketFact` current: one row per ticket, derived from its history.

Where each fact lives in the ticket tables (read these before changing a KPI):

* registration: ``Ticket.occurred_at`` (受理时间; back-entered forms keep the real moment);
* first response: the first ``dispatch`` event of a repair; the first ``reply`` (or ``resolve``,
  which also answers) event of a complaint; the first ``reply`` event of an inquiry, suggestion
  or praise (answering one closes it);
* sign-off: the last ``sign_off`` event; a reopened repair is signed off again;
* completion deadline met: the ``completion`` :class:`Deadline` (restarted when a reopened repair
  starts again) has ``met_at <= due`` — met exactly at its due moment counts as met;
* callback after sign-off: a :class:`Callback` at or after the last sign-off;
* reopen: ``Ticket.reopen_count`` (a dissatisfied callback reopens);
* completion check: ``check`` events, ``data.passed`` of the first one;
* close: ``Ticket.closed_at`` (a satisfied callback, an answer, invalidation, merge or a
  manager's decision).

:func:`refresh` recomputes the rows of some tickets with a few set queries, so the same code
serves one ticket (after each of its events: :func:`project`, called by the ticket services
through :mod:`aftersales.core.projections`) and the whole table (:func:`rebuild`, used by
``gen-data`` and ``rebuild-report-facts``). A ticket whose projection failed is marked
(:class:`StaleFact`) and rebuilt by :func:`rebuild_marked` (the periodic job
``report_fact_rebuild`` and ``rebuild-report-facts --marked``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from aftersales.reports.models import CallbackFact, StaleFact, TicketFact
from aftersales.tickets.choices import DeadlineName
from aftersales.tickets.models import Callback, Deadline, Ticket, TicketEvent

logger = logging.getLogger(__name__)

RESPONSE_ACTIONS = ("dispatch", "reply", "resolve")
UPDATE_FIELDS = [
    f.name for f in TicketFact._meta.concrete_fields if f.name != "ticket" and not f.primary_key
]
BATCH = 5000


def _seconds(later, earlier) -> int | None:
    if later is None or earlier is None:
        return None
    return max(0, int((later - earlier).total_seconds()))


def build(ticket_ids: Iterable[int]) -> tuple[list[TicketFact], list[CallbackFact]]:
    """The fact rows of ``ticket_ids`` and of their callbacks as they should be now (not saved)."""
    ids = list(ticket_ids)
    if not ids:
        return [], []
    tickets = Ticket.objects.filter(pk__in=ids).values_list(
        "pk",
        "project_id",
        "house__building_id",
        "customer_id",
        "assignee_id",
        "kind",
        "category",
        "component",
        "severity",
        "merged_into_id",
        "occurred_at",
        "closed_at",
        "reopen_count",
    )
    first_response: dict[int, object] = {}
    last_signoff: dict[int, object] = {}
    first_check: dict[int, bool] = {}
    events = (
        TicketEvent.objects.filter(
            ticket_id__in=ids, action__in=(*RESPONSE_ACTIONS, "sign_off", "check")
        )
        .order_by("occurred_at", "id")
        .values_list("ticket_id", "action", "occurred_at", "data")
    )
    for ticket_id, action, at, data in events.iterator(chunk_size=20000):
        if action in RESPONSE_ACTIONS:
            first_response.setdefault(ticket_id, at)
        elif action == "sign_off":
            last_signoff[ticket_id] = at
        elif ticket_id not in first_check:
            first_check[ticket_id] = bool((data or {}).get("passed", True))
    completion = {
        t: (due, met)
        for t, due, met in Deadline.objects.filter(
            ticket_id__in=ids, name=DeadlineName.COMPLETION
        ).values_list("ticket_id", "due", "met_at")
    }
    last_callback: dict[int, object] = {}
    callbacks: dict[int, list] = {}
    for callback_id, ticket_id, at, satisfied in (
        Callback.objects.filter(ticket_id__in=ids)
        .order_by("occurred_at", "id")
        .values_list("pk", "ticket_id", "occurred_at", "satisfied")
    ):
        last_callback[ticket_id] = at
        callbacks.setdefault(ticket_id, []).append((callback_id, at, satisfied))
    rows = []
    for (
        pk,
        project_id,
        building_id,
        customer_id,
        assignee_id,
        kind,
        category,
        component,
        severity,
        merged_into_id,
        registered,
        closed,
        reopen_count,
    ) in tickets:
        signed = last_signoff.get(pk)
        due, met = completion.get(pk, (None, None))
        on_time = None
        if signed is not None:
            on_time = bool(met is not None and due is not None and met <= due)
        called = last_callback.get(pk)
        rows.append(
            TicketFact(
                ticket_id=pk,
                project_id=project_id,
                building_id=building_id,
                customer_id=customer_id,
                assignee_id=assignee_id,
                kind=kind,
                category=category or "",
                component=component or "",
                severity=severity or "",
                merged=merged_into_id is not None,
                registered_at=registered,
                response_seconds=_seconds(first_response.get(pk), registered),
                closed_at=closed,
                handling_seconds=_seconds(closed, registered),
                reopen_count=reopen_count,
                signed_off_at=signed,
                completion_on_time=on_time,
                called_back=bool(signed is not None and called is not None and called >= signed),
                first_check_passed=first_check.get(pk),
            )
        )
    return rows, _callback_rows(rows, callbacks)


def new_ticket_fact(ticket: Ticket) -> TicketFact:
    """The fact row of a ticket just registered, from the ticket in hand (no reads).

    Intake is the hot path: a new ticket has no response, sign-off, check or callback yet, so
    its row is known without :func:`build`'s queries (and equals what ``build`` would give).
    """
    return TicketFact(
        ticket_id=ticket.pk,
        project_id=ticket.project_id,
        building_id=ticket.house.building_id if ticket.house_id else None,
        customer_id=ticket.customer_id,
        assignee_id=ticket.assignee_id,
        kind=ticket.kind,
        category=ticket.category or "",
        component=ticket.component or "",
        severity=ticket.severity or "",
        merged=ticket.merged_into_id is not None,
        registered_at=ticket.occurred_at,
        response_seconds=None,
        closed_at=ticket.closed_at,
        handling_seconds=_seconds(ticket.closed_at, ticket.occurred_at),
        reopen_count=ticket.reopen_count,
        signed_off_at=None,
        completion_on_time=None,
        called_back=False,
        first_check_passed=None,
    )


def _callback_rows(rows: list[TicketFact], callbacks: dict[int, list]) -> list[CallbackFact]:
    out = []
    for fact in rows:
        for callback_id, at, satisfied in callbacks.get(fact.ticket_id, ()):
            out.append(
                CallbackFact(
                    callback_id=callback_id,
                    ticket_id=fact.ticket_id,
                    project_id=fact.project_id,
                    building_id=fact.building_id,
                    customer_id=fact.customer_id,
                    assignee_id=fact.assignee_id,
                    kind=fact.kind,
                    category=fact.category,
                    component=fact.component,
                    merged=fact.merged,
                    occurred_at=at,
                    satisfied=satisfied,
                )
            )
    return out


def save(built: tuple[list[TicketFact], list[CallbackFact]]) -> int:
    rows, callback_rows = built
    if rows:
        TicketFact.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["ticket"],
            update_fields=UPDATE_FIELDS,
        )
        CallbackFact.objects.filter(ticket_id__in=[r.ticket_id for r in rows]).delete()
        CallbackFact.objects.bulk_create(callback_rows, batch_size=2000)
    return len(rows)


def refresh(ticket_ids: Iterable[int]) -> int:
    """Recompute and store the fact rows of ``ticket_ids``."""
    return save(build(ticket_ids))


# Steps that change nothing a fact holds: the notices intake writes right after the
# registration, about the ticket it has just registered (its row is written from the ticket).
NOTICES = frozenset({"escalate", "emergency"})


def follows(events: Sequence[TicketEvent]) -> bool:
    """Whether ``events`` can change a fact row (``core.projections``' ``wants``)."""
    return not all(event.action in NOTICES for event in events)


def project(ticket: Ticket, events: Sequence[TicketEvent]) -> None:
    """The projector of the ticket trail (registered in :mod:`aftersales.reports.apps`).

    Called by the ticket services right after they write ``events`` of ``ticket``, in their
    transaction (and in a savepoint, see :mod:`aftersales.core.projections`). A registration
    writes the new ticket's row from the ticket in hand, without reads (the intake hot path);
    any other event recomputes the ticket's rows.
    """
    if any(e.action == "register" for e in events):
        TicketFact.objects.bulk_create(
            [new_ticket_fact(ticket)],
            update_conflicts=True,
            unique_fields=["ticket"],
            update_fields=UPDATE_FIELDS,
        )
    else:
        refresh([ticket.pk])


def mark_stale(ticket: Ticket, error: BaseException) -> None:
    """Record that ``ticket``'s facts must be rebuilt (the projection of its event failed)."""
    StaleFact.objects.update_or_create(
        ticket_id=ticket.pk,
        defaults={"marked_at": timezone.now(), "error": f"{type(error).__name__}: {error}"[:300]},
    )


def rebuild_marked(*, batch: int = 500) -> int:
    """Recompute the facts of the tickets marked stale, and clear their marks.

    A mark made again while its ticket is being rebuilt (a newer failure) is kept: only marks
    not newer than the start of this run are cleared.
    """
    started = timezone.now()
    done = 0
    while True:
        ids = list(
            StaleFact.objects.filter(marked_at__lte=started)
            .order_by("ticket_id")
            .values_list("ticket_id", flat=True)[:batch]
        )
        if not ids:
            return done
        with transaction.atomic():
            done += refresh(ids)
            StaleFact.objects.filter(ticket_id__in=ids, marked_at__lte=started).delete()
        if len(ids) < batch:
            return done


def rebuild(
    *, batch: int = BATCH, since_id: int = 0, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every fact row (tickets with id > ``since_id``), batch by batch."""
    started = timezone.now()
    ids = Ticket.objects.filter(pk__gt=since_id).order_by("pk").values_list("pk", flat=True)
    total = ids.count()
    done = 0
    last = since_id
    while True:
        chunk = list(ids.filter(pk__gt=last)[:batch])
        if not chunk:
            break
        with transaction.atomic():
            done += refresh(chunk)
        last = chunk[-1]
        if progress:
            progress(done, total)
    # Facts of tickets that no longer exist go with their ticket (CASCADE); nothing else to drop.
    if since_id == 0:
        StaleFact.objects.filter(marked_at__lte=started).delete()
    return done


def insert_callback_facts(since_ticket_id: int = 0) -> int:
    """Add the missing callback facts of tickets with id > ``since_ticket_id`` in one statement
    (after a bulk load whose ticket facts are already in place)."""
    cb, fact = CallbackFact._meta.db_table, TicketFact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {cb} (callback_id, ticket_id, project_id, building_id, customer_id,"
            " assignee_id, kind, category, component, merged, occurred_at, satisfied)"
            " SELECT c.id, c.ticket_id, f.project_id, f.building_id, f.customer_id,"
            " f.assignee_id, f.kind, f.category, f.component, f.merged, c.occurred_at,"
            f" c.satisfied FROM {Callback._meta.db_table} c"
            f" JOIN {fact} f ON f.ticket_id = c.ticket_id WHERE c.ticket_id > %s"
            " ON CONFLICT (callback_id) DO NOTHING",
            [since_ticket_id],
        )
        return cursor.rowcount
