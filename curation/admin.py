"""Admin for the photo library; writes that have rules go through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from curation import services
from curation.models import Photo, Rendition, Subject


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    can_delete = False
    readonly_fields = ("spec", "width", "height", "format", "size", "file", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "status", "taken_at", "uploaded_at")
    list_filter = ("status", "owner")
    search_fields = ("title", "caption", "original_filename", "content_hash")
    readonly_fields = (
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

    def delete_model(self, request, obj: Photo) -> None:
        services.photo_delete(photo=obj)

    def delete_queryset(self, request, queryset) -> None:
        for photo in queryset:
            services.photo_delete(photo=photo)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "owner", "met_on")
    list_filter = ("kind",)
    search_fields = ("name", "public_name", "place_name")

    def get_readonly_fields(self, request, obj=None):
        # A person who said no must stay a person: turning them into a "thing" would skip the consent rules.
        return ("kind",) if obj is not None else ()
