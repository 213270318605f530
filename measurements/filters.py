import django_filters

from measurements.models import Measurement


class MeasurementFilter(django_filters.FilterSet):
    type = django_filters.CharFilter(
        field_name="type", lookup_expr="iexact", help_text="Garment type, ignoring case (e.g. `dress`)."
    )

    class Meta:
        model = Measurement
        fields = ["customer", "order", "type"]
