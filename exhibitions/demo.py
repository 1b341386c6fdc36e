"""The demo: photos drawn on the spot with Pillow (nothing downloaded), two demo users, the people in the photos with
their stories and answers, and one published show in chapters, so a newcomer can walk every kind of public page.

Every word a visitor reads is written in Kazakh, Russian and English (exhibitions/demo_texts.py); a second show,
a draft, still lacks its Russian, so the translation view has something missing to show."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from PIL import Image, ImageDraw, ImageFilter

from curation import credits, roles, services, sharing
from curation import subjects as subject_services
from curation.models import Consent, Photo, Subject
from curation.texts import LanguageMap
from exhibitions import demo_texts, publishing, sequencing
from exhibitions import services as exhibition_services
from exhibitions.consent.gate import consent_problems
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.models import Venue

DEMO_SLUG = "resilience-and-community"
DEMO_PASSWORD = "demo-photos-2026"  # noqa: S105 - printed on purpose: a local demo account
PHOTOGRAPHER = "aigerim"
PHOTOGRAPHER_CREDIT = demo_texts.PHOTOGRAPHER_CREDIT
CURATOR = "daniyar"
# An Almaty show: Kazakh is the state language, which labels there put first, so a visitor whose language a text
# lacks reads it in Kazakh. (The show is written in all three; only the draft, lacking its Russian, falls back.)
DEFAULT_LANGUAGE = "kk"
DRAFT_SLUG = "apples-of-talgar"


@dataclass(frozen=True)
class DemoPlate:
    """A photo of the demo: how it is drawn; its words, by its seed, are in demo_texts.PLATES."""

    seed: int
    palette: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
    scene: str
    size: tuple[int, int] = (2400, 1600)

    @property
    def title(self) -> LanguageMap:
        return demo_texts.PLATES[self.seed]["title"]

    @property
    def caption(self) -> LanguageMap:
        return demo_texts.PLATES[self.seed]["caption"]

    @property
    def alt(self) -> LanguageMap:
        return demo_texts.PLATES[self.seed]["alt"]


PLATES = [
    DemoPlate(1, ((58, 44, 92), (238, 140, 86), (40, 34, 48)), "mountains"),
    DemoPlate(2, ((196, 46, 40), (238, 196, 70), (92, 120, 60)), "fruit"),
    DemoPlate(7, ((120, 40, 36), (226, 170, 90), (176, 36, 44)), "portrait", size=(1600, 2400)),
    DemoPlate(3, ((40, 92, 140), (220, 90, 60), (240, 210, 160)), "rows"),
    DemoPlate(4, ((60, 98, 70), (200, 190, 150), (30, 36, 32)), "bench"),
    DemoPlate(5, ((120, 80, 40), (250, 210, 140), (30, 22, 16)), "light"),
    DemoPlate(6, ((30, 50, 96), (200, 120, 140), (16, 20, 36)), "mountains"),
]
PLATES_BY_SEED = {plate.seed: plate for plate in PLATES}

# In the photographer's library only: the man in it said no, so no exhibition may show it (the publish gate and
# every public page refuse him), and the demo shows what that looks like from her side.
DECLINED_PLATE = DemoPlate(8, ((90, 60, 40), (240, 200, 150), (40, 28, 20)), "light")

# The show's order: chapters (title, wall text, the plates in it by seed); the text panel after the first.
CHAPTER_SEEDS = [(1, 2, 7, 3), (4, 5), (6,)]
CHAPTERS = [(title, text, seeds) for (title, text), seeds in zip(demo_texts.CHAPTERS, CHAPTER_SEEDS, strict=True)]
TEXT_PANEL = demo_texts.TEXT_PANEL
# The draft's photos, by seed: hers, with their words complete in all three languages.
DRAFT_SEEDS = (2, 7)

# Her cull, as the curator finds it: stars by seed, the frames she picked, a colour label for prints to make, and
# the filter she sent him with a note.
RATINGS = {1: 4, 2: 5, 3: 4, 4: 5, 5: 3, 6: 4, 7: 5, 8: 4}
PICKS = (1, 2, 3, 4, 6, 7)
PRINT_LABEL = (2, 4)
HANDOFF_QUERY = "flag=pick&rating=4"
HANDOFF_NOTE = (
    "My picks from the bazaar, four stars and up. Everyone in them agreed to the web; "
    "the tea seller said no, so his frame stays with me. Green: I would print these for the wall."
)


@dataclass(frozen=True)
class DemoSubject:
    """Who or what is in the demo's photos, with the answer the photographer recorded (people only). `name` is her
    own label, in her language; what visitors read of them is in demo_texts.SUBJECTS, under that label."""

    name: str
    kind: str
    plates: tuple[int, ...]
    private_notes: str = ""
    consent: dict = field(default_factory=dict)

    @property
    def public_name(self) -> LanguageMap:
        return demo_texts.SUBJECTS.get(self.name, {}).get("public_name", {})

    @property
    def public_story(self) -> LanguageMap:
        return demo_texts.SUBJECTS.get(self.name, {}).get("public_story", {})


SUBJECTS = [
    DemoSubject(
        "Fruit seller, Green Bazaar, stall 12",
        Subject.Kind.PERSON,
        (2, 7),
        private_notes="Phone number on the release. Wants a print of the portrait.",
        # Cleared for the walls too, so the show's labels and print order have her; the couple on the bench, who
        # agreed to the web alone, show the curator how the documents hold a photo back.
        consent={"status": Consent.Status.VERBAL, "scope_web": True, "scope_print": True, "scope_exhibition": True},
    ),
    DemoSubject(
        "Felt slipper maker, east gate",
        Subject.Kind.PERSON,
        (3,),
        consent={"status": Consent.Status.SIGNED, "scope_web": True, "scope_print": True, "scope_exhibition": True},
    ),
    DemoSubject(
        "Husband on the bench",
        Subject.Kind.PERSON,
        (4,),
        consent={"status": Consent.Status.VERBAL, "scope_web": True},
    ),
    DemoSubject(
        "Wife on the bench",
        Subject.Kind.PERSON,
        (4,),
        consent={"status": Consent.Status.VERBAL, "scope_web": True},
    ),
    DemoSubject(
        "Tea seller, row four",
        Subject.Kind.PERSON,
        (DECLINED_PLATE.seed,),
        private_notes="Did not want to be shown anywhere. Keep the frame for the archive only.",
        consent={"status": Consent.Status.DECLINED},
    ),
    DemoSubject(
        "Green Bazaar",
        Subject.Kind.PLACE,
        (1, 2, 5),
    ),
]
# The answers are dated within the season the photos were taken in; the show hangs that summer.
CONSENT_GIVEN_ON = date(2026, 5, 12)
SHOW_OPENS, SHOW_CLOSES = date(2026, 6, 5), date(2026, 9, 27)


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    strip = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        strip.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return strip.resize(size, Image.Resampling.BICUBIC)


def draw_plate(plate: DemoPlate, size: tuple[int, int] | None = None) -> Image.Image:
    """A painterly, camera-sized picture for a demo plate: deterministic for its seed."""
    rng = random.Random(plate.seed)
    size = size or plate.size
    w, h = size
    sky, glow, ground = plate.palette
    image = _gradient(size, sky, glow)
    draw = ImageDraw.Draw(image)
    if plate.scene == "mountains":
        draw.ellipse((w * 0.68, h * 0.18, w * 0.76, h * 0.18 + w * 0.08), fill=(255, 226, 170))
        haze = tuple(round(0.55 * g + 0.45 * s) for g, s in zip(glow, sky, strict=True))
        for layer in range(4):
            # Far ridges take the colour of the sky; near ones darken, as air does to distance.
            t = 0.25 + 0.25 * layer
            shade = tuple(round(h * (1 - t) + c * 0.25 * t) for h, c in zip(haze, sky, strict=True))
            base = h * (0.45 + 0.12 * layer)
            points = [(0, h)]
            for x in range(0, w + 60, 60):
                peak = math.sin(x / (180 + 60 * layer) + layer) * h * 0.08 + rng.uniform(-h * 0.02, h * 0.02)
                points.append((x, base - peak - (h * 0.12 if layer == 0 else 0)))
            points.append((w, h))
            draw.polygon(points, fill=shade)
    elif plate.scene == "fruit":
        draw.rectangle((0, h * 0.55, w, h), fill=ground)
        for i in range(0, w, 140):
            draw.rectangle((i, 0, i + 70, h * 0.18), fill=(240, 236, 228))
        for _ in range(900):
            r = rng.randint(28, 52)
            x, y = rng.randint(0, w), rng.randint(int(h * 0.45), h)
            colour = sky if rng.random() < 0.6 else glow
            colour = tuple(min(255, max(0, c + rng.randint(-30, 30))) for c in colour)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    elif plate.scene == "rows":
        draw.rectangle((0, h * 0.3, w, h), fill=glow)
        for row in range(5):
            for col in range(12):
                x, y = 120 + col * 185, h * 0.36 + row * 210
                colour = (sky, ground, (160, 40, 60), (30, 120, 110))[(row + col) % 4]
                draw.rounded_rectangle((x, y, x + 150, y + 170), radius=60, fill=colour)
    elif plate.scene == "bench":
        for _ in range(14):
            x = rng.randint(0, w)
            draw.rectangle((x, 0, x + rng.randint(18, 40), h * 0.75), fill=ground)
            draw.ellipse((x - 160, -80, x + 180, h * 0.55), fill=tuple(round(c * 0.8) for c in sky))
        draw.rectangle((0, h * 0.75, w, h), fill=glow)
        draw.rectangle((w * 0.35, h * 0.66, w * 0.65, h * 0.69), fill=(70, 50, 36))
        draw.rectangle((w * 0.35, h * 0.58, w * 0.65, h * 0.6), fill=(70, 50, 36))
        for cx in (0.45, 0.55):
            draw.ellipse((w * cx - 40, h * 0.47, w * cx + 40, h * 0.53), fill=ground)
            draw.rounded_rectangle((w * cx - 60, h * 0.53, w * cx + 60, h * 0.68), radius=30, fill=ground)
    elif plate.scene == "portrait":
        # A woman in a headscarf before a wall of apples: a head, a scarf round it, shoulders, out of focus fruit.
        for _ in range(500):
            r = rng.randint(40, 80)
            x, y = rng.randint(0, w), rng.randint(0, h)
            colour = tuple(min(255, max(0, c + rng.randint(-40, 40))) for c in (sky if rng.random() < 0.6 else glow))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        image = image.filter(ImageFilter.GaussianBlur(18))
        draw = ImageDraw.Draw(image)
        cx = w * 0.5
        coat = (52, 40, 44)
        draw.rounded_rectangle((cx - w * 0.36, h * 0.56, cx + w * 0.36, h * 1.1), radius=int(w * 0.2), fill=coat)
        draw.ellipse((cx - w * 0.2, h * 0.2, cx + w * 0.2, h * 0.5), fill=ground)
        draw.ellipse((cx - w * 0.13, h * 0.27, cx + w * 0.13, h * 0.47), fill=(214, 170, 136))
        draw.rectangle((cx - w * 0.2, h * 0.44, cx + w * 0.2, h * 0.6), fill=ground)
        draw.ellipse((cx - w * 0.06, h * 0.35, cx - w * 0.035, h * 0.365), fill=(50, 36, 30))
        draw.ellipse((cx + w * 0.035, h * 0.35, cx + w * 0.06, h * 0.365), fill=(50, 36, 30))
    elif plate.scene == "light":
        image = _gradient(size, ground, sky)
        draw = ImageDraw.Draw(image)
        for i in range(7):
            x = w * 0.1 + i * w * 0.13
            draw.polygon([(x, 0), (x + 90, 0), (x + 420, h), (x + 200, h)], fill=glow)
        image = image.filter(ImageFilter.GaussianBlur(24))
        draw = ImageDraw.Draw(image)
        for i in range(0, w, 300):
            draw.rectangle((i, h * 0.7, i + 200, h), fill=ground)
    # Film grain: real photos are never flat, and encoders should be shown honest work.
    noise = Image.effect_noise((w // 4, h // 4), 18).resize(size).convert("RGB")
    return Image.blend(image, noise, 0.06)


def _jpeg_with_exif(image: Image.Image, plate: DemoPlate) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Fujifilm"  # Make
    exif[0x0110] = "X100V"  # Model
    exif[0x0131] = "curation demo"
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = f"2026:05:{10 + plate.seed:02d} {6 + plate.seed * 2:02d}:40:00"  # DateTimeOriginal
    exif_ifd[0x829A] = (1, 250)  # ExposureTime
    exif_ifd[0x829D] = (28, 10)  # FNumber
    exif_ifd[0x8827] = 400  # ISO
    exif_ifd[0x920A] = (23, 1)  # FocalLength
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def _user(username: str, role: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = roles.user_create(username=username, password=DEMO_PASSWORD, role=role)
    return user


def _plate_filename(plate: DemoPlate) -> str:
    return f"DSCF{1000 + plate.seed}.JPG"


def _photo(photographer, plate: DemoPlate) -> Photo:
    data = _jpeg_with_exif(draw_plate(plate), plate)
    result = services.photo_create(owner=photographer, upload=io.BytesIO(data), filename=_plate_filename(plate))
    # Her words in all three languages, as the photo page saves them (the people come with _subjects()).
    return services.photo_update(
        photo=result.photo,
        title=plate.title,
        caption=plate.caption,
        alt_text=plate.alt,
        place_name=demo_texts.ALMATY,
        tag_names=[],
        subjects=[],
    )


def _subjects(photographer, photos: dict[int, Photo]) -> None:
    """The people and the place, linked to their photos, each person's answer recorded through the consent service
    (so the history shows it, as if she had typed it in)."""
    for demo_subject in SUBJECTS:
        subject = subject_services.subject_create(
            owner=photographer,
            name=demo_subject.name,
            kind=demo_subject.kind,
            public_name=demo_subject.public_name,
            public_story=demo_subject.public_story,
            private_notes=demo_subject.private_notes,
            place_name="Almaty",
            met_on=CONSENT_GIVEN_ON,
            photos=[photos[seed] for seed in demo_subject.plates],
            actor=photographer,
        )
        if demo_subject.consent:
            subject_services.consent_record(
                subject=subject, actor=photographer, given_on=CONSENT_GIVEN_ON, **demo_subject.consent
            )


def _sequence(exhibition: Exhibition, photos: dict[int, Photo]) -> None:
    """The chapters, photos and text panel in order, and the exhibition's own caption for its last photo."""
    for index, (title, text, seeds) in enumerate(CHAPTERS):
        sequencing.exhibition_section_add(exhibition=exhibition, title=title, text=text)
        appended = sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photos[seed] for seed in seeds])
        if index == 0:
            sequencing.exhibition_text_panel_append(exhibition=exhibition, text=TEXT_PANEL)
    sequencing.exhibition_item_update(item=appended[-1], caption=demo_texts.CLOSING_CAPTION)


