from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from curation.people.changes import on_people_change, people_changed_hook_add
        from curation.publications import publications_register
        from exhibitions import tasks
        from exhibitions.models import ConsentOverride, Exhibition
        from exhibitions.publications import ExhibitionPublications

        # The library reaches exhibitions through this (curation never imports this app).
        publications_register(ExhibitionPublications())

        # An override decides who an exhibition may show: public pages are rebuilt when one is made or ends.
        post_save.connect(on_people_change, sender=ConsentOverride, dispatch_uid="people-save-override")
        post_delete.connect(on_people_change, sender=ConsentOverride, dispatch_uid="people-delete-override")
        # Public-bucket mode: the public prefix follows every change of what visitors may see, once committed.
        # People changes come through curation's hook list (curation never imports this app); publication changes
        # through the Exhibition row, which every publish, unpublish and takedown saves.
        people_changed_hook_add(tasks.public_renditions_sync_queue)
        post_save.connect(tasks.on_exhibition_saved, sender=Exhibition, dispatch_uid="public-bucket-exhibition-save")
        post_delete.connect(tasks.on_exhibition_saved, sender=Exhibition, dispatch_uid="public-bucket-exhibition-del")
