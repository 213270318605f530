from django.db import models
from rest_framework import serializers

from common.fields import (
    StrictCharField,
    StrictDateField,
    StrictDateTimeField,
    StrictDecimalField,
    StrictEmailField,
    StrictTextField,
)

# Model fields map to the strict input fields (see common.fields): text that is text (one line
# for CharField, several and bounded for TextField), decimals of ASCII digits, ISO dates and
# RFC 3339 date-times. A field a serializer declares itself uses these classes too.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictTextField,
    models.EmailField: StrictEmailField,
    models.DecimalField: StrictDecimalField,
    models.DateField: StrictDateField,
    models.DateTimeField: StrictDateTimeField,
}


class StudioModelSerializer(serializers.ModelSerializer):
    # No docstring on purpose: the schema would show it as every subclass's description.
    serializer_field_mapping = STRICT_FIELD_MAPPING
