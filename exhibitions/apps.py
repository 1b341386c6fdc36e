from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from curation.people.changes import on_people_change
        from exhibitions.models import ConsentOverride

        # An override decides who an exhibition may show: public pages are rebuilt when one is made or ends.
        post_save.connect(on_people_change, sender=ConsentOverride, dispatch_uid="people-save-override")
        post_delete.connect(on_people_change, sender=ConsentOverride, dispatch_uid="people-delete-override")
