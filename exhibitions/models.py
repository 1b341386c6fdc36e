"""Exhibitions: a curator's ordered sequence of photos, text panels and chapter headings, and its publication."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Access(enum.IntEnum):
    """What a user may do with one exhibition; each level includes the ones below it."""

    NONE = 0
    VIEW = 1  # a photographer whose photos the exhibition uses: read-only
    EDIT = 2  # an invited collaborator: sequence, words, preview, review links, publish
    OWN = 3  # the curator who made it (and staff): also invites collaborators and deletes


# An exhibition holds its public address (its slug) from the first time it is published, unpublished or not: the
# address has been public, and a bookmark must never open another exhibition. A draft never published holds none,
# so two curators' drafts may want the same address and neither learns of the other; the first to publish gets it.
ADDRESS_HELD = Q(published_at__isnull=False) | Q(status="published")
ADDRESS_TAKEN = _("Another exhibition has been published at this address: choose another.")


class ExhibitionQuerySet(models.QuerySet):
    def published(self) -> ExhibitionQuerySet:
        return self.filter(status=Exhibition.Status.PUBLISHED)

    def holding_address(self, slug: str) -> ExhibitionQuerySet:
        """Those holding the public address /e/<slug>/: at most one, published now or before (see ADDRESS_HELD)."""
        return self.filter(ADDRESS_HELD, slug=slug)

    def locked(self, pk: int) -> Exhibition:
        """The exhibition's row, held until the transaction ends: every writer of a draft or a publication takes
        it first (on SQLite the IMMEDIATE transaction already queues writers)."""
        return self.select_for_update().get(pk=pk)

    def showing(self, photos) -> ExhibitionQuerySet:
        """Those whose draft or cover has one of `photos` (photo ids: a list, or a subquery of them)."""
        in_items = ExhibitionItem.objects.filter(photo_id__in=photos).values("exhibition_id")
        return self.filter(Q(pk__in=in_items) | Q(cover_photo_id__in=photos))

    def viewable_by(self, user) -> ExhibitionQuerySet:
        """Exhibitions the user may open in the studio: their own, shared with them, or using their photos."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        # Subqueries rather than joins, so that an exhibition matching twice is listed once without DISTINCT.
        shared = Exhibition.collaborators.through.objects.filter(user=user).values("exhibition_id")
        uses_photos = ExhibitionItem.objects.filter(photo__owner=user).values("exhibition_id")
        return self.filter(Q(owner=user) | Q(pk__in=shared) | Q(pk__in=uses_photos))


