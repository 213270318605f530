import threading

import pytest
from django.db import connection

from media_assets.models import StyleImage
from media_assets.services import style_image_delete
from media_assets.tests.factories import create_style_image


@pytest.mark.django_db(transaction=True)
def test_concurrent_deletes_keep_exactly_one_deletion(mariadb_only, lead, junior):
    image = create_style_image()
    barrier = threading.Barrier(2)
    errors = []

    def delete_as(user):
        try:
            barrier.wait(timeout=10)
            style_image_delete(style_image=image, actor=user)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=delete_as, args=(user,)) for user in (lead, junior)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    row = StyleImage.objects.get(pk=image.pk)
    assert row.deleted_at is not None
    assert row.deleted_by_id in (lead.pk, junior.pk)


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_to_one_order_each_get_their_own_files(mariadb_only, lead):
    first = create_style_image()
    errors = []

    def upload():
        try:
            create_style_image(order=first.order, user=lead)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    names = list(StyleImage.objects.filter(order=first.order).values_list("image_file", flat=True))
    assert len(names) == 5
    assert len(set(names)) == 5
