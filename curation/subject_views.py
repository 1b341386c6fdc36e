"""The subject pages: list and search, a subject with its photos and story, consent, release documents, merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from curation import library, subjects
from curation.models import Consent, Photo, ReleaseDocument, Subject, SubjectEvent, WebGap, consent_web_gap
from curation.publications import publications, takedown_summary
from curation.roles import is_photographer
from curation.subject_forms import ConsentForm, MergeForm, SubjectForm, SubjectSearchForm, WithdrawForm
from curation.subjects import SubjectAccess
from curation.texts import Text, languages, pick, text_map

LIST_PAGE_SIZE = 60
# A subject page shows this many photos; the library, filtered by the subject, shows the rest.
PHOTOS_SHOWN = 120


def _subject(request: HttpRequest, pk: int, need: SubjectAccess) -> tuple[Subject, SubjectAccess]:
    """The subject if the user may `need` it; otherwise the same 404 as for one that never existed."""
    subject = get_object_or_404(Subject.objects.select_related("consent", "owner"), pk=pk)
    access = subjects.subject_access(request.user, subject)
    if access < need:
        raise Http404
    return subject, access


def _require_photographer(request: HttpRequest) -> None:
    if not is_photographer(request.user):
        raise Http404


def _consent(subject: Subject) -> Consent | None:
    return getattr(subject, "consent", None)


# --- The list -------------------------------------------------------------------------------------------------


@login_required
@require_safe
def subject_list(request: HttpRequest) -> HttpResponse:
    """The photographer's subjects: search by name, public name or place; filter by kind and consent."""
    _require_photographer(request)
    form = SubjectSearchForm(request.GET)
    data = form.cleaned_data
    found = subjects.subjects_search(
        request.user, query=data.get("q") or "", kind=data.get("kind") or "", consent=data.get("consent") or ""
    )
    page = Paginator(found, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Consent joined and photo counts annotated: no query per row.
    rows = [{"subject": s, "consent": _consent(s), **_gap(s)} for s in page.object_list]
    return render(
        request,
        "curation/subjects/list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode(), "is_filtered": form.is_filtered},
    )


def _gap(subject: Subject) -> dict[str, str]:
    """The template's words for whether a person may be shown on the web ("" gap: yes, or no consent needed)."""
    if subject.kind != Subject.Kind.PERSON:
        return {"gap": "", "gap_label": ""}
    gap = consent_web_gap(_consent(subject))
    return {"gap": gap, "gap_label": str(WebGap(gap).label) if gap else ""}


# --- Create and edit -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subject_new(request: HttpRequest) -> HttpResponse:
    """A new subject; `?photo=` makes it from a photo, which it is then linked to."""
    _require_photographer(request)
    photo = None
    photo_id = request.GET.get("photo") or request.POST.get("photo") or ""
    if photo_id.isdigit():
        photo = Photo.objects.filter(pk=int(photo_id), owner=request.user).first()
    form = SubjectForm(request.POST if request.method == "POST" else None, initial={"kind": Subject.Kind.PERSON})
    if request.method == "POST" and form.is_valid():
        try:
            subject = subjects.subject_create(
                owner=request.user, photos=[photo] if photo else [], actor=request.user, **form.service_values()
            )
        except subjects.SubjectRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": subject.name})
            if subject.kind == Subject.Kind.PERSON:
                messages.info(request, _("Next: record whether they agreed to be shown."))
            return redirect("curation:subject", pk=subject.pk)
    return render(request, "curation/subjects/form.html", {"form": form, "photo": photo, "subject": None})


@login_required
@require_http_methods(["GET", "POST"])
def subject_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    # Bound to no instance on POST: the services compare the new values with the subject as it was.
    form = SubjectForm(request.POST, instance=None) if request.method == "POST" else SubjectForm(instance=subject)
    if request.method == "POST" and form.is_valid():
        try:
            subjects.subject_update(subject=subject, **form.service_values())
        except subjects.SubjectRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("curation:subject", pk=subject.pk)
    return render(request, "curation/subjects/form.html", {"form": form, "photo": None, "subject": subject})


# --- The subject page ------------------------------------------------------------------------------------------


def _exhibitions(subject: Subject, curator=None) -> list[dict[str, Any]]:
    """Each exhibition showing the subject, with how many of its photos: one query. A curator sees theirs only."""
    return [
        {"exhibition": e, "shown": e.shown}
        for e in publications().exhibitions_showing(subject=subject, curated_by=curator)
    ]


def _value_text(name: str, value: Any) -> str:
    if value in ("", None):
        return "—"
    if name == "status":
        return str(Consent.Status(value).label) if value in Consent.Status.values else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in ("given_on", "expires_on"):
        try:
            return formats.date_format(date.fromisoformat(value), "j M Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


_FIELD_LABELS = {
    "status": lambda: _("Answer"),
    "scope_web": lambda: _("Web"),
    "scope_print": lambda: _("Print"),
    "scope_exhibition": lambda: _("Exhibition"),
    "given_on": lambda: _("Date"),
    "expires_on": lambda: _("Expires on"),
    "is_minor": lambda: _("Minor"),
}


def event_lines(event: SubjectEvent) -> list[str]:
    """What one history row changed, in the reader's language."""
    changes = event.changes or {}
    if event.action in (SubjectEvent.Action.CONSENT, SubjectEvent.Action.WITHDRAWN):
        return [
            f"{_FIELD_LABELS[name]()}: {_value_text(name, before)} → {_value_text(name, after)}"
            for name, (before, after) in changes.items()
            if name in _FIELD_LABELS
        ]
    if event.action in (SubjectEvent.Action.DOCUMENT_ADDED, SubjectEvent.Action.DOCUMENT_REMOVED):
        return [changes.get("document", "")]
    if event.action == SubjectEvent.Action.MERGED:
        before = changes.get("consent_before", {})
        kept = before.get("merged" if changes.get("consent_kept") == "merged" else "kept", "")
        return [
            ngettext(
                "“%(name)s” merged into this subject, with %(count)d photo.",
                "“%(name)s” merged into this subject, with %(count)d photos.",
                changes.get("photos", 0),
            )
            % {"name": changes.get("merged", ""), "count": changes.get("photos", 0)},
            _("Consent kept: %(status)s.") % {"status": _value_text("status", kept)},
        ]
    if event.action == SubjectEvent.Action.TAKEN_DOWN:
        # A refusal is the row just before; an expiry, a revoked override or a new photo link, relabel or merge
        # has no row of its own saying why, so say it here.
        lines = {
            "expired": [_("Their consent had expired.")],
            "override_revoked": [_("The override that let this exhibition show them was revoked.")],
            "not_covered": [_("Their consent does not cover the web.")],
        }.get(changes.get("cause", ""), [])
        for row in changes.get("exhibitions", []):
            title = row.get("title", "")
            if row.get("schedule_cancelled"):
                lines.append(_("“%(title)s”: its scheduled publication was cancelled.") % {"title": title})
            elif row.get("unpublished"):
                lines.append(_("“%(title)s”: unpublished, no photo was left.") % {"title": title})
            else:
                lines.append(
                    ngettext(
                        "“%(title)s”: %(count)d photo taken off the public page.",
                        "“%(title)s”: %(count)d photos taken off the public page.",
                        row.get("photos", 0),
                    )
                    % {"title": title, "count": row.get("photos", 0)}
                )
        return lines
    return []


@dataclass(frozen=True)
class ConsentSummary:
    """What deciding to publish a person needs of their consent: no history, no notes, no file."""

    status: str
    status_label: str
    scopes: list[str]
    expires_on: date | None
    is_minor: bool
    document_on_file: bool


@dataclass(frozen=True)
class SubjectSummary:
    """A subject as a curator of an exhibition showing it may read it: its public words and consent summary.

    The curator's page is rendered from this alone, never from the Subject: a private field cannot reach it.
    """

    pk: int
    kind: str
    kind_label: str
    public_name: Text  # in the reader's language, else another (its `lang` says which)
    public_story: Text
    consent: ConsentSummary | None  # None for places, events and things


def _summary_of(subject: Subject) -> SubjectSummary:
    consent = None
    if subject.kind == Subject.Kind.PERSON:
        record = _consent(subject)
        status = record.status if record else Consent.Status.NOT_ASKED
        consent = ConsentSummary(
            status=status,
            status_label=str(Consent.Status(status).label),
            scopes=record.scopes if record else [],
            expires_on=record.expires_on if record else None,
            is_minor=bool(record and record.is_minor),
            document_on_file=subject.release_documents.exists(),
        )
    return SubjectSummary(
        pk=subject.pk,
        kind=subject.kind,
        kind_label=str(subject.get_kind_display()),
        public_name=pick(text_map(subject, "public_name"), get_language() or ""),
        public_story=pick(text_map(subject, "public_story"), get_language() or ""),
        consent=consent,
    )


def _subject_summary(request: HttpRequest, subject: Subject) -> HttpResponse:
    """The curator's read-only page: the summary, and the subject's photos in the curator's own exhibitions."""
    exhibitions = _exhibitions(subject, request.user)
    ids = [row["exhibition"].pk for row in exhibitions]
    # Not every photo of the person: those of the library the curator was not given stay out of sight.
    photos = library.with_thumbnails(
        Photo.objects.filter(subjects=subject)
        .filter(publications().photos_shown_q(exhibition_ids=ids))
        .order_by("-taken_at", "-id")[:PHOTOS_SHOWN]
    )
    return render(
        request,
        "curation/subjects/summary.html",
        {
            "summary": _summary_of(subject),
            **_gap(subject),
            "cells": [library.Cell.of(photo) for photo in photos],
            "exhibitions": exhibitions,
        },
    )


def _in_each_language(subject: Subject, field: str) -> list[tuple[str, str]]:
    """(language, text) for each of the site's languages, "" where the text is not written in it."""
    written = text_map(subject, field)
    return [(code, written.get(code, "")) for code in languages()]


@login_required
@require_safe
def subject_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a subject to its photographer and staff: story, consent and its history, documents,
    photos, exhibitions. To a curator of an exhibition showing it, its public summary only."""
    subject, access = _subject(request, pk, SubjectAccess.VIEW)
    if access < SubjectAccess.EDIT:
        return _subject_summary(request, subject)
    photos = library.with_thumbnails(
        Photo.objects.filter(subjects=subject).order_by("-taken_at", "-id")[: PHOTOS_SHOWN + 1]
    )
    cells = [library.Cell.of(photo) for photo in photos]
    photo_url = reverse("curation:photo", args=[0]).removesuffix("0/")
    events = list(subject.events.select_related("actor")[:50])
    record = _consent(subject)
    public_names, public_stories = (_in_each_language(subject, field) for field in ("public_name", "public_story"))
    return render(
        request,
        "curation/subjects/detail.html",
        {
            "subject": subject,
            "public_names": public_names,
            "public_name_written": any(text for _code, text in public_names),
            "public_stories": public_stories,
            "public_story_written": any(text for _code, text in public_stories),
            "can_edit": True,  # curators get summary.html, never this page
            "consent": record,
            **_gap(subject),
            "documents": list(subject.release_documents.select_related("uploaded_by").defer("file")),
            "events": [{"event": e, "lines": event_lines(e)} for e in events],
            "cells": cells[:PHOTOS_SHOWN],
            "more_photos": len(cells) > PHOTOS_SHOWN,
            "photo_url": photo_url,
            "exhibitions": _exhibitions(subject),
            "library_url": reverse("curation:library") + f"?subject={subject.pk}",
        },
    )


# --- Consent --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subject_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the person's answer, with an optional release document."""
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    if subject.kind != Subject.Kind.PERSON:
        raise Http404
    record = _consent(subject)
    if request.method == "POST":
        form = ConsentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                outcome = subjects.consent_record(subject=subject, actor=request.user, **form.service_values())
                if upload := form.cleaned_data.get("document"):
                    subjects.release_document_add(
                        subject=subject, actor=request.user, upload=upload, filename=upload.name, size=upload.size
                    )
            except subjects.SubjectRefused as refused:
                form.add_error(None, refused.message)
            else:
                _consent_messages(request, subject, outcome, saved=outcome.changed or bool(upload))
                return redirect("curation:subject", pk=subject.pk)
    else:
        form = ConsentForm(initial=ConsentForm.initial_for(record))
    return render(
        request,
        "curation/subjects/consent.html",
        {
            "subject": subject,
            "form": form,
            "consent": record,
            "published": _published_showing(subject),
        },
    )


def _published_showing(subject: Subject) -> list[Any]:
    shown = publications().exhibitions_showing(subject=subject, published=True)
    return sorted(shown, key=lambda exhibition: exhibition.title)


def _consent_messages(request: HttpRequest, subject: Subject, outcome: subjects.ConsentOutcome, saved: bool) -> None:
    if not saved:
        messages.info(request, _("Nothing changed."))
        return
    messages.success(request, _("Consent saved for %(name)s.") % {"name": subject.name})
    if published := outcome.published_changed:
        messages.warning(
            request,
            ngettext(
                "Their photos were taken off this published exhibition at once: %(list)s. Its curator is told.",
                "Their photos were taken off these published exhibitions at once: %(list)s. Their curators are told.",
                len(published),
            )
            % {"list": takedown_summary(published)},
        )
    if cancelled := outcome.schedules_cancelled:
        messages.warning(
            request,
            ngettext(
                "A scheduled publication showing them was cancelled: %(list)s.",
                "Scheduled publications showing them were cancelled: %(list)s.",
                len(cancelled),
            )
            % {"list": ", ".join(f"“{t.title}”" for t in cancelled)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def subject_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The person takes their consent back: asked once to confirm, then their photos leave every public page."""
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    record = _consent(subject)
    if subject.kind != Subject.Kind.PERSON or record is None or record.status not in Consent.AGREEMENTS:
        messages.info(request, _("Only a consent that was given can be withdrawn; record the person's answer instead."))
        return redirect("curation:subject", pk=subject.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = subjects.consent_withdraw(subject=subject, actor=request.user, note=form.cleaned_data["note"])
        _consent_messages(request, subject, outcome, saved=True)
        return redirect(reverse("curation:subject", args=[subject.pk]) + "#history")
    return render(
        request,
        "curation/subjects/withdraw.html",
        {"subject": subject, "form": form, "published": _published_showing(subject)},
    )


@login_required
@require_safe
def subject_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A release document, as a download, to the owner and staff only: a signed form carries the person's name,
    signature and often their address. Curators read "document on file" on the subject's summary instead."""
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    document = get_object_or_404(ReleaseDocument, pk=document_pk, subject=subject)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def subject_document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    document = get_object_or_404(ReleaseDocument, pk=document_pk, subject=subject)
    subjects.release_document_delete(document=document, actor=request.user)
    messages.success(request, _("The document was removed."))
    return redirect("curation:subject", pk=subject.pk)


# --- Merge -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subject_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Fold another subject into this one: choose it, see what happens to photos and consent, confirm."""
    subject, _access = _subject(request, pk, SubjectAccess.EDIT)
    data = request.POST if request.method == "POST" else (request.GET if "other" in request.GET else None)
    form = MergeForm(data, subject=subject)
    preview = None
    if data is not None and form.is_valid():
        other = form.cleaned_data["other"]
        other_record = Consent.objects.filter(subject=other).first()
        choice = subjects.merge_consent_choice(_consent(subject), other_record)
        if request.method == "POST" and (form.consent_choice or not choice.ask):
            try:
                outcome = subjects.subjects_merge(
                    keep=subject, merged=other, actor=request.user, consent_from=form.consent_choice
                )
            except subjects.SubjectRefused as refused:
                messages.error(request, refused.message)
                return redirect("curation:subject-merge", pk=subject.pk)
            messages.success(
                request,
                ngettext(
                    "“%(other)s” merged into “%(name)s”: %(count)d photo link kept.",
                    "“%(other)s” merged into “%(name)s”: %(count)d photo links kept.",
                    outcome.photos_moved,
                )
                % {"other": other.name, "name": subject.name, "count": outcome.photos_moved},
            )
            return redirect("curation:subject", pk=subject.pk)
        if request.method == "POST":
            form.add_error("consent_from", _("Choose which consent record holds now."))
        preview = {
            "other": other,
            "other_consent": other_record,
            "other_photos": other.photos.count(),
            "choice": choice,
        }
    return render(
        request,
        "curation/subjects/merge.html",
        {
            "subject": subject,
            "consent": _consent(subject),
            "photos": subject.photos.count(),
            "form": form,
            "preview": preview,
        },
    )
