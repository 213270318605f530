from common.fields import OptionalEmailField
from common.serializers import CompiledOutput, StudioModelSerializer
from customers.models import Customer

AUDIT_FIELDS = ["created_at", "updated_at", "created_by", "updated_by"]
# A postal address, on a few lines; notes may be longer (common.fields.TEXT_MAX_LENGTH).
ADDRESS_MAX_LENGTH = 500


class CustomerSerializer(CompiledOutput, StudioModelSerializer):
    """A client of the studio. `email` is optional and unique ignoring case; `""` means none."""

    email = OptionalEmailField()

    class Meta:
        model = Customer
        fields = ["id", "name", "email", "phone", "address", "notes", *AUDIT_FIELDS]
        read_only_fields = ["id", *AUDIT_FIELDS]
        extra_kwargs = {"address": {"max_length": ADDRESS_MAX_LENGTH}}
