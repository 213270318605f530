from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from media_assets.models import StyleImage
from media_assets.services import style_image_delete
from media_assets.tests.factories import create_style_image

pytestmark = pytest.mark.django_db


def deleted_days_ago(days: int, user) -> StyleImage:
    image = create_style_image()
    style_image_delete(style_image=image, actor=user)
    StyleImage.objects.filter(pk=image.pk).update(deleted_at=timezone.now() - timedelta(days=days))
    return image


def test_purge_command_defaults_to_30_days(lead, django_capture_on_commit_callbacks):
    old = deleted_days_ago(31, lead)
    recent = deleted_days_ago(29, lead)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_deleted_style_images", stdout=out)

    assert list(StyleImage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old.image_file.storage.exists(old.image_file.name)
    assert not old.thumbnail.storage.exists(old.thumbnail.name)
    assert f"Purged picture {old.pk}" in out.getvalue()
    assert "Purged 1 style picture(s)" in out.getvalue()


def test_purge_command_takes_days(lead, django_capture_on_commit_callbacks):
    deleted_days_ago(3, lead)
    visible = create_style_image()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_deleted_style_images", "--days", "2", stdout=StringIO())

    assert list(StyleImage.objects.values_list("pk", flat=True)) == [visible.pk]


def test_purge_command_says_when_there_is_nothing_to_do(lead):
    out = StringIO()

    call_command("purge_deleted_style_images", stdout=out)

    assert "nothing purged" in out.getvalue()


def test_purge_command_refuses_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_deleted_style_images", "--days", "-1", stdout=StringIO())
