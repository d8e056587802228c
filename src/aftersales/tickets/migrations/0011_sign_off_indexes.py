"""PostgreSQL: the sign-offs, for the quarterly evaluation (costs.evaluation).

* ``event_sign_off``: the sign-off events by moment, with their ticket: the repairs signed off
  in a quarter are an index-only range scan instead of a scan of every event (seven or so per
  ticket; 1 s at a million tickets).
* ``event_sign_off_ticket``: a ticket's sign-offs, last first: the moment shown beside each
  repair.

Partial indexes, declared the way ``0009_page_indexes`` declares its own.
"""

from django.db import migrations

INDEXES = [
    (
        "event_sign_off",
        "tickets_ticketevent (occurred_at) INCLUDE (ticket_id) WHERE action = 'sign_off'",
    ),
    (
        "event_sign_off_ticket",
        "tickets_ticketevent (ticket_id, occurred_at DESC) WHERE action = 'sign_off'",
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
    dependencies = [("tickets", "0010_merge_event_internal_and_page_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=True)]
