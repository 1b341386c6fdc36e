"""What photographers handed to a curator, as the curator reads it: their culling (stars, flags, colour labels,
tags), their notes, and the people in each photo with whether their consent lets them be shown on the web.

The picker and the read-only contact sheet of shared photos (/studio/shared/) filter, sort and describe photos
here. What a curator may see at all is curation.sharing's answer (`photos_visible_to`); everything below only
narrows it. People are named as a curator may name them (the public name; a photographer's own label only for
her and staff), and their consent is the rule's answer (curation/people/rules.py), never its private details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from curation import sharing
from curation.models import LibraryHandoff, Photo, Rendition, Subject, Tag, WebGap, consent_web_gap
from curation.people.rules import CONSENT_FIELDS, covered_q, needs_consent_q
from curation.roles import is_curator
from curation.search import word_q
from exhibitions.forms import PickerFilterForm

SHEET_PAGE_SIZE = 60

_SORTS = {
    "": ("-uploaded_at", "-id"),
    "taken": (F("taken_at").asc(nulls_last=True), "id"),
    "rating": ("-rating", F("taken_at").asc(nulls_last=True), "id"),
}


class SheetFilterForm(PickerFilterForm):
    """The contact sheet's filters: the picker's, without what only an exhibition can answer."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["include_used"]


# --- Choices ---------------------------------------------------------------------------------------------------


def _handoff_choice(handoff: LibraryHandoff) -> str:
    owner = handoff.owner.get_full_name() or handoff.owner.get_username()
    day = formats.date_format(timezone.localtime(handoff.created_at), "j M")
    if handoff.kind == LibraryHandoff.Kind.FILTER:
        what = handoff.words
    elif handoff.kind == LibraryHandoff.Kind.LIBRARY:
        what = _("the whole library")
    else:
        what = ngettext("%(count)d photo", "%(count)d photos", handoff.photo_count) % {"count": handoff.photo_count}
    return _("%(name)s, %(date)s: %(what)s") % {"name": owner, "date": day, "what": what}


def _people_choices(pickable: QuerySet[Photo], viewer) -> list[tuple[int, str]]:
    """The people in the photos this curator may use, by the name a curator may call them. A person without a
    public name is left out: a list of "A person without a public name" would tell them apart by nothing."""
    in_photos = Photo.subjects.through.objects.filter(photo__in=pickable.order_by().values("pk")).values("subject_id")
    people = Subject.objects.filter(needs_consent_q(), pk__in=in_photos)
    named = [(subject.pk, person_label(subject, viewer)) for subject in people]
    unnamed = _("A person without a public name")
    return sorted(((pk, label) for pk, label in named if label and label != unnamed), key=lambda c: c[1].casefold())


