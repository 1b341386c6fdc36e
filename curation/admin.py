"""Admin for the photo library and consent; writes that have rules go through services, audit rows are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin

from curation import accounts, services, subjects
from curation.models import Consent, LibraryShare, Photo, ReleaseDocument, Rendition, Subject, SubjectEvent
from curation.texts import languages

# The admin's login is guarded as the site's is: one count of failures per account and address for both.
admin.site.login_form = accounts.AdminLoginForm


def in_every_language(*fields: str) -> tuple[str, ...]:
    """Each text's column in every language, for search_fields: the plain name would search the active one only.
    (Texts in each language are edited as modeltranslation's TranslationAdmin lays them out: one field per
    language, "title [kk]", without its tabbed variant, whose script comes from a CDN our CSP refuses.)"""
    return tuple(f"{field}_{code}" for field in fields for code in languages())


class ReadOnlyAdmin(admin.ModelAdmin):
    """To look, filter and search: the rows are an audit trail, or written only by services that keep one."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    can_delete = False
    readonly_fields = ("spec", "width", "height", "format", "size", "file", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        # The admin below picks the fields (all but its read-only ones), as it did before this form existed.
        exclude = ("placeholder",)  # noqa: DJ006

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "subjects" in self.fields:
            # A photo shows only its photographer's subjects: anyone else's is neither offered nor accepted.
            self.fields["subjects"].queryset = Subject.objects.filter(owner_id=self.instance.owner_id)


class InLanguagesAdmin(TranslationAdmin):
    """Each language's field says its language, so spelling and a screen reader's voice follow it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # set on modeltranslation's per-language columns
        if field is not None and language:
            field.widget.attrs["lang"] = language
        return field


@admin.register(Photo)
class PhotoAdmin(InLanguagesAdmin):
    form = PhotoAdminForm
    list_display = ("__str__", "owner", "status", "taken_at", "uploaded_at")
    list_filter = ("status", "owner")
    search_fields = (*in_every_language("title", "caption", "place_name"), "original_filename", "content_hash")
    readonly_fields = (
        # Not the owner: the photo's subjects, tags and stored files are the owner's, and move with no form.
        "owner",
        "original",
        "original_filename",
        "original_size",
        "original_format",
        "content_hash",
        "width",
        "height",
        "taken_at",
        "camera_make",
        "camera_model",
        "lens",
        "focal_length_mm",
        "aperture",
        "exposure_time",
        "iso",
        "gps_latitude",
        "gps_longitude",
        "dominant_color",
        "status",
        "failure_reason",
        "status_changed_at",
        "uploaded_at",
    )
    exclude = ("placeholder",)
    filter_horizontal = ("subjects",)
    inlines = [RenditionInline]
    actions = ["retry_processing"]

    @admin.action(description=_("Process the selected photos again"))
    def retry_processing(self, request, queryset) -> None:
        for photo in queryset:
            services.photo_processing_retry(photo=photo)

    def has_add_permission(self, request) -> bool:
        return False  # photos arrive through the upload page or import_photos, which check them

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets, change: bool) -> None:
        # Who the photo shows goes through the service, not the form's own write of the links: it locks the
        # exhibitions showing the photo first and takes the photo off published pages when someone newly linked
        # has no consent for the web. Taken out of cleaned_data, the field is skipped by save_m2m.
        chosen = form.cleaned_data.pop("subjects", None)
        super().save_related(request, form, formsets, change)
        if chosen is not None:
            subjects.photo_subjects_set(photo=form.instance, subjects=list(chosen), actor=request.user)

    def delete_model(self, request, obj: Photo) -> None:
        services.photo_delete(photo=obj)

    def delete_queryset(self, request, queryset) -> None:
        for photo in queryset:
            services.photo_delete(photo=photo)


def _deleted_with_a_subject() -> set[str]:
    """The rows that go with a person — the consent record, its history, the overrides of it (an exhibitions
    model, found through the relation rather than imported) — whose names the admin would otherwise list as
    permissions missing: nobody deletes them alone."""
    return {
        str(relation.related_model._meta.verbose_name)
        for relation in Subject._meta.related_objects
        if getattr(relation, "on_delete", None) is models.CASCADE and not relation.many_to_many
    }


@admin.register(Subject)
class SubjectAdmin(InLanguagesAdmin):
    list_display = ("name", "kind", "owner", "met_on")
    list_filter = ("kind",)
    search_fields = ("name", *in_every_language("public_name"), "place_name")

    def get_readonly_fields(self, request, obj=None):
        # A person who said no must stay a person: turning them into a "thing" would skip the consent rules.
        return ("kind",) if obj is not None else ()

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        cascaded = _deleted_with_a_subject()
        return deleted, counts, {name for name in perms_needed if str(name) not in cascaded}, protected

    # Through the service, so the release documents' files leave storage once the deletion commits.
    def delete_model(self, request: HttpRequest, obj: Subject) -> None:
        subjects.subject_delete(subject=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Subject]) -> None:
        for subject in queryset:
            subjects.subject_delete(subject=subject)


class ExpiryFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("expired", pgettext_lazy("consent", "Expired")), ("current", pgettext_lazy("consent", "Not expired"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Consent]) -> QuerySet[Consent]:
        # "Expired" as the publish gate counts it: the expiry day itself still covers.
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        if self.value() == "current":
            return queryset.exclude(expires_on__lt=today)
        return queryset


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """Recorded on the subject's consent page, which keeps the history and takes photos down on a "no"."""

    list_display = (
        "subject",
        "status",
        "scope_web",
        "scope_print",
        "scope_exhibition",
        "given_on",
        "expires_on",
        "is_minor",
        "updated_at",
    )
    list_filter = ("status", ExpiryFilter, "scope_web", "is_minor")
    list_select_related = ("subject",)
    search_fields = ("subject__name", *(f"subject__{column}" for column in in_every_language("public_name")))
    date_hierarchy = "expires_on"


@admin.register(ReleaseDocument)
class ReleaseDocumentAdmin(admin.ModelAdmin):
    """Added on the subject's consent page (which checks the file); removed here through the same service."""

    list_display = ("filename", "subject", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    list_select_related = ("subject",)
    search_fields = ("filename", "subject__name")
    # Not the file field: its link would point into private storage. The download checks who asks.
    fields = ("subject", "filename", "content_type", "size", "uploaded_by", "uploaded_at", "download")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj: ReleaseDocument) -> str:
        url = reverse("curation:subject-document", args=[obj.subject_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ReleaseDocument) -> None:
        subjects.release_document_delete(document=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ReleaseDocument]) -> None:
        for document in queryset:
            subjects.release_document_delete(document=document, actor=request.user)


@admin.register(SubjectEvent)
class SubjectEventAdmin(ReadOnlyAdmin):
    list_display = ("subject", "action", "actor", "at")
    list_filter = ("action",)
    list_select_related = ("subject", "actor")
    search_fields = ("subject__name", "note")
    date_hierarchy = "at"


@admin.register(LibraryShare)
class LibraryShareAdmin(ReadOnlyAdmin):
    """Who may use whose photos: written by the photographer on her sharing page (curation.sharing), seen here."""

    list_display = ("owner", "curator", "whole_library", "created_at")
    list_filter = ("whole_library",)
    search_fields = ("owner__username", "curator__username")
    list_select_related = ("owner", "curator")
    readonly_fields = ("owner", "curator", "whole_library", "photos", "created_at")
