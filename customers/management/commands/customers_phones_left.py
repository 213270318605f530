"""The customers whose phone is not in E.164: rows from before the rule that did not parse as a
possible number (migration 0005 left them as they were). Fix them in the admin or the API."""

from django.core.management.base import BaseCommand

from customers.models import Customer
from customers.phones import phone_is_e164


class Command(BaseCommand):
    help = "List the customers whose phone could not be read as a possible number (left as typed)."

    def handle(self, *args, **options):
        left = [c for c in Customer.objects.exclude(phone="").order_by("pk").iterator() if not phone_is_e164(c.phone)]
        for customer in left:
            self.stdout.write(f"{customer.pk}\t{customer.name}\t{customer.phone}")
        self.stderr.write(f"{len(left)} customer(s) with a phone left as typed.")
