from django import forms
from django_filters import rest_framework as filters
from django_filters.widgets import BooleanWidget

from inventory.models import LOW_STOCK, ChangeReason, InventoryChange, InventoryItem, Unit


class IdField(forms.IntegerField):
    """A row id: a positive integer the database can hold (larger ones would overflow the query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


class IdFilter(filters.Filter):
    """An exact match on a related row's id; a non-id is a 400, an unknown id an empty list."""

    field_class = IdField


class StrictBooleanWidget(BooleanWidget):
    """Like django-filter's BooleanWidget, but hands an unknown value on instead of dropping it."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        value = super().value_from_datadict(data, files, name)
        return raw if value is None and raw not in (None, "") else value


class StrictNullBooleanField(forms.NullBooleanField):
    """`true`/`false` (or `1`/`0`); anything else is a 400 instead of being silently ignored."""

    widget = StrictBooleanWidget

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return None if value == "" else value
        raise forms.ValidationError("Must be true or false.", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", StrictBooleanWidget)
        super().__init__(*args, **kwargs)


class InventoryItemFilter(filters.FilterSet):
    category = filters.CharFilter(lookup_expr="iexact", help_text="Exact category, case-insensitive.")
    unit = filters.ChoiceFilter(choices=Unit.choices)
    is_active = StrictBooleanFilter(help_text="`false` lists archived items only. Lists include both by default.")
    is_low_stock = StrictBooleanFilter(
        method="filter_is_low_stock", help_text="`true`: quantity at or below the reorder level."
    )

    class Meta:
        model = InventoryItem
        fields = ["category", "unit", "is_active", "is_low_stock"]

    def filter_is_low_stock(self, queryset, name, value):
        return queryset.filter(LOW_STOCK) if value else queryset.exclude(LOW_STOCK)


class InventoryChangeFilter(filters.FilterSet):
    inventory_item = IdFilter(field_name="inventory_item", help_text="Id of the inventory item.")
    order = IdFilter(field_name="order", help_text="Id of the order that reserved or released the stock.")
    reason = filters.ChoiceFilter(choices=ChangeReason.choices)

    class Meta:
        model = InventoryChange
        fields = ["inventory_item", "order", "reason"]