def filter_form(request: HttpRequest, pickable: QuerySet[Photo], *, form_class=PickerFilterForm):
    """The filters, with the choices this curator has: the photographers who share with them, what was sent to
    them, and the tags and people of the photos they may use. Returns the form and the sendings (newest first)."""
    handoffs = sharing.handoffs_received(request.user)
    photographers = get_user_model().objects.filter(pk__in=pickable.order_by().values("owner_id")).order_by("username")
    tags = (
        Tag.objects.filter(
            pk__in=Photo.tags.through.objects.filter(photo__in=pickable.order_by().values("pk")).values("tag_id")
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    form = form_class(
        request.GET or None,
        photographers=photographers,
        handoffs=[(h.pk, _handoff_choice(h)) for h in handoffs],
        tags=list(tags),
        people=_people_choices(pickable, request.user),
    )
    return form, handoffs


# --- Filtering and sorting -------------------------------------------------------------------------------------


def _people_q(wanted: str) -> Q:
    links = Photo.subjects.through.objects.filter(needs_consent_q("subject__"))
    if wanted == "nobody":
        return ~Q(pk__in=links.values("photo_id"))
    # The consent rule's own filter, for the web: a person with no consent record is not covered.
    covered = Subject.objects.filter(covered_q()).values("pk")
    gaps = links.exclude(subject_id__in=covered).values("photo_id")
    return ~Q(pk__in=gaps) if wanted == "shown" else Q(pk__in=gaps)


def photos_filtered(
    photos: QuerySet[Photo], values: dict[str, Any], *, handoffs: list[LibraryHandoff]
) -> QuerySet[Photo]:
    """These photos (what the curator may see, or less), narrowed and sorted by the picker's filter values."""
    if values.get("photographer"):
        photos = photos.filter(owner=values["photographer"])
    if handoff := next((h for h in handoffs if h.pk == values.get("handoff")), None):
        photos = photos.filter(sharing.handoff_photos_q(handoff))
    flag = values.get("flag")
    if flag == "not-reject":
        photos = photos.exclude(flag=Photo.Flag.REJECT)
    elif flag:
        photos = photos.filter(flag=flag)
    if values.get("rating"):
        photos = photos.filter(rating__gte=values["rating"])
    if values.get("label"):
        photos = photos.filter(label=values["label"])
    if values.get("tag"):
        tagged = Photo.tags.through.objects.filter(tag__name=values["tag"]).values("photo_id")
        photos = photos.filter(pk__in=tagged)
    if values.get("people"):
        photos = photos.filter(_people_q(values["people"]))
    if values.get("person"):
        # Only ever narrows what the curator may see: another photographer's person gives nothing, not their photos.
        with_them = Photo.subjects.through.objects.filter(subject_id=values["person"]).values("photo_id")
        photos = photos.filter(pk__in=with_them)
    if query := (values.get("q") or "").strip():
        # Every word, in a title of any language or the file name (Kazakh and Russian case folded on SQLite too).
        for word in query.split():
            photos = photos.filter(word_q(word, fields=["original_filename"], translated=["title"]))
    return photos.order_by(*_SORTS[values.get("sort") or ""])


# --- Describing one page of photos -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """One person in a shared photo, as this curator may read them: a name and the consent rule's answer."""

    label: str
    gap: str  # "" when the consent covers the web
    gap_label: str


def _small_jpegs() -> QuerySet[Rendition]:
    return Rendition.objects.filter(format="jpeg", long_edge__lte=640).order_by("long_edge")


def photos_describe(photos: list[Photo], *, viewer) -> list[Photo]:
    """Load what a contact sheet shows of these photos (thumbnails, tags, people and their consent) in four
    queries however many there are, and set `people` (PersonFacts) and `stars` on each."""
    people = (
        Subject.objects.filter(needs_consent_q())
        .select_related("consent")
        .only("id", "owner_id", "kind", "name", "public_name", *(f"consent__{name}" for name in CONSENT_FIELDS))
        .order_by("public_name", "id")
    )
    prefetch_related_objects(
        photos,
        Prefetch("renditions", queryset=_small_jpegs()),
        Prefetch("tags", queryset=Tag.objects.order_by("name").only("id", "name")),
        Prefetch("subjects", queryset=people, to_attr="people_linked"),
    )
    today = timezone.localdate()
    for photo in photos:
        facts = []
        for subject in photo.people_linked:
            gap = consent_web_gap(getattr(subject, "consent", None), today)
            facts.append(PersonFacts(label=person_label(subject, viewer), gap=gap, gap_label=_gap_words(gap)))
        photo.people = facts
        photo.stars = "★" * photo.rating
    return photos


def _gap_words(gap: str) -> str:
    return str(WebGap(gap).label) if gap else _("may be shown on the web")


def person_label(subject: Subject, viewer) -> str:
    """Her own label for her and staff; for a curator the public name, never the photographer's words."""
    if viewer.is_staff or subject.owner_id == viewer.pk:
        return subject.name
    return subject.public_name or _("A person without a public name")


# --- The contact sheet -----------------------------------------------------------------------------------------


@login_required
@require_GET
def shared_sheet(request: HttpRequest) -> HttpResponse:
    """Read-only: every photo photographers shared with this curator, with their culling, notes and people."""
    if not (request.user.is_staff or is_curator(request.user)):
        raise Http404
    shared = sharing.photos_shared_with(request.user)
    form, handoffs = filter_form(request, shared, form_class=SheetFilterForm)
    values = form.values()
    photos = shared.select_related("owner")
    if not values.get("include_processing"):
        photos = photos.filter(status=Photo.Status.READY)
    photos = photos_filtered(photos, values, handoffs=handoffs)
    page = Paginator(photos, SHEET_PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    chosen = next((h for h in handoffs if h.pk == values.get("handoff")), None)
    return render(
        request,
        "exhibitions/studio/shared.html",
        {
            "filters": form,
            "page": page,
            "photos": photos_describe(list(page.object_list), viewer=request.user),
            "handoffs": [h for h in handoffs if h.note][:6],
            "chosen_handoff": chosen,
            "query_string": query_string.urlencode(),
            "nothing_shared": not page.object_list and not shared.exists(),
        },
    )
