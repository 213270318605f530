"""The measurements table takes this app's name. A rename: rows, ids, indexes and constraints
(named measurement_customer_idx and measurement_type_not_empty, as before) go with it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="measurement", table=None),
    ]
