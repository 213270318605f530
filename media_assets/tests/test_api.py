import io
from datetime import timedelta

import pytest
from django.urls import reverse
from PIL import Image

from conftest import client_for
from media_assets.models import StyleImage
from media_assets.services import style_image_delete
from media_assets.tests.conftest import image_bytes, jpeg_with_exif, noise_bytes, stored_files
from media_assets.tests.factories import create_style_image
from orders.tests.factories import OrderFactory

LIST_URL = "/api/v1/style-images/"

pytestmark = pytest.mark.django_db


def detail_url(image_id: int) -> str:
    return f"{LIST_URL}{image_id}/"


def post_picture(client, order, data: bytes, name: str = "picture.jpg", **extra):
    body = {"order": order.pk, "image_file": io.BytesIO(data), "description": "Bodice sketch", **extra}
    body["image_file"].name = name
    return client.post(LIST_URL, body, format="multipart")


def read_stored(image: StyleImage) -> Image.Image:
    with image.image_file.open("rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


# Upload


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [("JPEG", "a.jpg", "image/jpeg"), ("PNG", "a.png", "image/png"), ("WEBP", "a.webp", "image/webp")],
)
def test_upload_of_each_accepted_kind_is_stored(junior_client, junior, order, media_root, fmt, name, content_type):
    response = post_picture(junior_client, order, image_bytes(fmt, size=(640, 480)), name=name)

    assert response.status_code == 201, response.data
    image = StyleImage.objects.get()
    assert response.data["id"] == image.pk
    assert response.data["order"] == order.pk
    assert response.data["customer"] == order.customer_id
    assert response.data["description"] == "Bodice sketch"
    assert response.data["content_type"] == content_type
    assert (response.data["width"], response.data["height"]) == (640, 480)
    assert response.data["size_bytes"] == image.image_file.size
    assert response.data["uploaded_by"] == junior.pk
    assert response.data["uploaded_at"]
    assert read_stored(image).format == fmt
    assert len(stored_files(media_root)) == 2


def test_upload_returns_authenticated_absolute_urls_never_media_urls(lead_client, order):
    response = post_picture(lead_client, order, image_bytes("JPEG"))

    image_id = response.data["id"]
    assert response.data["file_url"] == f"http://testserver/api/v1/style-images/{image_id}/file/"
    assert response.data["thumbnail_url"] == f"http://testserver/api/v1/style-images/{image_id}/thumbnail/"


def test_upload_stores_under_a_generated_name(lead_client, order):
    post_picture(lead_client, order, image_bytes("JPEG"), name="../../etc/clients-secret-name.jpg")

    image = StyleImage.objects.get()
    assert "clients-secret-name" not in image.image_file.name
    assert image.image_file.name.startswith("style-images/")
    stem = image.image_file.name.rsplit("/", 1)[1]
    assert len(stem) == len("0" * 32 + ".jpg")


def test_upload_makes_a_thumbnail_at_most_320px(lead_client, order):
    response = post_picture(lead_client, order, image_bytes("PNG", size=(1200, 900)), name="a.png")

    image = StyleImage.objects.get(pk=response.data["id"])
    with image.thumbnail.open("rb") as handle:
        thumb = Image.open(io.BytesIO(handle.read()))
    assert thumb.format == "JPEG"
    assert max(thumb.size) == 320


def test_upload_strips_exif_and_gps_and_applies_orientation(lead_client, order):
    response = post_picture(lead_client, order, jpeg_with_exif(size=(60, 40)))

    assert response.status_code == 201
    stored = read_stored(StyleImage.objects.get())
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(0x8825) == {}
    assert stored.size == (40, 60)
    assert (response.data["width"], response.data["height"]) == (40, 60)


def test_upload_of_a_jpeg_with_a_zip_appended_keeps_only_the_picture(lead_client, order):
    data = image_bytes("JPEG") + b"PK\x03\x04" + b"hidden payload" * 100

    response = post_picture(lead_client, order, data)

    assert response.status_code == 201
    with StyleImage.objects.get().image_file.open("rb") as handle:
        assert b"hidden payload" not in handle.read()


