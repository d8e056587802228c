import django.contrib.postgres.search
from django.db import migrations

# The GIN index over the words of the descriptions exists on PostgreSQL only (SQLite searches
# the description itself, see tickets/search.py); it is kept out of the model state for that.
GIN = "CREATE INDEX IF NOT EXISTS ticket_search_gin ON tickets_ticket USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS ticket_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0004_project_kind_time_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, verbose_name="检索词"
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
