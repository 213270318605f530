"""`search_ascii`: name, email and phone lower-cased in one single-byte column for `?search=`
(customers.filters), filled for the customers there are. The function is copied here (a
migration keeps what it did when the model changes)."""

from django.db import migrations, models

import customers.models


def _printable_ascii(text: str) -> bool:
    return all(" " <= char <= "~" for char in text)


def fill(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    batch = []
    for customer in Customer.objects.only("id", "name", "email", "phone").iterator(chunk_size=2000):
        values = (customer.name, customer.email, customer.phone)
        customer.search_ascii = "\n".join(values).lower() if all(map(_printable_ascii, values)) else None
        batch.append(customer)
        if len(batch) == 2000:
            Customer.objects.bulk_update(batch, ["search_ascii"])
            batch = []
    Customer.objects.bulk_update(batch, ["search_ascii"])


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0005_phones_e164_and_notify_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="search_ascii",
            field=customers.models.SearchTextField(blank=True, editable=False, max_length=500, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(fields=["search_ascii"], name="customer_search_ascii_idx"),
        ),
    ]
