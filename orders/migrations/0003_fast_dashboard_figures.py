"""The dashboard's figures per status (orders.models.OrderStatusFigures), counted from the orders
there are: from here on orders.services keeps them up to date. And an index that holds all the
dashboard's total of the month's payments reads."""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce

STATUSES = ["pending", "in_progress", "completed", "delivered", "cancelled"]


def count_figures(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Figures = apps.get_model("orders", "OrderStatusFigures")
    totals = {
        row["status"]: row
        for row in Order.objects.order_by()
        .values("status")
        .annotate(count=Count("id"), balance_due=Coalesce(Sum(F("price") - F("amount_paid")), Value(Decimal("0"))))
    }
    Figures.objects.bulk_create(
        [
            Figures(
                status=status,
                count=totals.get(status, {}).get("count", 0),
                balance_due=totals.get(status, {}).get("balance_due", Decimal("0")),
            )
            for status in STATUSES
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_payment_receipt_number"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrderStatusFigures",
            fields=[
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("completed", "Completed"),
                            ("delivered", "Delivered"),
                            ("cancelled", "Cancelled"),
                        ],
                        max_length=20,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("count", models.BigIntegerField(default=0)),
                ("balance_due", models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=20)),
            ],
            options={
                "verbose_name_plural": "order status figures",
            },
        ),
        migrations.RunPython(count_figures, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["paid_at", "voided_at", "amount"], name="payment_month_total_idx"),
        ),
    ]
