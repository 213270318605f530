from django.db import models
from rest_framework import serializers

from common.fields import StrictCharField, StrictEmailField

# Model text columns map to fields that refuse non-strings (see StrictCharField).
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
    models.EmailField: StrictEmailField,
}


class StudioModelSerializer(serializers.ModelSerializer):
    # No docstring on purpose: the schema would show it as every subclass's description.
    serializer_field_mapping = STRICT_FIELD_MAPPING