class Exhibition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exhibitions", verbose_name=_("curator")
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="exhibitions_shared",
        verbose_name=_("collaborators"),
        help_text=_("Other curators who may edit and publish this exhibition."),
    )
    title = models.CharField(_("title"), max_length=300)
    # Unique among the exhibitions that hold their address (the constraint below), not among drafts.
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    statement = models.TextField(_("statement"), blank=True, help_text=_("The introductory wall text."))
    credits = models.TextField(_("credits"), blank=True)
    cover_photo = models.ForeignKey(
        "curation.Photo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cover")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True, help_text=_("Where the physical show hangs."))
    # Every text above is written per language (exhibitions/translation.py); a visitor whose language is missing
    # reads this one, else any (curation/texts.py).
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Visitors whose language a text lacks read it in this one."),
    )
    translations_required = models.BooleanField(
        _("require every language"),
        default=False,
        help_text=_("Publishing waits until every text of the exhibition is written in every language."),
    )
    starts_on = models.DateField(_("opens on"), null=True, blank=True)
    ends_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What visitors see: a frozen copy of the draft made at publish time (see exhibitions/snapshot.py).
    published_snapshot = models.JSONField(_("published snapshot"), null=True, blank=True, editable=False)
    # When the snapshot was last made: a draft changed after it has changes visitors do not see yet.
    snapshot_at = models.DateTimeField(_("snapshot made at"), null=True, blank=True, editable=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    publish_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Bumped by every change to the sequence, so an edit made on a stale view can be refused.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by every service that changes the draft (including queryset updates, which skip auto_now).
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exhibition_closes_after_it_opens",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=ADDRESS_HELD,
                name="exhibition_public_address_once",
                violation_error_message=ADDRESS_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_unpublished_changes(self) -> bool:
        return self.is_published and (self.snapshot_at is None or self.updated_at > self.snapshot_at)

    def access_for(self, user) -> Access:
        """At most two small queries; the studio's views call it once per request."""
        if not user.is_authenticated:
            return Access.NONE
        if user.is_staff or self.owner_id == user.pk:
            return Access.OWN
        from curation.roles import is_curator

        if self.collaborators.filter(pk=user.pk).exists() and is_curator(user):
            return Access.EDIT
        if self.items.filter(photo__owner=user).exists():
            return Access.VIEW
        return Access.NONE


class ExhibitionItem(models.Model):
    """A place in the sequence: a photo (with optional exhibition-specific words), a text panel, or a chapter heading.

    Positions are a gap-free 0..n-1 per exhibition. The database guards half of it (unique and non-negative
    positions); every service that changes the sequence checks the other half (count == max + 1) before it
    commits, and rolls back otherwise — see `exhibitions.sequencing._sequence_verify`.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        TEXT = "text", _("Text panel")
        SECTION = "section", _("Chapter")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PHOTO)
    photo = models.ForeignKey(
        "curation.Photo", on_delete=models.PROTECT, null=True, blank=True, related_name="exhibition_items"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Empty: the photographer's alt text."),
    )
    text = models.TextField(_("text"), blank=True)

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
                condition=Q(photo__isnull=False),
                name="exhibition_item_photo_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="photo", photo__isnull=False)
                    | (Q(kind="text", photo__isnull=True) & ~Q(text=""))
                    | (Q(kind="section", photo__isnull=True) & ~Q(title=""))
                ),
                name="exhibition_item_kind_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id}#{self.position}"

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO

    @property
    def is_text_panel(self) -> bool:
        return self.kind == self.Kind.TEXT

    @property
    def is_section(self) -> bool:
        return self.kind == self.Kind.SECTION

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.photo is not None:
            return self.photo.display_title
        return self.text.strip().split("\n", 1)[0][:80]

    @property
    def display_caption(self) -> str:
        if self.caption:
            return self.caption
        return self.photo.caption if self.photo else ""

    @property
    def display_alt(self) -> str:
        if self.alt_text:
            return self.alt_text
        return self.photo.alt_text if self.photo else ""


class SectionManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(kind=ExhibitionItem.Kind.SECTION)


class Section(ExhibitionItem):
    """A chapter: a heading item in the sequence whose photos are those up to the next chapter.

    A row of the sequence rather than a table of its own, so that moving photos across chapters is an
    ordinary reorder and the gap-free positions cover headings too.
    """

    objects = SectionManager()

    class Meta:
        proxy = True
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")


class SequenceChange(models.Model):
    """One change to the sequence and the order before it, so that the curator can undo it (last first)."""

    class Action(models.TextChoices):
        REORDER = "reorder", _("Reorder")
        ADD = "add", _("Add")
        REMOVE = "remove", _("Remove")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="sequence_changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    count = models.PositiveIntegerField(default=1)
    label = models.CharField(max_length=300, blank=True, help_text=_("The title of the item, when one moved."))
    # Item ids in the order before the change, and the full rows of items the change deleted.
    order_before = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    version_after = models.PositiveIntegerField()
    undone_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["exhibition", "-id"], name="sequence_change_recent")]

    def __str__(self) -> str:
        return f"{self.exhibition_id}:{self.action}@{self.version_after}"


def review_token() -> str:
    return secrets.token_urlsafe(32)


class ReviewLinkQuerySet(models.QuerySet):
    def active(self, now: datetime | None = None) -> ReviewLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ReviewLink(models.Model):
    """A private, expiring, revocable link that shows the draft to someone without an account."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="review_links")
    token = models.CharField(max_length=64, unique=True, default=review_token, editable=False)
    label = models.CharField(_("for whom"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("review link")
        verbose_name_plural = _("review links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.exhibition_id}:{self.label or self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class CollaboratorInvitation(models.Model):
    """The owner's invitation to edit an exhibition, addressed to a user name as the owner typed it.

    The owner sees it as "invited" whatever the name is (nobody's, a photographer's, a curator's) until a curator of
    that name accepts it and becomes a collaborator (exhibitions/collaboration.py): the sharing page never tells the
    owner whether a user name exists or belongs to a curator. Declining hides it from the invitee only.
    """

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="invitations")
    username = models.CharField(_("user name"), max_length=150)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to edit")
        verbose_name_plural = _("invitations to edit")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "username"], name="invitation_once_per_user_name"),
        ]
        # A curator's studio asks for the invitations addressed to them on every visit.
        indexes = [models.Index(fields=["username"], name="invitation_username")]

    def __str__(self) -> str:
        return f"{self.exhibition_id}→{self.username}"


