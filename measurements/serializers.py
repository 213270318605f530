from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import CompiledOutput, StudioModelSerializer
from customers.models import Customer
from customers.serializers import AUDIT_FIELDS
from measurements.models import Measurement
from measurements.validators import MAX_MEASUREMENTS, MAX_NAME_LENGTH, MAX_VALUE, clean_measurement_values
from orders.models import Order


@extend_schema_field(
    {
        "type": "object",
        "description": (
            'Named measurements, e.g. `{"bust": 92.5, "waist": 71}`: 1 to '
            f"{MAX_MEASUREMENTS} entries; names are 1 to {MAX_NAME_LENGTH} characters once "
            "surrounding spaces are removed (they are stored trimmed), without control characters; "
            f"values are JSON numbers greater than 0 and less than {MAX_VALUE} (not strings, not "
            "booleans), stored as given. A refused entry is reported under its name: "
            '`{"values": {"waist": ["Must be a positive number below 1000."]}}`.'
        ),
        "additionalProperties": {
            "type": "number",
            "minimum": 0,
            "exclusiveMinimum": True,
            "maximum": MAX_VALUE,
            "exclusiveMaximum": True,
        },
        "minProperties": 1,
        "maxProperties": MAX_MEASUREMENTS,
        "example": {"bust": 92.5, "waist": 71, "hips": 98},
    }
)
class MeasurementValuesField(serializers.Field):
    """A JSON object of named measurements, checked by measurements.validators.

    Errors name the offending entry: `{"waist": ["..."]}`; errors about the whole object
    (not an object, empty, too many entries) are a plain list.
    """

    default_error_messages = {"invalid": "Invalid measurements."}

    def to_internal_value(self, data):
        cleaned, general, by_name = clean_measurement_values(data)
        if general:
            raise serializers.ValidationError(general)
        if by_name:
            raise serializers.ValidationError(by_name)
        return cleaned

    def to_representation(self, value):
        return value


class MeasurementSerializer(CompiledOutput, StudioModelSerializer):
    """A set of a customer's measurements for one garment type, optionally for one of their orders."""

    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.all(),
        required=False,
        allow_null=True,
        help_text="Optional; must be an order of the same customer.",
    )
    values = MeasurementValuesField()

    class Meta:
        model = Measurement
        fields = ["id", "customer", "order", "type", "unit", "values", "notes", *AUDIT_FIELDS]
        read_only_fields = ["id", *AUDIT_FIELDS]
