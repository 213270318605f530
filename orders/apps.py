from django.apps import AppConfig

# Why a customer with orders cannot be deleted: Order.customer is a PROTECT key, the database
# refuses, and orders (the app holding the key) says what it means, once, for the API and the
# admin alike (common.exceptions.register_protection). customers knows nothing of orders.
CUSTOMER_HAS_ORDERS = (
    "This customer has orders; their history is kept, so the customer cannot be deleted. Edit the customer instead."
)


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders and payments"

    def ready(self):
        from common.exceptions import register_protection

        register_protection("orders.Order", detail=CUSTOMER_HAS_ORDERS, extra=lambda rows: {"order_count": len(rows)})
        # An order's line holds its inventory item (PROTECT): the database refuses the delete.
        register_protection(
            "orders.OrderItem",
            detail=lambda lines: (
                f"{lines[0].inventory_item.name} is used by orders and cannot be deleted; "
                'archive it with "is_active": false instead.'
            ),
        )
