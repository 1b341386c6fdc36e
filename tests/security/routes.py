"""Every URL of the project, walked from the URL configuration, with its arguments filled from the security world."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver, reverse

from curation import sharing, subjects
from curation.models import Consent, LibraryShare, Photo, Subject, SubjectEvent
from exhibitions import sequencing
from exhibitions import services as exhibition_services
from exhibitions.models import Exhibition, PublicationEvent
from exhibitions.show.models import Room, ShowPlan, Venue, Wall, WorkForm, WorkPlacement
from tests import factories
from tests.security.conftest import CA, CB, PA, PB, World

ABSENT_ID = 987654321
LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"; None for an unnamed pattern
    pattern: str  # under i18n_patterns, with the active language's prefix ("en/e/<str:slug>/")
    kwargs: tuple[str, ...]
    localized: bool = False  # has an address in each language (i18n_patterns)

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")


def _kwarg_names(pattern) -> tuple[str, ...]:
    regex = pattern.regex if hasattr(pattern, "regex") else re.compile(str(pattern))
    return tuple(regex.groupindex)


def _walk(
    patterns, namespace: str = "", prefix: str = "", kwargs: tuple[str, ...] = (), localized: bool = False
) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(
                entry.url_patterns,
                inner,
                prefix + str(entry.pattern),
                kwargs + _kwarg_names(entry.pattern),
                localized or isinstance(entry.pattern, LocalePrefixPattern),
            )
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name) if part) if entry.name else None
            yield Route(name, prefix + str(entry.pattern), kwargs + _kwarg_names(entry.pattern), localized)


def routes() -> list[Route]:
    """Every pattern of the URL configuration, named or not, in the order Django tries them."""
    return list(_walk(get_resolver().url_patterns))


def named_routes() -> dict[str, Route]:
    return {route.name: route for route in routes() if route.name}


# --- Arguments -------------------------------------------------------------------------------------------------


def _admin_object(world: World, name: str) -> str:
    """The object an admin URL is about (admin:<app>_<model>_<view>): A's where the model is A's."""
    by_model = {
        "curation_photo": world.photo_a,
        "curation_subject": world.subject_a,
        "exhibitions_exhibition": world.exhibition_a,
        "exhibitions_reviewlink": world.link_a,
        "exhibitions_publicationevent": PublicationEvent.objects.filter(exhibition=world.exhibition_a).first(),
        "exhibitions_consentoverride": world.override_a,
        "exhibitions_curatornotice": world.notice_a,
        **{
            f"exhibitions_{model._meta.model_name}": model.objects.order_by("pk").first()
            for model in (Venue, Room, Wall, ShowPlan, WorkForm, WorkPlacement)
        },
        "curation_consent": Consent.objects.filter(subject=world.subject_a_private).first(),
        "curation_releasedocument": world.document_a,
        "curation_subjectevent": SubjectEvent.objects.filter(subject=world.subject_a).first(),
        "curation_libraryshare": LibraryShare.objects.order_by("pk").first(),
        "auth_user": world.users["photographer A"],
        "auth_group": world.users["photographer A"].groups.first(),
        "axes_accessattempt": AccessAttempt.objects.first(),
        "axes_accesslog": AccessLog.objects.first(),
        "axes_accessfailurelog": AccessFailureLog.objects.first(),
    }
    for prefix, instance in by_model.items():
        if name.startswith(f"admin:{prefix}_"):
            return str(instance.pk)
    # A model registered later: its first row, so the admin page is about something that exists.
    return "1"


def owned_kwargs(world: World, route: Route) -> dict[str, object]:
    """Arguments pointing at objects that belong to photographer A or curator A (or are A's and private)."""
    first_rendition = world.photo_a_private.renditions.order_by("pk").first()
    values: dict[str, object] = {
        # The studio's <pk> is an exhibition; the subjects pages may use their own meaning (see OVERRIDES).
        "pk": world.exhibition_a.pk,
        "item_pk": world.item_a.pk,
        "user_pk": world.collaborator.pk,
        "link_pk": world.link_a.pk,
        "token": world.link_a.token,
        "slug": world.exhibition_a.slug,
        "number": 1,
        "photo_id": world.photo_a.pk,
        "document_pk": world.document_a.pk,
        "override_pk": world.override_a.pk,
        "notice_pk": world.notice_a.pk,
        "subject_id": world.subject_a.pk,
        "path": first_rendition.file.name,
        "content_type_id": ContentType.objects.get_for_model(Photo).pk,
        "object_id": _admin_object(world, route.name or ""),
        "id": world.users["photographer A"].pk,
        "app_label": "curation",
    }
    for prefix, overrides in OVERRIDES.items():
        if route.name and route.name.startswith(prefix):
            values.update({key: value(world) for key, value in overrides.items()})
    unknown = [name for name in route.kwargs if name not in values]
    assert not unknown, f"{route.name}: add a value for {unknown} in tests/security/routes.py"
    return {name: values[name] for name in route.kwargs}


def absent_kwargs(world: World, route: Route) -> dict[str, object]:
    """The same arguments pointing at nothing that exists."""
    values = owned_kwargs(world, route)
    absent: dict[str, object] = {}
    for name, value in values.items():
        if name == "app_label":
            absent[name] = value
        elif name == "path":
            absent[name] = "2026/01/no-such-rendition.jpeg"
        elif name in ("slug", "token"):
            absent[name] = "no-such-" + name
        elif name == "number":
            absent[name] = 999
        else:
            absent[name] = ABSENT_ID
    return absent


def private_kwargs(world: World, route: Route) -> dict[str, object] | None:
    """For public URLs: arguments pointing at something that exists but is not public (a draft, a revoked link)."""
    private = {
        "slug": world.exhibition_a_draft.slug,
        "subject_id": world.subject_a_private.pk,
        "token": world.link_a_revoked.token,
    }
    values = owned_kwargs(world, route)
    if not any(name in private for name in values):
        return None
    return {name: private.get(name, value) for name, value in values.items()}


def url(route: Route, kwargs: dict[str, object]) -> str:
    return reverse(route.name, kwargs=kwargs)


# URL-name prefix -> {kwarg: world -> value}, for views whose argument names mean something else.
OVERRIDES: dict[str, dict[str, object]] = {
    "curation:subject": {"pk": lambda world: world.subject_a.pk},
    # The curator a photographer stops sharing with: curator A, whom A's photographer would share with.
    "curation:sharing-revoke": {"user_pk": lambda world: world.users[CA].pk},
    # The studio's venue pages: curator A's venue, where the world hangs exhibition A.
    "studio:venue": {"venue_pk": lambda world: Venue.objects.filter(owner=world.users[CA]).order_by("pk").first().pk},
    "studio:show-document": {"kind": lambda world: "checklist"},
}

# --- Least privilege: what sharing and collaboration decide ---------------------------------------------------
#
# The matrix's six roles cannot tell apart a curator who was given a photographer's photos from one who was not,
# nor a read-only collaborator from a stranger. These three roles can; `least_privilege_world` adds them (and
# what they need) to a module's world, and RULES says what each gets, and which private words must never reach
# them. Run by tests/security/test_least_privilege.py.
SHARED, UNSHARED, READ_ONLY = "curator with a share", "curator without a share", "read-only collaborator"
# A's subject's private words (subject_a is "Fruit seller", shown as "Gulnara"); B's "Driver" (no public name, no
# consent) comes into exhibition A's draft with B's photo, then a nurse of A's (the same) with A's photo "Stall":
# the publish gate and the sequencer speak of both, as "Person 2" and "Person 3" to the curator.
PRIVATE_WORDS = ("Fruit seller", "Lives by the east gate", "+7 701 000 00 00", "Her son drives a taxi", "release.jpg")
NURSE, DRIVER = "Night-shift nurse", "Driver"


@dataclass(frozen=True)
class LeastPrivilegeWorld:
    roles: dict[str, object]
    throwaway: Exhibition  # the shared curator's own draft
    nurse: Subject
    stall_item: int  # the item of exhibition A that shows the nurse


def least_privilege_world(world: World) -> LeastPrivilegeWorld:
    """Photographer A shares her whole library with a new curator, who has a draft of his own; curator B is
    given nothing; photographer B's photo goes into curator A's exhibition, so she may read it (Access.VIEW)
    without owning any of its people. Subject A gets private words; A's nurse comes in a draft-only photo."""
    shared = factories.curator(username="curator-shared")
    sharing.library_share_grant(owner=world.users[PA], curator=shared)
    throwaway = exhibition_services.exhibition_create(owner=shared, title="Throwaway")
    sequencing.exhibition_photos_append(exhibition=world.exhibition_a, photos=[world.photo_b])
    Subject.objects.filter(pk=world.subject_a.pk).update(
        story="Her son drives a taxi.", place_name="Lives by the east gate", contact_details="+7 701 000 00 00"
    )
    stall = factories.processed_photo(
        world.users[PA], data=factories.jpeg_bytes((360, 240)), title="Stall", alt_text="A stall at dusk"
    )
    nurse = subjects.subject_create(owner=world.users[PA], name=NURSE, photos=[stall])
    (stall_item,) = sequencing.exhibition_photos_append(exhibition=world.exhibition_a, photos=[stall])
    return LeastPrivilegeWorld(
        roles={SHARED: shared, UNSHARED: world.users[CB], READ_ONLY: world.users[PB]},
        throwaway=throwaway,
        nurse=nurse,
        stall_item=stall_item.pk,
    )


@dataclass(frozen=True)
class Rule:
    """One request by one role: the answer (a status code, or R for a redirect), whether it may write, and
    words that must not (`hidden`) or must (`shown`) be in the page."""

    role: str
    method: str
    name: str
    args: object  # (world, least-privilege world) -> URL arguments
    expected: str
    data: object = None  # (world, least-privilege world) -> POST fields
    writes: bool = False
    hidden: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()


def _a(world, lp) -> list[object]:
    return [world.exhibition_a.pk]


def _subject_a(world, lp) -> list[object]:
    return [world.subject_a.pk]


RULES: list[Rule] = [
    # The picker: a curator is offered, and may add, only what is shared with them.
    Rule(SHARED, "GET", "studio:picker", lambda w, lp: [lp.throwaway.pk], "200", shown=("Kitchen", "Market")),
    Rule(UNSHARED, "GET", "studio:picker", lambda w, lp: [w.exhibition_b.pk], "200", hidden=("Kitchen", "Market")),
    Rule(
        SHARED,
        "POST",
        "studio:picker",
        lambda w, lp: [lp.throwaway.pk],
        "R",
        data=lambda w, lp: {"photo": [w.photo_a_private.pk]},
        writes=True,
    ),
    Rule(
        UNSHARED,
        "POST",
        "studio:picker",
        lambda w, lp: [w.exhibition_b.pk],
        "200",
        data=lambda w, lp: {"photo": [w.photo_a_private.pk]},
    ),
    # A curator of an exhibition showing the person reads the public summary (the release document stays the
    # photographer's and staff's: the access matrix's curation:subject-document row). A curator whose draft does
    # not show her, or a read-only viewer, gets nothing.
    Rule(CA, "GET", "curation:subject", _subject_a, "200", hidden=PRIVATE_WORDS, shown=("Gulnara",)),
    Rule(SHARED, "GET", "curation:subject", _subject_a, "404"),
    Rule(READ_ONLY, "GET", "curation:subject", _subject_a, "404"),
    # Exhibition A's pages: its curator names A's people by public name or number, never by A's private label;
    # the read-only collaborator is told nothing of them, neither name nor consent.
    Rule(
        CA, "GET", "studio:publish", _a, "200", hidden=(*PRIVATE_WORDS, NURSE, DRIVER), shown=("Person 2", "Person 3")
    ),
    Rule(CA, "GET", "studio:sequencer", _a, "200", hidden=(*PRIVATE_WORDS, NURSE, DRIVER), shown=("Person 3",)),
    Rule(CA, "GET", "studio:consent-report", _a, "200", hidden=(*PRIVATE_WORDS, NURSE, DRIVER), shown=("Gulnara",)),
    Rule(READ_ONLY, "GET", "studio:publish", _a, "200", hidden=(*PRIVATE_WORDS, NURSE, "Gulnara"), shown=(DRIVER,)),
    Rule(READ_ONLY, "GET", "studio:sequencer", _a, "200", hidden=(*PRIVATE_WORDS, NURSE, "Gulnara"), shown=(DRIVER,)),
    Rule(READ_ONLY, "GET", "studio:item", lambda w, lp: [w.exhibition_a.pk, lp.stall_item], "200", hidden=(NURSE,)),
    Rule(CA, "GET", "studio:item", lambda w, lp: [w.exhibition_a.pk, lp.stall_item], "200", shown=("Person 3",)),
    Rule(READ_ONLY, "GET", "studio:consent-report", _a, "404"),
    # Each photographer reads her own people by their private names, consent included; not the other's.
    Rule(PA, "GET", "studio:publish", _a, "200", hidden=(DRIVER,), shown=(NURSE, "not asked yet")),
    # The sharing page is the photographer's own: a curator, shared with or not, has none.
    Rule(SHARED, "GET", "curation:sharing", lambda w, lp: [], "404"),
    Rule(PA, "GET", "curation:sharing", lambda w, lp: [], "200", shown=("curator-shared", "The whole library")),
]
