from urllib.parse import urlsplit

from django.contrib import admin, messages

from common.admin_services import ReadOnlyInline
from webhooks import services
from webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


class DeliveryInline(ReadOnlyInline):
    model = WebhookDelivery
    fields = ["event", "status", "attempts", "next_attempt_at", "delivered_at", "last_status_code", "last_error"]
    ordering = ["-id"]
    max_num = 0
    show_change_link = True


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "events", "is_active", "description", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    fields = ["url", "events", "is_active", "description"]
    inlines = [DeliveryInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new webhook has no deliveries

    def save_model(self, request, obj, form, change):
        # Through the services: the URL check, and the secret made (and shown) on creation.
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            services.webhook_update(actor=request.user, webhook=obj, data=data)
        else:
            webhook, secret = services.webhook_create(actor=request.user, **data)
            obj.pk = webhook.pk
            self.message_user(request, f"Signing secret (shown once, store it now): {secret}", messages.WARNING)

    def delete_model(self, request, obj):
        services.webhook_delete(actor=request.user, webhook=obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(form_self):
            cleaned = original_clean(form_self)
            if "events" in cleaned:
                services.webhook_events_check(cleaned["events"])
            url = cleaned.get("url")
            if url and (obj is None or url != obj.url):
                services.webhook_url_check(url)
            return cleaned

        form.clean = clean
        return form


class AttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    fields = ["attempt", "attempted_at", "status_code", "error", "duration_ms", "delivered_at", "next_attempt_at"]
    ordering = ["-id"]
    max_num = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    # Fits 1280 px beside the admin's sidebar (times, answer and error: on each delivery's page).
    list_display = ["event", "receiver", "status", "attempts"]
    list_filter = ["status"]
    list_select_related = ["webhook", "event"]

    @admin.display(description="webhook", ordering="webhook__description")
    def receiver(self, delivery) -> str:
        """The webhook by its description, else its host (a whole URL is too wide for the list)."""
        webhook = delivery.webhook
        return webhook.description or urlsplit(webhook.url).netloc

    readonly_fields = [
        "webhook",
        "event",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "last_status_code",
        "last_error",
    ]
    fields = readonly_fields
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry now", permissions=["view"])
    def retry_now(self, request, queryset):
        count = services.webhook_deliveries_retry_now(actor=request.user, deliveries=list(queryset))
        self.message_user(request, f"{count} deliveries fall due now; the worker sends them within seconds.")
