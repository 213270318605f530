"""Measurement moved to its own app (measurements). State only: the table, its rows, indexes
and constraints stay where they are; measurements/migrations/0001_initial takes the model over
(and 0002 renames the table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Measurement")],
            database_operations=[],
        ),
    ]
