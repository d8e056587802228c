"""PostgreSQL: the covering KPI indexes also carry the category and the warranty component.

The dashboard counts every source per month, category and component in one grouped query
(``kpis.overview``); with both columns in the index that query stays an index-only scan.
"""

from importlib import import_module

from django.db import migrations

# The indexes and their columns as migration 0003 made them.
COVERING = import_module("aftersales.reports.migrations.0003_covering_indexes").COVERING
CUTS = "category, component"


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
