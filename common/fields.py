"""Serializer fields shared by the apps."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text, and only text: DRF's CharField would also take a JSON number (5 → "5"), which the
    schema (`type: string`) does not allow. Strings are validated as DRF does."""

    default_error_messages = {"invalid": "Not a valid string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(StrictCharField, serializers.EmailField):
    pass


# What Django's EmailValidator accepts, narrowed to plain addresses, or "" for none. A pattern
# rather than `format: email`, which refuses "" (and which schema tools read more loosely).
EMAIL_OR_EMPTY_PATTERN = r"^$|^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]{1,63}\.)+[A-Za-z]{2,63}$"


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 254,
        "pattern": EMAIL_OR_EMPTY_PATTERN,
        "description": 'Optional: an email address, or "" for none.',
        "example": "adaeze@example.com",
    }
)
class OptionalEmailField(StrictCharField):
    """An email address or `""` (DRF's EmailField, with a schema that does not refuse `""`)."""

    default_error_messages = {"invalid": "Enter a valid email address."}

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, required=False, max_length=254, **kwargs)

    def run_validators(self, value):
        super().run_validators(value)
        # Checked here rather than listed in `validators`, which the schema would turn into
        # `format: email` next to the pattern above.
        try:
            validate_email(value)
        except DjangoValidationError:
            self.fail("invalid")
