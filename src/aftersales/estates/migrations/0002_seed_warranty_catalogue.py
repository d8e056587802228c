from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.estates.reference import ensure_warranty_catalogue

    ensure_warranty_catalogue(apps.get_model("estates", "WarrantyComponent"))


class Migration(migrations.Migration):
    dependencies = [("estates", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
