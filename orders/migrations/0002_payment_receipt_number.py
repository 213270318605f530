"""Every payment gets a receipt number: the ones recorded before numbering are numbered in the
order they were recorded, per calendar year (in TIME_ZONE), and the counters continue from there."""

from django.db import migrations, models
from django.utils import timezone

NUMBER_DIGITS = 6


def receipt_numbers_backfill(apps, schema_editor):
    db = schema_editor.connection.alias
    Payment = apps.get_model("orders", "Payment")
    StudioProfile = apps.get_model("studio", "StudioProfile")
    DocumentCounter = apps.get_model("studio", "DocumentCounter")
    profile = StudioProfile.objects.using(db).filter(pk=1).first()
    prefix = profile.receipt_prefix if profile is not None else "RCT"
    last = {}
    for counter in DocumentCounter.objects.using(db).filter(prefix=prefix):
        last[counter.year] = counter.last_number
    for payment in (
        Payment.objects.using(db).filter(receipt_number__isnull=True).order_by("created_at", "id").iterator()
    ):
        year = timezone.localtime(payment.created_at).year
        last[year] = last.get(year, 0) + 1
        payment.receipt_number = f"{prefix}-{year}-{last[year]:0{NUMBER_DIGITS}d}"
        payment.save(update_fields=["receipt_number"])
    for year, number in last.items():
        DocumentCounter.objects.using(db).update_or_create(prefix=prefix, year=year, defaults={"last_number": number})


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("studio", "0002_studio_profile_row"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="receipt_number",
            field=models.CharField(editable=False, max_length=32, null=True, unique=True),
        ),
        migrations.RunPython(receipt_numbers_backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="payment",
            name="receipt_number",
            field=models.CharField(editable=False, max_length=32, unique=True),
        ),
    ]
