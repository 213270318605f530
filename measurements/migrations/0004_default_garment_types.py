"""The default garment types (a West African and European studio's staples) and version 1 of
every measurement that existed before versions."""

from django.db import migrations


def p(name, label, low, high, required=True):
    return {"name": name, "label": label, "min_cm": low, "max_cm": high, "required": required}


BUST = p("bust", "Bust", 60, 160)
CHEST = p("chest", "Chest", 60, 160)
WAIST = p("waist", "Waist", 45, 160)
HIPS = p("hips", "Hips", 60, 170)
SHOULDER = p("shoulder", "Shoulder width", 30, 60)
NECK = p("neck", "Neck", 28, 55)
SLEEVE = p("sleeve", "Sleeve length", 15, 80)
ARMHOLE = p("armhole", "Armhole", 30, 65, required=False)
INSEAM = p("inseam", "Inseam", 50, 100)
THIGH = p("thigh", "Thigh", 35, 90, required=False)
ANKLE = p("ankle", "Ankle / hem opening", 15, 45, required=False)


DEFAULT_GARMENT_TYPES = {
    "dress": [BUST, WAIST, HIPS, SHOULDER, p("length", "Dress length", 70, 170), ARMHOLE],
    "gown": [BUST, WAIST, HIPS, SHOULDER, p("length", "Gown length", 100, 200), ARMHOLE],
    "blouse": [BUST, WAIST, SHOULDER, SLEEVE, p("length", "Blouse length", 40, 90), ARMHOLE],
    "skirt": [WAIST, HIPS, p("length", "Skirt length", 30, 130)],
    "trousers": [WAIST, HIPS, INSEAM, p("length", "Outseam", 70, 130), THIGH, ANKLE],
    "shirt": [NECK, CHEST, SHOULDER, SLEEVE, p("length", "Shirt length", 55, 100), ARMHOLE],
    "jacket": [CHEST, WAIST, SHOULDER, SLEEVE, p("length", "Jacket length", 55, 110), ARMHOLE],
    "waistcoat": [CHEST, WAIST, p("length", "Waistcoat length", 45, 80)],
    "agbada": [
        CHEST,
        SHOULDER,
        p("length", "Agbada length", 100, 170),
        p("width", "Full width (sleeve to sleeve)", 150, 300),
    ],
    "buba": [BUST, SHOULDER, SLEEVE, p("length", "Buba length", 50, 110), ARMHOLE],
    "iro": [WAIST, HIPS, p("length", "Wrapper length", 80, 130), p("wrap", "Wrap width", 120, 220, required=False)],
    "kaftan": [CHEST, SHOULDER, SLEEVE, p("length", "Kaftan length", 90, 170), NECK],
    "senator": [NECK, CHEST, SHOULDER, SLEEVE, p("length", "Top length", 70, 110), WAIST, INSEAM],
}


def create_defaults(apps, schema_editor):
    GarmentType = apps.get_model("measurements", "GarmentType")
    for name, points in DEFAULT_GARMENT_TYPES.items():
        if not GarmentType.objects.filter(name_key=name.lower()).exists():
            GarmentType.objects.create(name=name, name_key=name.lower(), points=points)
    Measurement = apps.get_model("measurements", "Measurement")
    MeasurementVersion = apps.get_model("measurements", "MeasurementVersion")
    for measurement in Measurement.objects.filter(versions__isnull=True).iterator():
        version = MeasurementVersion.objects.create(
            measurement=measurement,
            version=measurement.version,
            values=measurement.values,
            unit=measurement.unit,
            changed_by_id=measurement.updated_by_id,
        )
        MeasurementVersion.objects.filter(pk=version.pk).update(changed_at=measurement.updated_at)


def remove_defaults(apps, schema_editor):
    GarmentType = apps.get_model("measurements", "GarmentType")
    GarmentType.objects.filter(name__in=list(DEFAULT_GARMENT_TYPES), measurements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("measurements", "0003_garment_types_and_versions")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
