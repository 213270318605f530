"""`CustomerSearchGram`: the grams `?search=` finds customers by (customers.filters), written for
the customers there are. The functions are copied here (a migration keeps what it did when the
model changes)."""

import django.db.models.deletion
from django.db import migrations, models

import customers.models

SEPARATOR = "\n"


def _grams(search_ascii):
    if search_ascii is None:
        return {SEPARATOR}
    return {
        field[i : i + 3]
        for field in search_ascii.split(SEPARATOR)
        for i in range(len(field) - 2)
        if " " not in field[i : i + 3]
    }


def fill(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    CustomerSearchGram = apps.get_model("customers", "CustomerSearchGram")
    batch = []
    for customer in Customer.objects.order_by("pk").only("pk", "search_ascii").iterator(chunk_size=2000):
        batch.extend(
            CustomerSearchGram(customer_id=customer.pk, gram=gram) for gram in sorted(_grams(customer.search_ascii))
        )
        if len(batch) >= 5000:
            CustomerSearchGram.objects.bulk_create(batch)
            batch = []
    CustomerSearchGram.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_row_count"),
    ]

    operations = [
        migrations.CreateModel(
            name="CustomerSearchGram",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "customer_id", "gram", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("gram", customers.models.SearchTextField(max_length=3)),
                (
                    "customer",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_grams",
                        to="customers.customer",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["gram", "customer"], name="customer_search_gram_idx")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
