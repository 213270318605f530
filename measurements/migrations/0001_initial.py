"""Measurement, taken over from customers (customers/migrations/0003): the model's state is
created on the table customers made (customers_measurement) without touching the database;
0002 gives the table this app's name. The content type follows (customers.measurement ->
measurements.measurement), so permissions given on measurements and the admin's history of
them stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD = ("customers", "measurement")
NEW = ("measurements", "measurement")


def _rename_content_type(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=target[0], model=target[1]).exists():
        # Already created (a database migrated in pieces): leave the stale one to
        # `remove_stale_contenttypes`; nothing can be renamed onto an existing row.
        return
    ContentType.objects.using(db).filter(app_label=source[0], model=source[1]).update(app_label=target[0])


def content_type_to_measurements(apps, schema_editor):
    _rename_content_type(apps, schema_editor, source=OLD, target=NEW)


def content_type_to_customers(apps, schema_editor):
    _rename_content_type(apps, schema_editor, source=NEW, target=OLD)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("customers", "0003_measurement_moved_to_measurements"),
        ("orders", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Measurement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "type",
                            models.CharField(
                                help_text="What the measurements are for: dress, shirt, trousers…", max_length=50
                            ),
                        ),
                        (
                            "unit",
                            models.CharField(
                                choices=[("cm", "Centimetres"), ("in", "Inches")], default="cm", max_length=2
                            ),
                        ),
                        ("values", models.JSONField(default=dict)),
                        ("notes", models.TextField(blank=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "customer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="measurements",
                                to="customers.customer",
                            ),
                        ),
                        (
                            "order",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="measurements",
                                to="orders.order",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "customers_measurement",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["customer", "-created_at"], name="measurement_customer_idx")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("type", ""), _negated=True), name="measurement_type_not_empty"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_measurements, content_type_to_customers, elidable=False),
    ]
