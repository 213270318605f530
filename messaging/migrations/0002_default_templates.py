"""The default templates: every trigger on every channel, plain and friendly, in English.
Added only where no template of that trigger and channel exists yet."""

from django.db import migrations

SIGN_OFF = "{studio_name}"
DEFAULTS = {
    "order_ready": (
        "Your {order_title} is ready",
        "Hello {customer_name}, good news: your {order_title} is ready for pickup. "
        "Balance due: {currency} {balance_due}. See you soon! {tracking_url}",
    ),
    "order_delivered": (
        "Your {order_title} has been delivered",
        "Hello {customer_name}, your {order_title} has been delivered. Thank you for choosing us; we hope you love it!",
    ),
    "payment_received": (
        "Payment received for {order_title}",
        "Hello {customer_name}, we received your payment of {currency} {amount} for {order_title}. "
        "Paid so far: {currency} {amount_paid}; balance due: {currency} {balance_due}. Thank you!",
    ),
    "appointment_scheduled": (
        "Your {appointment_kind} is booked",
        "Hello {customer_name}, your {appointment_kind} is booked for {appointment_time}. "
        "We look forward to seeing you!",
    ),
    "appointment_reminder": (
        "Reminder: your {appointment_kind} on {appointment_time}",
        "Hello {customer_name}, a friendly reminder of your {appointment_kind} on {appointment_time}. See you then!",
    ),
    "balance_reminder": (
        "A balance is due on {order_title}",
        "Hello {customer_name}, a friendly reminder that {currency} {balance_due} is still due on your "
        "{order_title}. Thank you! {tracking_url}",
    ),
}
CHANNELS = ["email", "sms", "whatsapp"]


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("messaging", "MessageTemplate")
    for trigger, (subject, body) in DEFAULTS.items():
        for channel in CHANNELS:
            if MessageTemplate.objects.filter(trigger=trigger, channel=channel).exists():
                continue
            email = channel == "email"
            MessageTemplate.objects.create(
                trigger=trigger,
                channel=channel,
                subject=subject if email else "",
                body=(f"{body}\n\n{SIGN_OFF}" if email else f"{body} - {SIGN_OFF}").replace("  ", " "),
                is_active=True,
                active_key=f"{trigger}:{channel}",
            )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
