"""The physical show's tables: venues, their rooms, walls and openings, each work's printed form, manual placements.

Registered in the exhibitions app (exhibitions/models.py imports them); the other tables are named by string here, so
this module imports nothing of the exhibitions app. All sizes are whole millimetres.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Nothing of a hanging plan is smaller than a millimetre, and no wall is longer than a kilometre.
MAX_MM = 1_000_000


class Venue(models.Model):
    """Where a show hangs, with the hanging rules every wall of it shares."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="venues", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=300)
    centre_line_mm = models.PositiveIntegerField(
        _("centre line (mm)"), default=1450, help_text=_("The height of the works' centres above the floor.")
    )
    min_gap_mm = models.PositiveIntegerField(_("minimum gap (mm)"), default=100, help_text=_("Between two frames."))
    margin_mm = models.PositiveIntegerField(
        _("margin (mm)"), default=300, help_text=_("Kept free at each end of a wall.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre_line_mm__gt=0, centre_line_mm__lte=MAX_MM),
                name="venue_centre_line_sane",
                violation_error_message=_("The centre line must be above the floor."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue"))
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveIntegerField(_("position"), help_text=_("Rooms are visited in this order."))

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["venue", "position"], name="room_unique_position")]

    def __str__(self) -> str:
        return self.name


class Wall(models.Model):
    """A wall to hang on; the walking order is the rooms' order, then the walls' order in each room."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="walls", verbose_name=_("room"))
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveIntegerField(_("position"), help_text=_("Walls of a room are walked in this order."))
    length_mm = models.PositiveIntegerField(_("length (mm)"))
    height_mm = models.PositiveIntegerField(_("height (mm)"))

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("wall")
        verbose_name_plural = _("walls")
        ordering = ["room__venue", "room__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "position"], name="wall_unique_position"),
            models.CheckConstraint(
                condition=Q(length_mm__gt=0, length_mm__lte=MAX_MM, height_mm__gt=0, height_mm__lte=MAX_MM),
                name="wall_has_a_size",
                violation_error_message=_("A wall needs a length and a height."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _wall_set(row: models.Model) -> Wall | None:
    """The wall as the form left it (an admin inline sets its unsaved parent here), not as stored."""
    try:
        return row.wall
    except Wall.DoesNotExist:
        return None


class Opening(models.Model):
    """A door, window, radiator or anything else that cannot be hung over: from the wall's left end and the floor."""

    class Kind(models.TextChoices):
        DOOR = "door", _("Door")
        WINDOW = "window", _("Window")
        RADIATOR = "radiator", _("Radiator")
        OTHER = "other", _("Other")

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="openings", verbose_name=_("wall"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DOOR)
    offset_mm = models.PositiveIntegerField(_("from the wall's left end (mm)"))
    width_mm = models.PositiveIntegerField(_("width (mm)"))
    bottom_mm = models.PositiveIntegerField(_("above the floor (mm)"), default=0)
    height_mm = models.PositiveIntegerField(_("height (mm)"))

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["wall", "offset_mm", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(width_mm__gt=0, height_mm__gt=0),
                name="opening_has_a_size",
                violation_error_message=_("An opening needs a width and a height."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.offset_mm}"

    def _wall(self) -> Wall | None:
        return _wall_set(self)

    def clean(self) -> None:
        super().clean()
        wall = self._wall()
        if wall is None or None in (self.offset_mm, self.width_mm, self.bottom_mm, self.height_mm):
            return
        errors = {}
        if self.offset_mm + self.width_mm > wall.length_mm:
            errors["width_mm"] = _(
                "The opening ends %(end)s mm from the wall's left end, past the wall's end at %(length)s mm."
            ) % {"end": self.offset_mm + self.width_mm, "length": wall.length_mm}
        if self.bottom_mm + self.height_mm > wall.height_mm:
            errors["height_mm"] = _(
                "The opening's top is %(top)s mm above the floor, higher than the wall (%(height)s mm)."
            ) % {"top": self.bottom_mm + self.height_mm, "height": wall.height_mm}
        if errors:
            raise ValidationError(errors)


class ShowPlan(models.Model):
    """Where an exhibition hangs and how its chapters meet the walls."""

    exhibition = models.OneToOneField(
        "exhibitions.Exhibition", on_delete=models.CASCADE, related_name="show_plan", verbose_name=_("exhibition")
    )
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="plans", verbose_name=_("venue"))
    chapter_starts_wall = models.BooleanField(
        _("each chapter starts a new wall"), default=True, help_text=_("Unless the wall has no work on it yet.")
    )

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("hanging plan")
        verbose_name_plural = _("hanging plans")

    def __str__(self) -> str:
        return f"{self.exhibition_id} @ {self.venue_id}"


class WorkForm(models.Model):
    """A photo's physical form in one exhibition: the print, its image, the mat, the frame, and what is for sale.

    Sizes are width and height in mm: the paper (print), the picture on it (image), the mat's border around the
    image, and the frame's outer size (the print's size when unframed). The hanger drop is the distance from the
    frame's top down to the wire or D-ring pulled taut.
    """

    item = models.OneToOneField(
        "exhibitions.ExhibitionItem", on_delete=models.CASCADE, related_name="work_form", verbose_name=_("work")
    )
    print_w_mm = models.PositiveIntegerField(_("print width (mm)"))
    print_h_mm = models.PositiveIntegerField(_("print height (mm)"))
    image_w_mm = models.PositiveIntegerField(_("image width (mm)"))
    image_h_mm = models.PositiveIntegerField(_("image height (mm)"))
    mat_mm = models.PositiveIntegerField(_("mat border (mm)"), default=0)
    frame_w_mm = models.PositiveIntegerField(_("frame width (mm)"))
    frame_h_mm = models.PositiveIntegerField(_("frame height (mm)"))
    frame_depth_mm = models.PositiveIntegerField(_("frame depth (mm)"), default=0)
    hanger_drop_mm = models.PositiveIntegerField(
        _("hanger drop (mm)"), default=0, help_text=_("From the frame's top to the wire or D-ring pulled taut.")
    )
    edition = models.CharField(_("edition"), max_length=100, blank=True, help_text=_("For example 2/5."))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=8, blank=True, help_text=_("For example KZT, EUR or ₸."))
    framing_notes = models.TextField(_("framing notes"), blank=True)

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("printed form")
        verbose_name_plural = _("printed forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(image_w_mm__gt=0, image_h_mm__gt=0),
                name="work_form_image_has_a_size",
                violation_error_message=_("The image needs a width and a height."),
            ),
            models.CheckConstraint(
                condition=Q(image_w_mm__lte=F("print_w_mm"), image_h_mm__lte=F("print_h_mm")),
                name="work_form_image_within_print",
                violation_error_message=_("The image is larger than the paper it is printed on."),
            ),
            models.CheckConstraint(
                condition=Q(frame_w_mm__gte=F("print_w_mm"), frame_h_mm__gte=F("print_h_mm")),
                name="work_form_frame_holds_print",
                violation_error_message=_("The frame is smaller than the print: it must be at least the print's size."),
            ),
            models.CheckConstraint(
                condition=Q(
                    frame_w_mm__gte=F("image_w_mm") + 2 * F("mat_mm"), frame_h_mm__gte=F("image_h_mm") + 2 * F("mat_mm")
                ),
                name="work_form_frame_holds_mat",
                violation_error_message=_("The frame is smaller than the image with its mat on both sides."),
            ),
            models.CheckConstraint(
                condition=Q(hanger_drop_mm__lt=F("frame_h_mm")),
                name="work_form_hanger_within_frame",
                violation_error_message=_("The hanger drop must be less than the frame's height."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | ~Q(currency=""),
                name="work_form_price_has_currency",
                violation_error_message=_("Say the currency of the price."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="work_form_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.frame_w_mm}×{self.frame_h_mm}"


class WorkPlacement(models.Model):
    """A work hung by hand: its centre this far from the wall's left end; the other works flow around it."""

    item = models.OneToOneField(
        "exhibitions.ExhibitionItem", on_delete=models.CASCADE, related_name="placement", verbose_name=_("work")
    )
    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="placements", verbose_name=_("wall"))
    offset_mm = models.PositiveIntegerField(_("centre from the wall's left end (mm)"))

    class Meta:
        app_label = "exhibitions"
        verbose_name = _("manual placement")
        verbose_name_plural = _("manual placements")

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.wall_id}:{self.offset_mm}"

    def _wall(self) -> Wall | None:
        return _wall_set(self)

    def clean(self) -> None:
        super().clean()
        wall = self._wall()
        if wall is not None and self.offset_mm is not None and self.offset_mm > wall.length_mm:
            raise ValidationError(
                {
                    "offset_mm": _("The wall is %(length)s mm long: the work's centre cannot be past its end.")
                    % {"length": wall.length_mm}
                }
            )
