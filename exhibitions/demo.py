"""The demo: photos drawn on the spot with Pillow (nothing downloaded), two demo users, the people in the photos with
their stories and answers, and one published show in chapters, so a newcomer can walk every kind of public page."""

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
from exhibitions import publishing, sequencing
from exhibitions import services as exhibition_services
from exhibitions.consent.gate import consent_problems
from exhibitions.models import Exhibition

DEMO_SLUG = "resilience-and-community"
DEMO_PASSWORD = "demo-photos-2026"  # noqa: S105 - printed on purpose: a local demo account
PHOTOGRAPHER = "aigerim"
PHOTOGRAPHER_CREDIT = "Aigerim Bekova (demo)"
CURATOR = "daniyar"


@dataclass(frozen=True)
class DemoPlate:
    seed: int
    title: str
    caption: str
    alt: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
    scene: str
    size: tuple[int, int] = (2400, 1600)


PLATES = [
    DemoPlate(
        1,
        "Before the gates open",
        "Green Bazaar, 6:40 in the morning.",
        "Mountains at dawn over the roofs of a market, the sky turning from violet to orange.",
        ((58, 44, 92), (238, 140, 86), (40, 34, 48)),
        "mountains",
    ),
    DemoPlate(
        2,
        "The fruit seller",
        "Apples from her own garden in Talgar, thirty years at the same stall.",
        "A market stall piled with red and yellow apples under a striped awning.",
        ((196, 46, 40), (238, 196, 70), (92, 120, 60)),
        "fruit",
    ),
    DemoPlate(
        7,
        "Gulnara",
        "“The customers' children now bring their children.”",
        "A woman in a red headscarf stands before a wall of apples, looking at the camera.",
        ((120, 40, 36), (226, 170, 90), (176, 36, 44)),
        "portrait",
        size=(1600, 2400),
    ),
    DemoPlate(
        3,
        "Felt, by hand",
        "A young mother sells the slippers she makes at night.",
        "Rows of brightly coloured felt slippers laid out on a blanket.",
        ((40, 92, 140), (220, 90, 60), (240, 210, 160)),
        "rows",
    ),
    DemoPlate(
        4,
        "The bench",
        "Married fifty-two years; they come every Sunday.",
        "Two figures on a park bench under tall poplar trees.",
        ((60, 98, 70), (200, 190, 150), (30, 36, 32)),
        "bench",
    ),
    DemoPlate(
        5,
        "Afternoon light",
        "Dust and light between the rows.",
        "Shafts of warm light falling across a covered market aisle.",
        ((120, 80, 40), (250, 210, 140), (30, 22, 16)),
        "light",
    ),
    DemoPlate(
        6,
        "Closing time",
        "Awnings come down as the mountains turn blue.",
        "Evening over the market roofs with blue mountains behind.",
        ((30, 50, 96), (200, 120, 140), (16, 20, 36)),
        "mountains",
    ),
]
PLATES_BY_SEED = {plate.seed: plate for plate in PLATES}

# In the photographer's library only: the man in it said no, so no exhibition may show it (the publish gate and
# every public page refuse him), and the demo shows what that looks like from her side.
DECLINED_PLATE = DemoPlate(
    8,
    "Tea at noon",
    "The tea seller of row four.",
    "A man pouring tea from a tall kettle in a shaft of light.",
    ((90, 60, 40), (240, 200, 150), (40, 28, 20)),
    "light",
)

# The show's order: chapters (title, wall text) and the plates in each, by seed; the text panel after the first.
CHAPTERS = [
    ("Morning", "Before seven the stalls are still being built, and everyone knows everyone.", (1, 2, 7, 3)),
    ("Afternoon", "The crowd thins; the bench fills.", (4, 5)),
    ("Evening", "", (6,)),
]
TEXT_PANEL = "“The market is where the city remembers itself.”"

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
    """Who or what is in the demo's photos, with the answer the photographer recorded (people only)."""

    name: str
    kind: str
    plates: tuple[int, ...]
    public_name: str = ""
    public_story: str = ""
    private_notes: str = ""
    consent: dict = field(default_factory=dict)


