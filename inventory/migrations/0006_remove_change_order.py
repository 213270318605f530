from django.db import migrations, models


class Migration(migrations.Migration):
    """The foreign key to orders goes (its ids were copied into source_id by 0005): inventory no
    longer depends on the orders app."""

    dependencies = [
        ("inventory", "0005_copy_order_to_source"),
    ]

    operations = [
        migrations.RemoveField(model_name="inventorychange", name="order"),
        migrations.AddIndex(
            model_name="inventorychange",
            index=models.Index(fields=["source_type", "source_id"], name="inventory_change_source_idx"),
        ),
        migrations.AddConstraint(
            model_name="inventorychange",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("source_id__isnull", True), models.Q(("source_type", ""), _negated=True), _connector="OR"
                ),
                name="inventory_change_source_has_type",
            ),
        ),
    ]
