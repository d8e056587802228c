"""PostgreSQL: the KPI indexes of the report facts become covering indexes.

A migration of its own: the indexes of a new model are created at the end of the migration that
creates it, so they must exist before they are replaced.
"""

from django.db import migrations

REGISTERED = "kind, merged, response_seconds, closed_at, handling_seconds, first_check_passed"
SIGNED_OFF = "kind, merged, completion_on_time, called_back"
CLOSED = "kind, merged, reopen_count"
CALLBACKS = "satisfied, merged"
COVERING = [
    ("fact_registered", "reports_ticketfact", "registered_at", REGISTERED),
    ("fact_project_registered", "reports_ticketfact", "project_id, registered_at", REGISTERED),
    ("fact_signed_off", "reports_ticketfact", "signed_off_at", SIGNED_OFF),
    ("fact_project_signed_off", "reports_ticketfact", "project_id, signed_off_at", SIGNED_OFF),
    ("fact_closed", "reports_ticketfact", "closed_at", CLOSED),
    ("fact_project_closed", "reports_ticketfact", "project_id, closed_at", CLOSED),
    ("cbfact_occurred", "reports_callbackfact", "occurred_at", CALLBACKS),
    ("cbfact_project_occurred", "reports_callbackfact", "project_id, occurred_at", CALLBACKS),
]


def covering(apps, schema_editor):
    """PostgreSQL: rebuild the KPI indexes as covering indexes (index-only scans).

    The models declare plain indexes (every database has them); on PostgreSQL each is replaced
    by one of the same name and key that also carries the columns its KPI source reads.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, keys, extra in COVERING:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({keys}) INCLUDE ({extra})')


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_callback_facts")]

    operations = [migrations.RunPython(covering, migrations.RunPython.noop, elidable=True)]
