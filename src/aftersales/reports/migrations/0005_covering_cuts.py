"""PostgreSQL: the covering KPI indexes also carry the category and the warranty component.

The dashboard counts every source per month, category and component in one grouped query
(``kpis.overview``); with both columns in the index that query stays an index-only scan.
"""

from django.db import migrations

REGISTERED = "kind, merged, response_seconds, closed_at, handling_seconds, first_check_passed"
SIGNED_OFF = "kind, merged, completion_on_time, called_back"
CLOSED = "kind, merged, reopen_count"
CALLBACKS = "satisfied, merged"
CUTS = "category, component"
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


def rebuild(with_cuts: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, table, keys, extra in COVERING:
            columns = f"{extra}, {CUTS}" if with_cuts else extra
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" ({keys}) INCLUDE ({columns})'
            )

    return run


OPEN = (
    'CREATE INDEX IF NOT EXISTS "fact_open" ON "reports_ticketfact" (ticket_id) '
    "INCLUDE (project_id, building_id, category, component, assignee_id) "
    "WHERE closed_at IS NULL AND NOT merged"
)


def open_facts(apps, schema_editor):
    """The open tickets' facts by ticket (the dashboard's open and overdue work, its
    drill-down): an index-only probe per open ticket."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OPEN)


def drop_open_facts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "fact_open"')


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_stale_facts")]

    operations = [
        migrations.RunPython(rebuild(True), rebuild(False), elidable=True),
        migrations.RunPython(open_facts, drop_open_facts, elidable=True),
    ]
