"""Admin for exhibitions: words and sharing are editable; the sequence and publication go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from curation.admin import ReadOnlyAdmin, in_every_language
from curation.texts import languages
from exhibitions import collaboration, publishing
from exhibitions.models import (
    ConsentOverride,
    CuratorNotice,
    Exhibition,
    ExhibitionItem,
    PublicationEvent,
    ReviewLink,
)
from exhibitions.show import admin as show_admin  # noqa: F401 - registers the physical show's models

# The words are edited per language (exhibitions/translation.py): modeltranslation's plain admin shows each as its
# three fields one under the other ("title [en]", "title [ru]", "title [kk]"). Not its tabbed admin: that one loads
# jQuery UI from a CDN, which our Content-Security-Policy (and our rule of fetching nothing from another host) refuses.


class ExhibitionAdminForm(forms.ModelForm):
    """A title in any one language is enough, as in the studio (modeltranslation would require the English one)."""

    def clean(self) -> dict:
        cleaned = super().clean()
        if not any((cleaned.get(f"title_{code}") or "").strip() for code in languages()):
            raise forms.ValidationError(_("Give the exhibition a title in at least one language."))
        return cleaned


class ExhibitionItemInline(TranslationStackedInline):
    """The words of each item. Adding, removing and reordering belong to the sequencer, which keeps positions whole.
    Stacked: an item's four texts in three languages are twelve fields, too many for a table's row."""

    model = ExhibitionItem
    extra = 0
    can_delete = False
    raw_id_fields = ("photo",)
    fields = ("position", "kind", "photo", "title", "caption", "alt_text", "text")
    readonly_fields = ("position", "kind", "photo")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Exhibition)
class ExhibitionAdmin(TranslationAdmin):
    form = ExhibitionAdminForm
    list_display = ("title", "owner", "status", "default_language", "published_at", "publish_at", "updated_at")
    list_filter = ("status", "default_language", "translations_required")
    search_fields = (*in_every_language("title", "subtitle"), "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("cover_photo", "owner")
    filter_horizontal = ("collaborators",)
    readonly_fields = ("status", "published_at", "snapshot_at", "publish_at", "version")
    inlines = [ExhibitionItemInline]
    actions = ["publish", "unpublish"]

    def patch_translation_field(self, db_field, field, request, **kwargs) -> None:
        super().patch_translation_field(db_field, field, request, **kwargs)
        if db_field.name.startswith("title_"):
            field.required = False  # ExhibitionAdminForm asks for one language, whichever

    @admin.action(description=_("Publish the selected exhibitions (if nothing blocks them)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Exhibition]) -> None:
        done = 0
        for exhibition in queryset:
            try:
                publishing.exhibition_publish(exhibition=exhibition, actor=request.user, check_blockers=True)
                done += 1
            except publishing.PublishBlocked as blocked:
                self.message_user(request, f"{exhibition}: {blocked}", messages.ERROR)
        if done:
            self.message_user(
                request, ngettext("Published %(n)d exhibition.", "Published %(n)d exhibitions.", done) % {"n": done}
            )

    @admin.action(description=_("Unpublish the selected exhibitions"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Exhibition]) -> None:
        for exhibition in queryset:
            publishing.exhibition_unpublish(exhibition=exhibition, actor=request.user)


@admin.register(ReviewLink)
class ReviewLinkAdmin(admin.ModelAdmin):
    list_display = ("exhibition", "label", "created_by", "created_at", "expires_at", "revoked_at")
    list_select_related = ("exhibition", "created_by")
    readonly_fields = ("exhibition", "token", "created_by", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected links"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ReviewLink]) -> None:
        for link in queryset:
            collaboration.review_link_revoke(link=link)


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdmin):
    list_display = ("exhibition", "action", "actor", "at", "scheduled_for")
    list_filter = ("action",)
    list_select_related = ("exhibition", "actor")


@admin.register(ConsentOverride)
class ConsentOverrideAdmin(ReadOnlyAdmin):
    """Made and revoked on the publish page, which checks the person may be overridden at all."""

    list_display = ("exhibition", "subject", "consent_status", "created_by", "created_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "consent_status")
    list_select_related = ("exhibition", "subject", "created_by")
    search_fields = (*(f"exhibition__{column}" for column in in_every_language("title")), "subject__name", "reason")
    date_hierarchy = "created_at"


@admin.register(CuratorNotice)
class CuratorNoticeAdmin(ReadOnlyAdmin):
    list_display = ("exhibition", "kind", "subject_name", "created_at", "dismissed_at")
    list_filter = ("kind", ("dismissed_at", admin.EmptyFieldListFilter))
    list_select_related = ("exhibition",)
    search_fields = (*(f"exhibition__{column}" for column in in_every_language("title")), "subject_name")
    date_hierarchy = "created_at"
