"""The admin as another client of the services: one mixin that saves and deletes through them
and shows what they refuse as form errors or messages, with nothing written."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse

from common.exceptions import DomainError, protected_conflict

REFUSAL = "_studio_service_refusal"


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on another row's page that change only through their own services (an order's
    lines, payments and timeline; a customer's measurements and orders)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceRefused(Exception):
    """A service refused an admin write; raised through the admin's transaction to roll it back."""

    def __init__(self, error: ValidationError | DomainError):
        super().__init__(str(error))
        self.error = error


def refusal_messages(error: ValidationError | DomainError) -> dict[str | None, list[str]]:
    """A service's refusal as messages by field name (None: not about one field)."""
    if isinstance(error, DomainError):
        return {None: [str(error.detail)]}
    if hasattr(error, "error_dict"):
        return {field: [str(message) for message in messages_] for field, messages_ in error.message_dict.items()}
    return {None: [str(message) for message in error.messages]}


class ServiceAdminMixin:
    """For a ModelAdmin whose writes have rules. Subclasses implement

        service_save(request, obj, form, change) -> the saved object
        service_delete(request, obj)  (default: the model's own delete)

    calling the app's services. A ValidationError or DomainError they raise rolls the admin's
    transaction back and the same form is shown again with the errors on their fields (or at
    the top); a refused delete comes back as an error message. So a rule lives in its service
    only, and the admin cannot break what the API keeps.
    """

    def service_save(self, request, obj, form, change):
        raise NotImplementedError(f"{type(self).__name__} must say which service saves {obj._meta.verbose_name}")

    def service_delete(self, request, obj):
        obj.delete()

    # -- saving -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        try:
            saved = self.service_save(request, obj, form, change)
        except (ValidationError, DomainError) as error:
            raise ServiceRefused(error) from error
        if saved is not None and saved is not obj:
            # The admin goes on with `obj` (log entry, redirect): give it the saved row's state.
            obj.__dict__.update(saved.__dict__)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The exception rolled the first pass back; the second shows the same POST with the
            # service's errors attached to the form, which makes it invalid, so nothing is saved.
            setattr(request, REFUSAL, refused.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                for field, texts in refusal_messages(refusal).items():
                    self.add_error(field if field in self.fields else None, texts)
                return cleaned

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm

    # -- deleting -----------------------------------------------------------------------------

    def delete_model(self, request, obj):
        try:
            self.service_delete(request, obj)
        except (ValidationError, DomainError) as error:
            raise ServiceRefused(error) from error
        except (ProtectedError, RestrictedError) as error:
            raise ServiceRefused(protected_conflict(error)) from error

    def delete_queryset(self, request, queryset):
        # One transaction: a refusal of any one leaves every row as it was.
        with transaction.atomic():
            for obj in queryset.order_by("pk"):
                self.delete_model(request, obj)

    def _refused(self, request, refused: ServiceRefused, redirect_to: str):
        for texts in refusal_messages(refused.error).values():
            for text in texts:
                self.message_user(request, text, messages.ERROR)
        return HttpResponseRedirect(redirect_to)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            opts = self.model._meta
            return self._refused(
                request, refused, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ServiceRefused as refused:
            # A bulk action (delete selected) that a service refused: nothing was changed.
            return self._refused(request, refused, request.get_full_path())
