"""The photo library: photos with their private originals, renditions made by workers, subjects, tags and batches."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from curation.people.rules import Gap, Use, consent_gap


def original_upload_to(instance: Photo, filename: str) -> str:
    # Storage keys are generated: the photographer's filename is only a display label, so two
    # photographers' IMG_0001.jpg never meet and no name can climb out of its folder.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not extension.isalnum() or len(extension) > 5:
        extension = "bin"
    return f"originals/{instance.owner_id}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class _RenditionStorage(LazyObject):
    # Resolved on first use, not at import, so that a change of STORAGES (tests, S3) is seen.
    def _setup(self) -> None:
        self._wrapped = storages["renditions"]


renditions_storage = _RenditionStorage()


def rendition_storage() -> _RenditionStorage:
    return renditions_storage


# The characters filepath_to_uri() leaves as they are: a name made of them only is its own URL path.
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~!*()'/-]*\Z")


def rendition_url_maker() -> Callable[[str], str]:
    """`renditions_storage.url` for a page of names. On local disk, the storage's own url() costs a urljoin per
    name (a third of a contact sheet's Python time); our keys are relative, quoted paths without dot segments,
    for which the join is the base URL and the path side by side. Any other storage answers for itself."""
    storage = renditions_storage
    # The class itself, not a subclass, whose url() may differ (the lazy wrapper answers with the wrapped class).
    if storage.__class__ is not FileSystemStorage or storage.base_url is None:
        return storage.url
    base = storage.base_url

    def url(name: str) -> str:
        path = name if _URL_SAFE.match(name) else filepath_to_uri(name)  # quoting changes none of these
        path = path.lstrip("/")
        if "./" in path or path.endswith("."):  # a dot segment: let urljoin resolve it, as url() would
            return storage.url(name)
        return base + path

    return url


class PhotoQuerySet(models.QuerySet):
    def with_renditions(self) -> PhotoQuerySet:
        """Load every rendition of every photo in one extra query, for grids and galleries."""
        return self.prefetch_related(Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge")))


class Photo(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        PROCESSING = "processing", _("Being processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Flag(models.TextChoices):
        NONE = "", _("Unflagged")
        PICK = "pick", _("Pick")
        REJECT = "reject", _("Reject")

    class Label(models.TextChoices):
        """Lightroom's five colour labels, in its order: a photographer's own meaning (print, ask, sequence…)."""

        NONE = "", _("No colour label")
        RED = "red", _("Red")
        YELLOW = "yellow", _("Yellow")
        GREEN = "green", _("Green")
        BLUE = "blue", _("Blue")
        PURPLE = "purple", _("Purple")

    MAX_RATING = 5

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="photos", verbose_name=_("owner")
    )
    original = models.FileField(_("original"), upload_to=original_upload_to, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    original_size = models.PositiveBigIntegerField(_("original size in bytes"), default=0)
    original_format = models.CharField(_("original format"), max_length=16, blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, db_index=True)

    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True, db_index=True)
    camera_make = models.CharField(_("camera make"), max_length=200, blank=True)
    camera_model = models.CharField(_("camera model"), max_length=200, blank=True)
    lens = models.CharField(_("lens"), max_length=200, blank=True)
    focal_length_mm = models.FloatField(_("focal length (mm)"), null=True, blank=True)
    aperture = models.FloatField(_("aperture (f-number)"), null=True, blank=True)
    exposure_time = models.CharField(_("exposure time"), max_length=32, blank=True)
    iso = models.PositiveIntegerField(_("ISO"), null=True, blank=True)
    # Private: where the photographer stood. Never rendered on a public page nor kept in a rendition.
    gps_latitude = models.FloatField(_("GPS latitude"), null=True, blank=True)
    gps_longitude = models.FloatField(_("GPS longitude"), null=True, blank=True)
    dominant_color = models.CharField(_("dominant colour"), max_length=7, blank=True)
    placeholder = models.TextField(_("placeholder image"), blank=True)

    title = models.CharField(_("title"), max_length=300, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(
        _("alt text"), max_length=500, blank=True, help_text=_("What the photo shows, for people who cannot see it.")
    )
    place_name = models.CharField(_("place"), max_length=300, blank=True)
    subjects = models.ManyToManyField("Subject", blank=True, related_name="photos", verbose_name=_("subjects"))

    status = models.CharField(
        _("processing status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    # The photographer's culling: written only by the library services, never by the workers.
    rating = models.PositiveSmallIntegerField(_("rating"), default=0, validators=[MaxValueValidator(MAX_RATING)])
    flag = models.CharField(_("flag"), max_length=8, choices=Flag.choices, default=Flag.NONE, blank=True)
    label = models.CharField(_("colour label"), max_length=8, choices=Label.choices, default=Label.NONE, blank=True)
    tags = models.ManyToManyField("Tag", blank=True, related_name="photos", verbose_name=_("tags"))
    batch = models.ForeignKey(
        "UploadBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("upload batch"),
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "content_hash"], name="photo_unique_content_per_owner"),
            models.CheckConstraint(condition=models.Q(rating__lte=5), name="photo_rating_at_most_5"),
        ]
        indexes = [
            models.Index(fields=["owner", "-uploaded_at", "-id"], name="photo_owner_uploaded"),
            models.Index(fields=["status", "status_changed_at"], name="photo_status_changed"),
            # Keyset pagination of the library by capture time, in either direction.
            models.Index(fields=["owner", "taken_at", "id"], name="photo_owner_taken"),
            # Culling filters and their counts read this small index instead of every row of a large library.
            models.Index(fields=["owner", "flag", "rating", "status"], name="photo_owner_cull"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_filename or f"#{self.pk}"

    @property
    def display_title(self) -> str:
        return self.title or self.original_filename or _("Untitled")

    def rendition(self, long_edge: int, format: str = "jpeg") -> Rendition | None:
        """The best prefetched rendition at least `long_edge` wide, else the largest there is."""
        candidates = [r for r in self.renditions.all() if r.format == format]
        if not candidates:
            return None
        candidates.sort(key=lambda r: r.long_edge)
        for rendition in candidates:
            if rendition.long_edge >= long_edge:
                return rendition
        return candidates[-1]

    def srcset(self, format: str = "jpeg") -> str:
        return ", ".join(
            f"{r.url} {r.width}w"
            for r in sorted(self.renditions.all(), key=lambda r: r.long_edge)
            if r.format == format
        )

    @property
    def srcset_jpeg(self) -> str:
        return self.srcset("jpeg")

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def fallback_url(self) -> str:
        rendition = self.rendition(1024, "jpeg")
        return rendition.url if rendition else ""

    @property
    def thumbnail_url(self) -> str:
        rendition = self.rendition(320, "jpeg")
        return rendition.url if rendition else ""


class Rendition(models.Model):
    """One re-encoded, metadata-free image of a photo. Identity is (photo, spec): reruns make nothing twice."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(_("spec"), max_length=32)
    long_edge = models.PositiveIntegerField(_("long edge"))
    format = models.CharField(_("format"), max_length=8)
    file = models.FileField(_("file"), storage=rendition_storage, max_length=255)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [models.UniqueConstraint(fields=["photo", "spec"], name="rendition_unique_spec")]

    def __str__(self) -> str:
        return f"{self.photo_id}:{self.spec}"

    @property
    def url(self) -> str:
        return self.file.url


class Subject(models.Model):
    """Who or what is in a photo — a person, a place, an event or a thing — and the story behind it."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        PLACE = "place", _("Place")
        EVENT = "event", _("Event")
        THING = "thing", _("Thing")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subjects", verbose_name=_("owner")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(
        _("name or description"), max_length=300, help_text=_("For example: fruit seller, Green Bazaar.")
    )
    story = models.TextField(_("story"), blank=True)
    place_name = models.CharField(_("place"), max_length=300, blank=True)
    met_on = models.DateField(_("date met"), null=True, blank=True)
    # Shown on published exhibitions instead of the private fields.
    public_name = models.CharField(_("name as it may be shown"), max_length=300, blank=True)
    public_story = models.TextField(_("public story"), blank=True)
    # Private: never leaves the photographer's and curators' pages.
    private_notes = models.TextField(_("private notes"), blank=True)
    contact_details = models.TextField(_("contact details"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


def release_document_upload_to(instance: ReleaseDocument, filename: str) -> str:
    # Like originals: a generated key in the private storage, so the file's name on the form never reaches a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not extension.isalnum() or len(extension) > 5:
        extension = "bin"
    return f"releases/{instance.subject.owner_id}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Consent(models.Model):
    """A person's answer to being shown: status, scope, dates, minority. Places, events and things need none.

    Written only by the services in curation/subjects.py, each change recorded as a SubjectEvent.
    """

    class Status(models.TextChoices):
        NOT_ASKED = "not_asked", _("Not asked yet")
        VERBAL = "verbal", _("Verbal consent")
        SIGNED = "signed", _("Signed release")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Answers that never let a photo be shown, whatever the scope, the dates or an override.
    REFUSALS = (Status.DECLINED, Status.WITHDRAWN)
    AGREEMENTS = (Status.VERBAL, Status.SIGNED)

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="consent", verbose_name=_("subject"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_ASKED)
    scope_web = models.BooleanField(_("web"), default=False)
    scope_print = models.BooleanField(_("print"), default=False)
    scope_exhibition = models.BooleanField(_("exhibition"), default=False)
    given_on = models.DateField(_("date"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_minor = models.BooleanField(_("a minor"), default=False)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.subject_id}:{self.status}"

    @property
    def is_refusal(self) -> bool:
        return self.status in self.REFUSALS

    @property
    def scopes(self) -> list[str]:
        return [
            str(label)
            for on, label in (
                (self.scope_web, _("web")),
                (self.scope_print, _("print")),
                (self.scope_exhibition, _("exhibition")),
            )
            if on
        ]

    def web_gap(self, today: date | None = None) -> str:
        """Why this consent does not cover the web (a WebGap code), or "" when it does."""
        return consent_web_gap(self, today)


# The rule itself lives in curation/people/rules.py; these names stay for the web, which most callers mean.
WebGap = Gap


def consent_web_gap(consent: Consent | None, today: date | None = None) -> str:
    """Why this consent does not cover the web (a Gap code), or "" when it may be shown there."""
    return consent_gap(consent, use=Use.WEB, today=today)


class ReleaseDocument(models.Model):
    """A scan or photo of a signed release form: a private file, never public, downloadable by few (see subjects)."""

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="release_documents", verbose_name=_("subject")
    )
    file = models.FileField(_("file"), upload_to=release_document_upload_to, max_length=255)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("release document")
        verbose_name_plural = _("release documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename or f"#{self.pk}"


class SubjectEvent(models.Model):
    """The history of a subject's consent and identity: who changed what, and when. Never edited, never deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CONSENT = "consent", _("Consent recorded")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        DOCUMENT_ADDED = "document_added", _("Release document added")
        DOCUMENT_REMOVED = "document_removed", _("Release document removed")
        MERGED = "merged", _("Merged")
        TAKEN_DOWN = "taken_down", _("Photos taken off published pages")

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="events", verbose_name=_("subject"))
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # {field: [before, after]} for consent changes; names, counts and exhibition titles for the others.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("subject event")
        verbose_name_plural = _("subject events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"], name="subject_event_recent")]

    def __str__(self) -> str:
        return f"{self.subject_id}:{self.action}"


