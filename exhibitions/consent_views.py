"""The studio's consent pages: the printable consent report, overrides of the publish gate, removals, notices."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from curation.models import Subject
from exhibitions import consent, sequencing, studio_people
from exhibitions.models import Access, Exhibition
from exhibitions.views import _exhibition


def _publish_url(pk: int) -> str:
    return reverse("studio:publish", args=[pk]) + "#consent"


def _person(request: HttpRequest) -> Subject | None:
    # A person who is not in the exhibition and one who does not exist get the same answer: ids tell nothing.
    subject_id = request.POST.get("subject", "")
    if not subject_id.isdigit():
        return None
    return Subject.objects.filter(pk=int(subject_id), kind=Subject.Kind.PERSON).first()


def _not_blocking(request: HttpRequest, pk: int) -> HttpResponse:
    messages.info(request, _("Nothing to do: this person does not block publishing."))
    return redirect(_publish_url(pk))


def _people(request: HttpRequest, exhibition: Exhibition, access: Access) -> studio_people.People:
    # Messages name a person as the page does: a subject's `name` is its photographer's private label.
    return studio_people.people_for(exhibition, studio_people.photo_items(exhibition), user=request.user, access=access)


@dataclasses.dataclass(frozen=True)
class _AsShown:
    """A person on the consent report of a curator who is not their photographer: the name they may read."""

    pk: int
    name: str
    public_name: str = ""


@dataclasses.dataclass(frozen=True)
class _Document:
    """A release document as the report shows it: its name and a link for the subject's photographer and staff;
    for anyone else, that one is on file, with neither file name nor link."""

    label: str
    url: str = ""


def _report_as_shown(report: consent.ConsentReport, people: studio_people.People) -> consent.ConsentReport:
    """The report with every person the viewer does not own named by `label`, and their documents only said to
    be on file: the private name, and a file name that may hold it, stay with the photographer and staff."""
    rows = []
    for row in report.rows:
        subject = row.appearance.subject
        person = people.find(subject.pk)
        if person is None or people.user.is_staff or subject.owner_id == people.user.pk:
            documents = [
                _Document(document.filename, reverse("curation:subject-document", args=[subject.pk, document.pk]))
                for document in row.documents
            ]
            rows.append(dataclasses.replace(row, documents=documents))
            continue
        appearance = dataclasses.replace(row.appearance, subject=_AsShown(pk=subject.pk, name=person.label))
        documents = [_Document(_("on file")) for _document in row.documents]
        rows.append(dataclasses.replace(row, appearance=appearance, documents=documents))
    return dataclasses.replace(report, rows=rows)


@login_required
@require_safe
def consent_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Who appears in the exhibition, their consent and documents: for the curator, on screen or on paper."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    report = _report_as_shown(consent.consent_report(exhibition), _people(request, exhibition, access))
    response = render(
        request,
        "exhibitions/studio/consent_report.html",
        {"exhibition": exhibition, "report": report, "can_edit": True, "tab": "consent"},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def override_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish despite a person's missing consent, with a reason kept under the curator's name."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    subject = _person(request)
    person = _people(request, exhibition, access).find(subject.pk) if subject is not None else None
    if person is None or not person.appearance.gap:
        return _not_blocking(request, pk)
    if not person.appearance.overridable:
        # Said here rather than by the service, whose words use the photographer's private name.
        messages.error(
            request,
            _("%(name)s said no (%(why)s): their photos cannot be published. Remove them from the exhibition.")
            % {"name": person.label, "why": person.appearance.gap_label},
        )
        return redirect(_publish_url(pk))
    try:
        consent.consent_override_create(
            exhibition=exhibition, subject=subject, reason=request.POST.get("reason", ""), actor=request.user
        )
    except consent.ConsentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Override recorded for %(name)s: your reason is kept with your name.") % {"name": person.label}
        )
    return redirect(_publish_url(pk))


@login_required
@require_POST
def override_revoke(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    """End an override; on a published exhibition the person's photos may leave its public page: say so."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    override = get_object_or_404(exhibition.consent_overrides.select_related("subject"), pk=override_pk)
    name = _people(request, exhibition, access).label_of(override.subject)
    takedown = consent.consent_override_revoke(override=override, actor=request.user).takedown
    if takedown is None:
        messages.success(request, _("The override for %(name)s has ended.") % {"name": name})
    else:
        count = len(takedown.photos)
        messages.success(
            request,
            ngettext(
                "Override revoked: %(count)d photo of %(name)s was taken off the public page.",
                "Override revoked: %(count)d photos of %(name)s were taken off the public page.",
                count,
            )
            % {"count": count, "name": name},
        )
        if takedown.unpublished:
            messages.warning(request, _("No photo was left, so the exhibition was unpublished."))
    return redirect(_publish_url(pk))


@login_required
@require_POST
def consent_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take every photo of one person out of the draft (undo can bring them back)."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    subject = _person(request)
    person = _people(request, exhibition, access).find(subject.pk) if subject is not None else None
    if subject is None or person is None or not person.appearance.gap:
        return _not_blocking(request, pk)
    appearance = person.appearance
    if appearance.item_ids:
        sequencing.exhibition_items_remove(
            exhibition=exhibition, item_ids=appearance.item_ids, version=None, actor=request.user
        )
        messages.success(
            request,
            ngettext(
                "Removed %(count)d photo of %(name)s from the exhibition.",
                "Removed %(count)d photos of %(name)s from the exhibition.",
                len(appearance.item_ids),
            )
            % {"count": len(appearance.item_ids), "name": person.label},
        )
    exhibition.refresh_from_db(fields=["cover_photo"])
    if appearance.in_cover and subject.photos.filter(pk=exhibition.cover_photo_id or 0).exists():
        messages.warning(request, _("The cover photo shows them too: choose another cover in the details."))
    return redirect(_publish_url(pk))


@login_required
@require_POST
def notice_dismiss(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    notice = get_object_or_404(exhibition.notices, pk=notice_pk)
    consent.notice_dismiss(notice=notice, actor=request.user)
    target = request.POST.get("next", "")
    if target not in (reverse("studio:list"), reverse("studio:publish", args=[pk])):
        target = reverse("studio:sequencer", args=[pk])
    return redirect(target)
