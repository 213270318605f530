from django import forms
from django_filters import rest_framework as filters

from inventory.models import LOW_STOCK, ORDER_SOURCE, ChangeReason, InventoryChange, InventoryItem, Unit


class IdField(forms.IntegerField):
    """A row id: a positive integer the database can hold (larger ones would overflow the query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


class IdFilter(filters.Filter):
    """An exact match on a related row's id; a non-id is a 400, an unknown id an empty list."""

    field_class = IdField


class InventoryItemFilter(filters.FilterSet):
    category = filters.CharFilter(lookup_expr="iexact", help_text="Exact category, case-insensitive.")
    unit = filters.ChoiceFilter(choices=Unit.choices)
    is_active = filters.BooleanFilter(help_text="`false` lists archived items only. Lists include both by default.")
    is_low_stock = filters.BooleanFilter(
        method="filter_is_low_stock", help_text="`true`: quantity at or below the reorder level."
    )

    class Meta:
        model = InventoryItem
        fields = ["category", "unit", "is_active", "is_low_stock"]

    def filter_is_low_stock(self, queryset, name, value):
        return queryset.filter(LOW_STOCK) if value else queryset.exclude(LOW_STOCK)


class InventoryChangeFilter(filters.FilterSet):
    inventory_item = IdFilter(field_name="inventory_item", help_text="Id of the inventory item.")
    order = IdFilter(method="filter_order", help_text="Id of the order that reserved or released the stock.")
    reason = filters.ChoiceFilter(choices=ChangeReason.choices)

    class Meta:
        model = InventoryChange
        fields = ["inventory_item", "order", "reason"]

    def filter_order(self, queryset, name, value: int):
        # The (source_type, source_id) index answers it.
        return queryset.filter(source_type=ORDER_SOURCE, source_id=value)
