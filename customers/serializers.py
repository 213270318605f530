from common.fields import OptionalEmailField
from common.serializers import CompiledOutput, StudioModelSerializer
from customers.models import Customer

AUDIT_FIELDS = ["created_at", "updated_at", "created_by", "updated_by"]
# A postal address, on a few lines; notes may be longer (common.fields.TEXT_MAX_LENGTH).
ADDRESS_MAX_LENGTH = 500


class CustomerSerializer(CompiledOutput, StudioModelSerializer):
    """A client of the studio. `email` is optional and unique ignoring case; `""` means none.
    `phone` is stored in E.164 (read in DEFAULT_PHONE_REGION without a country code).
    `notify_by` left out on create: `email` when an email is given, else `sms` when a phone
    is, else `none`."""

    email = OptionalEmailField()

    class Meta:
        model = Customer
        fields = ["id", "name", "email", "phone", "address", "notes", "notify_by", *AUDIT_FIELDS]
        read_only_fields = ["id", *AUDIT_FIELDS]
        extra_kwargs = {"address": {"max_length": ADDRESS_MAX_LENGTH}}
