from django import forms
from django.contrib import admin
from django.db.models import Q

from common.admin_services import ServiceAdminMixin
from common.services import KEEP
from customers import selectors, services
from customers.models import Customer, NotifyBy


class CustomerAdminForm(forms.ModelForm):
    # Left empty on a new customer: the service's default (email, else sms, else none).
    notify_by = forms.ChoiceField(choices=[("", "By the addresses given"), *NotifyBy.choices], required=False)

    class Meta:
        model = Customer
        fields = ["name", "email", "phone", "notify_by", "address", "notes"]

    def _post_clean(self):
        # The rules (unique email ignoring case…) are the service's: see CustomerAdmin.service_save.
        # The model's own unique checks would test a column the service fills.
        self.validate_unique = lambda: None
        super()._post_clean()


@admin.register(Customer)
class CustomerAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The customer's own fields. Apps above customers extend it with what they add to a
    customer (measurements.admin: the measurements inline and the number of orders)."""

    form = CustomerAdminForm
    list_display = ["name", "email", "phone", "notify_by", "created_at"]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]

    def get_search_results(self, request, queryset, search_term):
        # A phone number is found whatever the spacing typed or stored ("0801 555 0101",
        # "08015550101", "+234 801-555-0101"), besides the words matching name, email or phone.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = selectors.phone_search_digits(search_term)
        if digits:
            by_phone = selectors.customers_by_phone(Customer.objects.all(), digits=digits).values("pk")
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=by_phone))
        return results, may_have_duplicates

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in CustomerAdminForm.Meta.fields}
        if not fields["notify_by"]:
            fields["notify_by"] = KEEP if change else None
        if change:
            return services.customer_update(actor=request.user, customer=obj, **fields)
        return services.customer_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.customer_delete(actor=request.user, customer=obj)
