from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import Role, User


class Command(BaseCommand):
    help = "Create the demo lead designer (and demo studio data) so a newcomer can log in at once."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo lead already exists.")

    def handle(self, *args, **options):
        lead = User.objects.filter(username=settings.DEMO_USERNAME).first()
        if lead is None:
            lead = User.objects.create_superuser(
                username=settings.DEMO_USERNAME,
                email="lead@studio.example",
                password=settings.DEMO_PASSWORD,
                first_name="Ada",
                last_name="Lead",
                role=Role.LEAD,
            )
            self.stdout.write(self.style.SUCCESS("Created the demo lead designer."))
        elif not options["if_empty"]:
            lead.set_password(settings.DEMO_PASSWORD)
            lead.save(update_fields=["password"])
        self.stdout.write(
            f"Demo lead designer: username '{settings.DEMO_USERNAME}', password '{settings.DEMO_PASSWORD}'"
        )