class PublicationEvent(models.Model):
    """The audit trail of what visitors could see and who decided it."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        REPUBLISHED = "republished", _("Published changes")
        UNPUBLISHED = "unpublished", _("Unpublished")
        SCHEDULED = "scheduled", _("Scheduled")
        SCHEDULE_CANCELLED = "schedule_cancelled", _("Schedule cancelled")
        SCHEDULE_BLOCKED = "schedule_blocked", _("Scheduled publishing blocked")
        PHOTOS_TAKEN_DOWN = "photos_taken_down", _("Photos taken down: consent refused")
        CONSENT_EXPIRED = "consent_expired", _("Photos taken down: consent expired")
        OVERRIDE_REVOKED = "override_revoked", _("Photos taken down: override revoked")
        CONSENT_NOT_COVERED = "consent_not_covered", _("Photos taken down: consent does not cover the web")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="publication_events")
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("publication event")
        verbose_name_plural = _("publication events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.exhibition_id}:{self.action}"


# --- Consent: overrides of the publish gate and what curators are told ---------------------------------------


class ConsentOverrideQuerySet(models.QuerySet):
    def active(self) -> ConsentOverrideQuerySet:
        return self.filter(revoked_at__isnull=True)


class ConsentOverride(models.Model):
    """A curator's decision to publish a person whose consent does not cover the web, and why: an audit row.

    Never deleted; revoking sets `revoked_at`. Never valid for a person who declined or withdrew.
    """

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="consent_overrides", verbose_name=_("exhibition")
    )
    subject = models.ForeignKey(
        "curation.Subject", on_delete=models.CASCADE, related_name="consent_overrides", verbose_name=_("person")
    )
    reason = models.TextField(_("reason"))
    # The person's consent when the override was made: what the curator knowingly set aside.
    consent_status = models.CharField(_("consent at the time"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.CharField(_("why it ended"), max_length=300, blank=True)

    objects = ConsentOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent override")
        verbose_name_plural = _("consent overrides")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "subject"],
                condition=Q(revoked_at__isnull=True),
                name="consent_override_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id}:{self.subject_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CuratorNotice(models.Model):
    """Something that happened to an exhibition without its curator: shown in the studio until dismissed."""

    class Kind(models.TextChoices):
        TAKEN_DOWN = "taken_down", _("Photos taken off the public page")
        CONSENT_EXPIRED = "consent_expired", _("Photos taken off the public page: consent expired")
        OVERRIDE_REVOKED = "override_revoked", _("Photos taken off the public page: override revoked")
        CONSENT_NOT_COVERED = (
            "consent_not_covered",
            _("Photos taken off the public page: consent does not cover the web"),
        )
        SCHEDULE_CANCELLED = "schedule_cancelled", _("Scheduled publication cancelled")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="notices", verbose_name=_("exhibition")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    subject = models.ForeignKey(
        "curation.Subject", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    # Copied, so the notice still reads right after a merge or a rename.
    subject_name = models.CharField(_("person"), max_length=300, blank=True)
    photo_titles = models.JSONField(_("photos"), default=list, blank=True)
    # Set when the takedown left no photo at all and the exhibition was unpublished.
    unpublished = models.BooleanField(_("unpublished"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )

    class Meta:
        verbose_name = _("notice to the curator")
        verbose_name_plural = _("notices to curators")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["exhibition", "dismissed_at"], name="notice_open")]

    def __str__(self) -> str:
        return f"{self.exhibition_id}:{self.kind}"


from exhibitions.show.models import Opening, Room, ShowPlan, Venue, Wall, WorkForm, WorkPlacement  # noqa: E402,F401
