"""The error bodies of the stock services, for the schemas of the endpoints that move stock."""

from common.schema import error_component
from inventory.services import STOCK_SHORTAGE_CODE

# As inventory.services writes them: never negative, always with two decimal places.
QUANTITY_TEXT = {"type": "string", "format": "decimal", "pattern": r"^[0-9]{1,10}\.[0-9]{2}$", "example": "2.50"}

STOCK_SHORTAGE = error_component(
    "StockShortage",
    code=STOCK_SHORTAGE_CODE,
    description="Not enough stock of one or more items, each listed; nothing was written.",
    items={
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "inventory_item": {"type": "integer", "description": "Id of the inventory item."},
                "requested": {
                    **QUANTITY_TEXT,
                    "description": (
                        "What the request would take out of stock: the order's quantity on a create, the "
                        "extra quantity beyond what the order already holds on a change of its items "
                        "(PUT/PATCH), the size of the (negative) delta on an adjustment."
                    ),
                },
                "available": {**QUANTITY_TEXT, "description": "The quantity in stock now."},
            },
            "required": ["inventory_item", "requested", "available"],
        },
    },
)