class Tag(models.Model):
    """A photographer's own keyword ("market", "portrait"); names are unique per owner, ignoring case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="tag_unique_name_per_owner")]

    def __str__(self) -> str:
        return self.name


class UploadBatch(models.Model):
    """The files sent together: one visit to the upload page, or one run of `import_photos`."""

    class Source(models.TextChoices):
        BROWSER = "browser", _("Upload page")
        IMPORT = "import", _("Import command")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_batches", verbose_name=_("owner")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.BROWSER)
    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Thumbnails first (curation/services.py, "batch hold"): while the sender is still sending, and until every photo
    # of the round has its thumbnail, full rendition sets wait. A sender that vanishes stops holding at this time.
    sending_until = models.DateTimeField(_("files still arriving until"), null=True, blank=True)
    # The highest photo id whose full set a release has queued, and when: later photos form the next round.
    released_through = models.PositiveBigIntegerField(_("full sets queued through photo"), default=0)
    released_at = models.DateTimeField(_("full sets last queued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("upload batch")
        verbose_name_plural = _("upload batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="batch_owner_created")]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class LibraryShare(models.Model):
    """A photographer lets one curator use her photos in exhibitions: the whole library, or the photos chosen.

    Written only by curation/sharing.py. Revoking stops new use; photos already in an exhibition stay there.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_shares",
        verbose_name=_("photographer"),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_shares_received",
        verbose_name=_("curator"),
    )
    whole_library = models.BooleanField(_("the whole library"), default=False)
    photos = models.ManyToManyField(Photo, blank=True, related_name="shares", verbose_name=_("photos chosen"))
    created_at = models.DateTimeField(_("shared on"), default=timezone.now)

    class Meta:
        verbose_name = _("library share")
        verbose_name_plural = _("library shares")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "curator"], name="library_share_once_per_curator"),
            models.CheckConstraint(condition=~models.Q(owner=models.F("curator")), name="library_share_not_self"),
        ]
        # The picker asks "what is shared with me" on every page: by curator first.
        indexes = [models.Index(fields=["curator", "whole_library"], name="library_share_curator")]

    def __str__(self) -> str:
        return f"{self.owner_id}→{self.curator_id}"