def _exhibition(*, owner, slug: str, words: dict[str, LanguageMap]) -> Exhibition:
    empty: LanguageMap = {}
    return exhibition_services.exhibition_create(
        owner=owner,
        title=words["title"],
        subtitle=words.get("subtitle", empty),
        statement=words.get("statement", empty),
        credits=words.get("credits", empty),
        slug=slug,
        default_language=DEFAULT_LANGUAGE,
    )


def _details(
    exhibition: Exhibition, words: dict[str, LanguageMap], *, starts_on: date | None = None, ends_on: date | None = None
) -> None:
    """The venue and dates, as the exhibition's settings page saves them (once the sequence has given it a cover)."""
    exhibition.refresh_from_db()
    empty: LanguageMap = {}
    exhibition_services.exhibition_details_update(
        exhibition=exhibition,
        title=words["title"],
        slug=exhibition.slug,
        subtitle=words.get("subtitle", empty),
        statement=words.get("statement", empty),
        credits=words.get("credits", empty),
        cover_photo=exhibition.cover_photo,
        venue=words.get("venue", empty),
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _cull(photographer, curator, photos: dict[int, Photo]) -> None:
    """Her stars, picks and labels, and the filter she sends the curator with a note (through the services the
    library and the sharing page use)."""
    for stars in set(RATINGS.values()):
        seeds = [seed for seed, rating in RATINGS.items() if rating == stars]
        services.photos_rate(photos=Photo.objects.filter(pk__in=[photos[seed].pk for seed in seeds]), rating=stars)
    services.photos_flag(photos=Photo.objects.filter(pk__in=[photos[seed].pk for seed in PICKS]), flag="pick")
    services.photos_label(photos=Photo.objects.filter(pk__in=[photos[seed].pk for seed in PRINT_LABEL]), label="green")
    sharing.library_offer_make(
        owner=photographer, username=curator.get_username(), query=HANDOFF_QUERY, note=HANDOFF_NOTE
    )


# The physical show: where the demo hangs (a studio thing, never shown to visitors: one name), its walls in walking
# order with their openings, and each plate's printed form (a preset), edition and price.
VENUE_NAME = "Green Bazaar, upper floor"
SHOW_ROOM = "Upper floor"
SHOW_WALLS = [
    # name, length, height, openings (kind, offset from the left end, width, bottom, height), all mm
    # The show fills the wall by the door and goes on along the windows (the radiator, low, hangs nothing off).
    ("Entrance wall", 4500, 3000, [("door", 3400, 900, 0, 2100)]),
    ("Window wall", 6000, 3000, [("radiator", 2400, 1200, 150, 600)]),
]
# seed -> (preset, edition, price in tenge)
SHOW_FORMS = {
    1: ("50x70", "1/5", 450000),
    2: ("40x50", "2/10", 280000),
    7: ("30x40", "1/10", 180000),
    3: ("40x50", "3/10", 280000),
    4: ("50x70", "1/5", 450000),
    5: ("30x40", "4/10", 180000),
    6: ("40x50", "1/10", 280000),
}
SHOW_CURRENCY = "₸"


def _show(exhibition: Exhibition, curator) -> Venue:
    """Hang the demo show at its venue: found when it exists, so loading twice leaves the same state."""
    venue = Venue.objects.filter(owner=curator, name=VENUE_NAME).first()
    if venue is None:
        venue = show.venue_create(owner=curator, name=VENUE_NAME)
        room = show.room_add(venue=venue, name=SHOW_ROOM)
        for name, length, height, openings in SHOW_WALLS:
            wall = show.wall_add(venue=venue, room=room, name=name, length_mm=length, height_mm=height)
            for kind, offset, width, bottom, opening_height in openings:
                show.opening_add(
                    wall=wall, kind=kind, offset_mm=offset, width_mm=width, bottom_mm=bottom, height_mm=opening_height
                )
    # Chapters flow on along the walls: three chapters on two walls.
    show.show_plan_set(exhibition=exhibition, venue=venue, chapter_starts_wall=False)
    items = ExhibitionItem.objects.filter(exhibition=exhibition, kind=ExhibitionItem.Kind.PHOTO).select_related("photo")
    for item in items:
        preset, edition, price = SHOW_FORMS[_seed_of(item.photo)]
        show.work_form_set(item=item, preset=preset, edition=edition, price=price, currency=SHOW_CURRENCY)
    return venue


def _seed_of(photo: Photo) -> int:
    """A demo photo's plate, by its file name (_photo names each after its seed)."""
    return next(plate.seed for plate in PLATES if _plate_filename(plate) == photo.original_filename)


def demo_load() -> tuple[Exhibition, bool]:
    """Create the demo users, photos, people, published exhibition and draft once (the photographer shares her
    whole library with the curator); later calls find them and return."""
    roles.roles_ensure()
    photographer = _user(PHOTOGRAPHER, roles.PHOTOGRAPHERS)
    curator = _user(CURATOR, roles.CURATORS)
    # Before the early return, so a demo loaded before libraries were shared gets its share too.
    sharing.library_share_grant(owner=photographer, curator=curator)
    # Public captions credit the name she chose, never her login name; a demo loaded before gets one too.
    if not credits.credit_names(photographer):
        credits.credit_name_set(user=photographer, credit_name=PHOTOGRAPHER_CREDIT)
    existing = Exhibition.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        # A demo loaded before the physical show existed gets its venue and walls too.
        _show(existing, curator)
        return existing, False

    # All or nothing: a run cut short leaves no half a demo for the next one to trip over.
    with transaction.atomic():
        photos = {plate.seed: _photo(photographer, plate) for plate in [*PLATES, DECLINED_PLATE]}
        _subjects(photographer, photos)
        _cull(photographer, curator, photos)
        exhibition = _exhibition(owner=curator, slug=DEMO_SLUG, words=demo_texts.EXHIBITION)
        _sequence(exhibition, photos)
        _details(exhibition, demo_texts.EXHIBITION, starts_on=SHOW_OPENS, ends_on=SHOW_CLOSES)
        draft = _exhibition(owner=curator, slug=DRAFT_SLUG, words=demo_texts.DRAFT)
        sequencing.exhibition_photos_append(exhibition=draft, photos=[photos[seed] for seed in DRAFT_SEEDS])
        # The renditions are still being made, so the whole gate would refuse; its consent half must pass.
        if consent_problems(exhibition):
            raise RuntimeError("The demo exhibition would show someone whose consent does not cover the web.")
        publishing.exhibition_publish(exhibition=exhibition)
        _show(exhibition, curator)
    return exhibition, True
