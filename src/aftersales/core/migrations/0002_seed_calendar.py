from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.core.services import seed_official_calendar

    seed_official_calendar(2004, 2026, model=apps.get_model("core", "WorkCalendarDay"))


def unseed(apps, schema_editor):
    apps.get_model("core", "WorkCalendarDay").objects.filter(source="official").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