BAD_FILES = {
    "gif": (image_bytes("GIF"), "a.gif"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.svg"),
    "pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "a.pdf"),
    "html": (b"<!doctype html><html><body><script>alert(1)</script></body></html>", "a.html"),
    "text named .jpg": (b"just some text, not a picture", "photo.jpg"),
    "truncated jpeg": (noise_bytes("JPEG", size=(400, 300))[:3000], "a.jpg"),
    "jpeg header then html": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><script>alert(1)</script></html>", "a.jpg"),
    "png header then zip": (b"\x89PNG\r\n\x1a\n" + b"PK\x03\x04" + b"\x00" * 200, "a.png"),
    "bmp": (image_bytes("BMP"), "a.bmp"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_upload_refuses_what_is_not_a_whole_jpeg_png_or_webp(lead_client, order, media_root, kind):
    data, name = BAD_FILES[kind]

    response = post_picture(lead_client, order, data, name=name)

    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.data["image_file"][0]
    assert StyleImage.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_refuses_more_than_40_megapixels(lead_client, order, media_root):
    data = image_bytes("PNG", size=(8000, 5001), mode="L")

    response = post_picture(lead_client, order, data, name="big.png")

    assert response.status_code == 400
    assert "megapixels" in response.data["image_file"][0]
    assert StyleImage.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_above_max_upload_bytes_is_413(lead_client, order, media_root, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    data = noise_bytes("PNG", size=(40, 40))
    assert 1000 < len(data) < 256 * 1024

    response = post_picture(lead_client, order, data, name="a.png")

    assert response.status_code == 413
    assert "at most 1000 bytes" in response.data["detail"]
    assert response.data["max_bytes"] == 1000
    assert StyleImage.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_whose_body_is_far_too_large_is_413_before_parsing(lead_client, order, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    data = noise_bytes("PNG", size=(400, 400))
    assert len(data) > 1000 + 256 * 1024

    response = post_picture(lead_client, order, data, name="a.png")

    assert response.status_code == 413
    assert response.data["detail"].startswith("The request body is")
    assert StyleImage.objects.count() == 0


def test_upload_without_a_file_is_400(lead_client, order):
    response = lead_client.post(LIST_URL, {"order": order.pk, "description": "x"}, format="multipart")

    assert response.status_code == 400
    assert "image_file" in response.data
    assert StyleImage.objects.count() == 0


def test_upload_with_a_string_instead_of_a_file_is_400(lead_client, order):
    response = lead_client.post(LIST_URL, {"order": order.pk, "image_file": "abc"}, format="multipart")

    assert response.status_code == 400
    assert "image_file" in response.data


def test_upload_as_json_is_415(lead_client, order):
    response = lead_client.post(LIST_URL, {"order": order.pk, "image_file": "aGVsbG8="}, format="json")

    assert response.status_code == 415
    assert StyleImage.objects.count() == 0


@pytest.mark.parametrize("bad_order", [999999, "abc", "", "99999999999999999999999"])
def test_upload_for_an_order_that_does_not_exist_is_400(lead_client, media_root, bad_order):
    body = {"order": bad_order, "image_file": io.BytesIO(image_bytes("JPEG"))}
    body["image_file"].name = "a.jpg"

    response = lead_client.post(LIST_URL, body, format="multipart")

    assert response.status_code == 400
    assert "order" in response.data
    assert stored_files(media_root) == []


def test_upload_with_a_too_long_description_is_400(lead_client, order):
    response = post_picture(lead_client, order, image_bytes("JPEG"), description="x" * 501)

    assert response.status_code == 400
    assert "description" in response.data


def test_failed_database_write_leaves_no_file(lead_client, order, media_root, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(StyleImage, "save", broken_save)
    client = lead_client
    client.raise_request_exception = False

    response = post_picture(client, order, image_bytes("JPEG"))

    assert response.status_code == 500
    assert stored_files(media_root) == []


# Reading


def test_list_shows_pictures_newest_first(lead_client, order):
    older = create_style_image(order=order)
    newer = create_style_image(order=order)
    StyleImage.objects.filter(pk=older.pk).update(uploaded_at=newer.uploaded_at - timedelta(hours=1))

    response = lead_client.get(LIST_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [newer.pk, older.pk]


def test_list_filters_by_order_and_customer(lead_client):
    mine = create_style_image()
    other = create_style_image()

    by_order = lead_client.get(LIST_URL, {"order": mine.order_id})
    by_customer = lead_client.get(LIST_URL, {"customer": other.order.customer_id})

    assert [row["id"] for row in by_order.data["results"]] == [mine.pk]
    assert [row["id"] for row in by_customer.data["results"]] == [other.pk]


@pytest.mark.parametrize("param", ["order", "customer"])
@pytest.mark.parametrize("value", ["abc", "999999", "99999999999999999999999"])
def test_list_filter_with_an_unknown_id_is_400(lead_client, param, value):
    response = lead_client.get(LIST_URL, {param: value})

    assert response.status_code == 400
    assert param in response.data


def test_list_orders_by_uploaded_at_ascending(lead_client, order):
    second = create_style_image(order=order)
    first = create_style_image(order=order)
    StyleImage.objects.filter(pk=first.pk).update(uploaded_at=second.uploaded_at - timedelta(hours=1))

    response = lead_client.get(LIST_URL, {"ordering": "uploaded_at"})

    assert [row["id"] for row in response.data["results"]] == [first.pk, second.pk]


@pytest.mark.parametrize("rows", [1, 12])
def test_list_query_count_does_not_grow_with_rows(lead_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        create_style_image(order=OrderFactory())

    # token + user lookup, count, page
    with django_assert_max_num_queries(4):
        response = lead_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.data["count"] == rows


def test_retrieve_returns_the_picture(lead_client):
    image = create_style_image(description="Fabric swatch")

    response = lead_client.get(detail_url(image.pk))

    assert response.status_code == 200
    assert response.data["description"] == "Fabric swatch"
    assert response.data["customer"] == image.order.customer_id


@pytest.mark.parametrize(
    ("route", "content_type", "fmt"), [("file", "image/png", "PNG"), ("thumbnail", "image/jpeg", "JPEG")]
)
@pytest.mark.parametrize("accept", ["*/*", "application/json", "image/png", "text/html"])
def test_file_and_thumbnail_stream_the_picture_to_staff(junior_client, route, content_type, fmt, accept):
    image = create_style_image(fmt="PNG")

    response = junior_client.get(f"{detail_url(image.pk)}{route}/", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    picture = Image.open(io.BytesIO(streamed(response)))
    picture.load()
    assert picture.format == fmt


@pytest.mark.parametrize("route", ["", "file/", "thumbnail/"])
def test_pictures_are_unreachable_without_a_token(api_client, route):
    image = create_style_image()

    response = api_client.get(f"{detail_url(image.pk)}{route}")

    assert response.status_code == 401


def test_pictures_are_unreachable_with_a_revoked_token(lead):
    image = create_style_image()
    client = client_for(lead)
    client.post("/api/v1/auth/logout/")

    response = client.get(f"{detail_url(image.pk)}file/")

    assert response.status_code == 401


def test_file_of_an_unknown_picture_is_404_json(lead_client):
    response = lead_client.get(f"{detail_url(999999)}file/", HTTP_ACCEPT="image/png")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_file_missing_from_storage_is_404_not_500(lead_client):
    image = create_style_image()
    image.image_file.storage.delete(image.image_file.name)

    response = lead_client.get(f"{detail_url(image.pk)}file/")

    assert response.status_code == 404


# Changing


def test_patch_changes_the_description(junior_client):
    image = create_style_image(description="old")

    response = junior_client.patch(detail_url(image.pk), {"description": "Fitting photo"}, format="json")

    assert response.status_code == 200
    assert response.data["description"] == "Fitting photo"
    image.refresh_from_db()
    assert image.description == "Fitting photo"


def test_moving_a_picture_to_another_order_changes_its_customer(lead_client):
    image = create_style_image()
    other_order = OrderFactory()

    response = lead_client.put(detail_url(image.pk), {"order": other_order.pk, "description": "moved"}, format="json")

    assert response.status_code == 200
    assert response.data["order"] == other_order.pk
    assert response.data["customer"] == other_order.customer_id
    image.refresh_from_db()
    assert image.order_id == other_order.pk


def test_put_without_order_is_400(lead_client):
    image = create_style_image()

    response = lead_client.put(detail_url(image.pk), {"description": "x"}, format="json")

    assert response.status_code == 400
    assert "order" in response.data


def test_patch_to_an_unknown_order_is_400(lead_client):
    image = create_style_image()

    response = lead_client.patch(detail_url(image.pk), {"order": 999999}, format="json")

    assert response.status_code == 400
    image.refresh_from_db()
    assert image.order_id != 999999


def test_the_file_cannot_be_replaced_by_a_multipart_patch(lead_client):
    image = create_style_image()
    name_before = image.image_file.name
    body = {"image_file": io.BytesIO(image_bytes("PNG")), "description": "new"}
    body["image_file"].name = "new.png"

    response = lead_client.patch(detail_url(image.pk), body, format="multipart")

    assert response.status_code == 415
    image.refresh_from_db()
    assert image.image_file.name == name_before
    assert image.description == "Sketch"


def test_the_file_cannot_be_replaced_through_json(lead_client):
    image = create_style_image()
    name_before = image.image_file.name

    response = lead_client.patch(detail_url(image.pk), {"image_file": "new.png", "description": "new"}, format="json")

    assert response.status_code == 400
    assert "cannot be replaced" in response.data["image_file"][0]
    image.refresh_from_db()
    assert image.image_file.name == name_before
    assert image.description == "Sketch"


def test_server_owned_fields_are_ignored_on_patch(lead_client):
    image = create_style_image()

    response = lead_client.patch(
        detail_url(image.pk), {"width": 1, "content_type": "text/html", "customer": 123}, format="json"
    )

    assert response.status_code == 200
    image.refresh_from_db()
    assert image.width == 400
    assert image.content_type == "image/jpeg"


# Soft delete


def test_delete_is_soft_and_hides_the_picture_everywhere(junior_client, junior):
    image = create_style_image()

    response = junior_client.delete(detail_url(image.pk))

    assert response.status_code == 204
    image.refresh_from_db()
    assert image.deleted_at is not None
    assert image.deleted_by == junior
    assert image.image_file.storage.exists(image.image_file.name)
    assert junior_client.get(LIST_URL).data["count"] == 0
    for route in ("", "file/", "thumbnail/"):
        assert junior_client.get(f"{detail_url(image.pk)}{route}").status_code == 404
    assert junior_client.patch(detail_url(image.pk), {"description": "x"}, format="json").status_code == 404
    assert junior_client.delete(detail_url(image.pk)).status_code == 404


def test_deleted_pictures_do_not_match_filters(lead_client, lead):
    image = create_style_image()
    style_image_delete(style_image=image, actor=lead)

    response = lead_client.get(LIST_URL, {"order": image.order_id})

    assert response.data["count"] == 0


# Roles


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_refused_on_the_list(api_client, method):
    response = getattr(api_client, method)(LIST_URL)

    assert response.status_code == 401
    assert StyleImage.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_anonymous_is_refused_on_a_picture(api_client, method):
    image = create_style_image(description="keep")

    response = getattr(api_client, method)(detail_url(image.pk), {"description": "x"}, format="json")

    assert response.status_code == 401
    image.refresh_from_db()
    assert image.description == "keep"
    assert image.deleted_at is None


@pytest.mark.parametrize("role_client", ["lead_client", "junior_client"])
def test_every_staff_role_can_create_change_and_delete(request, role_client, order):
    client = request.getfixturevalue(role_client)

    created = post_picture(client, order, image_bytes("JPEG"))
    changed = client.patch(detail_url(created.data["id"]), {"description": "v2"}, format="json")
    deleted = client.delete(detail_url(created.data["id"]))

    assert (created.status_code, changed.status_code, deleted.status_code) == (201, 200, 204)
    assert StyleImage.objects.get().deleted_at is not None


def test_inactive_user_token_is_refused(junior):
    client = client_for(junior)
    junior.is_active = False
    junior.save()

    response = client.get(LIST_URL)

    assert response.status_code == 401


def test_urls_are_named_for_reverse():
    assert reverse("style-image-file", kwargs={"pk": 1}) == "/api/v1/style-images/1/file/"
