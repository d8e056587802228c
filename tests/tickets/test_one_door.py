"""Tickets is the only writer of tickets (issue 9, item 1; ARCHITECTURE "Shape of the code").

The source of every app is read (its syntax tree, not its text): outside ``aftersales.tickets``
no module imports a private name of tickets, locks or writes a ``Ticket`` row, or writes a
``TicketEvent``; those go through ``tickets.services`` (``register_ticket``, ``perform``,
``link``) and the constructors of ``tickets.events``. And tickets does not import reports,
which sits above it (the report facts are projected through ``core.projections``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import aftersales

SRC = Path(aftersales.__file__).parent
TICKETS = SRC / "tickets"
MODELS = {"Ticket", "TicketEvent"}
WRITES = {
    "select_for_update",
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "update_or_create",
    "get_or_create",
    "delete",
    "save",
}
# Modules allowed to write ticket rows, each with its reason.
ALLOWED = {
    # Synthetic history for the scale bench (``aftersales gen-data``): millions of rows with
    # COPY into an empty installation, never a business path.
    "reports/generator.py": "bulk load of synthetic data",
}


def _modules(root: Path):
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def private_imports(tree: ast.AST) -> list[str]:
    """Imports of ``aftersales.tickets`` that name a private module or name."""
    found = []
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "aftersales.tickets"
        ):
            parts = node.module.split(".")
            for alias in node.names:
                if any(p.startswith("_") for p in parts) or alias.name.startswith("_"):
                    found.append(f"from {node.module} import {alias.name}")
                else:
                    aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("aftersales.tickets"):
                    if any(p.startswith("_") for p in alias.name.split(".")):
                        found.append(f"import {alias.name}")
                    aliases.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr != "_meta"  # Django's model options, not a name of tickets
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def ticket_writes(tree: ast.AST) -> list[str]:
    """Calls that lock or write Ticket / TicketEvent rows (``Ticket.objects…update()``,
    ``visible_to(Ticket.objects…).select_for_update()``, ``TicketEvent(...)``)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in MODELS:
            found.append(f"{func.id}(...) line {node.lineno}")
        elif (
            isinstance(func, ast.Attribute) and func.attr in WRITES and _names(func.value) & MODELS
        ):
            found.append(f"{ast.unparse(func)[:80]} line {node.lineno}")
    return found


def test_no_module_outside_tickets_imports_its_private_names():
    offenders = {
        rel: found
        for rel, tree in _modules(SRC)
        if not rel.startswith("tickets/") and (found := private_imports(tree))
    }
    assert offenders == {}


def test_no_module_outside_tickets_locks_or_writes_a_ticket():
    offenders = {
        rel: found
        for rel, tree in _modules(SRC)
        if not rel.startswith("tickets/") and rel not in ALLOWED and (found := ticket_writes(tree))
    }
    assert offenders == {}


def test_tickets_does_not_import_reports():
    offenders = []
    for rel, tree in _modules(TICKETS):
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offenders += [f"{rel}: {n}" for n in names if n.startswith("aftersales.reports")]
    assert offenders == []


def test_the_scan_finds_what_it_forbids():
    """The checks themselves: each kind of offence in a sample is found."""
    sample = ast.parse(
        "from aftersales.tickets.services._common import _event\n"
        "from aftersales.tickets import services\n"
        "from aftersales.tickets.models import Ticket, TicketEvent\n"
        "services._tell(t, [], 'x')\n"
        "Ticket.objects.select_for_update().get(pk=1)\n"
        "scoping.visible_to(Ticket.objects.filter(pk=1), u).select_for_update()\n"
        "Ticket.objects.filter(pk=1).update(assignee=None)\n"
        "TicketEvent.objects.create(ticket=t)\n"
        "TicketEvent(ticket=t).save()\n"
        "Ticket._meta.db_table\n"
        "Ticket.objects.filter(pk=1).exists()\n"
    )
    assert private_imports(sample) == [
        "from aftersales.tickets.services._common import _event",
        "services._tell",
    ]
    assert len(ticket_writes(sample)) == 6
