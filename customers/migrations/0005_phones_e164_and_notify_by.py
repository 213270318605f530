"""Existing phones into E.164 where they parse as a possible number (read in DEFAULT_PHONE_REGION
when they have no country code); the others are left exactly as they were (manage.py
customers_phones_left lists them). Existing customers get the notify_by a new one would get:
email when they have an email, else sms when their phone parsed, else none."""

import phonenumbers
from django.conf import settings
from django.db import migrations


def _e164(raw: str, region: str) -> str | None:
    # A copy of customers.phones.phone_to_e164 as of this migration: a migration must not
    # change meaning when the app's code does later.
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def forwards(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    region = settings.DEFAULT_PHONE_REGION
    for customer in Customer.objects.order_by("pk").iterator():
        phone = _e164(customer.phone, region) if customer.phone.strip() else None
        if phone is not None:
            customer.phone = phone
        if customer.email:
            customer.notify_by = "email"
        elif phone is not None:
            customer.notify_by = "sms"
        else:
            customer.notify_by = "none"
        customer.save(update_fields=["phone", "notify_by"])


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_customer_notify_by")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
