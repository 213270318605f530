from django.db import migrations
from django.db.models import F, Q

ORDER_SOURCE = "order"
ORDER_REASONS = ["order_reserved", "order_released"]


def order_to_source(apps, schema_editor):
    """A change linked to an order gets source ("order", its id). One whose order was deleted
    (the key was set null) keeps that an order caused it, with no id: as the services write it now."""
    InventoryChange = apps.get_model("inventory", "InventoryChange")
    changes = InventoryChange.objects.using(schema_editor.connection.alias)
    changes.filter(order__isnull=True, reason__in=ORDER_REASONS).update(source_type=ORDER_SOURCE, source_id=None)
    changes.filter(order__isnull=False).update(source_type=ORDER_SOURCE, source_id=F("order_id"))


def source_to_order(apps, schema_editor):
    InventoryChange = apps.get_model("inventory", "InventoryChange")
    Order = apps.get_model("orders", "Order")
    changes = InventoryChange.objects.using(schema_editor.connection.alias)
    orders = Order.objects.using(schema_editor.connection.alias).values("pk")
    changes.filter(source_type=ORDER_SOURCE, source_id__in=orders).update(order_id=F("source_id"))
    changes.filter(~Q(source_type="") | Q(source_id__isnull=False)).update(source_type="", source_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0004_change_source"),
        ("orders", "0001_initial"),
    ]

    operations = [migrations.RunPython(order_to_source, source_to_order)]
