from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.fields import StrictCharField
from common.serializers import CompiledOutput, StudioModelSerializer
from customers.models import Customer
from customers.serializers import AUDIT_FIELDS
from measurements.models import GarmentType, Measurement, MeasurementUnit, MeasurementVersion
from measurements.points import MAX_LABEL_LENGTH, MAX_POINTS, POINT_DUPLICATE, RANGE, convert_values, template_errors
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
    garment_type = serializers.PrimaryKeyRelatedField(
        queryset=GarmentType.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "Optional template: `values` must then hold each of its required points, and each of its points, "
            'converted to cm, must lie in its range (else `{"values": {point: [message]}}`).'
        ),
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "customer",
            "order",
            "type",
            "garment_type",
            "unit",
            "values",
            "notes",
            "version",
            *AUDIT_FIELDS,
        ]
        read_only_fields = ["id", "version", *AUDIT_FIELDS]
        extra_kwargs = {
            "unit": {"help_text": "The unit of `values`; with `?unit=` on a read, the unit they are shown in."}
        }

    # to_representation converts the compiled output's values to the unit asked for.
    compiled_extends = True

    def validate(self, attrs):
        """The garment type's points, reported by point (the service checks them again)."""
        instance = self.instance
        garment_type = attrs.get("garment_type", instance.garment_type if instance else None)
        if garment_type is not None:
            values = attrs.get("values", instance.values if instance else {})
            unit = attrs.get("unit", instance.unit if instance else MeasurementUnit.CM)
            by_point = template_errors(values=values, unit=unit, points=garment_type.points)
            if by_point:
                raise serializers.ValidationError({"values": by_point})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown_in = self.context.get("display_unit")
        if shown_in and shown_in != instance.unit:
            data["values"] = convert_values(instance.values, from_unit=instance.unit, to_unit=shown_in)
            data["unit"] = shown_in
        return data


class StrictNumberField(serializers.FloatField):
    """A JSON number (not a string, not a boolean)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)

    def to_representation(self, value):
        return value


class GarmentTypePointSerializer(serializers.Serializer):
    name = StrictCharField(max_length=MAX_NAME_LENGTH, help_text="As in measurement `values`, e.g. `waist`.")
    label = StrictCharField(max_length=MAX_LABEL_LENGTH, help_text="For people, e.g. `Waist`.")
    min_cm = StrictNumberField(min_value=0, max_value=MAX_VALUE, help_text="Greater than 0.")
    max_cm = StrictNumberField(min_value=0, max_value=MAX_VALUE, help_text="Greater than min_cm, below 1000.")
    required = serializers.BooleanField(default=False, help_text="Every measurement of the type must have it.")

    def validate(self, attrs):
        if not 0 < attrs["min_cm"] < attrs["max_cm"] < MAX_VALUE:
            raise serializers.ValidationError({"max_cm": [RANGE]})
        return attrs


class GarmentTypeSerializer(StudioModelSerializer):
    """A measurement template: its points with their ranges in cm. Archive (`is_active: false`) one in use."""

    points = GarmentTypePointSerializer(many=True, max_length=MAX_POINTS)

    class Meta:
        model = GarmentType
        fields = ["id", "name", "points", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"name": {"help_text": "Unique ignoring case."}}

    def validate_points(self, points):
        seen, errors = set(), []
        for point in points:
            name = point["name"].strip()
            errors.append({"name": [POINT_DUPLICATE]} if name in seen else {})
            seen.add(name)
        if any(errors):
            raise serializers.ValidationError(errors)
        return points


class MeasurementVersionSerializer(serializers.ModelSerializer):
    changes = serializers.SerializerMethodField(
        help_text='Against the version before, in cm: `{"waist": {"from": 71.0, "to": 73.5}}` ({} for version 1).'
    )

    class Meta:
        model = MeasurementVersion
        fields = ["version", "values", "unit", "changed_at", "changed_by", "changes"]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "from": {"type": "number", "nullable": True},
                    "to": {"type": "number", "nullable": True},
                },
                "required": ["from", "to"],
            },
        }
    )
    def get_changes(self, version) -> dict:
        return self.context["changes"].get(version.version, {})
