from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.accounts.reference import ensure_roles_and_departments

    ensure_roles_and_departments(
        apps.get_model("accounts", "Role"), apps.get_model("accounts", "Department")
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
