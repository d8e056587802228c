from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.tickets.reference import ensure_ticket_reference

    ensure_ticket_reference(
        apps.get_model("tickets", "DeadlinePolicy"), apps.get_model("tickets", "Phenomenon")
    )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
