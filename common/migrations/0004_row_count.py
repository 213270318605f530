"""Row counts kept in the database (common.models.RowCount, common.row_counts): the table. The
migration that registers a model fills its rows (customers 0007, measurements 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0003_change_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="RowCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(help_text="app_label.model_name of the counted table.", max_length=100)),
                ("shard", models.PositiveSmallIntegerField()),
                ("count", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("model", "shard"), name="row_count_model_shard_unique")
                ],
            },
        ),
    ]
