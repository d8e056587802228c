from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.notify.reference import ensure_templates

    ensure_templates(apps.get_model("notify", "NotificationTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
