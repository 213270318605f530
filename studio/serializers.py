from django.core.validators import RegexValidator
from rest_framework import serializers

from common.fields import OptionalEmailField, StrictCharField
from common.serializers import StudioModelSerializer
from studio.currencies import ISO_4217_CODES
from studio.models import StudioProfile

PREFIX_PATTERN = r"^[A-Z0-9]{1,10}$"
PREFIX_MESSAGE = "Capital letters A–Z and digits only, e.g. RCT."


class StudioProfileSerializer(StudioModelSerializer):
    """The studio as its documents show it. Lead designers change it."""

    email = OptionalEmailField()
    invoice_prefix = StrictCharField(
        max_length=10,
        required=False,
        validators=[RegexValidator(PREFIX_PATTERN, PREFIX_MESSAGE)],
        help_text="Capital letters and digits, up to 10.",
    )
    receipt_prefix = StrictCharField(
        max_length=10,
        required=False,
        validators=[RegexValidator(PREFIX_PATTERN, PREFIX_MESSAGE)],
        help_text="Capital letters and digits, up to 10.",
    )

    class Meta:
        model = StudioProfile
        fields = [
            "name",
            "address",
            "phone",
            "email",
            "currency",
            "tax_name",
            "tax_rate",
            "prices_include_tax",
            "invoice_prefix",
            "receipt_prefix",
            "document_footer",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["updated_at", "updated_by"]

    def validate_currency(self, value: str) -> str:
        code = value.upper()
        if code not in ISO_4217_CODES:
            raise serializers.ValidationError(f"{value!r} is not an ISO 4217 currency code (e.g. NGN, USD, EUR).")
        return code
