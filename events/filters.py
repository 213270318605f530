from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from events.models import Event
from events.types import EventType

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


AFTER_HELP = "Only events with a higher id (what a reader that has seen this id has not seen yet)."


@extend_schema_field({"type": "integer", "minimum": 0, "description": AFTER_HELP})
class AfterIdFilter(filters.NumberFilter):
    """An event id (a NumberFilter, so the strict backend takes ASCII digits only)."""

    field_class = IdField


class EventFilter(filters.FilterSet):
    type = filters.MultipleChoiceFilter(
        choices=EventType.choices, help_text="Only these types; repeat the parameter for several (`?type=a&type=b`)."
    )
    after = AfterIdFilter(field_name="id", lookup_expr="gt", help_text=AFTER_HELP)

    class Meta:
        model = Event
        fields = ["type", "after"]
