"""PostgreSQL: covering indexes for the pages that count open work and recent reports.

* ``ticket_open_cover``: the open tickets (about 3 % of all at a million) with what the queue
  counts, the warnings and the home cards filter on, so that they are index-only scans instead
  of visiting one heap block per open ticket.
* ``ticket_recent``: tickets by the moment they occurred, with house, category and project, for
  the early-warning rules over the last 30 and 90 days.
* ``ticket_kind_recent``: the same per kind, with what the recurring-problem analysis groups
  by (a year of repairs read from the index alone).

Declared here rather than on the model (as ``reports`` does for its covering indexes): an
``INCLUDE`` list and a partial condition are PostgreSQL's.
"""

from django.db import migrations

INDEXES = [
    (
        "ticket_open_cover",
        "tickets_ticket (project_id, status) "
        "INCLUDE (id, kind, paused, assignee_id, registered_by_id, reopen_count) "
        "WHERE NOT (status = 'closed')",
    ),
    ("ticket_recent", "tickets_ticket (occurred_at) INCLUDE (house_id, category, project_id)"),
    (
        "ticket_kind_recent",
        "tickets_ticket (kind, occurred_at) "
        "INCLUDE (id, category, component, phenomenon_id, house_id, project_id, merged_into_id)",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON {definition}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_merge_department_clocks_and_search")]

    operations = [migrations.RunPython(create, drop, elidable=True)]
