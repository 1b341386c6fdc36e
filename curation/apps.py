from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "curation"
    verbose_name = _("Photo library")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from curation.credits import on_user_saved
        from curation.models import Consent, Photo, Subject
        from curation.people.changes import on_people_change

        # Cache invalidation only: whoever writes these, public pages and images are rebuilt from the rule.
        for model in (Consent, Subject, Photo.subjects.through):
            post_save.connect(on_people_change, sender=model, dispatch_uid=f"people-save-{model.__name__}")
            post_delete.connect(on_people_change, sender=model, dispatch_uid=f"people-delete-{model.__name__}")
        m2m_changed.connect(on_people_change, sender=Photo.subjects.through, dispatch_uid="people-links")
        # A photographer's full name is her public credit when she chose none: pages are rebuilt when it changes.
        post_save.connect(on_user_saved, sender=get_user_model(), dispatch_uid="credit-user-save")