class LibraryOffer(models.Model):
    """A photographer's offer of her whole library, or chosen photos, to a user name as she typed it.

    She sees it as "waiting for them to accept" whatever the name is (nobody's, a photographer's, a curator's) until
    a curator of that name accepts it in their studio, which makes it a LibraryShare (curation/sharing.py): the
    sharing page never tells her whether a user name exists or belongs to a curator. Declining hides it from the
    curator only. Nothing reads an offer to decide what a curator may use.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_offers",
        verbose_name=_("photographer"),
    )
    username = models.CharField(_("user name"), max_length=150)
    whole_library = models.BooleanField(_("the whole library"), default=False)
    photos = models.ManyToManyField(Photo, blank=True, related_name="offers", verbose_name=_("photos chosen"))
    created_at = models.DateTimeField(_("offered on"), default=timezone.now)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("library offer")
        verbose_name_plural = _("library offers")
        ordering = ["created_at", "id"]
        constraints = [
            # A second offer to the same name adds to the first: one row per photographer and name.
            models.UniqueConstraint(fields=["owner", "username"], name="library_offer_once_per_user_name"),
        ]
        # A curator's studio asks for the offers addressed to them on every visit.
        indexes = [models.Index(fields=["username"], name="library_offer_username")]

    def __str__(self) -> str:
        return f"{self.owner_id}→{self.username}"


class LibraryHandoff(models.Model):
    """One sending of photos to a curator, with the photographer's note: chosen photos, a saved library filter
    (live: photos that match it later join, those that stop matching leave), or the whole library.

    It belongs to the offer while the curator has not accepted it, then to the share (curation/sharing.py moves
    it). A filter handoff of a share is part of what the curator may use (`curation.sharing._shared_q`); chosen
    photos are the share's own, this row only remembers which sending brought them and what she wrote.
    """

    class Kind(models.TextChoices):
        SELECTION = "selection", _("chosen photos")
        FILTER = "filter", _("a library filter")
        LIBRARY = "library", _("the whole library")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_handoffs",
        verbose_name=_("photographer"),
    )
    offer = models.ForeignKey(
        LibraryOffer, on_delete=models.CASCADE, null=True, blank=True, related_name="handoffs", verbose_name=_("offer")
    )
    share = models.ForeignKey(
        LibraryShare, on_delete=models.CASCADE, null=True, blank=True, related_name="handoffs", verbose_name=_("share")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # The library's query string, only the fields a share may keep (curation.sharing.FILTER_FIELDS).
    query = models.CharField(_("library filter"), max_length=500, blank=True)
    photos = models.ManyToManyField(Photo, blank=True, related_name="handoffs", verbose_name=_("photos sent"))
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        verbose_name = _("library handoff")
        verbose_name_plural = _("library handoffs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer__isnull=True, share__isnull=False)
                | models.Q(offer__isnull=False, share__isnull=True),
                name="library_handoff_offer_or_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}:{self.kind}"


class CacheRepair(models.Model):
    """A process dropped a write to the shared cache while it was unreachable: the cache must be emptied once it
    answers again, or an entry that write should have replaced would pass for current (curation.cache)."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"cache repair due since {self.created_at:%Y-%m-%d %H:%M:%S}"


class Profile(models.Model):
    """What a person chooses about how the app presents them: so far, the name their photographs are credited to.

    One row per user, made the first time they set something (curation/credits.py); a user without one has chosen
    nothing. Public pages read it when they are served, never the login name.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name=_("user"),
    )
    credit_name = models.CharField(
        _("credit name"),
        max_length=200,
        blank=True,
        help_text=_("The name public captions credit your photographs to. Empty: your full name, or no name."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.credit_name or str(self.user_id)
