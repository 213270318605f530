"""customers.customer: the row count common.row_counts keeps from here on (the customer list's page
count), counted from the rows there are: ROW_COUNT_SHARDS (8) rows, the total in the first."""

from django.db import migrations

LABEL = "customers.customer"
SHARDS = 8


def count_rows(apps, schema_editor):
    Model = apps.get_model("customers", "Customer")
    RowCount = apps.get_model("common", "RowCount")
    RowCount.objects.filter(model=LABEL).delete()
    total = Model.objects.count()
    RowCount.objects.bulk_create(
        [RowCount(model=LABEL, shard=shard, count=total if shard == 0 else 0) for shard in range(SHARDS)]
    )


def forget_rows(apps, schema_editor):
    apps.get_model("common", "RowCount").objects.filter(model=LABEL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0006_fast_search_ascii"),
        ("common", "0004_row_count"),
    ]

    operations = [
        migrations.RunPython(count_rows, forget_rows),
    ]
