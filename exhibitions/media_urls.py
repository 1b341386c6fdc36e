"""Renditions on local disk, served by the app: 404 for a photo that is not public unless the visitor may see it
(exhibitions.public.rendition_serve). On S3 they are not ours to serve, and this adds nothing. Only the
renditions folder is exposed: originals live in another folder and are never served here."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import re_path

from exhibitions import public

urlpatterns = []
if isinstance(storages["renditions"], FileSystemStorage):
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}renditions/(?P<path>.*)$", public.rendition_serve, name="rendition")
    )
