"""curation: the Django project and the photo library (photos, subjects, renditions)."""

from curation.celery import app as celery_app

__all__ = ("celery_app",)
