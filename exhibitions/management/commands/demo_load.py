"""manage.py demo_load: the demo photographer, curator, a published exhibition and a draft (idempotent)."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from exhibitions import demo
from exhibitions.models import Exhibition


class Command(BaseCommand):
    help = "Create demo users, a published demo exhibition whose photos are drawn on the spot, and a draft."

    def handle(self, *args, **options) -> None:
        exhibition, created = demo.demo_load()
        verb = "Created" if created else "Found"
        # The show's address in its own language: the one its Almaty visitors are sent to first.
        with translation.override(exhibition.default_language):
            address = reverse("exhibitions:detail", args=[exhibition.slug])
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo exhibition: {address}"))
        draft = Exhibition.objects.filter(slug=demo.DRAFT_SLUG, owner__username=demo.CURATOR).first()
        if draft is not None:
            self.stdout.write(f"  a draft still missing its Russian: {reverse('studio:translations', args=[draft.pk])}")
        self.stdout.write(f"  photographer: {demo.PHOTOGRAPHER} / {demo.DEMO_PASSWORD}")
        self.stdout.write(f"  curator:      {demo.CURATOR} / {demo.DEMO_PASSWORD}")
