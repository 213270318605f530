"""The installation's one studio profile, named from STUDIO_NAME and priced in STUDIO_CURRENCY."""

from django.conf import settings
from django.db import migrations

PROFILE_ID = 1


def profile_create(apps, schema_editor):
    StudioProfile = apps.get_model("studio", "StudioProfile")
    StudioProfile.objects.using(schema_editor.connection.alias).get_or_create(
        pk=PROFILE_ID,
        defaults={"name": settings.STUDIO_NAME, "currency": settings.STUDIO_CURRENCY},
    )


class Migration(migrations.Migration):
    dependencies = [("studio", "0001_initial")]

    operations = [migrations.RunPython(profile_create, migrations.RunPython.noop)]
