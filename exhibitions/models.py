"""Exhibitions: a curator's ordered sequence of photos and text panels, and its publication state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExhibitionQuerySet(models.QuerySet):
    def published(self) -> ExhibitionQuerySet:
        return self.filter(status=Exhibition.Status.PUBLISHED)


class Exhibition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exhibitions", verbose_name=_("curator")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    statement = models.TextField(_("statement"), blank=True, help_text=_("The introductory wall text."))
    credits = models.TextField(_("credits"), blank=True)
    cover_photo = models.ForeignKey(
        "curation.Photo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cover")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What visitors see: a frozen copy of the draft made at publish time (see exhibitions/snapshot.py).
    published_snapshot = models.JSONField(_("published snapshot"), null=True, blank=True, editable=False)
    # Bumped by every change to the sequence, so an edit made on a stale view can be refused.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class ExhibitionItem(models.Model):
    """A place in the sequence: a photo (with optional exhibition-specific words) or a text panel."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    photo = models.ForeignKey(
        "curation.Photo", on_delete=models.PROTECT, null=True, blank=True, related_name="exhibition_items"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    text = models.TextField(_("panel text"), blank=True)

    class Meta:
        verbose_name = _("exhibition item")
        verbose_name_plural = _("exhibition items")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "position"],
                name="exhibition_item_unique_position",
            ),
            models.UniqueConstraint(
                fields=["exhibition", "photo"],
                condition=models.Q(photo__isnull=False),
                name="exhibition_item_photo_once",
            ),
            models.CheckConstraint(
                condition=models.Q(photo__isnull=False) | ~models.Q(text=""),
                name="exhibition_item_photo_or_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id}#{self.position}"

    @property
    def is_text_panel(self) -> bool:
        return self.photo_id is None

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.photo.title if self.photo else ""

    @property
    def display_caption(self) -> str:
        if self.caption:
            return self.caption
        return self.photo.caption if self.photo else ""
