"""manage.py demo_load: the demo photographer, curator and a published exhibition (idempotent)."""

from django.core.management.base import BaseCommand

from exhibitions import demo


class Command(BaseCommand):
    help = "Create demo users and a published demo exhibition whose photos are drawn on the spot."

    def handle(self, *args, **options) -> None:
        exhibition, created = demo.demo_load()
        verb = "Created" if created else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo exhibition: /e/{exhibition.slug}/"))
        self.stdout.write(f"  photographer: {demo.PHOTOGRAPHER} / {demo.DEMO_PASSWORD}")
        self.stdout.write(f"  curator:      {demo.CURATOR} / {demo.DEMO_PASSWORD}")
