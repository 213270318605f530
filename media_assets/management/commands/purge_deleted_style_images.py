from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from media_assets.services import style_images_purge


class Command(BaseCommand):
    help = "Delete for good (rows and files) the style pictures soft-deleted more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="Purge pictures deleted more than this many days ago (default 30).",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        purged = style_images_purge(older_than=timedelta(days=days))
        if not purged:
            self.stdout.write(f"No style pictures were deleted more than {days} days ago; nothing purged.")
            return
        for image in purged:
            self.stdout.write(
                f"Purged picture {image.pk} of order {image.order_id} (deleted {image.deleted_at:%Y-%m-%d %H:%M} UTC): "
                f"{image.image_file.name}, {image.thumbnail.name}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Purged {len(purged)} style picture(s) deleted more than {days} days ago.")
        )
