from django.apps import AppConfig

GARMENT_TYPE_IN_USE = 'Measurements use this garment type, so it cannot be deleted; archive it with "is_active": false.'


class MeasurementsConfig(AppConfig):
    name = "measurements"
    verbose_name = "Measurements"

    def ready(self):
        from common.exceptions import register_protection
        from common.row_counts import row_counted
        from measurements.models import Measurement

        row_counted(Measurement)  # the measurement list's count (common.row_counts)

        # Measurement.garment_type is a PROTECT key: the database refuses, this explains.
        register_protection(
            "measurements.Measurement",
            detail=GARMENT_TYPE_IN_USE,
            extra=lambda rows: {"measurement_count": len(rows)},
        )
