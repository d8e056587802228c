"""The month and day of birth of a resident ID, stored beside the encrypted number.

Customer care finds the birthdays of the coming days with an index on it instead of
decrypting every customer's ID number on each look. The existing customers are filled here:
their numbers are decrypted once, in batches.
"""

import datetime as dt

from django.db import migrations, models

BATCH = 2000


def birth_month_day(number: str) -> str:
    """As ``estates.services.birth_month_day`` was written when this migration was."""
    if len(number) != 18 or not number[6:14].isdigit():
        return ""
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return ""
    return number[10:14]


def fill(apps, schema_editor):
    from aftersales.core import pii

    Customer = apps.get_model("estates", "Customer")
    pending = (
        Customer.objects.filter(id_type="id_card", id_birth_md="")
        .exclude(id_number_encrypted="")
        .only("id_number_encrypted")
        .order_by("pk")
    )
    batch = []
    for customer in pending.iterator(chunk_size=BATCH):
        customer.id_birth_md = birth_month_day(pii.decrypt(customer.id_number_encrypted))
        if customer.id_birth_md:
            batch.append(customer)
        if len(batch) >= BATCH:
            Customer.objects.bulk_update(batch, ["id_birth_md"])
            batch = []
    if batch:
        Customer.objects.bulk_update(batch, ["id_birth_md"])


class Migration(migrations.Migration):
    dependencies = [("estates", "0002_seed_warranty_catalogue")]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="id_birth_md",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=4,
                verbose_name="证件生日（月日）",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
