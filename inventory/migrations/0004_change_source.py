from django.db import migrations, models


class Migration(migrations.Migration):
    """The change log names its cause by type and id (a stock ledger's voucher) instead of a
    foreign key to orders: first the new columns, next (0005) the copy, then (0006) the key goes."""

    dependencies = [
        ("inventory", "0003_change_delta_rounded"),
    ]

    operations = [
        migrations.AddField(
            model_name="inventorychange",
            name="source_type",
            field=models.CharField(blank=True, default="", help_text="What caused the change.", max_length=30),
        ),
        migrations.AddField(
            model_name="inventorychange",
            name="source_id",
            field=models.PositiveBigIntegerField(
                blank=True, help_text="Id of the source; null when made by hand or the source was deleted.", null=True
            ),
        ),
    ]
