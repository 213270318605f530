from django import forms
from django.contrib import admin, messages

from common.admin_services import ServiceAdminMixin
from messaging import services
from messaging.models import Message, MessageStatus, MessageTemplate


class MessageTemplateAdminForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["trigger", "channel", "subject", "body", "is_active"]

    def _post_clean(self):
        # One active template per (trigger, channel) is the service's rule (active_key).
        self.validate_unique = lambda: None
        super()._post_clean()


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = MessageTemplateAdminForm
    list_display = ["trigger", "channel", "subject", "is_active", "updated_at"]
    list_filter = ["trigger", "channel", "is_active"]

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in MessageTemplateAdminForm.Meta.fields}
        if change:
            return services.message_template_update(actor=request.user, template=obj, **fields)
        return services.message_template_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.message_template_delete(actor=request.user, template=obj)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The message log, read-only; a failed message can be queued again ("retry now")."""

    # Fits 1280 px beside the admin's sidebar (the address and times are on each message's page).
    list_display = ["created_at", "customer", "trigger", "channel", "status", "attempts"]
    list_filter = ["status", "channel", "trigger"]
    list_select_related = ["customer"]
    search_fields = ["to", "customer__name"]
    actions = ["retry_now"]
    readonly_fields = [
        "customer",
        "order",
        "appointment_id",
        "trigger",
        "occasion",
        "channel",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "provider_message_id",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry now (failed messages)", permissions=["view"])
    def retry_now(self, request, queryset):
        failed = list(queryset.filter(status=MessageStatus.FAILED).order_by("pk"))
        for message in failed:
            services.message_retry_now(actor=request.user, message=message)
        self.message_user(request, f"{len(failed)} failed message(s) queued again.", messages.SUCCESS)