SUBJECTS = [
    DemoSubject(
        "Fruit seller, Green Bazaar, stall 12",
        Subject.Kind.PERSON,
        (2, 7),
        public_name="Gulnara",
        public_story=(
            "Gulnara has sold apples from her own garden in Talgar for thirty years, from the same stall.\n\n"
            "She knows which of her customers want them sweet and which want them for jam, and she remembers their "
            "children's names. *“The customers' children now bring their children,”* she says."
        ),
        private_notes="Phone number on the release. Wants a print of the portrait.",
        consent={"status": Consent.Status.VERBAL, "scope_web": True, "scope_exhibition": True},
    ),
    DemoSubject(
        "Felt slipper maker, east gate",
        Subject.Kind.PERSON,
        (3,),
        public_name="Aisulu",
        public_story=(
            "Aisulu makes felt slippers at night, once her two sons are asleep, and sells them on a blanket by the "
            "east gate at weekends. Each pair takes her an evening."
        ),
        consent={"status": Consent.Status.SIGNED, "scope_web": True, "scope_print": True, "scope_exhibition": True},
    ),
    DemoSubject(
        "Husband on the bench",
        Subject.Kind.PERSON,
        (4,),
        public_name="Marat",
        public_story="Marat and Saule have been married fifty-two years. Every Sunday they meet their friends here.",
        consent={"status": Consent.Status.VERBAL, "scope_web": True},
    ),
    DemoSubject(
        "Wife on the bench",
        Subject.Kind.PERSON,
        (4,),
        public_name="Saule",
        public_story="Saule chooses the bench: in the shade in summer, in the sun from October.",
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
        public_story=(
            "Almaty's covered market: fruit from the foothills, meat, dried apricots, spices and news, under one "
            "roof since long before anyone at the stalls was born."
        ),
    ),
]
# The answers are dated within the season the photos were taken in.
CONSENT_GIVEN_ON = date(2026, 5, 12)


STATEMENT = (
    "Every morning before the gates of the Green Bazaar open, the people who keep it alive are already at work.\n\n"
    "This exhibition follows a few of them through one season: the fruit seller who has worked the same stall for "
    "thirty years, a young mother who sells the felt slippers she makes at night, an elderly couple who meet "
    "their friends on the same bench every Sunday. It is about resilience, and about the small acts of "
    "community that a market makes possible."
)


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


def _photo(photographer, plate: DemoPlate) -> Photo:
    data = _jpeg_with_exif(draw_plate(plate), plate)
    result = services.photo_create(owner=photographer, upload=io.BytesIO(data), filename=f"DSCF{1000 + plate.seed}.JPG")
    photo = result.photo
    photo.title, photo.caption, photo.alt_text, photo.place_name = plate.title, plate.caption, plate.alt, "Almaty"
    photo.save(update_fields=["title", "caption", "alt_text", "place_name"])
    return photo


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
    for index, (title, text, seeds) in enumerate(CHAPTERS):
        sequencing.exhibition_section_add(exhibition=exhibition, title=title, text=text)
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photos[seed] for seed in seeds])
        if index == 0:
            sequencing.exhibition_text_panel_append(exhibition=exhibition, text=TEXT_PANEL)


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


def demo_load() -> tuple[Exhibition, bool]:
    """Create the demo users, photos, people and published exhibition once (the photographer shares her whole
    library with the curator); later calls find them and return."""
    roles.roles_ensure()
    photographer = _user(PHOTOGRAPHER, roles.PHOTOGRAPHERS)
    curator = _user(CURATOR, roles.CURATORS)
    # Before the early return, so a demo loaded before libraries were shared gets its share too.
    sharing.library_share_grant(owner=photographer, curator=curator)
    # Public captions credit the name she chose, never her login name; a demo loaded before gets one too.
    if not credits.credit_name_chosen(photographer):
        credits.credit_name_set(user=photographer, credit_name=PHOTOGRAPHER_CREDIT)
    existing = Exhibition.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False

    # All or nothing: a run cut short leaves no half a demo for the next one to trip over.
    with transaction.atomic():
        photos = {plate.seed: _photo(photographer, plate) for plate in [*PLATES, DECLINED_PLATE]}
        _subjects(photographer, photos)
        _cull(photographer, curator, photos)
        exhibition = exhibition_services.exhibition_create(
            owner=curator,
            title="Resilience and community",
            subtitle="A season at the Green Bazaar, Almaty",
            statement=STATEMENT,
            credits="Photographs by Aigerim (demo). Sequenced by Daniyar (demo).",
            slug=DEMO_SLUG,
        )
        _sequence(exhibition, photos)
        # The renditions are still being made, so the whole gate would refuse; its consent half must pass.
        if consent_problems(exhibition):
            raise RuntimeError("The demo exhibition would show someone whose consent does not cover the web.")
        publishing.exhibition_publish(exhibition=exhibition)
    return exhibition, True
