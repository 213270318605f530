from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from common.admin_services import ServiceAdminMixin
from media_assets import services
from media_assets.models import StyleImage


class DeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Visible"), ("yes", "Deleted")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(StyleImage)
class StyleImageAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Every picture, deleted ones included, so an admin can restore them.

    Uploads go through the API (the file is checked and re-encoded there); files are removed
    for good only by `manage.py purge_deleted_style_images`, so the admin has no hard delete.
    The thumbnail is served by an admin view that requires a staff login: no public URL.
    """

    list_display = [
        "id",
        "preview",
        "order",
        "customer",
        "description",
        "content_type",
        "width",
        "height",
        "size_bytes",
        "uploaded_at",
        "uploaded_by",
        "deleted_at",
    ]
    list_select_related = ["order", "order__customer", "uploaded_by"]
    list_filter = [DeletedFilter, "content_type"]
    search_fields = ["description", "order__title", "order__customer__name"]
    raw_id_fields = ["order"]
    fields = [
        "preview",
        "order",
        "description",
        "content_type",
        "width",
        "height",
        "size_bytes",
        "stored_file",
        "stored_thumbnail",
        "uploaded_at",
        "uploaded_by",
        "deleted_at",
        "deleted_by",
    ]
    # Everything but the two fields a person may change (through style_image_update).
    readonly_fields = [name for name in fields if name not in ("order", "description")]
    actions = ["soft_delete_selected", "restore_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/thumbnail/",
                self.admin_site.admin_view(self.thumbnail_view),
                name="media_assets_styleimage_thumbnail",
            )
        ]
        return custom + super().get_urls()

    def thumbnail_view(self, request, pk: int):
        # admin_view has already required an active staff login; the model's view permission too.
        image = get_object_or_404(StyleImage, pk=pk)
        if not self.has_view_permission(request, image):
            raise Http404("No such picture.")
        try:
            handle = image.thumbnail.storage.open(image.thumbnail.name, "rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404("The thumbnail file is missing.") from exc
        response = FileResponse(handle, content_type="image/jpeg", filename=f"style-image-{pk}-thumbnail.jpg")
        response["Cache-Control"] = "private"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.display(description="preview")
    def preview(self, image: StyleImage):
        if not image.pk or not image.thumbnail:
            return "-"
        url = reverse("admin:media_assets_styleimage_thumbnail", kwargs={"pk": image.pk})
        return format_html('<img src="{}" alt="picture {}" style="max-height:80px;max-width:80px">', url, image.pk)

    # The file fields are shown by name: their .url would point at MEDIA_URL, which nothing serves.
    @admin.display(description="stored file")
    def stored_file(self, image: StyleImage):
        return image.image_file.name

    @admin.display(description="stored thumbnail")
    def stored_thumbnail(self, image: StyleImage):
        return image.thumbnail.name

    @admin.display(description="customer")
    def customer(self, image: StyleImage):
        return image.order.customer

    def service_save(self, request, obj, form, change):
        return services.style_image_update(
            style_image=obj, actor=request.user, order=obj.order, description=obj.description
        )

    @admin.action(description="Delete selected pictures (they can be restored until purged)")
    def soft_delete_selected(self, request, queryset):
        count = 0
        for image in queryset.filter(deleted_at__isnull=True).order_by("pk"):
            services.style_image_delete(style_image=image, actor=request.user)
            count += 1
        self.message_user(request, f"Deleted {count} picture(s).", messages.SUCCESS)

    @admin.action(description="Restore selected deleted pictures")
    def restore_selected(self, request, queryset):
        count = 0
        for image in queryset.filter(deleted_at__isnull=False).order_by("pk"):
            services.style_image_restore(style_image=image, actor=request.user)
            count += 1
        self.message_user(request, f"Restored {count} picture(s).", messages.SUCCESS)
