from datetime import timedelta

import pytest
from django.utils import timezone

from media_assets.models import StyleImage
from media_assets.services import (
    style_image_delete,
    style_image_restore,
    style_image_update,
    style_images_purge,
)
from media_assets.tests.conftest import stored_files
from media_assets.tests.factories import create_style_image
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_create_records_the_stored_file(lead):
    image = create_style_image(user=lead, fmt="WEBP")

    assert image.content_type == "image/webp"
    assert image.size_bytes == image.image_file.size
    assert (image.width, image.height) == (400, 300)
    assert image.uploaded_by == lead
    assert image.image_file.name.endswith(".webp")
    assert image.thumbnail.name.startswith("style-images/thumbnails/")


def test_update_moves_the_picture_and_keeps_the_file(lead):
    image = create_style_image()
    other = OrderFactory()

    updated = style_image_update(style_image=image, actor=lead, order=other, description="moved")

    assert updated.order == other
    assert updated.description == "moved"
    assert updated.image_file.name == image.image_file.name


def test_delete_records_who_and_when_and_keeps_the_files(lead):
    image = create_style_image()

    deleted = style_image_delete(style_image=image, actor=lead)

    assert deleted.deleted_by == lead
    assert deleted.deleted_at is not None
    assert StyleImage.objects.visible().count() == 0
    assert deleted.image_file.storage.exists(deleted.image_file.name)


def test_deleting_twice_keeps_the_first_deletion(lead, junior):
    image = create_style_image()
    first = style_image_delete(style_image=image, actor=lead)

    second = style_image_delete(style_image=image, actor=junior)

    assert second.deleted_at == first.deleted_at
    assert second.deleted_by == lead


def test_restore_makes_the_picture_visible_again(lead):
    image = create_style_image()
    style_image_delete(style_image=image, actor=lead)

    restored = style_image_restore(style_image=image, actor=lead)

    assert restored.deleted_at is None
    assert restored.deleted_by is None
    assert list(StyleImage.objects.visible()) == [restored]


def test_purge_removes_old_deleted_rows_and_files(lead, media_root, django_capture_on_commit_callbacks):
    old = create_style_image()
    recent = create_style_image()
    kept = create_style_image()
    style_image_delete(style_image=old, actor=lead)
    style_image_delete(style_image=recent, actor=lead)
    StyleImage.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        purged = style_images_purge(older_than=timedelta(days=30))

    assert [image.pk for image in purged] == [old.pk]
    assert set(StyleImage.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    names = {str(path.relative_to(media_root)) for path in stored_files(media_root)}
    assert old.image_file.name not in names
    assert old.thumbnail.name not in names
    assert {recent.image_file.name, kept.image_file.name} <= names


def test_purge_keeps_files_until_the_transaction_commits(lead, django_capture_on_commit_callbacks):
    image = create_style_image()
    style_image_delete(style_image=image, actor=lead)
    StyleImage.objects.filter(pk=image.pk).update(deleted_at=timezone.now() - timedelta(days=40))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        style_images_purge(older_than=timedelta(days=30))

    assert image.image_file.storage.exists(image.image_file.name)
    assert len(callbacks) == 1
