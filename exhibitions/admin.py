"""Admin for exhibitions."""

from django.contrib import admin

from exhibitions.models import Exhibition, ExhibitionItem


class ExhibitionItemInline(admin.TabularInline):
    model = ExhibitionItem
    extra = 0
    raw_id_fields = ("photo",)
    fields = ("position", "photo", "title", "caption", "text")


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "subtitle")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("cover_photo",)
    readonly_fields = ("version",)
    inlines = [ExhibitionItemInline]
