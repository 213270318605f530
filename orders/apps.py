from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders and payments"

    def ready(self):
        from common.exceptions import register_protection

        # An order's line holds its inventory item (PROTECT): the database refuses the delete.
        register_protection(
            "orders.OrderItem",
            detail=lambda lines: (
                f"{lines[0].inventory_item.name} is used by orders and cannot be deleted; "
                'archive it with "is_active": false instead.'
            ),
        )
