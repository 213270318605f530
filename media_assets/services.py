"""Every write to style pictures: upload, change, soft delete, restore and purge."""

import logging
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.changes import change_record
from media_assets.imaging import process_upload
from media_assets.models import StyleImage
from orders.models import Order

logger = logging.getLogger(__name__)


def _storage():
    return StyleImage._meta.get_field("image_file").storage


def _delete_files(names: list[str]) -> None:
    storage = _storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:  # a file that cannot be removed must not undo the database work
            logger.exception("could not delete stored picture %s", name)


def style_image_create(*, actor: User | None, order: Order, image_file, description: str = "") -> StyleImage:
    """Store an uploaded picture of an order.

    The upload must decode as a whole JPEG, PNG or WebP within the size and pixel limits
    (see media_assets.imaging); what is stored is the re-encoded, metadata-free picture and a
    thumbnail, under generated names. The files are written before the row; if anything
    after that fails (the row, the commit), the files are removed again, so nothing is left
    orphaned. Call it outside any other transaction: it owns its own.
    """
    processed = process_upload(image_file)
    stem = uuid.uuid4().hex
    image = StyleImage(
        order=order,
        description=description,
        width=processed.picture.width,
        height=processed.picture.height,
        content_type=processed.picture.content_type,
        size_bytes=len(processed.picture.data),
        uploaded_by=actor,
    )
    written: list[str] = []
    try:
        image.image_file.save(stem + processed.picture.extension, ContentFile(processed.picture.data), save=False)
        written.append(image.image_file.name)
        image.thumbnail.save(stem + processed.thumbnail.extension, ContentFile(processed.thumbnail.data), save=False)
        written.append(image.thumbnail.name)
        with transaction.atomic():
            image.save()
            change_record(image)
    except BaseException:
        _delete_files(written)
        raise
    return image


@transaction.atomic
def style_image_update(
    *, actor: User | None, style_image: StyleImage, order: Order | None = None, description: str | None = None
) -> StyleImage:
    """Change what a picture says and which order it belongs to; its customer follows the order.

    The file itself never changes: a new picture is a new upload.
    """
    locked = StyleImage.objects.select_for_update().get(pk=style_image.pk)
    changed: list[str] = []
    if order is not None and locked.order_id != order.pk:
        locked.order = order
        changed.append("order")
    if description is not None and locked.description != description:
        locked.description = description
        changed.append("description")
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        change_record(locked)
    return StyleImage.objects.select_related("order").get(pk=locked.pk)


@transaction.atomic
def style_image_delete(*, actor: User | None, style_image: StyleImage) -> StyleImage:
    """Soft delete: the picture vanishes from the API but its row and files stay until purged.

    Deleting one that is already deleted changes nothing (the first deletion is kept).
    """
    now = timezone.now()
    StyleImage.objects.filter(pk=style_image.pk, deleted_at__isnull=True).update(
        deleted_at=now, deleted_by=actor, updated_at=now
    )
    change_record(style_image)
    return StyleImage.objects.get(pk=style_image.pk)


@transaction.atomic
def style_image_restore(*, actor: User | None, style_image: StyleImage) -> StyleImage:
    """Bring a soft-deleted picture back (the admin's undo); a visible one is left as it is."""
    StyleImage.objects.filter(pk=style_image.pk, deleted_at__isnull=False).update(
        deleted_at=None, deleted_by=None, updated_at=timezone.now()
    )
    change_record(style_image)
    return StyleImage.objects.get(pk=style_image.pk)


@transaction.atomic
def style_images_purge(*, older_than: timedelta, actor: User | None = None) -> list[StyleImage]:
    """Remove for good the pictures soft-deleted more than `older_than` ago: rows and files.

    The rows go in this transaction; the files are deleted only once it has committed, so a
    failed purge never leaves a row whose file is gone. Returns the purged pictures.
    """
    cutoff = timezone.now() - older_than
    doomed = list(
        StyleImage.objects.select_for_update().filter(deleted_at__isnull=False, deleted_at__lt=cutoff).order_by("pk")
    )
    if not doomed:
        return []
    names = [name for image in doomed for name in (image.image_file.name, image.thumbnail.name)]
    change_record(*doomed, deleted=True)
    StyleImage.objects.filter(pk__in=[image.pk for image in doomed]).delete()
    transaction.on_commit(lambda: _delete_files(names))
    logger.info(
        "purged style images",
        extra={"fields": {"ids": [image.pk for image in doomed], "user_id": getattr(actor, "pk", None)}},
    )
    return doomed
