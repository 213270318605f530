import io

import pytest
from django.urls import reverse
from PIL import Image

from media_assets.models import StyleImage
from media_assets.services import style_image_delete
from media_assets.tests.factories import create_style_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, lead):
    lead.is_staff = True
    lead.is_superuser = True
    lead.save()
    client.force_login(lead)
    return client


def test_admin_lists_deleted_pictures_with_a_preview(admin_client_logged_in, lead):
    image = create_style_image(description="gone")
    style_image_delete(style_image=image, actor=lead)

    response = admin_client_logged_in.get(reverse("admin:media_assets_styleimage_changelist"))

    assert response.status_code == 200
    preview_url = reverse("admin:media_assets_styleimage_thumbnail", kwargs={"pk": image.pk})
    assert preview_url.encode() in response.content


def test_admin_change_page_renders(admin_client_logged_in):
    image = create_style_image()

    response = admin_client_logged_in.get(reverse("admin:media_assets_styleimage_change", args=[image.pk]))

    assert response.status_code == 200


def test_admin_restore_action_calls_the_service(admin_client_logged_in, lead):
    image = create_style_image()
    style_image_delete(style_image=image, actor=lead)

    response = admin_client_logged_in.post(
        reverse("admin:media_assets_styleimage_changelist"),
        {"action": "restore_selected", "_selected_action": [image.pk]},
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.deleted_at is None


def test_admin_soft_delete_action(admin_client_logged_in, lead):
    image = create_style_image()

    admin_client_logged_in.post(
        reverse("admin:media_assets_styleimage_changelist"),
        {"action": "soft_delete_selected", "_selected_action": [image.pk]},
    )

    image.refresh_from_db()
    assert image.deleted_by == lead


def test_admin_thumbnail_is_served_to_staff(admin_client_logged_in):
    image = create_style_image()

    response = admin_client_logged_in.get(reverse("admin:media_assets_styleimage_thumbnail", kwargs={"pk": image.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"


def test_admin_thumbnail_needs_a_staff_login(client, junior):
    image = create_style_image()
    url = reverse("admin:media_assets_styleimage_thumbnail", kwargs={"pk": image.pk})

    anonymous = client.get(url)
    client.force_login(junior)
    not_staff = client.get(url)

    assert anonymous.status_code == 302
    assert not_staff.status_code == 302
    assert "/admin/login/" in not_staff["Location"]


def test_admin_change_goes_through_the_service(admin_client_logged_in):
    image = create_style_image(description="old")

    response = admin_client_logged_in.post(
        reverse("admin:media_assets_styleimage_change", args=[image.pk]),
        {"order": image.order_id, "description": "new words"},
    )

    assert response.status_code == 302
    assert StyleImage.objects.get(pk=image.pk).description == "new words"
