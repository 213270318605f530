"""measurements.measurement: the row count common.row_counts keeps from here on (the measurement list's page
count), counted from the rows there are: ROW_COUNT_SHARDS (8) rows, the total in the first."""

from django.db import migrations

LABEL = "measurements.measurement"
SHARDS = 8


def count_rows(apps, schema_editor):
    Model = apps.get_model("measurements", "Measurement")
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
        ("measurements", "0004_default_garment_types"),
        ("common", "0004_row_count"),
    ]

    operations = [
        migrations.RunPython(count_rows, forget_rows),
    ]
